package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.report.results.RunMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 1: a decided result is never hidden by an undecided one. The inputs reproduce the
 * reviewed run: sendmsg 8.7×, 9.1× and 6.1× ahead of zerocopy at 64 B, 512 B and 4 KiB with the
 * largest size undecided, and copy-send ahead of sendmsg at 64 B at every connection count.
 */
class SizeBandsTest {
    static final RunMethod METHOD = new RunMethod(1234, 5, 30, 45, 0.03, "os", "250ms", "750ms",
            "Student-t 95% interval on log values (geometric mean)", 0.998, 0.05, 0.25, 3);
    private static final int[] SIZES = {64, 512, 4096, 65536};
    private static final int[] CONNECTIONS = {1, 2};

    /** A stored as given; the interval of A/B is [low, high]. */
    private static ComparisonRow c(String a, String b, int size, int threads, double ratio, double low, double high,
            String verdict, int rounds) {
        return new ComparisonRow("strategies", "loopback", size, threads, a, b, ratio, low, high, verdict, rounds,
                "budget", 0.1, 0.0);
    }

    private static Findings findings(List<ComparisonRow> comparisons) {
        List<ResultRow> rows = new ArrayList<>();
        for (int size : SIZES) {
            for (int t : CONNECTIONS) {
                for (String s : List.of("send", "sendmsg", "zerocopy", "copy-send")) {
                    rows.add(TestRows.Row.of(s, size, t).trials(9, 10, 11).build());
                }
            }
        }
        return Findings.from(new ResultsTable.ResultsFile(TestRows.ENV, rows, List.of(), comparisons, METHOD));
    }

    static List<ComparisonRow> reviewedRun() {
        List<ComparisonRow> all = new ArrayList<>();
        for (int t : CONNECTIONS) {
            // stored as zerocopy against sendmsg, behind: read the other way round, sendmsg is ahead
            all.add(c("zerocopy", "sendmsg", 64, t, 1 / 8.7, 1 / 9.6, 1 / 7.9, "behind", 8));
            all.add(c("zerocopy", "sendmsg", 512, t, 1 / 9.1, 1 / 10.0, 1 / 8.3, "behind", 8));
            all.add(c("zerocopy", "sendmsg", 4096, t, 1 / 6.1, 1 / 6.8, 1 / 5.5, "behind", 9));
            all.add(c("zerocopy", "sendmsg", 65536, t, 1.02, 0.91, 1.15, "undecided", 12));
            // copy-send, the path with the extra copy, ahead of sendmsg at 64 B only
            all.add(c("sendmsg", "copy-send", 64, t, 0.8, 0.74, 0.87, "behind", 10));
            all.add(c("sendmsg", "copy-send", 512, t, 1.01, 0.9, 1.12, "undecided", 12));
            all.add(c("sendmsg", "copy-send", 4096, t, 1.05, 0.95, 1.16, "undecided", 12));
            all.add(c("sendmsg", "copy-send", 65536, t, 1.0, 0.99, 1.01, "equivalent", 7));
            // zerocopy beats send from 64 KiB on; decidedly behind at 4 KiB
            all.add(c("zerocopy", "send", 64, t, 0.2, 0.18, 0.22, "behind", 8));
            all.add(c("zerocopy", "send", 512, t, 0.3, 0.27, 0.33, "behind", 8));
            all.add(c("zerocopy", "send", 4096, t, 0.7, 0.6, 0.8, "behind", 8));
            all.add(c("zerocopy", "send", 65536, t, 1.35, 1.09, 1.67, "ahead", 8));
        }
        return all;
    }

    @Test
    void anUndecidedLargestSizeDoesNotHideWhereTheOtherStrategyWasAhead() {
        Findings f = findings(reviewedRun());
        String text = f.crossover("zerocopy", "sendmsg", 1).text();

        assertThat(text).contains("sendmsg ahead at 64 B–4 KiB (8.7× [7.9–9.6], 9.1× [8.3–10], 6.1× [5.5–6.8]; "
                + "95% intervals over 8, 8, 9 rounds)")
                .contains("undecided at 64 KiB (zerocopy/sendmsg 1.02× [0.91–1.15]; 95% interval over 12 rounds)")
                .doesNotContain("not distinguishable").doesNotContain("noise");
        String summary = f.summary();
        assertThat(summary).contains("zerocopy vs sendmsg at 1 connection(s), by size: ").contains("sendmsg ahead at 64 B–4 KiB")
                .doesNotContain("not distinguishable from noise");
    }

    @Test
    void theExtraCopyPathAheadAtTheSmallestSizeIsNamedInQ4() {
        String md = findings(reviewedRun()).analysisQuestions();
        String q4 = md.substring(md.indexOf("### Q4"), md.indexOf("### Q5"));

        assertThat(q4).contains("copy-send ahead at 64 B (1.25× [1.15–1.35]; 95% interval over 10 rounds)")
                .contains("undecided at 512 B–4 KiB").contains("equivalent at 64 KiB")
                .doesNotContain("not distinguishable");
    }

    @Test
    void aCrossoverFromTheLargestSizeStatesItsBracket() {
        String text = findings(reviewedRun()).crossover("zerocopy", "send", 1).text();

        assertThat(text).startsWith("zerocopy beats send from 64 KiB on (1.35× [1.09–1.67], 95% interval over 8 rounds)")
                .contains("the crossover lies in (4 KiB, 64 KiB]")
                .contains("send ahead at 64 B–4 KiB (5× [4.55–5.56], 3.33× [3.03–3.7], 1.43× [1.25–1.67]");
    }

