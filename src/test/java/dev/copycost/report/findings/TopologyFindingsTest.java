package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Topologies are kept apart: each has its own verdicts and its own zero-copy ledger, stated per topology. */
class TopologyFindingsTest {

    private static ResultRow row(String topology, String strategy, double gbps, long completed, long copied) {
        TestRows.Row r = TestRows.Row.of(strategy, 65536, 1).trials(gbps * 0.9, gbps, gbps * 1.1);
        if (strategy.equals("zerocopy")) {
            r.zeroCopy(completed, copied, completed / 4);
        }
        r.topology = topology;
        return r.build();
    }

    private static ComparisonRow c(String topology, String a, String b, double ratio, double low, double high,
            String verdict) {
        return new ComparisonRow("strategies", topology, 65536, 1, a, b, ratio, low, high, verdict, 8, "budget", 0.1, 0.0);
    }

    private static Findings findings(long remoteCopied) {
        List<ResultRow> rows = List.of(
                row("loopback", "sendmsg", 20, 0, 0), row("loopback", "zerocopy", 19, 4000, 4000),
                row("netns", "sendmsg", 9, 0, 0), row("netns", "zerocopy", 8, 3000, 3000),
                row("remote", "sendmsg", 9.4, 0, 0), row("remote", "zerocopy", 9.3, 5000, remoteCopied));
        List<ComparisonRow> comparisons = List.of(
                c("loopback", "zerocopy", "sendmsg", 0.95, 0.9, 1.0, "behind"),
                c("netns", "zerocopy", "sendmsg", 0.88, 0.84, 0.92, "behind"),
                c("remote", "zerocopy", "sendmsg", 1.25, 1.2, 1.3, "ahead"));
        return Findings.from(new ResultsTable.ResultsFile(TestRows.ENV, rows, List.of(), comparisons, null,
                java.util.Map.of("remote", "kernel 6.12, Lab CPU (16 logical CPUs); data over eth1: driver mlx5_core, MTU 9000")));
    }

    @Test
    void aLedgerWithNoCopiedCompletionReadsAsZeroCopyThatHeld() {
        String line = new TopologyFindings(new ResultsTable.ResultsFile(TestRows.ENV, List.of(
                row("loopback", "zerocopy", 19, 4000, 4000), row("netns", "zerocopy", 8, 3000, 3000),
                row("remote", "zerocopy", 9.3, 5000, 0)), List.of())).zeroCopyLine();

        assertThat(line).isEqualTo("loopback, netns: every send copied (deferred): 100 % of 7000 completions flagged COPIED; "
                + "remote: 100 % of sends completed without a copy (5000 completions)");
    }

    @Test
    void aPartlyCopiedRemoteSaysHowManyWentWithoutACopy() {
        assertThat(findings(500).summary()).contains("remote: 90 % of sends completed without a copy, the rest copied");
    }

    @Test
    void theMainSectionsAreLoopbacksAndEachOtherTopologyHasItsOwn() {
        Findings f = findings(0);

        assertThat(f.summary()).contains("2 points,").contains("Zero-copy by topology: loopback, netns: every send copied")
                .contains("sendmsg ahead of zerocopy by 1.05× [1.00–1.11]");
        assertThat(f.summary()).doesNotContain("1.25×");
        String off = f.offLoopback();
        assertThat(off).contains("### netns: a receive agent in a network namespace", "### remote: a receive agent on another host");
        assertThat(off.substring(off.indexOf("### remote"))).contains("zerocopy ahead of sendmsg by 1.25× [1.20–1.30]").contains("#### Zero-copy over remote")
                .contains("completed sends were flagged COPIED");
        assertThat(off).contains("Receivers' host, as their agent reported it: kernel 6.12, Lab CPU (16 logical CPUs); data over "
                + "eth1: driver mlx5_core, MTU 9000.");
        assertThat(off.substring(off.indexOf("### netns"), off.indexOf("### remote"))).contains("Across the veth pair")
                .contains("Receivers' host, as their agent reported it: not reported")
                .doesNotContain("1.25×");
    }
}
