package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.report.results.RunMethod;
import dev.copycost.rounds.BlockResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 review: the method note said the worst steal was 5.69 % and listed one block never quiet,
 * where a placement block (5.29 %) and a netns block (10.8 %) were measured again and never got under
 * the 5 % limit either. The note covers every block of the run, named by topology and kind.
 */
class MachineLoadWordingTest {
    private static final RunMethod METHOD = new RunMethod(1234, 5, 30, 45, 0.03, "os", "250ms", "750ms", "t", 0.99,
            0.05, 0.25, 3, "loopback,netns", "page-per-field");

    private static ComparisonRow c(String kind, String topology, int size, String stop, double steal) {
        return new ComparisonRow(kind, topology, size, 1, "sendmsg", "send", 2, 1.8, 2.2, "ahead", 8, stop, 0.05, steal);
    }

    @Test
    void everyBlockOfTheRunCountsWithItsTopologyAndKind() {
        String again = BlockResult.SET_ASIDE + "steal 22 %";
        List<ComparisonRow> comparisons = List.of(
                c("strategies", "loopback", 512, again, 0.0569),
                c("strategies", "loopback", 4096, "budget", 0.01),
                c("placement", "loopback", 65536, again, 0.0529),
                c("strategies", "netns", 4096, again, 0.108));
        List<ResultRow> rows = List.of(TestRows.Row.of("sendmsg", 4096, 1).build(), TestRows.Row.of("send", 4096, 1).build());
        String method = Findings.from(new ResultsTable.ResultsFile(TestRows.ENV, rows, List.of(), comparisons, METHOD))
                .method();

        assertThat(method).contains("Measured again: 512 B × 1, placement 64 KiB × 1, netns 4 KiB × 1")
                .contains("512 B × 1 (steal 5.69 %").contains("placement 64 KiB × 1 (steal 5.29 %")
                .contains("netns 4 KiB × 1 (steal 10.8 %")
                .contains("the hypervisor took up to 10.8 % as steal (block netns 4 KiB × 1)")
                .contains("logical CPUs");
    }
}
