package dev.copycost.report.findings;

import dev.copycost.calibration.CalibrationRow;
import dev.copycost.calibration.CalibrationTrial;
import dev.copycost.calibration.Carryover;
import dev.copycost.report.Fmt;
import dev.copycost.statistics.Interval;
import dev.copycost.statistics.Verdict;
import java.util.List;

/** What the trial before leaves behind, per size, from each program's back-to-back trials ({@link Carryover}). */
final class TrialCarryover {
    private final List<CalibrationTrial> trials;
    private final double margin;

    TrialCarryover(List<CalibrationTrial> trials, double margin) {
        this.trials = trials;
        this.margin = margin;
    }

    /**
     * Per size, what the trial just before did to a trial, from the runs of one program twice in a row
     * that the alternating pairs make (see {@link Carryover}).
     */
    String markdown() {
        List<CalibrationTrial> twin = trials.stream().filter(t -> t.reference().equals(CalibrationRow.C_TWIN)).toList();
        if (twin.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### What the trial before leaves behind\n\nThe pairs alternate which "
                + "program goes first, so each runs twice in a row once every two pairs; the first of the two follows "
                + "the other program, the second its own, right after. Their ratio says whether a trial is changed by "
                + "what ran just before it. With an even number of pairs each program follows the other as often as "
                + "itself, so such a carryover cancels in the ratios above; here is how large it was.\n\n"
                + "| size | C twin after copycost / after the twin | copycost after the C twin / after copycost |\n"
                + "|---:|---:|---:|\n");
        for (int size : twin.stream().mapToInt(CalibrationTrial::size).distinct().sorted().toArray()) {
            Carryover c = Carryover.of(twin.stream().filter(t -> t.size() == size).toList());
            md.append("| ").append(Fmt.size(size)).append(" | ").append(carried(c.referenceAfterCopycost()))
                    .append(" | ").append(carried(c.copycostAfterReference())).append(" |\n");
        }
        return md.append('\n').toString();
    }

    private String carried(Interval i) {
        if (i.n() < 2) {
            return "n/a (" + i.n() + " runs)";
        }
        String words = switch (Verdict.of(i, margin)) {
            case BEHIND -> "slower after the other";
            case AHEAD -> "faster after the other";
            case EQUIVALENT -> "no carryover beyond ±" + Fmt.percent(margin);
            case UNDECIDED -> "undecided";
        };
        return Fmt.spread(i.estimate(), i.low(), i.high()) + ", " + i.n() + " runs: " + words;
    }
}
