package dev.copycost.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.counters.MachineLoad;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.WindowObserver;
import dev.copycost.experiment.WindowObserver.WorkerThread;
import dev.copycost.report.TestPoints;
import dev.copycost.rounds.Arm;
import dev.copycost.rounds.ArmResult;
import dev.copycost.rounds.Block;
import dev.copycost.rounds.BlockResult;
import dev.copycost.rounds.Trial;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.ZeroCopyCounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockProfilerTest {
    @TempDir
    Path dir;

    private static ArmResult arm(StrategyName s, Optional<String> failure) {
        PointResult measured = TestPoints.point(s, 65536, 1, false, ZeroCopyCounts.NONE, 10, 11);
        return new ArmResult(new Arm(s.label(), measured.spec()), failure.isPresent() ? List.of()
                : List.of(new Trial(1, 0, measured, 1.0)), failure);
    }

    private static BlockResult block(String kind, ArmResult... arms) {
        Block b = new Block(kind, "loopback", 65536, 1, java.util.Arrays.stream(arms).map(ArmResult::arm).toList());
        return new BlockResult(b, List.of(arms), List.of(), 1, "test", 1, 1, new MachineLoad(0, 0, 1), List.of());
    }

    /** A trial that plays the recorded sendmsg window to the observer, as Experiment.run would. */
    private static final class PlayedTrial implements BlockProfiler.ObservedTrial {
        final List<ExperimentSpec> specs = new ArrayList<>();
        final List<WorkerThread> threads = new ArrayList<>();
        boolean failInsideWindow;

        PlayedTrial() {
            RecordedProfiles.roles(RecordedProfiles.stacks("sendmsg-65536")).forEach((tid, role) -> threads.add(
                    new WorkerThread(role == Role.SENDER, 0, new Thread(() -> { }, "copycost-" + role.label() + "-0"), tid)));
        }

        @Override
        public PointResult run(ExperimentSpec spec, WindowObserver observer) throws ExperimentFailedException {
            specs.add(spec);
            observer.windowStarts(threads);
            if (failInsideWindow) {
                throw new ExperimentFailedException("sendmsg 65536 B × 1: receiver 0 failed: connection reset", null);
            }
            observer.windowEnds();
            return TestPoints.point(spec.strategy(), spec.messageSize(), spec.threads(), false, ZeroCopyCounts.NONE, 1);
        }
    }

    private FakeEngine engine() {
        FakeEngine engine = new FakeEngine().refusing(Profiler.CYCLES);
        engine.collapsed = RecordedProfiles.stacks("sendmsg-65536").stream()
                .map(s -> "[" + s.threadName() + " tid=" + s.tid().getAsInt() + "];" + String.join(";", s.frames()) + " "
                        + s.samples())
                .collect(Collectors.joining("\n"));
        return engine;
    }

    @Test
    void everyArmThatWasMeasuredGetsOneProfiledTrialOfOneWindowAfterTheRounds() throws Exception {
        FakeEngine engine = engine();
        PlayedTrial trial = new PlayedTrial();
        List<PointProfile> profiles = new BlockProfiler(ProfilerTest.on(ProfilerTest.ROOT, engine), trial,
                dir.resolve("profiles")).profile(block(Block.STRATEGIES, arm(StrategyName.SENDMSG, Optional.empty()),
                        arm(StrategyName.SEND, Optional.of("trial in round 1 failed")),
                        arm(StrategyName.ZEROCOPY, Optional.empty())));
        assertThat(profiles).extracting(PointProfile::strategy).containsExactly("sendmsg", "zerocopy");
        assertThat(trial.specs).allSatisfy(s -> assertThat(s.repetitions()).isEqualTo(1));
        PointProfile p = profiles.get(0);
        assertThat(p.failure()).isEmpty();
        assertThat(p.event()).isEqualTo(Profiler.CPU);
        assertThat(p.flameGraph()).hasValueSatisfying(f -> assertThat(f.getFileName().toString())
                .isEqualTo("sendmsg-65536B-1t-cpu.html"));
        assertThat(p.roles().get(Role.SENDER).share(Category.COPY_TO_KERNEL)).isGreaterThan(0.05);
        // CPU per message from the measured trials: the synthetic point spends 1-2 ns per byte on the sender
        assertThat(p.cpuNsPerMessage().get(Role.SENDER)).isBetween(65536.0, 2 * 65536.0);
        assertThat(p.limitations()).anySatisfy(l -> assertThat(l).contains("no hardware PMU"));
    }

    @Test
    void aPmuHostProfilesEachArmOncePerEvent() throws Exception {
        FakeEngine engine = engine();
        engine.refused.clear();
        PlayedTrial trial = new PlayedTrial();
        List<PointProfile> profiles = new BlockProfiler(ProfilerTest.on(ProfilerTest.ROOT, engine), trial,
                dir.resolve("profiles")).profile(block(Block.STRATEGIES, arm(StrategyName.SENDMSG, Optional.empty())));
        assertThat(profiles).extracting(PointProfile::event).containsExactly(Profiler.CYCLES, Profiler.CACHE_MISSES);
    }

    @Test
    void aProfiledTrialThatFailsGivesTheReasonAndLeavesNoSessionRunning() throws Exception {
        FakeEngine engine = engine();
        PlayedTrial trial = new PlayedTrial();
        trial.failInsideWindow = true;
        List<PointProfile> profiles = new BlockProfiler(ProfilerTest.on(ProfilerTest.ROOT, engine), trial,
                dir.resolve("profiles")).profile(block(Block.STRATEGIES, arm(StrategyName.SENDMSG, Optional.empty())));
        assertThat(profiles).singleElement().satisfies(p -> {
            assertThat(p.failure()).hasValueSatisfying(f -> assertThat(f).contains("connection reset"));
            assertThat(p.roles().get(Role.SENDER).total()).isZero();
        });
        assertThat(engine.running()).isFalse();
    }

    @Test
    void thePlacementStudyAndAnUnavailableProfilerProfileNothing() throws Exception {
        PlayedTrial trial = new PlayedTrial();
        Profiler none = Profiler.probe(ProfilerTest.ROOT, ProfilerTest.MS, why -> Optional.empty());
        assertThat(new BlockProfiler(none, trial, dir).profile(block(Block.STRATEGIES,
                arm(StrategyName.SENDMSG, Optional.empty())))).isEmpty();
        assertThat(new BlockProfiler(ProfilerTest.on(ProfilerTest.ROOT, engine()), trial, dir)
                .profile(block(Block.PLACEMENT, arm(StrategyName.SENDMSG, Optional.empty())))).isEmpty();
        assertThat(trial.specs).isEmpty();
    }
}
