package dev.copycost.report.findings;

import dev.copycost.calibration.CalibrationRow;
import dev.copycost.calibration.CalibrationTrial;
import dev.copycost.report.Fmt;
import dev.copycost.statistics.RankCorrelation;
import dev.copycost.statistics.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * At the largest calibrated size, where the harness is one call per message: how far each program
 * alone moved between its own trials, and whether the faster trials were those whose receiver waited
 * less often for data (Spearman's ρ over both programs' trials).
 */
final class LargestSizeSpread {
    private final List<CalibrationRow> rows;
    private final List<CalibrationTrial> trials;
    private final double margin;

    LargestSizeSpread(List<CalibrationRow> rows, List<CalibrationTrial> trials, double margin) {
        this.rows = rows;
        this.trials = trials;
        this.margin = margin;
    }

    /**
     * At the largest size, where the harness is one call per message: how far each program alone moved
     * between its own trials, and how often each receiver waited for data per message (a wake-up the
     * sender pays for on loopback).
     */
    String markdown() {
        List<CalibrationRow> twin = rows.stream().filter(CalibrationRow::twinWithNagle).toList();
        if (twin.isEmpty()) {
            return "";
        }
        int largest = twin.stream().mapToInt(CalibrationRow::size).max().getAsInt();
        List<CalibrationRow> at = twin.stream().filter(r -> r.size() == largest).toList();
        double twinSpread = at.stream().mapToDouble(r -> r.referenceTrials().factor()).max().orElse(Double.NaN);
        double ourSpread = at.stream().mapToDouble(r -> r.copycostTrials().factor()).max().orElse(Double.NaN);
        long undecided = at.stream().filter(r -> Verdict.of(r.ratio(), margin) == Verdict.UNDECIDED).count();
        StringBuilder md = new StringBuilder("At " + Fmt.size(largest) + " the C twin's own trials of one strategy "
                + "differed by up to " + Fmt.times(twinSpread) + " between the fastest and the slowest, copycost's by up "
                + "to " + Fmt.times(ourSpread) + ". The twin ran the same binary in every trial, so its spread is the "
                + "machine's alone (where the scheduler puts sender, receiver and the softirq work, and steal; see the "
                + "method note). " + undecided + " of " + at.size() + " ratios at this size " + (undecided == 1 ? "is" : "are")
                + " unresolved; pairing cancels a slow drift, not a swing within a pair.\n\n");
        md.append("The receiver's pace is the other difference at this size. Over loopback the softirq that delivers "
                + "the data runs on the sending CPU, mostly in the sender's system call, and wakes the receiver when it is "
                + "waiting, so each wait of the receiver is a wake-up the sender performs; how often a receiver waits "
                + "depends on how fast it verifies, which differs between the programs. Whether fewer waits went with "
                + "faster trials is what ρ below measures: Spearman's rank correlation between a trial's Gbps and its "
                + "receiver's waits (voluntary context switches) per message over both programs' trials of the "
                + "strategy, with a 95% interval (Fisher's z); negative means the faster trials waited less. The waits "
                + "are medians over each side's trials.\n\n"
                + "| strategy | copycost / C | copycost's receiver | the C twin's receiver | ρ (Gbps, waits) [95%] | trials |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        List<String> negative = new ArrayList<>();
        List<String> positive = new ArrayList<>();
        for (CalibrationRow r : at) {
            RankCorrelation rho = paceAgainstRate(r);
            md.append("| ").append(r.strategy()).append(" | ").append(HarnessEfficiency.ratio(r)).append(" | ")
                    .append(Fmt.num(r.copycostReceiverSleeps())).append(" | ").append(Fmt.num(r.referenceReceiverSleeps()))
                    .append(" | ").append(rho(rho)).append(" | ").append(rho.n()).append(" |\n");
            if (rho.decidedlyNegative()) {
                negative.add(r.strategy());
            } else if (rho.decidedlyPositive()) {
                positive.add(r.strategy());
            }
        }
        md.append('\n');
        if (!negative.isEmpty()) {
            md.append("For ").append(String.join(", ", negative)).append(" the faster trials were decidedly those whose "
                    + "receiver waited less often per message, whichever program ran them.\n\n");
        }
        if (!positive.isEmpty()) {
            md.append("For ").append(String.join(", ", positive)).append(" the faster trials were decidedly those whose "
                    + "receiver waited more often per message: there the receiver's pace did not make the sender "
                    + "cheaper.\n\n");
        }
        if (negative.isEmpty() && positive.isEmpty()) {
            md.append("No strategy's ρ was decided either way in this run.\n\n");
        }
        return md.toString();
    }

    /** Gbps against the receiver's waits per message over both programs' trials of one C-twin row. */
    private RankCorrelation paceAgainstRate(CalibrationRow r) {
        List<CalibrationTrial> of = trials.stream().filter(t -> r.of(t) && Double.isFinite(t.receiverSleepsPerMessage()))
                .toList();
        return RankCorrelation.of(of.stream().mapToDouble(CalibrationTrial::gbps).toArray(),
                of.stream().mapToDouble(CalibrationTrial::receiverSleepsPerMessage).toArray());
    }

    private static String rho(RankCorrelation r) {
        if (Double.isNaN(r.rho())) {
            return "n/a";
        }
        return Fmt.rounded(r.rho(), 2) + (Double.isFinite(r.low())
                ? " [" + Fmt.rounded(r.low(), 2) + " to " + Fmt.rounded(r.high(), 2) + "]" : "");
    }
}
