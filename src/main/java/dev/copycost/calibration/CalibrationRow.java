package dev.copycost.calibration;

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
 */
public record CalibrationRow(String reference, String strategy, int size, int threads, double copycostGbps,
        double referenceGbps, Interval ratio) {
    public static final String C_TWIN = "c-twin";
    public static final String IPERF3 = "iperf3";
}
