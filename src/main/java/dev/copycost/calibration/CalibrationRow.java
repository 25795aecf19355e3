package dev.copycost.calibration;

import dev.copycost.experiment.Summary;
import dev.copycost.statistics.Interval;

/**
 * copycost against a reference at one point: the geometric means of each side's Gbps over the pairs,
 * and the ratio copycost / reference with its 95% interval from the per-pair ratios (a slow minute
 * slows both trials of a pair and cancels). A ratio below 1 is the harness's cost; above 1 means the
 * two did not do the same work.
 *
 * @param reference {@code c-twin} or {@code iperf3}
 * @param strategy  copycost's strategy measured
 * @param threads   connections
 * @param ratio     copycost / reference, with its interval and the number of pairs
 * @param copycostTrials  the lowest and highest Gbps of copycost's trials
 * @param referenceTrials the same of the reference's: how far one program alone moved between trials
 * @param copycostReceiverSleeps  median over copycost's trials of its receiver's voluntary context
 *                                switches per message: how often it waited for data
 * @param referenceReceiverSleeps the same of the reference's receiver; NaN where it does not report it
 * @param noDelay   TCP_NODELAY on both ends (Nagle's algorithm off), as both programs ran
 */
public record CalibrationRow(String reference, String strategy, int size, int threads, double copycostGbps,
        double referenceGbps, Interval ratio, Spread copycostTrials, Spread referenceTrials,
        double copycostReceiverSleeps, double referenceReceiverSleeps, boolean noDelay) {
    public static final String C_TWIN = "c-twin";
    public static final String IPERF3 = "iperf3";

    /** The strategy as the report names the row: {@code sendmsg}, or {@code sendmsg with TCP_NODELAY}. */
    public String label() {
        return strategy + (noDelay ? " with TCP_NODELAY" : "");
    }

    /** A row against the C twin with Nagle's algorithm on (TCP_NODELAY off), as the matrix runs. */
    public boolean twinWithNagle() {
        return reference.equals(C_TWIN) && !noDelay;
    }

    /** True for the trials of this row. */
    public boolean of(CalibrationTrial t) {
        return t.reference().equals(reference) && t.strategy().equals(strategy) && t.size() == size
                && t.noDelay() == noDelay;
    }

    /** The lowest and highest of one side's trials: Gbps in a row, or another per-trial figure. */
    public record Spread(double min, double max) {
        public Spread {
            if (!(min <= max)) {
                throw new IllegalArgumentException("a spread's lowest trial " + min + " is above its highest " + max);
            }
        }

        public static Spread of(double[] values) {
            Summary s = Summary.of(values);
            return new Spread(s.min(), s.max());
        }

        /** Highest over lowest: 1.5 means the fastest trial moved 1.5 times the slowest's rate. */
        public double factor() {
            return max / min;
        }
    }
}
