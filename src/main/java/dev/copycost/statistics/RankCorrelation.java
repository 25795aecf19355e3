package dev.copycost.statistics;

import java.util.Arrays;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Spearman's rank correlation of two paired samples, with an approximate 95% interval: does one
 * grow as the other falls, whatever the shape of the relation? Ties get the mean of their ranks
 * (commons-math's ranking and Pearson's r of the ranks).
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
        double rho = spearman(x, y);
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

    /** Ranks from 1, ties given the mean of the ranks they span. */
    static double[] ranks(double[] values) {
        return new NaturalRanking(TiesStrategy.AVERAGE).rank(values);
    }

    /** Pearson's r of the two samples' ranks; NaN when either does not vary. */
    private static double spearman(double[] x, double[] y) {
        if (Arrays.stream(x).distinct().count() < 2 || Arrays.stream(y).distinct().count() < 2) {
            return Double.NaN;
        }
        return new PearsonsCorrelation().correlation(ranks(x), ranks(y));
    }

    private static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }
}
