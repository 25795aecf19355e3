package dev.copycost.calibration;

import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * One calibration row's throughput ratio taken apart. A trial's sender spent {@code c} µs of CPU per
 * message and was on a CPU for a share {@code s} of the window, so {@code s = c × messages per second}
 * and Gbps = bits per message × s / c, for any trial. So, pair by pair,
 * <pre>copycost / C in Gbps = (s copycost / s C) / (c copycost / c C)</pre>
 * The first factor is time the sender spent off its CPU (waiting for its receiver or completions,
 * preempted by the receiver or another task, or by the hypervisor); the second is what a message cost
 * the sender. Each factor gets its own 95% interval over the pairs, as the Gbps ratio does.
 *
 * @param senderCpu   copycost's sender CPU per message over the C twin's, paired
 * @param senderShare copycost's sender's share of the window on a CPU over the C twin's, paired
 * @param copycost    medians of copycost's trials
 * @param reference   medians of the reference's trials
 */
public record ThroughputSplit(CalibrationRow row, Interval senderCpu, Interval senderShare, Side copycost,
        Side reference) {

    /**
     * One program's medians over its trials of the row: sender and receiver CPU µs per message, sender's
     * share; and the lowest and highest sender CPU per message and share among those trials.
     */
    public record Side(double senderCpuMicros, double receiverCpuMicros, double senderShare,
            CalibrationRow.Spread senderCpuRange, CalibrationRow.Spread shareRange) {
    }

    /**
     * The split of {@code row} from its trials, or empty when either program did not report its threads'
     * CPU in every pair (iperf3 never does).
     */
    public static Optional<ThroughputSplit> of(CalibrationRow row, List<CalibrationTrial> trials) {
        List<CalibrationTrial> of = trials.stream().filter(row::of).toList();
        List<CalibrationTrial> ours = of.stream().filter(CalibrationTrial::copycost)
                .sorted(Comparator.comparingInt(CalibrationTrial::pair)).toList();
        List<CalibrationTrial> theirs = of.stream().filter(t -> !t.copycost())
                .sorted(Comparator.comparingInt(CalibrationTrial::pair)).toList();
        if (ours.size() < 2 || ours.size() != theirs.size()
                || of.stream().anyMatch(t -> !(t.perMessage().senderCpuMicros() > 0))) {
            return Optional.empty();
        }
        for (int i = 0; i < ours.size(); i++) {
            if (ours.get(i).pair() != theirs.get(i).pair()) {
                throw new IllegalArgumentException(row.label() + " " + row.size() + " B: pair " + ours.get(i).pair()
                        + " of copycost has no partner of " + row.reference() + " (found pair " + theirs.get(i).pair() + ")");
            }
        }
        return Optional.of(new ThroughputSplit(row,
                LogTInterval.ofPairedRatios(values(ours, t -> t.perMessage().senderCpuMicros()),
                        values(theirs, t -> t.perMessage().senderCpuMicros())),
                LogTInterval.ofPairedRatios(values(ours, CalibrationTrial::senderShare),
                        values(theirs, CalibrationTrial::senderShare)),
                side(ours), side(theirs)));
    }

    private static Side side(List<CalibrationTrial> trials) {
        return new Side(median(trials, t -> t.perMessage().senderCpuMicros()),
                median(trials, t -> t.perMessage().receiverCpuMicros()), median(trials, CalibrationTrial::senderShare),
                CalibrationRow.Spread.of(values(trials, t -> t.perMessage().senderCpuMicros())),
                CalibrationRow.Spread.of(values(trials, CalibrationTrial::senderShare)));
    }

    private static double median(List<CalibrationTrial> trials, ToDoubleFunction<CalibrationTrial> f) {
        return PairedCalibration.median(values(trials, f));
    }

    private static double[] values(List<CalibrationTrial> trials, ToDoubleFunction<CalibrationTrial> f) {
        return trials.stream().mapToDouble(f).toArray();
    }
}
