package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.report.results.RunMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the summary opens per message size with the strongest decided claims and their
 * intervals, then what stayed undecided and why. The first test reproduces the reviewed run whose
 * summary said "sendmsg vs send at 1 thread: not distinguishable from noise" while sendmsg was 8×
 * ahead at 64 B, 6.8× at 512 B and 3.7× at 4 KiB, and only 64 KiB was undecided.
 */
class HeadlineTest {
    private static final RunMethod METHOD = new RunMethod(1234, 5, 30, 45, 0.03, "os", "250ms", "750ms",
            "Student-t 95% interval on log values (geometric mean)", 0.998, 0.05, 0.25, 3);
    private static final String BUDGET = "time budget of 40 s would be overrun by another round (38.1 s spent, 12 rounds)";
    private static final int[] SIZES = {64, 512, 4096, 65536};

    private static ComparisonRow c(String a, String b, int size, int threads, double ratio, double low, double high,
            String verdict, int rounds) {
        return new ComparisonRow("strategies", "loopback", size, threads, a, b, ratio, low, high, verdict, rounds,
                rounds >= 12 ? BUDGET : "every comparison decided after " + rounds + " rounds", 0.1, 0.0);
    }

    private static Findings findings(List<ComparisonRow> comparisons, List<String> strategies, int... threads) {
        List<ResultRow> rows = new ArrayList<>();
        for (int size : SIZES) {
            for (int t : threads) {
                for (String s : strategies) {
                    rows.add(TestRows.Row.of(s, size, t).trials(9, 10, 11).build());
                }
            }
        }
        return Findings.from(new ResultsTable.ResultsFile(TestRows.ENV, rows, List.of(), comparisons, METHOD));
    }

    /** The reviewed run at 1 connection: send, sendmsg and zerocopy, every pair at every size. */
    private static List<ComparisonRow> reviewedRun() {
        return List.of(
                c("sendmsg", "send", 64, 1, 8.0, 7.4, 8.6, "ahead", 8),
                c("sendmsg", "send", 512, 1, 6.8, 6.1, 7.6, "ahead", 8),
                c("sendmsg", "send", 4096, 1, 3.7, 3.2, 4.3, "ahead", 9),
                c("sendmsg", "send", 65536, 1, 1.02, 0.91, 1.15, "undecided", 12),
                c("zerocopy", "send", 64, 1, 0.25, 0.22, 0.28, "behind", 8),
                c("zerocopy", "send", 512, 1, 0.4, 0.36, 0.45, "behind", 8),
                c("zerocopy", "send", 4096, 1, 0.9, 0.7, 1.15, "undecided", 9),
                c("zerocopy", "send", 65536, 1, 1.3, 1.1, 1.5, "ahead", 12),
                c("zerocopy", "sendmsg", 64, 1, 1 / 32.0, 1 / 36.0, 1 / 28.0, "behind", 8),
                c("zerocopy", "sendmsg", 512, 1, 1 / 17.0, 1 / 19.0, 1 / 15.0, "behind", 8),
                c("zerocopy", "sendmsg", 4096, 1, 1 / 4.1, 1 / 4.6, 1 / 3.6, "behind", 9),
                c("zerocopy", "sendmsg", 65536, 1, 1.0, 0.985, 1.015, "equivalent", 12));
    }

    private static String summary(List<ComparisonRow> comparisons) {
        return findings(comparisons, List.of("send", "sendmsg", "zerocopy"), 1).summary();
    }

    @Test
    void eachSizeStatesItsDecidedClaimsBeforeAnythingUndecided() {
        String summary = summary(reviewedRun());

        // sizes in order, each with its claims and their intervals, strongest first
        String decided = summary.substring(summary.indexOf("- Decided, at each message size"), summary.indexOf("Undecided, and why"));
        assertThat(decided).contains("  - **64 B**, 3 of 3 comparisons decided: sendmsg ahead of zerocopy by 32.0× "
                + "[28.0–36.0] at 1 connection(s) (8 rounds); sendmsg ahead of send by 8.00× [7.40–8.60] at 1 "
                + "connection(s) (8 rounds); send ahead of zerocopy by 4.00× [3.57–4.55]")
                .contains("  - **512 B**, 3 of 3 comparisons decided: sendmsg ahead of zerocopy by 17.0× [15.0–19.0] at 1 "
                        + "connection(s) (8 rounds); sendmsg ahead of send by 6.80× [6.10–7.60]")
                .contains("  - **4 KiB**, 2 of 3 comparisons decided: sendmsg ahead of zerocopy by 4.10× [3.60–4.60] at "
                        + "1 connection(s) (9 rounds); sendmsg ahead of send by 3.70× [3.20–4.30] at 1 connection(s) (9 rounds).")
                .contains("  - **64 KiB**, 2 of 3 comparisons decided: zerocopy ahead of send by 1.30× [1.10–1.50] at 1 "
                        + "connection(s) (12 rounds); equivalent within ±3 %: zerocopy and sendmsg (1.00× [0.99–1.02]");
        assertThat(decided.indexOf("**64 B**")).isLessThan(decided.indexOf("**512 B**"));
        assertThat(decided.indexOf("**4 KiB**")).isLessThan(decided.indexOf("**64 KiB**"));

        // then what stayed undecided, with its interval, its rounds and why the block stopped
        assertThat(summary.substring(summary.indexOf("Undecided, and why"))).startsWith("Undecided, and why: each "
                + "interval below includes 1 and reaches beyond the ±3 % equivalence margin")
                .contains("  - **4 KiB**, 1 undecided: at 1 connection(s) (stopped: every comparison decided "
                        + "after 9 rounds) zerocopy/send 0.90× [0.70–1.15] over 9 rounds.")
                .contains("  - **64 KiB**, 1 undecided: at 1 connection(s) (stopped: " + BUDGET
                        + ") sendmsg/send 1.02× [0.91–1.15] over 12 rounds.");
        assertThat(summary).contains("- 10 of 12 comparisons decided (83.3 %). Undecided, and why");
    }

