package dev.copycost.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.Placement;
import dev.copycost.nativeio.CpuAffinity;
import dev.copycost.topology.SystemCommand;
import dev.copycost.strategy.StrategyName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C twin, compiled and run for real over loopback. */
class CTwinTest {
    private static final Path SOURCE = Path.of("perf-scripts/c-baseline/baseline.c");
    @TempDir
    static Path dir;
    private static CTwin twin;

    @BeforeAll
    static void compile() throws Exception {
        assertThat(CTwin.unavailableReason(SOURCE)).as("gcc and the source are part of this machine's setup").isEmpty();
        twin = CTwin.compile(SOURCE, dir.resolve("twin"));
    }

    private static ExperimentSpec spec(StrategyName s, int size) {
        return ExperimentSpec.of(s, size, 1).withTiming(Duration.ofMillis(50), Duration.ofMillis(200), 1);
    }

    @Test
    void itsReceiverVerifiesWhatTheSenderSent() throws Exception {
        ReferenceTrial t = twin.run(spec(StrategyName.parse("sendmsg"), 4096));

        assertThat(t.gbps()).isPositive();
        assertThat(t.verified()).isPositive();
        assertThat(t.issued()).isZero();
        assertThat(t.perMessage().receiverSleeps()).as("the receiver's waits for data, per message").isFinite()
                .isNotNegative();
        assertThat(t.perMessage().senderSleeps()).as("the sender's waits, per message").isFinite().isNotNegative();
        // each thread's CPU time in the window: both ran, so both used some
        assertThat(t.perMessage().senderCpuMicros()).as("the sender's CPU per message").isPositive();
        assertThat(t.perMessage().receiverCpuMicros()).as("the receiver's CPU per message").isPositive();
    }

    @Test
    void everyZeroCopySendIsCompletedAndAccounted() throws Exception {
        ReferenceTrial t = twin.run(spec(StrategyName.parse("zerocopy"), 65536));

        assertThat(t.issued()).isPositive();
        assertThat(t.completed()).isEqualTo(t.issued());
        // over loopback the kernel copies every zero-copy send (msg_zerocopy.rst, "Loopback")
        assertThat(t.copied()).isEqualTo(t.completed());
    }

    @Test
    void itsThreadsArePlacedAsCopycostPlacesConnectionZero() throws Exception {
        List<Integer> cpus = CpuAffinity.allowed();
        for (Placement placement : List.of(Placement.SPREAD, Placement.SAME_CORE)) {
            SystemCommand.Result r = new SystemCommand(List.of(dir.resolve("twin").toString(), "sendmsg", "4096", "0.1", "0",
                    "0.02", "16", placement.label()), Duration.ofSeconds(10)).run();

            assertThat(r.exit()).as(r.output()).isZero();
            // the CPU each thread finished on, as sched_getcpu() saw it
            assertThat(r.output()).contains("placement=" + placement.label()
                    + " sender_cpu=" + placement.cpuFor(true, 0, cpus).getAsInt()
                    + " receiver_cpu=" + placement.cpuFor(false, 0, cpus).getAsInt());
        }
    }

    @Test
    void aCallFromCIsMeasuredRoundByRound() throws Exception {
        CallCost c = twin.callCost(100_000, 3);

        assertThat(c.binding()).isEqualTo(CallCost.C);
        assertThat(c.nsPerCall()).hasSize(3).allSatisfy(ns -> assertThat(ns).isPositive());
    }

    @Test
    void badArgumentsExitTwoNamingTheValue() throws Exception {
        dev.copycost.topology.SystemCommand.Result r = new dev.copycost.topology.SystemCommand(
                List.of(dir.resolve("twin").toString(), "sendmsg", "100", "1", "0"), Duration.ofSeconds(10)).run();

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("size 100: a multiple of 8");
    }

    @Test
    void aStrategyTheTwinDoesNotHaveIsRefusedBeforeRunning() {
        assertThatThrownBy(() -> twin.run(spec(StrategyName.parse("nio-gather"), 4096)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no strategy 'nio-gather'");
    }

    @Test
    void aResultLineWithoutItsFieldsIsNamed() {
        assertThatThrownBy(() -> CTwin.parse("strategy=send gbps=1.5"))
                .hasMessageContaining("strategy=send gbps=1.5");
        assertThat(CTwin.parse("noise\nstrategy=send size=64 nodelay=0 gbps=0.5 verified=10 issued=0 completed=0 copied=0 "
                + "enobufs=0").gbps()).isEqualTo(0.5);
    }
}
