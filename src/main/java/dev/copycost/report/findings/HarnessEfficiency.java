package dev.copycost.report.findings;

import dev.copycost.calibration.CalibrationResults;
import dev.copycost.calibration.CalibrationRow;
import dev.copycost.calibration.CalibrationTrial;
import dev.copycost.calibration.CallCost;
import dev.copycost.calibration.Iperf3;
import dev.copycost.calibration.ThroughputSplit;
import dev.copycost.report.Fmt;
import dev.copycost.report.results.CpuAttributionRow;
import dev.copycost.statistics.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The "Harness efficiency" section: copycost's own path against the C twin (the same workload
 * without the JVM) and iperf3, from calibration.csv. A ratio below 1 is what the harness costs; a
 * ratio above 1 against the C twin means the two did not do the same work, which is itself a finding
 * to explain rather than a score to keep.
 *
 * <p>Beside the table: each ratio taken apart into the sender's cost per message and its time on a
 * CPU ({@link CostOrShare}), where the gap comes from ({@link HarnessGap}), what the machine alone and the
 * receiver's pace do at the largest size ({@link LargestSizeSpread}), and what a trial leaves behind
 * for the next ({@link TrialCarryover}).
 */
public final class HarnessEfficiency {
    private final List<CalibrationRow> rows;
    private final List<CalibrationTrial> trials;
    private final List<CpuAttributionRow> attribution;
    private final List<CallCost> callCosts;
    private final double margin;
    private final Optional<String> iperfMissing;

    /**
     * @param calibration  the ratios, their trials and the call costs the calibration wrote
     * @param attribution  the run's profiled points, by category (empty when nothing was profiled)
     * @param margin       the run's equivalence margin: a ratio within it either way is "level"
     * @param iperfMissing why iperf3 was not measured, if it was not
     */
    public HarnessEfficiency(CalibrationResults calibration, List<CpuAttributionRow> attribution, double margin,
            Optional<String> iperfMissing) {
        this.rows = calibration.rows();
        this.trials = calibration.trials();
        this.attribution = List.copyOf(attribution);
        this.callCosts = calibration.callCosts();
        this.margin = margin;
        this.iperfMissing = iperfMissing;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("## Harness efficiency: copycost against the same workload in C, and iperf3\n\n");
        if (rows.isEmpty()) {
            return md.append("Not measured in this run (no calibration.csv: the calibration tests were skipped or not "
                    + "selected).\n\n").toString();
        }
        md.append("Each ratio is copycost's Gbps over the reference's, from alternating pairs of one trial each at one "
                + "connection (the first of a pair alternates), with a 95% Student-t interval over the per-pair ratios "
                + "on the log scale. The C twin (perf-scripts/c-baseline/baseline.c, compiled with gcc by this run) does "
                + "copycost's work without the JVM and JNA: the same eight fields, stamps, payload pattern, receiver "
                + "checks of every stamp and payload byte, buffer sets and socket options. So copycost / C below 1 is "
                + "what the harness costs; above 1 the two did not do the same thing. iperf3: "
                + Iperf3.DIFFERENCE + ".\n\n");
        md.append("| reference | strategy | size | copycost Gbps [trials] | reference Gbps [trials] | copycost / reference [95% CI] | pairs | reading |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (CalibrationRow r : rows) {
            md.append("| ").append(r.reference()).append(" | ").append(r.label()).append(" | ")
                    .append(Fmt.size(r.size())).append(" | ").append(gbps(r.copycostGbps(), r.copycostTrials()))
                    .append(" | ").append(gbps(r.referenceGbps(), r.referenceTrials())).append(" | ")
                    .append(ratio(r)).append(" | ").append(r.ratio().n()).append(" | ")
                    .append(reading(r)).append(" |\n");
        }
        md.append('\n');
        summary().ifPresent(s -> md.append(s).append("\n\n"));
        List<ThroughputSplit> splits = rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN))
                .map(r -> ThroughputSplit.of(r, trials)).flatMap(Optional::stream).toList();
        md.append(new CostOrShare(splits, margin).markdown());
        md.append(new HarnessGap(rows, trials, splits, attribution, callCosts, margin).markdown());
        md.append(new LargestSizeSpread(rows, trials, margin).markdown());
        md.append(new TrialCarryover(trials, margin).markdown());
        iperfMissing.ifPresent(why -> md.append("iperf3 was not measured: ").append(why).append(".\n\n"));
        return md.toString();
    }

    private static String gbps(double estimate, CalibrationRow.Spread trials) {
        return Fmt.spread(estimate, trials.min(), trials.max());
    }

    /** A row's ratio with its interval, "0.81 [0.75–0.87]". */
    static String ratio(CalibrationRow r) {
        return Fmt.spread(r.ratio().estimate(), r.ratio().low(), r.ratio().high());
    }

    /** What one ratio says, in words no stronger than its interval. */
    String reading(CalibrationRow r) {
        return reading(r, margin);
    }

    /** The same for a given equivalence margin, for the sections beside this one. */
    static String reading(CalibrationRow r, double margin) {
        Verdict v = Verdict.of(r.ratio(), margin);
        String ref = r.reference().equals(CalibrationRow.C_TWIN) ? "C" : r.reference();
        return switch (v) {
            case BEHIND -> "copycost slower than " + ref + ": the harness costs " + Fmt.percent(1 - r.ratio().high())
                    + "–" + Fmt.percent(1 - r.ratio().low()) + " of the reference's rate";
            case EQUIVALENT -> "level with " + ref + " (within ±" + Fmt.percent(margin) + ")";
            case AHEAD -> r.reference().equals(CalibrationRow.C_TWIN)
                    ? "copycost faster than C: the two did not do the same work here (see where in \"Cost per "
                            + "message, or time on a CPU\")"
                    : "copycost faster than " + ref;
            case UNDECIDED -> "unresolved with " + r.ratio().n() + " pairs: the interval spans 1";
        };
    }

    /** The C-twin ratios per size: the smallest size's worst decided loss, stated with its interval. */
    private Optional<String> summary() {
        List<String> parts = new ArrayList<>();
        rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN)).mapToInt(CalibrationRow::size).distinct()
                .sorted().forEach(size -> {
                    List<String> at = new ArrayList<>();
                    rows.stream().filter(r -> r.reference().equals(CalibrationRow.C_TWIN) && r.size() == size)
                            .forEach(r -> at.add(r.label() + " " + ratio(r)));
                    parts.add(Fmt.size(size) + ": " + String.join(", ", at));
                });
        return parts.isEmpty() ? Optional.empty()
                : Optional.of("copycost / C by size: " + String.join("; ", parts) + ".");
    }
}