    @Test
    void noVerdictLineLetsAnUndecidedSizeStandForTheDecidedOnes() {
        String summary = summary(reviewedRun());

        assertThat(summary).doesNotContain("not distinguishable").doesNotContain("noise");
        // the pair's own line opens on the sizes where sendmsg led, the undecided size after them
        String line = Arrays.stream(summary.split("\n")).filter(l -> l.startsWith("- sendmsg vs send")).findFirst().orElseThrow();
        assertThat(line).startsWith("- sendmsg vs send at 1 connection(s), by size: sendmsg ahead at 64 B–4 KiB (8× "
                + "[7.4–8.6], 6.8× [6.1–7.6], 3.7× [3.2–4.3]; 95% intervals over 8, 8, 9 rounds); undecided at 64 KiB "
                + "(sendmsg/send 1.02× [0.91–1.15]; 95% interval over 12 rounds)");
        assertThat(line.indexOf("sendmsg ahead at 64 B–4 KiB")).isLessThan(line.indexOf("undecided at 64 KiB"));
        assertThat(line).endsWith("; so no crossover is shown within the tested sizes.");
        // every line that names sendmsg against send undecided also names the sizes where it was decided
        Arrays.stream(summary.split("\n")).filter(l -> l.contains("sendmsg/send") || l.contains("sendmsg vs send"))
                .filter(l -> l.contains("undecided at") || l.contains("no crossover"))
                .forEach(l -> assertThat(l).contains("sendmsg ahead at 64 B–4 KiB"));
    }

    @Test
    void aClaimStandsAtItsStrongestConnectionCountAndSaysWhereItHeldOrWasReversed() {
        List<ComparisonRow> rows = new ArrayList<>();
        rows.add(c("zerocopy", "send", 65536, 1, 1.3, 1.1, 1.5, "ahead", 8));
        rows.add(c("zerocopy", "send", 65536, 2, 1.5, 1.4, 1.6, "ahead", 8));
        rows.add(c("zerocopy", "send", 65536, 4, 0.8, 0.7, 0.9, "behind", 8));
        String line = findings(rows, List.of("send", "zerocopy"), 1, 2, 4).summary();

        assertThat(line).contains("**64 KiB**, 3 of 3 comparisons decided: zerocopy ahead of send by 1.50× [1.40–1.60] "
                + "at 2 connection(s) (8 rounds; also ahead at 1 connection(s); send ahead instead at 4 connection(s)); "
                + "send ahead of zerocopy by 1.25× [1.11–1.43] at 4 connection(s) (8 rounds; zerocopy ahead instead at "
                + "1, 2 connection(s)).");
        assertThat(line).contains("**64 B**, 0 of 0 comparisons decided (none made).")
                .contains("- 3 of 3 comparisons decided (100 %): nothing stayed undecided.");
    }

    @Test
    void beyondThreeDifferencesAtOneSizeTheRestAreCounted() {
        List<ComparisonRow> rows = new ArrayList<>();
        List<String> strategies = List.of("s1", "s2", "s3", "s4", "s5");
        for (int i = 1; i < strategies.size(); i++) {
            rows.add(c(strategies.get(i), "s1", 64, 1, 1 + i, 0.9 + i, 1.1 + i, "ahead", 8));
        }
        String summary = findings(rows, strategies, 1).summary();

        assertThat(summary).contains("**64 B**, 4 of 4 comparisons decided: s5 ahead of s1 by 5.00× [4.90–5.10] at 1 "
                + "connection(s) (8 rounds); s4 ahead of s1 by 4.00×").contains("s3 ahead of s1 by 3.00×")
                .doesNotContain("s2 ahead of s1").contains("; and 1 more difference(s) (crossovers below).");
    }

    @Test
    void anIntervalThatCouldNotBeComputedIsUndecidedAndSaysWhy() {
        List<ComparisonRow> rows = List.of(c("sendmsg", "send", 64, 1, 1.4, Double.NaN, Double.NaN, "undecided", 1));
        String summary = findings(rows, List.of("send", "sendmsg"), 1).summary();

        assertThat(summary).contains("**64 B**, 0 of 1 comparisons decided (see the undecided below).")
                .contains("**64 B**, 1 undecided: at 1 connection(s) (stopped: every comparison decided after "
                        + "1 rounds) sendmsg/send 1.40× [interval unknown with 1 observation(s)] over 1 rounds.");
    }

    @Test
    void withoutPairedComparisonsThePairLinesStillOpenOnTheSizesThatWereDecided() {
        List<ResultRow> rows = new ArrayList<>();
        for (int size : SIZES) {
            rows.add(TestRows.Row.of("send", size, 1).gbps(9, 10, 11).build());
            // clear of send's range up to 4 KiB, overlapping it at 64 KiB
            double m = size == 65536 ? 10.5 : 40;
            rows.add(TestRows.Row.of("sendmsg", size, 1).gbps(m - 1, m, m + 1).build());
        }
        String summary = Findings.from(rows, TestRows.ENV).summary();

        assertThat(summary).doesNotContain("Decided, at each message size").doesNotContain("not distinguishable")
                .contains("- sendmsg vs send at 1 connection(s), by size: sendmsg ahead at 64 B–4 KiB (4×")
                .contains("ranges overlap at 64 KiB (sendmsg/send 1.05× [0.864–1.28]; range over windows); so no "
                        + "crossover is shown within the tested sizes.");
    }
}
