package dev.copycost.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profile of one point: one profiled window of one event, its samples per role and category, the
 * role's CPU per message as the point's measured (unprofiled) trials found it, and where the flame
 * graph and the collapsed stacks were written.
 *
 * @param cpuNsPerMessage each role's CPU time per message, median over the measured trials; NaN if unknown
 * @param limitations     what this profile cannot show, and why
 * @param failure         why there is no profile, when there is none
 */
public record PointProfile(String strategy, int size, int threads, String topology, String event,
        Map<Role, RoleProfile> roles, Map<Role, Double> cpuNsPerMessage, Optional<Path> flameGraph,
        Optional<Path> collapsed, List<String> limitations, Optional<String> failure) {
    public PointProfile {
        roles = Map.copyOf(roles);
        cpuNsPerMessage = Map.copyOf(cpuNsPerMessage);
        limitations = List.copyOf(limitations);
    }

    /** e.g. {@code sendmsg 65536 B × 1 (cpu)}. */
    public String label() {
        return strategy + " " + size + " B × " + threads + " (" + event + ")";
    }
}
