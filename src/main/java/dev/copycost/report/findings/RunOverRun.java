package dev.copycost.report.findings;

import dev.copycost.experiment.PointResult;
import dev.copycost.report.Fmt;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import dev.copycost.statistics.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * This run against an earlier one, point by point: the ratio of this run's throughput to the
 * baseline's, with a 95% interval and a verdict by the same rules as every other comparison. No
 * round pairs a trial of this run with one of the baseline, so the interval is Welch's on the logs
 * of both runs' trials: wider than a paired one, and honest about it. What a CI pipeline needs to
 * catch a regression after a kernel or NIC firmware change.
 */
public final class RunOverRun {

    /** One point's change: ratio = this run / baseline. */
    public record PointChange(String strategy, int size, int threads, String topology, Interval ratio,
            Verdict verdict) {
        /** The point as ResultRow.label names it: the topology only when it is not loopback. */
        String point() {
            return strategy + " " + Fmt.size(size) + " × " + threads
                    + (PointResult.LOOPBACK.equals(topology) ? "" : " over " + topology);
        }

        String text() {
            return point() + ": " + ratio.ratioText() + " of the baseline, " + verdict.word();
        }
    }

    private RunOverRun() {
    }

    /** Every point measured in both runs. */
    public static List<PointChange> compare(List<ResultRow> now, List<ResultRow> baseline, double margin) {
        Map<String, ResultRow> before = new HashMap<>();
        baseline.forEach(r -> before.put(key(r), r));
        List<PointChange> out = new ArrayList<>();
        for (ResultRow r : ResultsTable.sorted(now)) {
            ResultRow b = before.get(key(r));
            if (b == null) {
                continue;
            }
            if (r.hasInterval() && b.hasInterval()) {
                Interval ratio = LogTInterval.ofUnpairedRatio(r.trialGbps(), b.trialGbps());
                out.add(new PointChange(r.strategy(), r.size(), r.threads(), r.topology(), ratio,
                        Verdict.of(ratio, margin)));
            } else {
                // windows of one run are not independent trials: no interval from them
                Interval ratio = new Interval(r.gbpsCenter() / b.gbpsCenter(), Double.NaN, Double.NaN, 0,
                        LogTInterval.LEVEL);
                out.add(new PointChange(r.strategy(), r.size(), r.threads(), r.topology(), ratio, Verdict.UNDECIDED));
            }
        }
        return out;
    }

    /** True when both runs measured exactly the same points: the condition for using the last run unasked. */
    public static boolean sameMatrix(List<ResultRow> a, List<ResultRow> b) {
        return keys(a).equals(keys(b));
    }

    public static String markdown(List<PointChange> changes, String baselineName) {
        StringBuilder md = new StringBuilder("## Run over run: this run against " + baselineName + "\n\n");
        if (changes.isEmpty()) {
            return md.append("No point was measured in both runs.\n").toString();
        }
        long faster = changes.stream().filter(c -> c.verdict() == Verdict.AHEAD).count();
        long slower = changes.stream().filter(c -> c.verdict() == Verdict.BEHIND).count();
        long same = changes.stream().filter(c -> c.verdict() == Verdict.EQUIVALENT).count();
        md.append("Ratio of this run's throughput to the baseline's per point, geometric means over trials with a 95% "
                + "Welch interval on logs (the runs were not interleaved, so no pairing). The interval holds the "
                + "spread between trials within each run, not the machine's drift between runs (up to 2× between "
                + "minutes on a shared VM): read a single \"slower\" as a lead to check, a pattern of them as a "
                + "finding. A point without trials in either run has no interval. ").append(faster)
                .append(" point(s) faster, ").append(slower).append(" slower, ").append(same).append(" equivalent, ")
                .append(changes.size() - faster - slower - same).append(" undecided.\n\n")
                .append("| point | this run / baseline [95% interval] | verdict |\n|---|---|---|\n");
        for (PointChange c : changes) {
            md.append("| ").append(c.point()).append(" | ").append(c.ratio().ratioText()).append(" | ")
                    .append(c.verdict() == Verdict.BEHIND ? "**slower**" : c.verdict() == Verdict.AHEAD ? "**faster**"
                            : c.verdict().word())
                    .append(" |\n");
        }
        return md.toString();
    }

    public static String csv(List<PointChange> changes) {
        StringBuilder out = new StringBuilder("topology,strategy,size,threads,ratio,ci_low,ci_high,verdict,trials_min\n");
        for (PointChange c : changes) {
            out.append(c.topology()).append(',').append(c.strategy()).append(',').append(c.size()).append(',').append(c.threads()).append(',')
                    .append(Fmt.plain(c.ratio().estimate())).append(',').append(Fmt.plain(c.ratio().low())).append(',')
                    .append(Fmt.plain(c.ratio().high())).append(',').append(c.verdict().word()).append(',')
                    .append(c.ratio().n()).append('\n');
        }
        return out.toString();
    }

    private static Set<String> keys(List<ResultRow> rows) {
        Set<String> keys = new TreeSet<>();
        rows.forEach(r -> keys.add(key(r)));
        return keys;
    }

    /** A point of one topology: loopback's sendmsg 4 KiB × 1 is never compared with the netns one. */
    private static String key(ResultRow r) {
        return r.topology() + "|" + r.strategy() + "|" + r.size() + "|" + r.threads();
    }
}
