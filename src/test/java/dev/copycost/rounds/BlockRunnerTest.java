package dev.copycost.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.counters.CounterEvent;
import dev.copycost.counters.CounterValue;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.Repetition;
import dev.copycost.experiment.RoleMeasure;
import dev.copycost.experiment.Summary;
import dev.copycost.statistics.Verdict;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.ZeroCopyCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The rounds engine against synthetic trials whose true speeds are known, on a fake clock where
 * every trial takes one second: which rounds run, in which order, when the block stops, and what a
 * failed trial does.
 */
class BlockRunnerTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<String> ran = new ArrayList<>();

    private static Block block(StrategyName... strategies) {
        List<Arm> arms = new ArrayList<>();
        for (StrategyName s : strategies) {
            arms.add(new Arm(s.label(), ExperimentSpec.of(s, 4096, 1)));
        }
        return new Block(Block.STRATEGIES, "loopback", 4096, 1, arms);
    }

    /** A runner whose strategy s moves speed(s) Gbps times a shared per-round phase and its own noise. */
    private BlockRunner.TrialRunner runner(Map<StrategyName, Double> speed, double noise, long seed) {
        Random random = new Random(seed);
        return spec -> {
            clock.addAndGet(1_000_000_000L);
            ran.add(spec.strategy().label());
            Double gbps = speed.get(spec.strategy());
            if (gbps == null) {
                throw new ExperimentFailedException(spec.label() + ": connection 0 sent 10 messages but its receiver verified 9");
            }
            return trial(spec, gbps * Math.exp(noise * random.nextGaussian()));
        };
    }

    private BlockResult run(RoundsPlan plan, BlockRunner.TrialRunner runner, Block block) throws InterruptedException {
        return new BlockRunner(plan, runner, clock::get, line -> { }, BlockRunnerTest::quiet).run(block);
    }

    @Test
    void clearDifferencesAreDecidedAfterTheMinimumRounds() throws Exception {
        RoundsPlan plan = new RoundsPlan(4, 30, Duration.ofSeconds(100), 1, 0.03);
        BlockResult r = run(plan, runner(Map.of(StrategyName.SEND, 1.0, StrategyName.SENDMSG, 7.0,
                StrategyName.ZEROCOPY, 2.0), 0.05, 11), block(StrategyName.SEND, StrategyName.SENDMSG, StrategyName.ZEROCOPY));

        assertThat(r.rounds()).isEqualTo(4);
        assertThat(r.stopReason()).startsWith("every comparison decided after 4 rounds, also at the 99.81% level");
        assertThat(r.comparisons()).extracting(PairedComparison::a, PairedComparison::b, PairedComparison::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sendmsg", "send", Verdict.AHEAD),
                        org.assertj.core.groups.Tuple.tuple("zerocopy", "send", Verdict.AHEAD),
                        org.assertj.core.groups.Tuple.tuple("zerocopy", "sendmsg", Verdict.BEHIND));
        assertThat(r.comparisons().get(0).ratio().contains(7.0)).isTrue();
        assertThat(r.arms()).allSatisfy(a -> assertThat(a.trials()).hasSize(4));
    }

    /**
     * Two arms that are equal in truth, with this VM's two-mode noise, measured in blocks that may
     * stop after any round from 5 to 30: a block that stopped on the first round that happened to look
     * decided would call "ahead" or "behind" in about a quarter of them. With the stricter level an
     * early stop needs, wrong verdicts stay near the 5% of a single look (at most 5% from early stops
     * plus 5% at the last round). 2000 blocks give the rate to about ±0.6%.
     */
    @Test
    void equalArmsAreRarelyCalledAheadOrBehindWhateverRoundTheBlockStopsAt() throws Exception {
        RoundsPlan plan = new RoundsPlan(5, 30, Duration.ofHours(1), 1, 0.03);
        Random random = new Random(42);
        BlockRunner.TrialRunner twoModes = spec -> {
            clock.addAndGet(1_000_000_000L);
            double mode = random.nextBoolean() ? 1.0 : 22.0 / 14.0;
            return trial(spec, 14 * mode * Math.exp(0.05 * random.nextGaussian()));
        };
        int wrong = 0;
        int blocks = 2000;
        for (int i = 0; i < blocks; i++) {
            BlockResult r = new BlockRunner(plan, twoModes, clock::get, line -> { }, BlockRunnerTest::quiet)
                    .run(block(StrategyName.SEND, StrategyName.SENDMSG));
            Verdict v = r.comparisons().get(0).verdict();
            if (v == Verdict.AHEAD || v == Verdict.BEHIND) {
                wrong++;
            }
        }
        assertThat(wrong / (double) blocks).as("share of blocks with a wrong verdict on equal arms").isLessThan(0.08);
    }

    /** Load counters for consecutive measurements of a block, each with the given steal share. */
    private java.util.function.Supplier<dev.copycost.counters.MachineLoad.Sample> steal(double... perMeasurement) {
        int[] calls = {0};
        return () -> {
            int call = calls[0]++;
            boolean after = call % 2 == 1;
            long stolen = after ? Math.round(1000 * perMeasurement[call / 2]) : 0;
            return new dev.copycost.counters.MachineLoad.Sample(clock.get(), 0, stolen, after ? 1000 : 0, 0);
        };
    }

    /**
     * send against sendmsg (7×) in blocks of {@code rounds} rounds, measured until quiet (limits 5%
     * steal, 0.25 other CPUs, 3 attempts), each measurement seeing the next of the given steal shares.
     */
    private BlockResult runQuiet(int rounds, long noiseSeed, double... stealPerMeasurement) throws InterruptedException {
        RoundsPlan plan = new RoundsPlan(rounds, rounds, Duration.ofSeconds(100), 1, 0.03, 0.05, 0.25, 3);
        return new BlockRunner(plan, runner(Map.of(StrategyName.SEND, 1.0, StrategyName.SENDMSG, 7.0), 0.05, noiseSeed),
                clock::get, line -> { }, steal(stealPerMeasurement)).runQuiet(block(StrategyName.SEND, StrategyName.SENDMSG));
    }

    @Test
    void aBlockMeasuredUnderContentionIsMeasuredAgainAndTheQuietMeasurementKept() throws Exception {
        BlockResult r = runQuiet(3, 9, 0.20, 0.0, 0.3);

        assertThat(ran).as("two measurements of 3 rounds × 2 arms, the second quiet").hasSize(12);
        assertThat(r.discarded()).hasSize(1);
        assertThat(r.discarded().get(0).stealShare()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.load().stealShare()).isZero();
        assertThat(r.attemptsText()).startsWith("measured 2 times: set aside the measurement(s) under 20% steal");
    }

    @Test
    void aBlockThatIsNeverQuietKeepsItsLeastDisturbedMeasurement() throws Exception {
        BlockResult r = runQuiet(2, 10, 0.3, 0.1, 0.2);

        assertThat(ran).hasSize(12);
        assertThat(r.discarded()).extracting(l -> Math.round(l.stealShare() * 100)).containsExactly(30L, 20L);
        assertThat(r.load().stealShare()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aQuietBlockIsMeasuredOnce() throws Exception {
        BlockResult r = runQuiet(2, 11, 0.01);

        assertThat(ran).hasSize(4);
        assertThat(r.discarded()).isEmpty();
        assertThat(r.attemptsText()).isEqualTo("measured once");
    }

    @Test
    void everyRoundRunsEveryArmOnceInItsSeededOrder() throws Exception {
        RoundsPlan plan = new RoundsPlan(3, 3, Duration.ofSeconds(100), 99, 0.03);
        Block b = block(StrategyName.SEND, StrategyName.COPY_SEND, StrategyName.SENDMSG, StrategyName.ZEROCOPY);
        run(plan, runner(Map.of(StrategyName.SEND, 1.0, StrategyName.COPY_SEND, 1.0, StrategyName.SENDMSG, 1.0,
                StrategyName.ZEROCOPY, 1.0), 0.2, 3), b);

        assertThat(ran).hasSize(12);
        for (int round = 1; round <= 3; round++) {
            int[] order = RoundOrder.permutation(99, b.key(), round, 4);
            List<String> expected = new ArrayList<>();
            for (int i : order) {
                expected.add(b.arms().get(i).name());
            }
            assertThat(ran.subList(4 * (round - 1), 4 * round)).as("round %d", round).isEqualTo(expected);
        }
    }

    /** send against sendmsg that are equal in truth, with 30% log-normal noise per trial. */
    private BlockResult runEqualPair(RoundsPlan plan, long noiseSeed) throws InterruptedException {
        return run(plan, runner(Map.of(StrategyName.SEND, 1.0, StrategyName.SENDMSG, 1.0), 0.3, noiseSeed),
                block(StrategyName.SEND, StrategyName.SENDMSG));
    }

    @Test
    void equalArmsRunUntilTheBudgetWouldBeOverrun() throws Exception {
        // 2 trials a round = 2 s; a budget of 15 s stops after round 7 (14 s + 2 s > 15 s)
        RoundsPlan plan = new RoundsPlan(3, 30, Duration.ofSeconds(15), 5, 0.03);
        BlockResult r = runEqualPair(plan, 5);

        assertThat(r.rounds()).isEqualTo(7);
        assertThat(r.stopReason()).startsWith("time budget of 15 s would be overrun");
    }

    @Test
    void theMaximumRoundsBoundABlockWhateverItsBudget() throws Exception {
        RoundsPlan plan = new RoundsPlan(2, 6, Duration.ofHours(1), 5, 0.03);
        BlockResult r = runEqualPair(plan, 6);

        assertThat(r.rounds()).isEqualTo(6);
        assertThat(r.stopReason()).isEqualTo("maximum of 6 rounds reached");
    }

    @Test
    void theMinimumRoundsRunEvenPastTheBudget() throws Exception {
        RoundsPlan plan = new RoundsPlan(5, 10, Duration.ofSeconds(1), 5, 0.03);
        BlockResult r = runEqualPair(plan, 7);

        assertThat(r.rounds()).isEqualTo(5);
    }

    @Test
    void aFailedTrialEndsItsArmWithTheReasonAndTheOthersGoOn() throws Exception {
        RoundsPlan plan = new RoundsPlan(3, 3, Duration.ofSeconds(100), 5, 0.03);
        BlockResult r = run(plan, runner(Map.of(StrategyName.SEND, 1.0, StrategyName.SENDMSG, 7.0), 0.05, 8),
                block(StrategyName.SEND, StrategyName.SENDMSG, StrategyName.ZEROCOPY));

        ArmResult zc = r.arm("zerocopy");
        assertThat(zc.failed()).isTrue();
        assertThat(zc.failure().get()).startsWith("trial in round 1 failed:").contains("receiver verified 9");
        assertThat(zc.trials()).isEmpty();
        assertThat(ran.stream().filter("zerocopy"::equals)).hasSize(1);
        assertThat(r.arm("send").trials()).hasSize(3);
        assertThat(r.comparisons()).extracting(PairedComparison::a).containsExactly("sendmsg");
    }

    /** A machine with nothing else on it, on the fake clock. */
    private static dev.copycost.counters.MachineLoad.Sample quiet() {
        return new dev.copycost.counters.MachineLoad.Sample(0, 0, 0, 0, 0);
    }

    /** One trial with one window that moved {@code gbps} in one second. */
    static PointResult trial(ExperimentSpec spec, double gbps) {
        long bytes = (long) (gbps * 1e9 / 8);
        long messages = bytes / spec.messageSize();
        Map<CounterEvent, CounterValue> perf = new EnumMap<>(CounterEvent.class);
        RoleMeasure role = new RoleMeasure(1, perf, 1, 1, bytes, "JVM thread CPU time", 0);
        Repetition w = new Repetition(0, 1.0, messages, messages * spec.messageSize(), role, role, 0, 0, 0);
        Summary g = Summary.of(w.gbps());
        return new PointResult(spec, List.of(w), g, Summary.of(w.messagesPerSecond()), false, messages, messages,
                ZeroCopyCounts.NONE, 4096, Map.of(), PointResult.LOOPBACK);
    }
}
