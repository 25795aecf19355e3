package dev.copycost.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.profile.Category;
import dev.copycost.profile.PointProfile;
import dev.copycost.profile.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileAttachmentsTest {
    @Test
    void theTableListsEveryCategoryWithTheRolesSharesAndCosts() {
        PointProfile p = TestProfiles.of("sendmsg-65536", "sendmsg", 65536, 1, 29_000, 17_000);
        String md = ProfileAttachments.markdown(p);
        double share = p.roles().get(Role.SENDER).share(Category.COPY_TO_KERNEL);
        assertThat(md).contains("| copy-to-kernel | " + Fmt.percent(share) + " | " + Fmt.num(share * 29_000) + " |");
        assertThat(md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| category"))).hasSize(Category.values().length);
        assertThat(md).contains("What this profile cannot show").contains("no hardware PMU");
    }

    @Test
    void aFailedProfileSaysWhy() {
        PointProfile p = TestProfiles.of("sendmsg-65536", "sendmsg", 65536, 1, 1, 1);
        PointProfile failed = new PointProfile(p.strategy(), p.size(), p.threads(), p.topology(), p.event(), p.roles(),
                p.cpuNsPerMessage(), Optional.empty(), Optional.empty(), List.of(),
                Optional.of("the profiled trial failed: connection reset"));
        assertThat(ProfileAttachments.markdown(failed)).contains("No profile: the profiled trial failed: connection reset")
                .doesNotContain("| category");
    }
}
