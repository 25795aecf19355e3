package dev.copycost.report.results;

import dev.copycost.report.Fmt;
import dev.copycost.rounds.BlockResult;
import dev.copycost.rounds.PairedComparison;
import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import dev.copycost.statistics.Verdict;
import java.util.List;

/**
 * One paired comparison of a block, flattened for comparisons.csv and results.json: A against B at
 * one topology, size and thread count, the ratio A/B of throughput with its 95% interval from the
 * per-round ratios, and the verdict.
 *
 * @param kind       {@code strategies}, or {@code placement} for the placement study (a and b are placements)
 * @param stopReason why the block's rounds stopped
 * @param otherCpus  CPUs' worth of time other processes used while the block ran ({@code MachineLoad})
 * @param stealShare share of CPU time the hypervisor gave to other guests while the block ran
 */
public record ComparisonRow(String kind, String topology, int size, int threads, String a, String b, double ratio,
        double ciLow, double ciHigh, String verdict, int rounds, String stopReason, double otherCpus,
        double stealShare) {

    public static List<ComparisonRow> of(BlockResult block) {
        return block.comparisons().stream().map(c -> of(block, c)).toList();
    }

    static ComparisonRow of(BlockResult block, PairedComparison c) {
        return new ComparisonRow(block.block().kind(), block.block().topology(), block.block().size(),
                block.block().threads(), c.a(), c.b(), c.ratio().estimate(), c.ratio().low(), c.ratio().high(),
                c.verdict().word(), c.rounds(),
                block.stopReason() + (block.discarded().isEmpty() ? "" : "; " + block.attemptsText()),
                block.load().otherCpus(),
                block.load().stealShare());
    }

    public Verdict verdictValue() {
        return Verdict.parse(verdict);
    }

    public Interval interval() {
        return new Interval(ratio, ciLow, ciHigh, rounds, LogTInterval.LEVEL);
    }

    /** The same comparison read the other way round: B against A. */
    public ComparisonRow reversed() {
        return new ComparisonRow(kind, topology, size, threads, b, a, 1 / ratio, 1 / ciHigh, 1 / ciLow,
                verdictValue().reversed().word(), rounds, stopReason, otherCpus, stealShare);
    }

    /** e.g. {@code 7.40× [6.90–8.00]}. */
    public String ratioText() {
        return interval().ratioText();
    }

    static final String CSV_HEADER = "topology,size,threads,a,b,ratio,ci_low,ci_high,verdict,rounds,kind,stop_reason,other_cpus,steal_share";

    String csvLine() {
        return String.join(",", topology, Integer.toString(size), Integer.toString(threads),
                ResultsCsv.escape(a), ResultsCsv.escape(b), Fmt.plain(ratio), Fmt.plain(ciLow), Fmt.plain(ciHigh),
                verdict, Integer.toString(rounds), kind, ResultsCsv.escape(stopReason), Fmt.plain(otherCpus),
                Fmt.plain(stealShare));
    }

    static String csv(List<ComparisonRow> rows) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        rows.forEach(r -> out.append(r.csvLine()).append('\n'));
        return out.toString();
    }
}
