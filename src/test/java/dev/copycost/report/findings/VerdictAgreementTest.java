package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.results.ComparisonRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictAgreementTest {

    private static ComparisonRow row(int size, String a, String b, double ratio, double low, double high, String verdict) {
        return new ComparisonRow("strategies", "loopback", size, 1, a, b, ratio, low, high, verdict, 5, "rounds", 0, 0);
    }

    @Test
    void eachComparisonOfBothRunsIsCountedOnceByHowTheirVerdictsRelate() {
        List<ComparisonRow> before = List.of(
                row(64, "sendmsg", "send", 7.4, 6.9, 8.0, "ahead"),
                row(4096, "sendmsg", "send", 3.7, 3.5, 3.9, "ahead"),
                row(65536, "sendmsg", "send", 1.02, 1.0, 1.03, "equivalent"),
                row(65536, "zerocopy", "sendmsg", 0.9, 0.7, 1.1, "undecided"),
                row(65536, "copy-send", "sendmsg", 0.95, 0.9, 1.05, "undecided"),
                row(512, "zerocopy", "send", 0.8, 0.75, 0.85, "behind"),
                row(64, "uring-send-qd1", "sendmsg", 0.5, 0.4, 0.6, "behind"));
        List<ComparisonRow> now = List.of(
                row(64, "sendmsg", "send", 8.0, 7.5, 8.5, "ahead"),
                row(4096, "sendmsg", "send", 3.6, 3.2, 4.0, "ahead"),
                row(65536, "sendmsg", "send", 1.05, 1.04, 1.06, "ahead"),
                row(65536, "zerocopy", "sendmsg", 0.8, 0.75, 0.85, "behind"),
                row(65536, "copy-send", "sendmsg", 1.0, 0.9, 1.1, "undecided"),
                row(512, "zerocopy", "send", 1.2, 1.1, 1.3, "ahead"),
                row(64, "send", "copy-send", 0.2, 0.1, 0.3, "behind"));

        VerdictAgreement a = VerdictAgreement.of(now, before);

        assertThat(a.common()).isEqualTo(6);
        assertThat(a.agreed()).isEqualTo(2);
        assertThat(a.equivalentInOne()).isEqualTo(1);
        assertThat(a.decidedInOneOnly()).isEqualTo(1);
        assertThat(a.undecidedInBoth()).isEqualTo(1);
        assertThat(a.contradictions()).containsExactly("strategies loopback 512 B × 1: zerocopy vs send ahead "
                + "1.20× [1.10–1.30] now, behind 0.80× [0.75–0.85] before");
        // 512 B's intervals and the 64 KiB sendmsg/send pair do not overlap
        assertThat(a.overlapping()).isEqualTo(4);
        assertThat(a.markdown()).contains("Of the 6 paired comparisons made in both runs, 2 were decided the same way "
                + "in both, 1 the opposite way, 1 equivalent in one and ahead or behind in the other, 1 decided in one run "
                + "only and 1 in neither; 4 of the 6 pairs of 95% intervals overlap.")
                .contains("- strategies loopback 512 B × 1: zerocopy vs send ahead");
    }

    @Test
    void runsThatNeverContradictSaySo() {
        List<ComparisonRow> one = List.of(row(64, "sendmsg", "send", 7.4, 6.9, 8.0, "ahead"));
        assertThat(VerdictAgreement.of(one, one).markdown())
                .contains("No comparison was ahead in one run and behind in the other.");
        assertThat(VerdictAgreement.of(one, List.of()).markdown()).isEqualTo("No paired comparison was made in both runs.\n");
    }
}
