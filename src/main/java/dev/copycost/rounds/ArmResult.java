package dev.copycost.rounds;

import dev.copycost.experiment.PointResult;
import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything one arm of a block measured: its trials in round order, or the failure that ended it.
 *
 * @param failure why a trial of this arm failed; then the arm ran no further rounds
 */
public record ArmResult(Arm arm, List<Trial> trials, Optional<String> failure) {
    public ArmResult {
        trials = List.copyOf(trials);
    }

    public boolean failed() {
        return failure.isPresent();
    }

    public double[] gbps() {
        return trials.stream().mapToDouble(Trial::gbps).toArray();
    }

    /** Throughput over trials: geometric mean with its 95% interval. */
    public Interval gbpsInterval() {
        return LogTInterval.ofValues(gbps());
    }

    /** The throughput of the trial in the given round, if this arm ran one. */
    OptionalDouble gbpsInRound(int round) {
        return trials.stream().filter(t -> t.round() == round).mapToDouble(Trial::gbps).findFirst();
    }

    /** The trials as one point: all windows, sums of the whole-run counts. */
    public PointResult merged() {
        return PointResult.merge(trials.stream().map(Trial::result).toList());
    }
}
