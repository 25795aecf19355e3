package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.calibration.CalibrationRow;
import dev.copycost.statistics.Interval;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The calibration's readings say no more than their intervals. */
class HarnessEfficiencyTest {
    private static CalibrationRow row(String ref, int size, double ratio, double low, double high) {
        return new CalibrationRow(ref, "sendmsg", size, 1, 1, 1, new Interval(ratio, low, high, 5, 0.95));
    }

    private final HarnessEfficiency h = new HarnessEfficiency(List.of(), 0.03, Optional.empty());

    @Test
    void aDecidedLossIsTheHarnessCostWithItsRange() {
        assertThat(h.reading(row("c-twin", 64, 0.74, 0.7, 0.78))).isEqualTo(
                "copycost slower than C: the harness costs 22 %–30 % of the reference's rate");
    }

    @Test
    void fasterThanTheTwinIsNotAScoreButADifferenceInWork() {
        assertThat(h.reading(row("c-twin", 65536, 1.3, 1.1, 1.5))).contains("did not do the same work");
    }

    @Test
    void anIntervalSpanningOneIsUnresolvedAndAnIntervalInsideTheMarginIsLevel() {
        assertThat(h.reading(row("c-twin", 4096, 0.95, 0.8, 1.1))).isEqualTo("unresolved with 5 pairs: the interval spans 1");
        assertThat(h.reading(row("iperf3", 4096, 1.0, 0.98, 1.02))).startsWith("level with iperf3");
    }

    @Test
    void theSectionSaysWhyIperf3IsMissingAndWhatItCompares() {
        String md = new HarnessEfficiency(List.of(row("c-twin", 64, 0.74, 0.7, 0.78)), 0.03,
                Optional.of("iperf3 is not installed (apt-get install iperf3)")).markdown();

        assertThat(md).contains("| c-twin | sendmsg | 64 B |").contains("iperf3 was not measured: iperf3 is not installed")
                .contains("sendfile(), not MSG_ZEROCOPY").contains("copycost / C by size: 64 B: sendmsg 0.74 [0.7–0.78]");
    }
}
