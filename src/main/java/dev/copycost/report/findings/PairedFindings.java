package dev.copycost.report.findings;

import dev.copycost.experiment.MatrixSpec;
import dev.copycost.report.Fmt;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.RunMethod;
import dev.copycost.rounds.BlockResult;
import dev.copycost.statistics.Verdict;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the paired comparisons of a run say beside the headline ({@link Headline}): what placement alone
 * changed, and how the run measured (the method note).
 * Every figure is a ratio measured side by side, with its 95% interval and its rounds.
 */
final class PairedFindings {
    private final RowIndex index;
    private final RunMethod method;
    private final EnvironmentFacts env;

    /** The blocks whose machine load the method note describes: every block of the run, all topologies and kinds. */
    private final List<ComparisonRow> runBlocks;

    PairedFindings(RowIndex index, RunMethod method, EnvironmentFacts env) {
        this(index, method, env, index.comparisons());
    }

    /** @param runBlocks the comparisons of every block whose machine load the note states */
    PairedFindings(RowIndex index, RunMethod method, EnvironmentFacts env, List<ComparisonRow> runBlocks) {
        this.index = index;
        this.method = method;
        this.env = env;
        this.runBlocks = List.copyOf(runBlocks);
    }

    /** A block's name: its size and connections, with its topology and kind where they are not the default. */
    private static String block(ComparisonRow c) {
        return (c.topology().equals(dev.copycost.experiment.PointResult.LOOPBACK) ? "" : c.topology() + " ")
                + (c.kind().equals(dev.copycost.rounds.Block.STRATEGIES) ? "" : c.kind() + " ")
                + Fmt.size(c.size()) + " × " + c.threads();
    }

    /**
     * Of comparisons that are ahead or behind, the one whose interval lies furthest from 1 on its near
     * side, read so that its ratio is above 1.
     */
    private static Optional<ComparisonRow> strongest(Stream<ComparisonRow> comparisons) {
        return comparisons
                .filter(c -> c.verdictValue() == Verdict.AHEAD || c.verdictValue() == Verdict.BEHIND)
                .map(c -> c.verdictValue() == Verdict.BEHIND ? c.reversed() : c)
                .max(Comparator.comparingDouble(ComparisonRow::ciLow));
    }

    /** The placement study: what placement alone changed for one strategy at 1 thread. */
    String placementMarkdown() {
        List<ComparisonRow> study = index.placementComparisons();
        StringBuilder md = new StringBuilder("## Placement: what where the threads run changes on its own\n\n");
        if (study.isEmpty()) {
            return md.append("No placement study in this run (`-Dcopycost.placement-study=true` adds one).\n").toString();
        }
        ComparisonRow first = study.get(0);
        md.append("One strategy (").append(MatrixSpec.PLACEMENT_STUDY_STRATEGY.label())
                .append(" when the matrix has it, else its first) at ").append(Fmt.size(first.size()))
                .append(", 1 connection, measured under each placement in interleaved rounds like any block: `os` leaves "
                        + "the threads to the scheduler, `spread` pins sender and receiver to different CPUs, "
                        + "`same-core` pins both to one. The matrix ran with placement `")
                .append(method == null ? "?" : method.placement()).append("`. Measured on ").append(env.host())
                .append(".\n\n| A | B | A/B [95% interval] | verdict | rounds |\n|---|---|---|---|---:|\n");
        for (ComparisonRow c : study) {
            md.append("| ").append(c.a()).append(" | ").append(c.b()).append(" | ").append(c.ratioText())
                    .append(" | ").append(c.verdict()).append(" | ").append(c.rounds()).append(" |\n");
        }
        Optional<ComparisonRow> largest = strongest(study.stream());
        md.append('\n').append(largest.map(c -> "The largest decided effect of placement alone: " + c.a() + " ran at "
                + c.ratioText() + " the throughput of " + c.b() + ". A comparison of strategies is fair only under one "
                + "placement, which is why every block runs all its strategies under the same one.\n")
                .orElse("No effect of placement alone was decided in this study: every interval includes 1 or lies "
                        + "within the equivalence margin.\n"));
        return md.toString();
    }

