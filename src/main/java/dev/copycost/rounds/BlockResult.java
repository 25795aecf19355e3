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
 */
public record BlockResult(Block block, List<ArmResult> arms, List<PairedComparison> comparisons, int rounds,
        String stopReason, long seed, double seconds, MachineLoad load) {
    public BlockResult {
        arms = List.copyOf(arms);
        comparisons = List.copyOf(comparisons);
    }

    public ArmResult arm(String name) {
        return arms.stream().filter(a -> a.arm().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no arm " + name + " in block " + block.label()));
    }

    public long decided() {
        return comparisons.stream().filter(c -> c.verdict().decided()).count();
    }
}