    @Test
    void aCrossoverAboveAnUndecidedSizeIsBracketedByTheLastDecidedSizeBelow() {
        List<ComparisonRow> rows = new ArrayList<>();
        rows.add(c("zerocopy", "send", 64, 1, 0.2, 0.18, 0.22, "behind", 8));
        rows.add(c("zerocopy", "send", 512, 1, 0.9, 0.7, 1.1, "undecided", 12));
        rows.add(c("zerocopy", "send", 4096, 1, 1.2, 1.1, 1.3, "ahead", 8));
        rows.add(c("zerocopy", "send", 65536, 1, 1.35, 1.09, 1.67, "ahead", 8));
        String text = findings(rows).crossover("zerocopy", "send", 1).text();

        assertThat(text).startsWith("zerocopy beats send from 4 KiB on").contains("the crossover lies in (64 B, 4 KiB]")
                .contains("undecided at 512 B");
    }

    @Test
    void pointsMeasuredButNeverComparedSideBySideClaimNoVerdict() {
        Findings f = findings(reviewedRun());

        assertThat(f.crossover("sendmsg", "send", 1).text()).isEqualTo("no data: sendmsg and send were both measured "
                + "with 1 connection(s) but never compared side by side, so no verdict is claimed");
        assertThat(f.summary()).doesNotContain("not distinguishable").contains("(not compared side by side)");
    }

    /** Review of issue 16: uring-send-qd16 ahead at 64 B–4 KiB, sendmsg 1.61× ahead at 64 KiB, was "not within the tested sizes". */
    @Test
    void aLeadLostAtTheLargestSizesIsCalledAReversalWithItsBracket() {
        List<ComparisonRow> rows = new ArrayList<>();
        rows.add(c("zerocopy", "send", 64, 1, 1.3, 1.2, 1.4, "ahead", 8));
        rows.add(c("zerocopy", "send", 512, 1, 1.2, 1.1, 1.3, "ahead", 8));
        rows.add(c("zerocopy", "send", 4096, 1, 1.1, 1.05, 1.15, "ahead", 8));
        rows.add(c("zerocopy", "send", 65536, 1, 1 / 1.61, 1 / 2.09, 1 / 1.24, "behind", 9));
        String text = findings(rows).crossover("zerocopy", "send", 1).text();

        assertThat(text).startsWith("send overtakes zerocopy from 64 KiB on (send/zerocopy 1.61× [1.24–2.09], 95% "
                + "interval over 9 rounds): zerocopy was last ahead at 4 KiB, so the reversal lies in (4 KiB, 64 KiB]")
                .contains("zerocopy ahead at 64 B–4 KiB").doesNotContain("not within the tested sizes");
    }

    /** Review of issue 16: "sendmsg beats copy-send from 64 KiB on (1.09× [1.02–1.17])" excludes 1 but not a 2 % lead. */
    @Test
    void aLeadWhoseIntervalReachesIntoTheMarginSaysItMayBeSmallerThanTheMargin() {
        List<ComparisonRow> rows = new ArrayList<>();
        rows.add(c("sendmsg", "copy-send", 4096, 1, 0.99, 0.9, 1.1, "undecided", 8));
        rows.add(c("sendmsg", "copy-send", 65536, 1, 1.09, 1.02, 1.17, "ahead", 8));
        rows.add(c("zerocopy", "send", 4096, 1, 1.5, 1.4, 1.6, "ahead", 8));
        rows.add(c("zerocopy", "send", 65536, 1, 1.5, 1.4, 1.6, "ahead", 8));
        Findings f = findings(rows);

        assertThat(f.crossover("sendmsg", "copy-send", 1).text()).contains("sendmsg ahead at 64 KiB (1.09× [1.02–1.17]; "
                + "95% interval over 8 rounds; at 64 KiB possibly by less than the 3 % equivalence margin)");
        assertThat(f.crossover("zerocopy", "send", 1).text()).doesNotContain("possibly by less");
    }

    /** Review of issue 16: "Fastest at 64 KiB: sendmsg … undecided against nio-gather" hid three more undecided. */
    @Test
    void theHighestEstimateIsFastestOnlyWhenAheadOfEveryOtherStrategy() {
        List<ComparisonRow> rows = new ArrayList<>();
        rows.add(c("sendmsg", "send", 65536, 1, 1.5, 1.3, 1.7, "ahead", 8));
        rows.add(c("sendmsg", "copy-send", 65536, 1, 1.12, 0.905, 1.38, "undecided", 8));
        rows.add(c("sendmsg", "zerocopy", 65536, 1, 1.31, 0.94, 1.82, "undecided", 8));
        List<ResultRow> points = new ArrayList<>();
        points.add(TestRows.Row.of("sendmsg", 65536, 1).trials(12, 13, 14).build());
        points.add(TestRows.Row.of("copy-send", 65536, 1).trials(11, 12, 13).build());
        points.add(TestRows.Row.of("zerocopy", 65536, 1).trials(9, 10, 11).build());
        points.add(TestRows.Row.of("send", 65536, 1).trials(8, 9, 10).build());
        String summary = Findings.from(new ResultsTable.ResultsFile(TestRows.ENV, points, List.of(), rows, METHOD)).summary();

        assertThat(summary).contains("Highest estimate at 64 KiB with 1 connection(s): sendmsg")
                .contains("ahead of send 1.50× [1.30–1.70]").contains("not separated from copy-send 1.12× [0.91–1.38] after 8 rounds, "
                        + "zerocopy 1.31× [0.94–1.82] after 8 rounds")
                .doesNotContain("Fastest at 64 KiB");
    }
}
