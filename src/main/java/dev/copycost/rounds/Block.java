package dev.copycost.rounds;

import java.util.HashSet;
import java.util.List;

/**
 * Points that are compared with each other and so measured in the same rounds: same message size,
 * thread count and topology, differing in strategy (or, for the placement study, in placement).
 *
 * @param kind     {@code strategies} for the matrix' blocks, {@code placement} for the placement study
 * @param topology where the data goes, e.g. {@code loopback}
 */
public record Block(String kind, String topology, int size, int threads, List<Arm> arms) {
    public static final String STRATEGIES = "strategies";
    public static final String PLACEMENT = "placement";

    public Block {
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("a block needs at least one arm");
        }
        if (new HashSet<>(arms.stream().map(Arm::name).toList()).size() != arms.size()) {
            throw new IllegalArgumentException("arm names repeat in " + arms.stream().map(Arm::name).toList());
        }
    }

    /** e.g. {@code 4096 B × 2, loopback}. */
    public String label() {
        return size + " B × " + threads + ", " + topology + (kind.equals(PLACEMENT) ? ", placement study" : "");
    }

    /** A stable number for the block, independent of where it stands in the matrix: seeds its round order. */
    long key() {
        return 31L * (31L * kind.hashCode() + topology.hashCode()) * 1_000_003L + 1009L * size + threads;
    }
}
