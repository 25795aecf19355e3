package dev.copycost.rounds;

import dev.copycost.counters.MachineLoad;
import java.util.List;

/**
 * A measured block: every arm's trials, every paired comparison, and why the rounds stopped.
 *
 * @param rounds     rounds run
 * @param stopReason e.g. "every comparison decided after 7 rounds"
 * @param seconds    wall-clock time the block took
 * @param load       what the rest of the machine did meanwhile (other processes' CPU, steal)
 * @param discarded  the loads of earlier measurements of this block that were not quiet and so set aside
 */
public record BlockResult(Block block, List<ArmResult> arms, List<PairedComparison> comparisons, int rounds,
        String stopReason, long seed, double seconds, MachineLoad load, List<MachineLoad> discarded) {
    public BlockResult {
        arms = List.copyOf(arms);
        comparisons = List.copyOf(comparisons);
        discarded = List.copyOf(discarded);
    }

    /** The phrase {@link #attemptsText()} and the stop reasons built from it use for a measurement set aside. */
    public static final String SET_ASIDE = "set aside the measurement(s) under ";

    BlockResult withDiscarded(List<MachineLoad> earlier) {
        return new BlockResult(block, arms, comparisons, rounds, stopReason, seed, seconds, load, earlier);
    }

    /** e.g. "measured 2 times: 1 measurement under 24% steal set aside". */
    public String attemptsText() {
        if (discarded.isEmpty()) {
            return "measured once";
        }
        return "measured " + (discarded.size() + 1) + " times: " + discarded.stream()
                .map(l -> String.format(java.util.Locale.ROOT, "%.0f%% steal, %.2f other CPUs", 100 * l.stealShare(),
                        l.otherCpus()))
                .collect(java.util.stream.Collectors.joining("; ", SET_ASIDE, ""));
    }

    public ArmResult arm(String name) {
        return arms.stream().filter(a -> a.arm().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no arm " + name + " in block " + block.label()));
    }

    public long decided() {
        return comparisons.stream().filter(c -> c.verdict().decided()).count();
    }
}
