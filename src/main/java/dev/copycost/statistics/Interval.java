package dev.copycost.statistics;

import java.util.Locale;

/**
 * An estimate with its confidence interval, on a ratio scale (a throughput, or a ratio of two).
 * An interval from fewer than two observations has no width to speak of: its bounds are NaN, and
 * every verdict drawn from it is "undecided".
 *
 * @param estimate the geometric mean of the observations (of the ratios, for a ratio)
 * @param low      lower bound of the interval, NaN when unknown
 * @param high     upper bound of the interval, NaN when unknown
 * @param n        observations (trials, or rounds for a paired ratio) behind it
 * @param level    confidence level, e.g. 0.95
 */
public record Interval(double estimate, double low, double high, int n, double level) {

    public Interval {
        if (n < 0) {
            throw new IllegalArgumentException("observation count " + n + " is negative");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level " + level + " is not in (0, 1)");
        }
        if (Double.isFinite(low) && Double.isFinite(high) && low > high) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] has its bounds reversed");
        }
    }

    /** True when both bounds are known. */
    public boolean known() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    public boolean contains(double value) {
        return known() && low <= value && value <= high;
    }

    /** True when the two intervals share no value; unknown intervals overlap everything. */
    public boolean excludes(Interval other) {
        return known() && other.known() && (low > other.high || high < other.low);
    }

    /** The relative half-width, high/low as a factor: 1.10 means the interval spans about ±5%. */
    public double widthFactor() {
        return known() && low > 0 ? high / low : Double.NaN;
    }

    /** e.g. {@code 1.23× [1.10–1.37]} for a ratio. */
    public String ratioText() {
        return known()
                ? String.format(Locale.ROOT, "%s× [%s–%s]", num(estimate), num(low), num(high))
                : String.format(Locale.ROOT, "%s× [interval unknown with %d observation(s)]", num(estimate), n);
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 ? "%.2f" : "%.3g", v);
    }
}
