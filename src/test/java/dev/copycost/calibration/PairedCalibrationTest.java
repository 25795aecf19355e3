package dev.copycost.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.strategy.StrategyName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pairs alternate which program runs first, and every trial of both is kept. */
class PairedCalibrationTest {
    @TempDir
    Path dir;

    private static final ExperimentSpec SPEC = ExperimentSpec.of(StrategyName.parse("sendmsg"), 4096, 1)
            .withTiming(Duration.ofMillis(20), Duration.ofMillis(60), 1);

    @Test
    void eachProgramRunsFirstInHalfThePairsAndEveryTrialIsKept() throws Exception {
        // the reference records, at each of its trials, how many copycost trials had already run:
        // pair 0 runs copycost first (1 before), pair 1 the reference first (still 1), and so on
        List<Long> copycostTrialsBefore = new ArrayList<>();
        long[] copycostRuns = {0};
        PairedCalibration.Outcome o = PairedCalibration.measure("c-twin", "sendmsg", SPEC, spec -> {
            copycostRuns[0]++;
            return Experiment.run(spec);
        }, spec -> {
            copycostTrialsBefore.add(copycostRuns[0]);
            return new ReferenceTrial(1.0, 1, 0, 0, 0, waits(0.5));
        }, 4);

        assertThat(copycostTrialsBefore).containsExactly(1L, 1L, 3L, 3L);
        List<CalibrationTrial> trials = o.trials();
        assertThat(trials).hasSize(8);
        assertThat(trials).filteredOn(CalibrationTrial::copycost).extracting(CalibrationTrial::first)
                .containsExactly(true, false, true, false);
        assertThat(trials).filteredOn(t -> !t.copycost()).allSatisfy(t -> {
            assertThat(t.program()).isEqualTo("c-twin");
            assertThat(t.receiverSleepsPerMessage()).isEqualTo(0.5);
        });
        assertThat(trials).filteredOn(CalibrationTrial::copycost).allSatisfy(t -> {
            assertThat(t.gbps()).as("a real trial moved data").isPositive();
            assertThat(t.segmentsPerMessage()).as("TCP segments per 4 KiB message").isPositive();
            assertThat(t.perMessage().senderCpuMicros()).as("the sender's CPU per message").isPositive();
            assertThat(t.perMessage().receiverCpuMicros()).as("the receiver's CPU per message").isPositive();
        });

        Path csv = dir.resolve("calibration-trials.csv");
        CalibrationTrialsCsv.write(csv, trials);
        assertThat(CalibrationTrialsCsv.read(csv)).containsExactlyElementsOf(trials);
    }

    @Test
    void anOddNumberOfPairsIsRefusedNamingIt() {
        assertThatThrownBy(() -> PairedCalibration.measure("c-twin", "sendmsg", SPEC,
                spec -> new ReferenceTrial(1.0, 1, 0, 0, 0, waits(0.5)), 5))
                .hasMessageContaining("calibration pairs 5: an even number");
    }

    /** A trial whose only per-message figure is its receiver's waits for data. */
    private static PerMessageCosts waits(double receiverSleeps) {
        return new PerMessageCosts(Double.NaN, Double.NaN, Double.NaN, receiverSleeps);
    }
}
