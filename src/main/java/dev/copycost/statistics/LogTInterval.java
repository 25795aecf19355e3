package dev.copycost.statistics;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Student-t confidence intervals computed on the logarithm of throughputs and of their ratios.
 *
 * <p>Why logarithms: throughput is a rate, its noise is multiplicative (a slow phase of the machine
 * slows a point by a factor, not by a fixed number of Gbps), and a ratio A/B must have the same
 * uncertainty as B/A read upside down. On the log scale a ratio is a difference, the noise is
 * closer to symmetric, and the interval maps back to a ratio that is invariant under swapping A and
 * B. The estimate is the geometric mean.
 *
 * <p>Why Student's t and not a bootstrap: a block has 3 to 20 rounds. The percentile bootstrap
 * under-covers badly at such sizes (with 5 rounds it cannot reach beyond the most extreme of five
 * values), while the t-interval is exact for normal log ratios and, by the central limit theorem and
 * the symmetry of a paired difference, close to its level for the two-mode throughput seen on these
 * VMs (see {@code LogTIntervalCoverageTest}, which simulates both). This is also what JMH reports
 * (a t-based interval over iterations) and what netperf's {@code -I} targets.
 */
public final class LogTInterval {
    public static final double LEVEL = 0.95;
    public static final String METHOD = "Student-t 95% interval on log values (geometric mean)";

    private LogTInterval() {
    }

    /** The geometric mean of positive values with its interval, e.g. a point's Gbps over its trials. */
    public static Interval ofValues(double... values) {
        return ofLogs(logs(values), values.length, LEVEL);
    }

    /** As {@link #ofValues}, at another confidence level (e.g. a stricter one for an early stop). */
    public static Interval ofValuesAt(double level, double... values) {
        return ofLogs(logs(values), values.length, level);
    }

    /** As {@link #ofValues}, but an unknown interval where a value is not a positive finite number (a counter that read 0). */
    public static Interval ofValuesOrUnknown(double... values) {
        for (double v : values) {
            if (!(v > 0) || Double.isInfinite(v)) {
                return new Interval(Double.NaN, Double.NaN, Double.NaN, values.length, LEVEL);
            }
        }
        return ofValues(values);
    }

    /**
     * The ratio of A to B measured side by side: {@code a[i]} and {@code b[i]} come from round i.
     * The per-round ratios a[i]/b[i] are the observations, so a slow round slows both and cancels.
     */
    public static Interval ofPairedRatios(double[] a, double[] b) {
        return ofPairedRatios(LEVEL, a, b);
    }

    /** As {@link #ofPairedRatios(double[], double[])}, at another confidence level. */
    public static Interval ofPairedRatios(double level, double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
        }
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = a[i] / b[i];
        }
        return ofValuesAt(level, ratios);
    }

    /**
     * The ratio of the geometric means of two independent samples (Welch's interval on logs), for
     * comparing a run with an earlier one, where no round pairs a trial of one with a trial of the other.
     */
    public static Interval ofUnpairedRatio(double[] a, double[] b) {
        double[] la = logs(a);
        double[] lb = logs(b);
        int n = Math.min(a.length, b.length);
        double diff = mean(la) - mean(lb);
        if (a.length < 2 || b.length < 2) {
            return new Interval(Math.exp(diff), Double.NaN, Double.NaN, n, LEVEL);
        }
        double va = variance(la) / a.length;
        double vb = variance(lb) / b.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Interval(Math.exp(diff), Math.exp(diff), Math.exp(diff), n, LEVEL);
        }
        // Welch–Satterthwaite degrees of freedom
        double df = (va + vb) * (va + vb)
                / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double t = quantile(df, LEVEL);
        return new Interval(Math.exp(diff), Math.exp(diff - t * se), Math.exp(diff + t * se), n, LEVEL);
    }

    /** The two-sided quantile of Student's t with {@code df} degrees of freedom for the given level. */
    static double quantile(double df, double level) {
        return new TDistribution(null, df).inverseCumulativeProbability(0.5 + level / 2);
    }

    private static Interval ofLogs(double[] logs, int n, double level) {
        double m = mean(logs);
        if (n < 2) {
            return new Interval(n == 0 ? Double.NaN : Math.exp(m), Double.NaN, Double.NaN, n, level);
        }
        double half = quantile(n - 1, level) * Math.sqrt(variance(logs) / n);
        return new Interval(Math.exp(m), Math.exp(m - half), Math.exp(m + half), n, level);
    }

    private static double[] logs(double[] values) {
        double[] logs = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("value " + values[i] + " at position " + i
                        + " is not a positive finite number: throughputs and their ratios must be");
            }
            logs[i] = Math.log(values[i]);
        }
        return logs;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return ss / (v.length - 1);
    }
}
