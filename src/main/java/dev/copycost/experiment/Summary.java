package dev.copycost.experiment;

import java.util.Arrays;

/**
 * The spread of one quantity over repetitions: median, min, max and the coefficient of variation
 * (sample standard deviation over mean; 0 for a single repetition, which says nothing about noise).
 */
public record Summary(double median, double min, double max, double cv, int n) {

    public static Summary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double mean = Arrays.stream(sorted).average().orElse(0);
        double cv = 0;
        if (n > 1 && mean != 0) {
            double ss = 0;
            for (double v : sorted) {
                ss += (v - mean) * (v - mean);
            }
            cv = Math.sqrt(ss / (n - 1)) / Math.abs(mean);
        }
        return new Summary(median, sorted[0], sorted[n - 1], cv, n);
    }

    /** True when the two ranges [min, max] do not overlap: the difference is larger than the spread seen. */
    public boolean separatedFrom(Summary other) {
        return min > other.max || max < other.min;
    }
}
