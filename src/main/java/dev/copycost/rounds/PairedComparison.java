package dev.copycost.rounds;

import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import dev.copycost.statistics.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Arm A against arm B of one block: the ratio of their throughputs in each round both ran, its
 * geometric mean and 95% interval, and the verdict.
 *
 * @param ratio          A/B of throughput
 * @param rounds         rounds in which both ran (the interval's observations)
 * @param decidedToStop  decided also by the stricter interval a block must reach to stop early
 *                       ({@link RoundsPlan#stopLevel()}), so that stopping on a lucky round cannot make a verdict
 */
public record PairedComparison(String a, String b, Interval ratio, Verdict verdict, int rounds,
        boolean decidedToStop) {

    static PairedComparison of(ArmResult a, ArmResult b, int lastRound, double margin, double stopLevel) {
        List<Double> ga = new ArrayList<>();
        List<Double> gb = new ArrayList<>();
        for (int r = 1; r <= lastRound; r++) {
            OptionalDouble x = a.gbpsInRound(r);
            OptionalDouble y = b.gbpsInRound(r);
            if (x.isPresent() && y.isPresent()) {
                ga.add(x.getAsDouble());
                gb.add(y.getAsDouble());
            }
        }
        double[] x = ga.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = gb.stream().mapToDouble(Double::doubleValue).toArray();
        Interval ratio = LogTInterval.ofPairedRatios(x, y);
        boolean strict = Verdict.of(LogTInterval.ofPairedRatios(stopLevel, x, y), margin).decided();
        return new PairedComparison(a.arm().name(), b.arm().name(), ratio, Verdict.of(ratio, margin), ga.size(),
                strict);
    }

    /** "sendmsg vs send: 7.40× [6.90–8.00], ahead (8 rounds)". */
    public String text() {
        return a + " vs " + b + ": " + ratio.ratioText() + ", " + verdict.word() + " (" + rounds + " rounds)";
    }
}
