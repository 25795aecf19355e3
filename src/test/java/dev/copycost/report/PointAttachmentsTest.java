package dev.copycost.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.results.ResultsCsv;
import dev.copycost.strategy.CompletionLedger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointAttachmentsTest {

    @Test
    void csvRowIsTheHeaderAndOneLine() {
        List<String> lines = PointAttachments.csvRow(TestPoints.sendmsg(10, 12, 11)).lines().toList();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(ResultsCsv.headerLine());
        assertThat(lines.get(1)).startsWith("sendmsg,4096,2,loopback,3,");
    }

    @Test
    void countersShowEveryEventWithValueOrReason() {
        String md = PointAttachments.countersMarkdown(TestPoints.sendmsg(10, 12, 11));

        for (String event : List.of("task-clock", "context-switches", "cpu-migrations", "page-faults", "cycles",
                "instructions", "cache-references", "cache-misses")) {
            assertThat(md).contains("| " + event + " |");
        }
        assertThat(md).contains("unavailable: ENOENT: no PMU on this host").contains("kernel+user")
                .contains("| 100 % |").contains("window 3").contains("involuntary context switches (/proc) | 0 | 2 | 4 |")
                .contains("CPU ns (perf task-clock (kernel+user))").contains("Java heap bytes allocated")
                .contains("**GC in window**").contains("### Receiver");
    }

    @Test
    void theLedgerOfAFullyCopiedRunSaysTheCopyWasDeferred() {
        String md = PointAttachments.ledgerMarkdown(TestPoints.zeroCopyAllCopied());

        assertThat(md).contains("| completions flagged COPIED | 1000 |").contains("| copied share | 100 % |")
                .contains("| sends per notification | 4 |").contains("| ENOBUFS retries | 3 |")
                .contains("SO_EE_CODE_ZEROCOPY_COPIED").contains("deferred a copy for every send")
                .contains("skb_orphan_frags_rx").contains("not zero-copy").contains("net.core.optmem_max")
                // the documented reason, not a circular one (issue 16, item 3)
                .contains("can be queued indefinitely").contains("an unbounded notification latency is not acceptable");
    }

    @Test
    void aPartlyCopiedShareIsCalledAnEstimate() {
        CompletionLedger ledger = new CompletionLedger();
        for (int i = 0; i < 1000; i++) {
            ledger.issue();
        }
        // five notifications of 200 sends each, three of them flagged COPIED
        ledger.complete(0, 199, true);
        ledger.complete(200, 399, false);
        ledger.complete(400, 599, true);
        ledger.complete(600, 799, true);
        ledger.complete(800, 999, false);
        String md = PointAttachments.ledgerMarkdown(TestPoints.zeroCopyPartlyCopied(ledger.counts()));

        assertThat(md).contains("| completions flagged COPIED | 600 |")
                .contains("| copied share (estimate) | 60 % |")
                .containsPattern("\\| notifications flagged COPIED \\| 3 \\|")
                .containsPattern("\\| notifications not flagged COPIED \\| 2 \\|")
                .contains("estimate").contains("merges adjacent completion ranges");
    }

    @Test
    void copyingStrategiesHaveNoLedger() {
        assertThat(PointAttachments.ledgerMarkdown(TestPoints.sendmsg(10, 12, 11))).isEmpty();
    }
}
