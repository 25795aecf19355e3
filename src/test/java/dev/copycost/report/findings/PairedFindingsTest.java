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

/** The report read from paired comparisons: verdicts, not ranges, decide every claim. */
class PairedFindingsTest {
    private static final RunMethod METHOD = new RunMethod(1234, 5, 30, 45, 0.03, "os", "250ms", "750ms",
            "Student-t 95% interval on log values (geometric mean)", 0.998, 0.05, 0.25, 3);

    private static ComparisonRow c(String a, String b, int size, double ratio, double low, double high, String verdict) {
        return new ComparisonRow("strategies", "loopback", size, 1, a, b, ratio, low, high, verdict, 8, "budget", 0.1, 0.0);
    }

    private static Findings findings(List<ComparisonRow> comparisons) {
        List<ResultRow> rows = new ArrayList<>();
        for (int size : new int[] {64, 4096, 65536}) {
            for (String s : List.of("send", "sendmsg", "zerocopy")) {
                rows.add(TestRows.Row.of(s, size, 1).trials(9, 10, 11).build());
            }
        }
        List<ComparisonRow> all = new ArrayList<>(comparisons);
        all.add(new ComparisonRow("placement", "loopback", 65536, 1, "same-core", "os", 1.3, 1.2, 1.4, "ahead", 9, "x", 0.1, 0.0));
        return Findings.from(new ResultsTable.ResultsFile(TestRows.ENV, rows, List.of(), all, METHOD));
    }

    private static final List<ComparisonRow> DATA = List.of(
            c("sendmsg", "send", 64, 7.4, 6.9, 8.0, "ahead"),
            c("sendmsg", "send", 4096, 4.4, 3.5, 5.6, "ahead"),
            c("sendmsg", "send", 65536, 1.4, 1.2, 1.6, "ahead"),
            c("zerocopy", "send", 64, 0.2, 0.18, 0.22, "behind"),
            c("zerocopy", "send", 4096, 0.96, 0.69, 1.35, "undecided"),
            c("zerocopy", "send", 65536, 1.35, 1.09, 1.67, "ahead"),
            c("zerocopy", "sendmsg", 64, 0.03, 0.02, 0.04, "behind"),
            c("zerocopy", "sendmsg", 4096, 0.22, 0.18, 0.26, "behind"),
            c("zerocopy", "sendmsg", 65536, 1.0, 0.98, 1.02, "equivalent"));

    @Test
    void crossoversFollowThePairedVerdictsEitherWayRound() {
        Findings f = findings(DATA);

        assertThat(f.crossover("zerocopy", "send", 1).text())
                .startsWith("zerocopy beats send from 64 KiB on (1.35× [1.09–1.67], 95% interval over 8 rounds)");
        // stored as zerocopy vs sendmsg; read the other way round
        assertThat(f.crossover("sendmsg", "zerocopy", 1).text()).startsWith("no crossover within the tested sizes: "
                + "sendmsg ahead at 64 B–4 KiB").contains("equivalent at 64 KiB");
        assertThat(f.crossover("sendmsg", "zerocopy", 1).at(64).orElseThrow().ratio()).isCloseTo(1 / 0.03,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.crossovers()).contains("0.96× [0.69–1.35] undecided");
    }

    @Test
    void theSummaryOpensWithTheStrongestDecidedClaimPerSizeThenWhatStayedUndecided() {
        // the data has one thread count; the strongest claim is looked for across thread counts
        List<String> bullets = findings(DATA).summaryBullets();

        // at 64 B the strongest is zerocopy's 33× loss to sendmsg, read as sendmsg ahead of zerocopy
        assertThat(bullets.get(0)).startsWith("Decided, at each message size (A/B is the ratio")
                .contains("**64 B**, 3 of 3 comparisons decided: sendmsg ahead of zerocopy by 33.3× [25.0–50.0] at 1 "
                        + "connection(s) (8 rounds)")
                .contains("**4 KiB**, 2 of 3 comparisons decided: sendmsg ahead of zerocopy by 4.55× [3.85–5.56]");
        assertThat(bullets.get(1)).startsWith("8 of 9 comparisons decided")
                .contains("**4 KiB**, 1 undecided: at 1 connection(s) (stopped: budget) zerocopy/send 0.96× [0.69–1.35] over 8 rounds");
    }

    @Test
    void aLongListOfUndecidedComparisonsIsNamedInPartAndCounted() {
        List<ComparisonRow> many = new ArrayList<>();
        for (String a : List.of("sendmsg", "zerocopy", "copy-send", "nio-gather", "x1", "x2", "x3", "x4", "x5", "x6")) {
            many.add(c(a, "send", 4096, 1.0, 0.8, 1.25, "undecided"));
        }
        assertThat(findings(many).summaryBullets().get(1)).startsWith("0 of 10 comparisons decided")
                .contains("copy-send/send 1.00× [0.80–1.25] over 8 rounds").doesNotContain("nio-gather/send")
                .endsWith("; and 7 more (test \"Paired comparisons\", comparisons.csv).");
    }

    @Test
    void theMethodNoteNamesSeedRoundsIntervalsAndPlacement() {
        Findings f = findings(DATA);

        assertThat(f.method()).contains("seed 1234").contains("-Dcopycost.seed=1234").contains("Blocks ran 8–9 rounds")
                .contains("Student-t 95% interval on log values").contains("within ±3 %").contains("placement `os`")
                .contains("Other processes used 0.1–0.1 CPUs' worth of time");
        assertThat(f.placement()).contains("| same-core | os | 1.30× [1.20–1.40] | ahead | 9 |")
                .contains("The largest decided effect of placement alone: same-core ran at 1.30× [1.20–1.40] the "
                        + "throughput of os.");
    }
}
