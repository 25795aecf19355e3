package dev.copycost.rounds;

import java.time.Duration;

/**
 * How long a block is measured: at least {@code minRounds} rounds, then more until every comparison
 * is decided, the block's {@code budget} would be overrun by one more round, or {@code maxRounds}
 * is reached; and when a block counts as measured on a quiet machine.
 *
 * @param seed        seeds every round's order; recorded with the results so a run can be repeated
 * @param equivalence the margin m of the verdict "equivalent" (ratio interval within 1 ± m)
 * @param maxSteal    a block during which the hypervisor stole more than this share of CPU time is measured again
 * @param maxOtherCpus a block during which other processes used more CPUs than this is measured again
 * @param attempts    how many times a block is measured at most to get a quiet measurement (1: never again)
 */
public record RoundsPlan(int minRounds, int maxRounds, Duration budget, long seed, double equivalence,
        double maxSteal, double maxOtherCpus, int attempts) {
    public static final double DEFAULT_MAX_STEAL = 0.05;
    public static final double DEFAULT_MAX_OTHER_CPUS = 0.25;
    public static final int DEFAULT_ATTEMPTS = 3;

    /** With the default quiet-machine rule. */
    public RoundsPlan(int minRounds, int maxRounds, Duration budget, long seed, double equivalence) {
        this(minRounds, maxRounds, budget, seed, equivalence, DEFAULT_MAX_STEAL, DEFAULT_MAX_OTHER_CPUS,
                DEFAULT_ATTEMPTS);
    }

    /** True when a block measured under this load counts as measured on a quiet machine. */
    public boolean quiet(dev.copycost.counters.MachineLoad load) {
        // an unknown load (no /proc/stat) cannot be judged: it is not measured again for it
        return !(load.stealShare() > maxSteal) && !(load.otherCpus() > maxOtherCpus);
    }
    public static final int DEFAULT_MIN_ROUNDS = 5;
    public static final int DEFAULT_MAX_ROUNDS = 30;
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(40);
    public static final double DEFAULT_EQUIVALENCE = 0.03;

    /**
     * The confidence level a block's comparisons must all reach for the block to stop before its
     * budget: Bonferroni over every round at which it may stop (rounds-min to rounds-max), so that
     * the chance of stopping early on a wrong verdict stays within 5% however many times it looks.
     * The verdicts reported are those of the 95% intervals at the round it stopped.
     */
    public double stopLevel() {
        return 1 - 0.05 / (maxRounds - minRounds + 1);
    }

    public RoundsPlan {
        if (minRounds < 2) {
            throw new IllegalArgumentException("minimum rounds " + minRounds
                    + " is not allowed: use 2 or more (one round gives no interval)");
        }
        if (maxRounds < minRounds || maxRounds > 1000) {
            throw new IllegalArgumentException("maximum rounds " + maxRounds + " is not in " + minRounds
                    + "..1000 (at least the minimum of " + minRounds + ")");
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("block time budget " + budget + " must be positive");
        }
        if (!(maxSteal >= 0 && maxSteal <= 1)) {
            throw new IllegalArgumentException("quiet-machine steal share " + maxSteal + " is not in [0, 1]");
        }
        if (!(maxOtherCpus >= 0)) {
            throw new IllegalArgumentException("quiet-machine other-process CPUs " + maxOtherCpus + " must be 0 or more");
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts per block " + attempts + " is not in 1..10");
        }
        if (!(equivalence > 0 && equivalence < 0.5)) {
            throw new IllegalArgumentException("equivalence margin " + equivalence
                    + " is not allowed: use a fraction in (0, 0.5), e.g. 0.03 for ±3%");
        }
    }
}
