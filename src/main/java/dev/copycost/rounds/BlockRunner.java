package dev.copycost.rounds;

import dev.copycost.counters.MachineLoad;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Measures a block in rounds. Each round runs one independent trial of every arm still standing, in
 * that round's {@link RoundOrder}; after each round from the minimum on, the paired comparisons are
 * recomputed and the block stops when every one is decided, when one more round of the length seen
 * so far would overrun the budget, or at the maximum round count.
 *
 * <p>A trial that fails ends its arm with the reason (its point fails); the other arms go on. Only
 * arms without a failure are compared.
 *
 * <p>Stopping when everything is decided is a sequential test: looking after every round and stopping
 * on the first round where a comparison happens to look decided would make a wrong verdict far more
 * likely than 5%. So a block stops early only when every comparison is decided by the stricter
 * interval of {@link RoundsPlan#stopLevel()} (Bonferroni over the rounds it may stop at); otherwise
 * it runs to its budget or its maximum, and the verdicts are read from the 95% intervals there.
 * {@code BlockRunnerTest} measures the resulting rate of wrong verdicts on pairs that are equal.
 */
public final class BlockRunner {

    /** Runs one trial; {@code Experiment::run} in the suite. */
    @FunctionalInterface
    public interface TrialRunner {
        PointResult run(ExperimentSpec spec) throws ExperimentFailedException, InterruptedException;
    }

    private final RoundsPlan plan;
    private final TrialRunner runner;
    private final LongSupplier nanoClock;
    private final Consumer<String> progress;
    private final Supplier<MachineLoad.Sample> load;

    public BlockRunner(RoundsPlan plan, TrialRunner runner, Consumer<String> progress) {
        this(plan, runner, System::nanoTime, progress, MachineLoad::sample);
    }

    BlockRunner(RoundsPlan plan, TrialRunner runner, LongSupplier nanoClock, Consumer<String> progress,
            Supplier<MachineLoad.Sample> load) {
        this.plan = plan;
        this.runner = runner;
        this.nanoClock = nanoClock;
        this.progress = progress;
        this.load = load;
    }

    public BlockResult run(Block block) throws InterruptedException {
        long start = nanoClock.getAsLong();
        MachineLoad.Sample loadBefore = load.get();
        List<Arm> arms = block.arms();
        List<List<Trial>> trials = new ArrayList<>();
        List<Optional<String>> failures = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            trials.add(new ArrayList<>());
            failures.add(Optional.empty());
        }
        int round = 0;
        String stop;
        List<PairedComparison> comparisons;
        while (true) {
            round++;
            int[] order = RoundOrder.permutation(plan.seed(), block.key(), round, arms.size());
            for (int position = 0; position < order.length; position++) {
                int i = order[position];
                if (failures.get(i).isPresent()) {
                    continue;
                }
                long t0 = nanoClock.getAsLong();
                try {
                    PointResult result = runner.run(arms.get(i).spec());
                    if (result == null) {
                        throw new IllegalStateException("the trial returned no result");
                    }
                    double wall = (nanoClock.getAsLong() - t0) / 1e9;
                    trials.get(i).add(new Trial(round, position, result, wall));
                    double planned = planned(arms.get(i).spec());
                    if (wall > 3 * planned + 1) {
                        progress.accept(String.format(java.util.Locale.ROOT,
                                "%s: %s trial of round %d took %.1f s against %.1f s planned", block.label(),
                                arms.get(i).name(), round, wall, planned));
                    }
                } catch (ExperimentFailedException | RuntimeException e) {
                    // a harness error fails this arm with its reason, not the whole block
                    failures.set(i, Optional.of("trial in round " + round + " failed: "
                            + (e instanceof ExperimentFailedException ? e.getMessage() : e.toString())));
                    progress.accept(block.label() + ": " + arms.get(i).name() + " failed in round " + round + ": "
                            + e.getMessage());
                }
            }
            comparisons = compare(results(arms, trials, failures), round);
            long decided = comparisons.stream().filter(c -> c.verdict().decided()).count();
            boolean settled = comparisons.stream().allMatch(PairedComparison::decidedToStop);
            double elapsed = (nanoClock.getAsLong() - start) / 1e9;
            progress.accept(String.format(java.util.Locale.ROOT, "%s: round %d, %d of %d comparisons decided, %.1f s",
                    block.label(), round, decided, comparisons.size(), elapsed));
            if (failures.stream().allMatch(Optional::isPresent)) {
                stop = "every arm failed by round " + round;
                break;
            }
            if (round < plan.minRounds()) {
                continue;
            }
            if (comparisons.isEmpty()) {
                stop = "nothing to compare (fewer than two arms without a failure) after " + round + " rounds";
                break;
            }
            if (settled) {
                stop = String.format(java.util.Locale.ROOT,
                        "every comparison decided after %d rounds, also at the %.2f%% level an early stop needs",
                        round, 100 * plan.stopLevel());
                break;
            }
            if (round >= plan.maxRounds()) {
                stop = "maximum of " + plan.maxRounds() + " rounds reached";
                break;
            }
            double perRound = elapsed / round;
            if (elapsed + perRound > plan.budget().toMillis() / 1000.0) {
                stop = String.format(java.util.Locale.ROOT,
                        "time budget of %.0f s would be overrun by another round (%.1f s spent, %d rounds)",
                        plan.budget().toMillis() / 1000.0, elapsed, round);
                break;
            }
        }
        return new BlockResult(block, results(arms, trials, failures), comparisons, round, stop, plan.seed(),
                (nanoClock.getAsLong() - start) / 1e9, MachineLoad.between(loadBefore, load.get()), List.of());
    }

    /**
     * Measures a block until one measurement was made on a quiet machine (steal and other processes'
     * CPU within the plan's limits), at most {@link RoundsPlan#attempts()} times, and keeps the first
     * quiet one, or the least disturbed one if none was. Measured here: blocks under 14–24% steal
     * turned zerocopy against send from ahead to behind between two otherwise identical runs, so a
     * verdict measured under contention is set aside rather than reported as the machine's.
     */
    public BlockResult runQuiet(Block block) throws InterruptedException {
        List<BlockResult> tries = new ArrayList<>();
        for (int attempt = 1; attempt <= plan.attempts(); attempt++) {
            BlockResult r = run(block);
            tries.add(r);
            if (plan.quiet(r.load())) {
                break;
            }
            if (attempt < plan.attempts()) {
                progress.accept(String.format(java.util.Locale.ROOT,
                        "%s: not a quiet measurement (%.0f%% steal, %.2f other CPUs; limits %.0f%%, %.2f): measuring it again",
                        block.label(), 100 * r.load().stealShare(), r.load().otherCpus(), 100 * plan.maxSteal(),
                        plan.maxOtherCpus()));
            }
        }
        BlockResult kept = tries.stream().filter(r -> plan.quiet(r.load())).findFirst()
                .orElseGet(() -> tries.stream().min(java.util.Comparator.comparingDouble(BlockRunner::disturbance))
                        .orElseThrow());
        List<MachineLoad> setAside = tries.stream().filter(r -> r != kept).map(BlockResult::load).toList();
        return kept.withDiscarded(setAside);
    }

    /** The share of the machine taken from the block: steal plus other processes' CPUs over all CPUs. */
    private static double disturbance(BlockResult r) {
        return r.load().stealShare() + r.load().otherCpus() / Runtime.getRuntime().availableProcessors();
    }

    /** Warm-up plus the measured windows: what a trial takes before setup and release. */
    private static double planned(ExperimentSpec spec) {
        return (spec.warmup().toMillis() + spec.repetitions() * spec.duration().toMillis()) / 1000.0;
    }

    private static List<ArmResult> results(List<Arm> arms, List<List<Trial>> trials, List<Optional<String>> failures) {
        List<ArmResult> out = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            out.add(new ArmResult(arms.get(i), trials.get(i), failures.get(i)));
        }
        return out;
    }

    /** Every pair of arms that did not fail, later against earlier in the block's order (sendmsg vs send). */
    private List<PairedComparison> compare(List<ArmResult> arms, int rounds) {
        List<PairedComparison> out = new ArrayList<>();
        for (int j = 0; j < arms.size(); j++) {
            for (int i = j + 1; i < arms.size(); i++) {
                if (!arms.get(i).failed() && !arms.get(j).failed()) {
                    out.add(PairedComparison.of(arms.get(i), arms.get(j), rounds, plan.equivalence(), plan.stopLevel()));
                }
            }
        }
        return out;
    }
}
