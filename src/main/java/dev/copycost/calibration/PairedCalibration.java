package dev.copycost.calibration;

import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.Summary;
import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures copycost's own path against a reference in alternating pairs: pair i runs copycost then
 * the reference when i is even, the reference first when odd, and the number of pairs is even, so
 * each side gets the first half of a pair as often as the second. Every copycost trial verifies its stream as the matrix does.
 */
public final class PairedCalibration {

    /** One trial of the reference program at a point. */
    @FunctionalInterface
    public interface Reference {
        ReferenceTrial run(ExperimentSpec spec) throws IOException, InterruptedException;
    }

    /**
     * Each side's trials and the row they give, with the TCP segments each trial sent per message it
     * verified (NaN where the reference verifies nothing).
     */
    public record Outcome(CalibrationRow row, List<PointResult> copycost, List<ReferenceTrial> reference,
            List<Double> copycostSegmentsPerMessage, List<Double> referenceSegmentsPerMessage) {

        /** Both sides' trials, pair by pair, copycost's first; pair i ran copycost first when i is even. */
        public List<CalibrationTrial> trials() {
            List<CalibrationTrial> trials = new ArrayList<>();
            for (int i = 0; i < copycost.size(); i++) {
                PointResult ours = copycost.get(i);
                ReferenceTrial theirs = reference.get(i);
                trials.add(new CalibrationTrial(row.reference(), row.strategy(), row.size(), i, CalibrationTrial.COPYCOST,
                        copycostFirst(i), ours.gbps().median(), PerMessageCosts.of(ours),
                        copycostSegmentsPerMessage.get(i), row.noDelay()));
                trials.add(new CalibrationTrial(row.reference(), row.strategy(), row.size(), i, row.reference(),
                        !copycostFirst(i), theirs.gbps(), theirs.perMessage(),
                        referenceSegmentsPerMessage.get(i), row.noDelay()));
            }
            return trials;
        }
    }

    /** Pair i runs copycost first when i is even: with an even number of pairs each side leads half. */
    static boolean copycostFirst(int pair) {
        return pair % 2 == 0;
    }

    private PairedCalibration() {
    }

    /** One trial of copycost's own path at a point: {@link Experiment#run}. */
    @FunctionalInterface
    interface Copycost {
        PointResult run(ExperimentSpec spec) throws IOException, InterruptedException, ExperimentFailedException;
    }

    /** {@code pairs} alternating pairs of one copycost trial and one reference trial of {@code spec}. */
    public static Outcome measure(String referenceName, String strategy, ExperimentSpec spec, Reference reference,
            int pairs) throws IOException, InterruptedException, ExperimentFailedException {
        return measure(referenceName, strategy, spec, Experiment::run, reference, pairs);
    }

    /** The same with copycost's trial given: a test sees the order in which the two ran. */
    static Outcome measure(String referenceName, String strategy, ExperimentSpec spec, Copycost copycost,
            Reference reference, int pairs) throws IOException, InterruptedException, ExperimentFailedException {
        if (pairs < 2 || pairs % 2 != 0) {
            throw new IllegalArgumentException("calibration pairs " + pairs + ": an even number, at least 2 (each "
                    + "side runs first in half the pairs, so an order effect cancels)");
        }
        ExperimentSpec oneTrial = spec.withTiming(spec.warmup(), spec.duration(), 1);
        List<PointResult> ours = new ArrayList<>();
        List<ReferenceTrial> theirs = new ArrayList<>();
        List<Double> ourSegments = new ArrayList<>();
        List<Double> theirSegments = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            for (boolean copycostNow : copycostFirst(i) ? new boolean[] {true, false} : new boolean[] {false, true}) {
                long before = TcpSegments.sent();
                if (copycostNow) {
                    PointResult r = copycost.run(oneTrial);
                    ours.add(r);
                    ourSegments.add(perMessage(TcpSegments.sent() - before, r.verifiedMessages()));
                } else {
                    ReferenceTrial t = reference.run(oneTrial);
                    theirs.add(t);
                    theirSegments.add(perMessage(TcpSegments.sent() - before, t.verified()));
                }
            }
        }
        double[] a = ours.stream().mapToDouble(r -> r.gbps().median()).toArray();
        double[] b = theirs.stream().mapToDouble(ReferenceTrial::gbps).toArray();
        Interval ratio = LogTInterval.ofPairedRatios(a, b);
        CalibrationRow row = new CalibrationRow(referenceName, strategy, spec.layout().messageSize(), spec.threads(),
                LogTInterval.ofValues(a).estimate(), LogTInterval.ofValues(b).estimate(), ratio,
                CalibrationRow.Spread.of(a), CalibrationRow.Spread.of(b),
                median(ours.stream().mapToDouble(r -> r.receiverSleepsPerMessage().median()).toArray()),
                median(theirs.stream().mapToDouble(t -> t.perMessage().receiverSleeps()).toArray()), spec.noDelay());
        return new Outcome(row, ours, theirs, ourSegments, theirSegments);
    }

    /** Segments over the whole trial per message verified in it; NaN for a program that verifies nothing. */
    private static double perMessage(long segments, long messages) {
        return messages > 0 ? (double) segments / messages : Double.NaN;
    }

    /** The median, NaN if any value is NaN (a reference that does not report it). */
    static double median(double[] values) {
        return values.length == 0 || Arrays.stream(values).anyMatch(Double::isNaN) ? Double.NaN
                : Summary.of(values).median();
    }
}
