package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.Fmt;
import dev.copycost.report.TestRows;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.report.results.RunMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The io_uring findings are read off the paired comparisons and the ledgers' counts, never typed in. */
class UringFindingsTest {
    private static final RunMethod METHOD = new RunMethod(1234, 5, 30, 45, 0.03, "os", "250ms", "750ms",
            "Student-t 95% interval on log values (geometric mean)", 0.998, 0.05, 0.25, 3);
    private static final List<String> POINTS = List.of("sendmsg", "zerocopy", "uring-send-qd1", "uring-send-qd16",
            "uring-zc-qd1", "uring-zc-qd16");

    private static ComparisonRow c(String a, String b, int size, double ratio, double low, double high, String verdict) {
        return new ComparisonRow("strategies", "loopback", size, 1, a, b, ratio, low, high, verdict, 9, "budget", 0.1, 0.0);
    }

    private static Findings findings(List<String> points, List<ComparisonRow> comparisons, long zcCopied) {
        List<ResultRow> rows = new ArrayList<>();
        for (int size : new int[] {64, 65536}) {
            for (String s : points) {
                TestRows.Row row = TestRows.Row.of(s, size, 1).trials(9, 10, 11);
                if (s.equals("zerocopy")) {
                    row.zeroCopy(5000, 5000, 20);
                } else if (s.startsWith("uring-zc")) {
                    row.zeroCopy(1000, zcCopied, 1000);
                }
                rows.add(row.build());
            }
        }
        return Findings.from(new ResultsTable.ResultsFile(TestRows.ENV, rows, List.of(), comparisons, METHOD));
    }

    private static List<ComparisonRow> comparisons(double batchingAt64) {
        return List.of(
                c("uring-send-qd16", "sendmsg", 64, batchingAt64, batchingAt64 * 0.9, batchingAt64 * 1.1, "ahead"),
                c("uring-send-qd16", "sendmsg", 65536, 1.01, 0.98, 1.02, "equivalent"),
                c("uring-send-qd1", "sendmsg", 64, 0.8, 0.75, 0.85, "behind"),
                c("uring-send-qd1", "sendmsg", 65536, 0.99, 0.9, 1.1, "undecided"),
                c("uring-send-qd1", "uring-send-qd16", 64, 0.4, 0.35, 0.45, "behind"),
                c("uring-zc-qd16", "zerocopy", 65536, 1.3, 1.2, 1.4, "ahead"),
                c("sendmsg", "uring-zc-qd1", 65536, 1.5, 1.4, 1.6, "ahead"));
    }

    @Test
    void everyQuestionIsAnsweredFromItsPairedComparisons() {
        String md = findings(POINTS, comparisons(1.8), 1000).uring();

        assertThat(md).contains("## io_uring: what batching buys", "### uring-send-qd1 vs sendmsg",
                "### uring-send-qd16 vs sendmsg", "### uring-send-qd16 vs uring-send-qd1", "### uring-zc-qd1 vs zerocopy",
                "### uring-zc-qd16 vs zerocopy", "### uring-zc-qd1 vs sendmsg", "### uring-zc-qd16 vs sendmsg");
        assertThat(md).contains(Fmt.times(1.8) + " [" + Fmt.num(1.8 * 0.9) + "–" + Fmt.num(1.8 * 1.1) + "] ahead");
        // stored the other way round, read in the question's direction
        assertThat(md).contains(Fmt.times(1 / 0.4) + " [" + Fmt.num(1 / 0.45) + "–" + Fmt.num(1 / 0.35) + "] ahead");
        assertThat(md).contains(Fmt.times(1 / 1.5) + " [" + Fmt.num(1 / 1.6) + "–" + Fmt.num(1 / 1.4) + "] behind");
        assertThat(md).contains(Fmt.times(0.8) + " [" + Fmt.num(0.75) + "–" + Fmt.num(0.85) + "] behind");
    }

    @Test
    void differentDataGiveDifferentFindings() {
        String a = findings(POINTS, comparisons(1.8), 1000).uring();
        String b = findings(POINTS, comparisons(3.2), 1000).uring();
        assertThat(a).contains(Fmt.times(1.8)).doesNotContain(Fmt.times(3.2));
        assertThat(b).contains(Fmt.times(3.2)).doesNotContain(Fmt.times(1.8));
    }

    @Test
    void theCopiedShareStandsBesideZerocopysAndIsExactPerRequest() {
        String md = findings(POINTS, comparisons(1.8), 250).uring();
        // 2 points × 1000 requests, 250 copied each; zerocopy's 2 × 5000, all copied
        assertThat(md).contains("| uring-zc-qd16 | 2000 | 500 | " + Fmt.percent(0.25) + " | 2000 | 1 |");
        assertThat(md).contains("| zerocopy | 10000 | 10000 | " + Fmt.percent(1.0) + " | 40 | 250 |");
        assertThat(md).contains("exact per request");
        String zeroCopySection = findings(POINTS, comparisons(1.8), 250).zeroCopyVerdict();
        assertThat(zeroCopySection).contains("| uring-zc-qd1 |", "| zerocopy |",
                // never pooled: SEND_ZC notifies once per request, MSG_ZEROCOPY merges ranges
                "Sends per notification over each strategy's points: 250 for zerocopy, 1 for uring-zc-qd1, 1 for uring-zc-qd16");
    }

    @Test
    void theSummaryNamesWhatBatchingBoughtAtTheFewestConnections() {
        List<String> bullets = findings(POINTS, comparisons(1.8), 1000).summaryBullets();
        assertThat(bullets).anySatisfy(b -> assertThat(b).startsWith("io_uring at 1 connection(s): ")
                .contains("uring-send-qd16", "sendmsg"));
    }

    @Test
    void aRunWithoutIoUringSaysSo() {
        Findings f = findings(List.of("sendmsg", "zerocopy"), List.of(), 1000);
        assertThat(f.uring()).contains("io_uring was not measured in this run");
        assertThat(f.summaryBullets()).noneSatisfy(b -> assertThat(b).startsWith("io_uring"));
    }
}
