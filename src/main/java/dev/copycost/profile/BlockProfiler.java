package dev.copycost.profile;

import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.WindowObserver;
import dev.copycost.rounds.ArmResult;
import dev.copycost.rounds.Block;
import dev.copycost.rounds.BlockResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Profiles a block after its rounds: one extra trial per arm and profiling event, its measured window
 * watched by a {@link WindowProfiler}. The block's measurements are untouched (they were taken
 * before, without a profiler), and the profiled trial's own figures are not used: the CPU per message
 * that shares are multiplied by comes from the measured trials.
 *
 * <p>A failed profiled trial or profiler gives a {@link PointProfile} with the reason, never an
 * exception; only the strategies' blocks are profiled (the placement study's arms differ in
 * placement, which the attribution's keys do not carry).
 */
public final class BlockProfiler {

    /** Runs one trial with an observer on its measured window: {@code Experiment::run} in the suite. */
    @FunctionalInterface
    public interface ObservedTrial {
        PointResult run(ExperimentSpec spec, WindowObserver observer) throws ExperimentFailedException, InterruptedException;
    }

    private final Profiler profiler;
    private final ObservedTrial trial;
    private final Path directory;

    /** @param directory where the flame graphs and collapsed stacks go (target/copycost/profiles) */
    public BlockProfiler(Profiler profiler, ObservedTrial trial, Path directory) {
        this.profiler = profiler;
        this.trial = trial;
        this.directory = directory;
    }

    public List<PointProfile> profile(BlockResult block) throws InterruptedException {
        List<PointProfile> out = new ArrayList<>();
        if (!profiler.available() || !block.block().kind().equals(Block.STRATEGIES)) {
            return out;
        }
        for (ArmResult arm : block.arms()) {
            if (arm.failed() || arm.trials().isEmpty()) {
                continue;
            }
            for (String event : profiler.events()) {
                out.add(profileOne(block.block(), arm, event));
            }
        }
        return out;
    }

    private PointProfile profileOne(Block block, ArmResult arm, String event) throws InterruptedException {
        ExperimentSpec measured = arm.arm().spec();
        // one window, like every measured trial
        ExperimentSpec spec = measured.withTiming(measured.warmup(), measured.duration(), 1);
        // the arm's name: io_uring's depths are points of their own; off loopback the topology too
        String point = measured.pointName();
        String name = fileName(point + (block.topology().equals("loopback") ? "" : "-" + block.topology()),
                block.size(), block.threads(), event);
        Optional<String> trialFailure = Optional.empty();
        WindowProfiler window = profiler.window(event, directory.resolve(name),
                point + " " + block.size() + " B x " + block.threads() + " " + event);
        try (window) {
            trial.run(spec, window);
        } catch (ExperimentFailedException | RuntimeException e) {
            trialFailure = Optional.of("the profiled trial failed: " + e.getMessage());
        }
        // the trial's own failure explains a window that did not end better than the window can
        Optional<String> failure = trialFailure.or(window::failure);
        List<String> limitations = new ArrayList<>(profiler.limitations());
        limitations.addAll(window.limitations());
        return new PointProfile(point, block.size(), block.threads(), block.topology(), event,
                window.attribution(), cpuPerMessage(arm.merged()), window.flameGraphFile(), window.collapsedFile(),
                limitations, failure);
    }

    /** The roles' CPU per message from the measured trials: CPU per byte (median) × message size. */
    static Map<Role, Double> cpuPerMessage(PointResult measured) {
        Map<Role, Double> out = new EnumMap<>(Role.class);
        out.put(Role.SENDER, measured.senderCpuNsPerByte().median() * measured.messageSize());
        out.put(Role.RECEIVER, measured.receiverCpuNsPerByte().median() * measured.messageSize());
        return out;
    }

    /** e.g. {@code sendmsg-65536B-1t-cpu}. */
    public static String fileName(String strategy, int size, int threads, String event) {
        return strategy + "-" + size + "B-" + threads + "t-" + event;
    }
}
