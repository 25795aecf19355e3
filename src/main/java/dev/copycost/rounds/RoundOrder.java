package dev.copycost.rounds;

import java.util.Random;

/**
 * The order in which one round runs its arms: a fresh permutation every round, drawn from the run's
 * seed, the block and the round number, so that a slow phase of the machine falls on every arm
 * alike over the rounds, and the same seed repeats the same orders. {@link Random} is used because
 * its algorithm is fixed by its specification: the orders do not change with the JDK.
 */
public final class RoundOrder {
    private RoundOrder() {
    }

    /** A permutation of 0..arms-1 for round {@code round} (1-based) of the block with the given key. */
    public static int[] permutation(long seed, long blockKey, int round, int arms) {
        if (arms < 1) {
            throw new IllegalArgumentException("arm count " + arms + " must be at least 1");
        }
        Random random = new Random(seed ^ (blockKey * 0x9E3779B97F4A7C15L) ^ (round * 0xC2B2AE3D27D4EB4FL));
        int[] order = new int[arms];
        for (int i = 0; i < arms; i++) {
            order[i] = i;
        }
        for (int i = arms - 1; i > 0; i--) { // Fisher–Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
