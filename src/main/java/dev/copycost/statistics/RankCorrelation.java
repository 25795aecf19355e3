package dev.copycost.statistics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spearman's rank correlation of two paired samples, with an approximate 95% interval: does one
 * grow as the other falls, whatever the shape of the relation? Ties get the mean of their ranks.
 * The interval is Fisher's z-transform with the standard error 1.06 / √(n − 3) of Fieller, Hartley and
 * Pearson (1957) for Spearman's ρ, so it needs n ≥ 4; below that its bounds are NaN.
 *
 * @param rho  the correlation of the ranks, in [−1, 1]; NaN when either sample does not vary
 * @param low  lower bound of the 95% interval, NaN when unknown
 * @param high upper bound of the 95% interval, NaN when unknown
 * @param n    pairs behind it
 */
public record RankCorrelation(double rho, double low, double high, int n) {
    private static final double Z_975 = 1.959963984540054;

    public static RankCorrelation of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("a rank correlation needs pairs: " + x.length + " values against "
                    + y.length);
        }
        int n = x.length;
        double rho = pearson(ranks(x), ranks(y));
        if (n < 4 || !Double.isFinite(rho)) {
            return new RankCorrelation(rho, Double.NaN, Double.NaN, n);
        }
        if (Math.abs(rho) == 1) {
            return new RankCorrelation(rho, rho, rho, n);
        }
        double z = atanh(rho);
        double half = Z_975 * 1.06 / Math.sqrt(n - 3);
        return new RankCorrelation(rho, Math.tanh(z - half), Math.tanh(z + half), n);
    }

    /** True when the whole interval lies below 0: the second falls as the first grows. */
    public boolean decidedlyNegative() {
        return Double.isFinite(high) && high < 0;
    }

    /** True when the whole interval lies above 0. */
    public boolean decidedlyPositive() {
        return Double.isFinite(low) && low > 0;
    }

    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = mean;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(Double.NaN);
        double mb = Arrays.stream(b).average().orElse(Double.NaN);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    private static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }
}
