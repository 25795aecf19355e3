package dev.copycost.calibration;

import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a trial is changed by the trial run just before it: the pairs alternate which program goes
 * first, so trials run in the order copycost, reference | reference, copycost | copycost, reference …,
 * and each program runs twice in a row once every two pairs. The two trials of such a run share the
 * minute and differ in what ran before them: the first follows the other program, the second its own.
 * Their ratio, over every such run of the points given, is the carryover: what the other program
 * leaves behind (sockets being torn down, a JVM still busy, caches) that a program's own trial does
 * not. With an even number of pairs each program follows the other as often as itself, so a carryover
 * cancels in the calibration's ratios; this measures how large it was.
 *
 * @param referenceAfterCopycost a reference trial right after a copycost trial, over the reference
 *                               trial right after it (which followed a reference trial)
 * @param copycostAfterReference a copycost trial right after a reference trial, over the copycost
 *                               trial right after it
 */
public record Carryover(Interval referenceAfterCopycost, Interval copycostAfterReference) {

    /** From the trials of one reference's points, in the order each point's pairs ran them. */
    public static Carryover of(List<CalibrationTrial> trials) {
        List<Double> refAfterOther = new ArrayList<>();
        List<Double> refAfterOwn = new ArrayList<>();
        List<Double> oursAfterOther = new ArrayList<>();
        List<Double> oursAfterOwn = new ArrayList<>();
        for (List<CalibrationTrial> point : trials.stream()
                .collect(Collectors.groupingBy(t -> t.reference() + "|" + t.strategy() + "|" + t.size() + "|" + t.noDelay()))
                .values()) {
            List<CalibrationTrial> ran = point.stream()
                    .sorted(Comparator.comparingInt(CalibrationTrial::pair).thenComparing(t -> !t.first())).toList();
            for (int i = 1; i + 1 < ran.size(); i++) {
                CalibrationTrial before = ran.get(i - 1);
                CalibrationTrial now = ran.get(i);
                CalibrationTrial next = ran.get(i + 1);
                // a program twice in a row, the first of the two after the other program
                if (now.program().equals(next.program()) && !before.program().equals(now.program())) {
                    (now.copycost() ? oursAfterOther : refAfterOther).add(now.gbps());
                    (now.copycost() ? oursAfterOwn : refAfterOwn).add(next.gbps());
                }
            }
        }
        return new Carryover(ratio(refAfterOther, refAfterOwn), ratio(oursAfterOther, oursAfterOwn));
    }

    private static Interval ratio(List<Double> a, List<Double> b) {
        return LogTInterval.ofPairedRatios(a.stream().mapToDouble(Double::doubleValue).toArray(),
                b.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
