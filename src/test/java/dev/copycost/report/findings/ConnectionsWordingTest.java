package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ResultRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, wording: the matrix's "threads" dimension counts connections (T connections run 2T
 * threads), so the findings say connections; and the zero-copy table says which span its counts cover.
 */
class ConnectionsWordingTest {

    private static Findings findings() {
        List<ResultRow> rows = FindingsTest.matrix(1000, r -> { });
        return Findings.from(rows, TestRows.ENV);
    }

    @Test
    void theFindingsCountConnectionsNotThreads() {
        String md = findings().markdown();

        assertThat(md).doesNotContain("thread(s)").doesNotContain("| threads |").doesNotContain("best threads")
                .doesNotContain("fewest threads").doesNotContain("Best thread count")
                .contains("## Best connection count").contains("| connections | verdict |")
                .contains("Fastest at 64 B with 1 connection(s): copy-send")
                .contains("| strategy | size | highest estimate at (connections) | Gbps [95% interval] | vs fewest connections | runner-up |")
                .contains("| size | connections | issued |");
    }

    @Test
    void theZeroCopyTableSaysItsCountsCoverTheWholeRunAndGbpsTheWindows() {
        String zc = findings().zeroCopyVerdict();

        assertThat(zc).contains("cover every trial's whole run, warm-up and drain included")
                .contains("Gbps covers only the measured windows");
    }
}
