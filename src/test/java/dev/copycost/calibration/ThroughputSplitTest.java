package dev.copycost.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputSplitTest {
    private static final int SIZE = 65536;

    private static CalibrationRow row(String reference, Interval ratio) {
        return new CalibrationRow(reference, "sendmsg", SIZE, 1, 1, 1, ratio, new CalibrationRow.Spread(1, 1),
                new CalibrationRow.Spread(1, 1), 0.3, 0.3, false);
    }

    /** A trial whose sender spent {@code cpuMicros} per message and moved {@code gbps}. */
    private static CalibrationTrial trial(String program, int pair, double gbps, double cpuMicros) {
        return new CalibrationTrial(CalibrationRow.C_TWIN, "sendmsg", SIZE, pair, program, pair % 2 == 0 == program.equals("copycost"),
                gbps, new PerMessageCosts(cpuMicros, 10, 0, 0.3), 2.3, false);
    }

    @Test
    void theSharesOnACpuAreWhatTheCpuPerMessageAndTheRateImply() {
        // 20 Gbps of 64 KiB messages is 38,147 messages a second; at 20 µs each the sender ran 76 % of the window
        CalibrationTrial t = trial("copycost", 0, 20, 20);
        assertThat(t.senderShare()).isCloseTo(20e9 / 8 / SIZE * 20e-6, within(1e-12)).isCloseTo(0.763, within(0.001));
    }

    @Test
    void theGbpsRatioIsTheShareRatioOverTheCostRatioPairByPair() {
        double[] ourGbps = {20, 24, 18, 22};
        double[] twinGbps = {16, 25, 15, 20};
        double[] ourCpu = {21, 20, 22, 20.5};
        double[] twinCpu = {20, 21, 21, 21};
        List<CalibrationTrial> trials = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            trials.add(trial("copycost", i, ourGbps[i], ourCpu[i]));
            trials.add(trial("c-twin", i, twinGbps[i], twinCpu[i]));
        }
        Interval gbps = LogTInterval.ofPairedRatios(ourGbps, twinGbps);

        ThroughputSplit s = ThroughputSplit.of(row(CalibrationRow.C_TWIN, gbps), trials).orElseThrow();

        assertThat(s.senderCpu().estimate()).isEqualTo(LogTInterval.ofPairedRatios(ourCpu, twinCpu).estimate());
        // geometric means: share ratio / cost ratio is the Gbps ratio exactly
        assertThat(s.senderShare().estimate() / s.senderCpu().estimate()).isCloseTo(gbps.estimate(), within(1e-9));
        assertThat(s.copycost().senderCpuMicros()).isEqualTo(20.75);
        assertThat(s.reference().senderCpuMicros()).isEqualTo(21);
        assertThat(s.copycost().receiverCpuMicros()).isEqualTo(10);
    }

    @Test
    void aReferenceThatDoesNotReportItsThreadsGivesNoSplit() {
        List<CalibrationTrial> trials = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            trials.add(new CalibrationTrial("iperf3", "sendmsg", SIZE, i, "copycost", i == 0, 20,
                    new PerMessageCosts(20, 10, 0, 0.3), 2.3, false));
            trials.add(new CalibrationTrial("iperf3", "sendmsg", SIZE, i, "iperf3", i != 0, 18, PerMessageCosts.UNKNOWN,
                    Double.NaN, false));
        }
        assertThat(ThroughputSplit.of(row("iperf3", new Interval(1.1, 1, 1.2, 2, 0.95)), trials)).isEmpty();
    }

    @Test
    void aTrialWithoutItsPartnerIsNamed() {
        List<CalibrationTrial> trials = List.of(trial("copycost", 0, 20, 20), trial("c-twin", 0, 20, 20),
                trial("copycost", 1, 20, 20), trial("c-twin", 2, 20, 20));
        assertThatThrownBy(() -> ThroughputSplit.of(row(CalibrationRow.C_TWIN, new Interval(1, 1, 1, 2, 0.95)), trials))
                .hasMessageContaining("pair 1 of copycost has no partner of c-twin");
    }
}