    /** How the run measured, in a few sentences a reader needs before trusting an interval. */
    String methodMarkdown() {
        StringBuilder md = new StringBuilder("## How these figures were measured\n\n");
        if (!index.paired() || method == null) {
            return md.append("These results carry no paired comparisons (an older results.json): the ranges are "
                    + "min–max over windows of one run, which understate the spread between runs.\n").toString();
        }
        // every block of the run (placement study and other topologies included), not loopback's strategies alone
        int minRounds = runBlocks.stream().mapToInt(ComparisonRow::rounds).min().orElse(0);
        int maxRounds = runBlocks.stream().mapToInt(ComparisonRow::rounds).max().orElse(0);
        md.append("- **Trials.** Each point was measured by independent trials: fresh connections and threads, a warm-up of ")
                .append(method.warmup()).append(", one measured window of ").append(method.duration())
                .append(", then everything released. Uncertainty comes from the spread between trials.\n")
                .append("- **Rounds.** Points of one size and connection count form a block; each round ran one trial of every "
                        + "strategy in a fresh random order (seed ").append(method.seed())
                .append("; `-Dcopycost.seed=").append(method.seed()).append("` repeats the orders). Blocks ran ")
                .append(minRounds).append(minRounds == maxRounds ? "" : "–" + maxRounds)
                .append(" rounds: at least ").append(method.minRounds()).append(", then more until every comparison "
                        + "was decided, the block's budget of ").append(Fmt.num(method.budgetSeconds()))
                .append(" s was spent, or ").append(method.maxRounds()).append(" rounds.\n")
                .append("- **Intervals.** ").append(method.intervalMethod()).append(": for a pair, over the per-round "
                        + "ratios A/B (the trials of a round run one after another, so a slow drift of the machine slows "
                        + "both about alike and largely cancels, while a swing within a round does not and widens the "
                        + "interval); for a "
                        + "point's own Gbps and CPU per byte, over its trials. Logarithms because the noise is "
                        + "multiplicative and A/B must read as the inverse of B/A; Student's t because blocks have few "
                        + "rounds, where a bootstrap under-covers.\n")
                .append("- **Verdicts.** `equivalent` when the interval lies within ±").append(Fmt.percent(method.equivalence()))
                .append(" (read either way round), else `ahead` when its lower bound is above 1, `behind` when its "
                        + "upper bound is below 1, else `undecided`. A block stops before its budget only when every "
                        + "comparison is decided also at the ").append(Fmt.percent(method.stopLevel()))
                .append(" level (Bonferroni over the rounds at which it may stop), so that looking after every round "
                        + "cannot turn a lucky round into a verdict (the project's `BlockRunnerTest` measures the rate "
                        + "of wrong verdicts this rule gives on simulated equal strategies).\n")
                .append("- **Placement.** Threads ran under placement `").append(method.placement())
                .append("` (see the placement section for what placement alone changes).\n")
                .append("- **Topologies.** ").append(method.topologies() == null ? "loopback" : method.topologies())
                .append(" (each topology's strategies are compared in blocks of their own, never across topologies).\n")
                .append("- **The rest of the machine.** ").append(machineLoad()).append('\n')
                .append("- **Outcome.** ").append(new Headline(index, method).decidedShare()).append(".\n");
        return md.toString();
    }

    /**
     * Other processes' CPU and the hypervisor's steal over the blocks: a busy neighbour changes which
     * strategy wins, not only how fast all run, so a reader must know whether the machine was quiet.
     */
    private String machineLoad() {
        double[] other = runBlocks.stream().mapToDouble(ComparisonRow::otherCpus)
                .filter(Double::isFinite).sorted().toArray();
        ComparisonRow stealiest = runBlocks.stream().filter(c -> Double.isFinite(c.stealShare()))
                .max(java.util.Comparator.comparingDouble(ComparisonRow::stealShare)).orElse(null);
        if (other.length == 0) {
            return "Not recorded.";
        }
        List<String> blocks = runBlocks.stream().map(PairedFindings::block).distinct().toList();
        List<String> remeasured = runBlocks.stream().filter(c -> c.stopReason().contains(BlockResult.SET_ASIDE))
                .map(PairedFindings::block).distinct().toList();
        List<String> loud = runBlocks.stream()
                .filter(c -> c.stealShare() > method.maxSteal() || c.otherCpus() > method.maxOtherCpus())
                .map(c -> block(c) + " (steal " + Fmt.percent(c.stealShare()) + ", other processes "
                        + Fmt.num(c.otherCpus()) + " CPUs)").distinct().toList();
        double steal = stealiest == null ? Double.NaN : stealiest.stealShare();
        String quiet = "A block counts as measured on a quiet machine when steal stayed within "
                + Fmt.percent(method.maxSteal()) + " and other processes within " + Fmt.num(method.maxOtherCpus())
                + " CPUs; one that was not is measured again, up to " + method.attempts() + " times, and the first quiet "
                + "measurement is kept (the least disturbed if none was). "
                + (remeasured.isEmpty() ? "No block needed measuring again. "
                        : "Measured again: " + String.join(", ", remeasured) + " (comparisons.csv, column stop_reason). ")
                + (loud.isEmpty() ? "All " + blocks.size() + " blocks were quiet. "
                        : "**Never quiet, so read their verdicts as measured under contention:** " + String.join(", ", loud)
                                + ". ");
        return quiet + "Other processes used " + Fmt.num(other[0]) + "–" + Fmt.num(other[other.length - 1])
                + " CPUs' worth of time while the blocks ran (of " + env.cores() + " logical CPUs), and the hypervisor took up "
                + "to " + Fmt.percent(steal) + " as steal" + (stealiest == null ? "" : " (block " + block(stealiest) + ")")
                + ". A busy neighbour need not slow every strategy alike: it can change "
                + "which one wins, so verdicts hold for the conditions they were measured in; columns other_cpus and "
                + "steal_share of comparisons.csv give each block's.";
    }
}
