package dev.copycost.report;

import dev.copycost.report.results.ComparisonRow;
import dev.copycost.rounds.ArmResult;
import dev.copycost.rounds.BlockResult;
import dev.copycost.rounds.PairedComparison;
import dev.copycost.rounds.Trial;
import java.util.List;

/** The texts a point's Allure entry carries about its block: its trials, and its paired comparisons. */
public final class BlockAttachments {
    private BlockAttachments() {
    }

    /** Every trial of one arm in round order, with the point's intervals. */
    public static String trialsMarkdown(BlockResult block, ArmResult arm) {
        StringBuilder md = new StringBuilder("## Trials of " + arm.arm().name() + ", " + block.block().label() + "\n\n");
        md.append(arm.trials().size()).append(" independent trial(s), each on fresh connections and threads, "
                + "warmed up and measured once; placement ").append(arm.arm().spec().placement().label())
                .append(". Rounds ran the block's arms in a random order seeded with ").append(block.seed())
                .append("; ").append(block.stopReason()).append(".\n\n");
        if (!arm.trials().isEmpty()) {
            md.append("Throughput: ").append(Fmt.num(arm.gbpsInterval().estimate())).append(" Gbps, 95% interval [")
                    .append(Fmt.num(arm.gbpsInterval().low())).append("–").append(Fmt.num(arm.gbpsInterval().high()))
                    .append("] (geometric mean over trials).\n\n");
        }
        md.append("| round | place in round | Gbps | sender CPU ns/B | receiver CPU ns/B |\n|---:|---:|---:|---:|---:|\n");
        for (Trial t : arm.trials()) {
            md.append("| ").append(t.round()).append(" | ").append(t.position() + 1).append(" | ")
                    .append(Fmt.num(t.gbps())).append(" | ")
                    .append(Fmt.num(t.result().senderCpuNsPerByte().median())).append(" | ")
                    .append(Fmt.num(t.result().receiverCpuNsPerByte().median())).append(" |\n");
        }
        arm.failure().ifPresent(f -> md.append("\n**Failed:** ").append(f).append('\n'));
        return md.toString();
    }

    /** The block's comparisons that involve the given arm, read from its side. */
    public static String comparisonsMarkdown(BlockResult block, String armName) {
        StringBuilder md = new StringBuilder("## " + armName + " against the other arms, " + block.block().label()
                + "\n\nRatio of throughput in each round, geometric mean and 95% interval over rounds; verdict with "
                + "an equivalence margin as set for the run.\n\n| against | ratio [95% interval] | verdict | rounds |\n"
                + "|---|---|---|---:|\n");
        List<ComparisonRow> rows = ComparisonRow.of(block);
        for (ComparisonRow c : rows) {
            ComparisonRow mine = c.a().equals(armName) ? c : c.b().equals(armName) ? c.reversed() : null;
            if (mine != null) {
                md.append("| ").append(mine.b()).append(" | ").append(mine.ratioText()).append(" | ")
                        .append(mine.verdict()).append(" | ").append(mine.rounds()).append(" |\n");
            }
        }
        return md.toString();
    }

    /** One line per comparison of the block, e.g. for the build log. */
    public static String comparisonLines(BlockResult block) {
        StringBuilder out = new StringBuilder();
        for (PairedComparison c : block.comparisons()) {
            out.append("  ").append(c.text()).append('\n');
        }
        return out.toString();
    }
}
