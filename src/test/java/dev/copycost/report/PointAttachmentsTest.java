package dev.copycost.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PointAttachmentsTest {

    @Test
    void csvRowIsTheHeaderAndOneLine() {
        List<String> lines = PointAttachments.csvRow(TestPoints.sendmsg(10, 12, 11)).lines().toList();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(ResultsCsv.headerLine());
        assertThat(lines.get(1)).startsWith("sendmsg,4096,2,3,");
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
                .contains("skb_orphan_frags_rx").contains("not zero-copy").contains("net.core.optmem_max");
    }

    @Test
    void copyingStrategiesHaveNoLedger() {
        assertThat(PointAttachments.ledgerMarkdown(TestPoints.sendmsg(10, 12, 11))).isEmpty();
    }
}
