package dev.copycost.report;

import dev.copycost.profile.Category;
import dev.copycost.profile.PointProfile;
import dev.copycost.profile.Role;
import dev.copycost.profile.RoleProfile;

/** What a point's Allure entry carries of its profile: the attribution table beside the flame graph. */
public final class ProfileAttachments {
    private ProfileAttachments() {
    }

    /** Every category's share and ns per message for sender and receiver, with what the profile cannot show. */
    public static String markdown(PointProfile p) {
        StringBuilder md = new StringBuilder("### Where the CPU went: ").append(p.label()).append("\n\n");
        if (p.failure().isPresent()) {
            md.append("No profile: ").append(p.failure().get()).append(".\n");
        } else {
            RoleProfile s = p.roles().get(Role.SENDER);
            RoleProfile r = p.roles().get(Role.RECEIVER);
            md.append("One profiled window after the measured trials; ").append(s.total()).append(" sender and ")
                    .append(r.total()).append(" receiver samples (").append(p.event())
                    .append("). ns per message = share × the role's CPU per message in the measured trials.\n\n")
                    .append("| category | sender share | sender ns/message | receiver share | receiver ns/message |\n")
                    .append("|---|---:|---:|---:|---:|\n");
            double sNs = p.cpuNsPerMessage().getOrDefault(Role.SENDER, Double.NaN);
            double rNs = p.cpuNsPerMessage().getOrDefault(Role.RECEIVER, Double.NaN);
            for (Category c : Category.values()) {
                md.append("| ").append(c.label()).append(" | ").append(Fmt.percent(s.share(c))).append(" | ")
                        .append(Fmt.num(s.share(c) * sNs)).append(" | ").append(Fmt.percent(r.share(c))).append(" | ")
                        .append(Fmt.num(r.share(c) * rNs)).append(" |\n");
            }
        }
        if (!p.limitations().isEmpty()) {
            md.append("\nWhat this profile cannot show:\n");
            p.limitations().forEach(l -> md.append("- ").append(l).append('\n'));
        }
        return md.toString();
    }
}
