package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ResultRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue "Findings that say only what the data shows", items 4 and 5, on fixed inputs that reproduce
 * the cases: switches per second per thread at every connection count, with a fall preemption does
 * not explain named as unexplained; a saturated sender whose CPU per byte restates throughput; and
 * whose context the receive path's softirq work is charged to on this kernel.
 */
class BusyShareWordingTest {

    /** sendmsg at 64 KiB: throughput peaks at 2 connections, and preemptions per thread fall after it. */
    private static List<ResultRow> rows() {
        return List.of(
                point(1, 10, 0.99e9, 0.6e9, 200, 100),
                point(2, 14, 1.9e9, 1.5e9, 10_016, 8_000),
                point(4, 10, 3.9e9, 3.0e9, 3_000, 2_000),
                point(8, 9, 7.8e9, 6.0e9, 896, 500));
    }

    /** One second-long window of sendmsg 64 KiB × t at about {@code gbps}. */
    private static ResultRow point(int t, double gbps, double senderCpu, double receiverCpu, long senderInv, long receiverInv) {
        long bytes = (long) (gbps * 1e9 / 8);
        return TestRows.Row.of("sendmsg", 65536, t).trials(gbps * 0.97, gbps, gbps * 1.03)
                .window(1.0, bytes, (long) senderCpu, (long) receiverCpu, senderInv, receiverInv).build();
    }

    @Test
    void q3GivesSwitchesPerSecondPerThreadAtEveryConnectionCountAndNamesWhatStaysUnexplained() {
        String q3 = new AnalysisQuestions(Findings.from(rows(), TestRows.ENV)).markdown();

        assertThat(q3).contains("per second per thread, each connection running two threads")
                // (200 + 100) / 1 s / 2 threads = 150; (10016 + 8000) / 4 = 4504; (896 + 500) / 16 = 87.25
                .contains("sendmsg 1: 150/s (10 Gbps), 2: 4504/s (14 Gbps), 4: 625/s (10 Gbps), 8: 87.3/s (9 Gbps)")
                .contains("Unexplained by this run: sendmsg fell from 14 Gbps at 2 to 9 Gbps at 8 connections while "
                        + "preemptions per thread fell too (4504 → 87.3/s)")
                .contains("Preemption does not explain those falls");
    }

    @Test
    void aSaturatedSendersCpuPerByteIsSaidToRestateThroughput() {
        String cost = Findings.from(rows(), TestRows.ENV).costPerByte();

        assertThat(cost).contains("99 % / 60 %") // 1 connection: 0.99 s of sender CPU in a 1 s window
                .contains("At 4 of 4 points the sender threads were on a CPU for at least 90 %")
                .contains("8 × connections × busy share / Gbps").contains("is always");
    }

    @Test
    void softirqWorkIsChargedToWhicheverThreadRanItNotToTheSendPath() {
        String note = new CostPerByte(new RowIndex(rows()), TestRows.envWithIrqAccounting("not set")).softirqNote();

        // the reviewed run: sendmsg 64 KiB sender / receiver ns/B 0.366 / 0.254 at 1 connection, 0.149 / 0.486 at 2
        assertThat(note).contains("the sender's for the data it transmits, the receiver's for the ACKs its reads send back")
                .contains("can land in either column, and the split moves with timing: compare total CPU per byte")
                .doesNotContain("the sender's figures include the receive path");
    }

    @Test
    void taskClockIncludesSoftirqWhateverTheKernelsAccountingConfig() {
        // perf task-clock is time on a CPU: the config only changes the scheduler's cputime
        for (String config : new String[] {"not set", "y"}) {
            assertThat(new CostPerByte(new RowIndex(rows()), TestRows.envWithIrqAccounting(config)).softirqNote())
                    .contains("perf's task-clock").contains("included whatever the kernel's configuration")
                    .doesNotContain("so that softirq time counts");
        }
    }

    @Test
    void schedulerCpuTimesFollowTheAccountingConfig() {
        TestRows.Row proc = TestRows.Row.of("sendmsg", 65536, 1);
        proc.cpuSource = "/proc/thread-self/stat utime+stime";
        List<ResultRow> rows = List.of(proc.build());

        assertThat(new CostPerByte(new RowIndex(rows), TestRows.envWithIrqAccounting("not set")).softirqNote())
                .contains("built without CONFIG_IRQ_TIME_ACCOUNTING").contains("CPU time of the thread it interrupted");
        assertThat(new CostPerByte(new RowIndex(rows), TestRows.envWithIrqAccounting("y")).softirqNote())
                .contains("CONFIG_IRQ_TIME_ACCOUNTING=y").contains("in neither thread's CPU time");
        assertThat(new CostPerByte(new RowIndex(rows), TestRows.env(java.util.Map.of())).softirqNote())
                .contains("could not be read");
    }
}
