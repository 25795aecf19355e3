package dev.copycost.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MachineLoadTest {
    /** A shell loop that keeps one CPU busy for two seconds. */
    private static final String SPIN = "timeout 2 sh -c 'while :; do :; done'";

    @Test
    void anotherProcessBurningACpuShowsAsOtherLoadAndOurOwnWorkDoesNot() throws Exception {
        // our own busy loop first: it must not count as "other"
        MachineLoad.Sample a = MachineLoad.sample();
        long end = System.nanoTime() + 600_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 7;
        }
        MachineLoad own = MachineLoad.between(a, MachineLoad.sample());

        // then a process that is not ours (orphaned at once, so not our descendant) spins as long
        Process launcher = new ProcessBuilder("sh", "-c", SPIN + " >/dev/null 2>&1 & echo $!").start();
        long pid = Long.parseLong(new String(launcher.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
        MachineLoad.Sample b = MachineLoad.sample();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        MachineLoad other = MachineLoad.between(b, MachineLoad.sample());

        assertThat(x).isPositive();
        assertThat(other.otherCpus()).as("CPUs used by the spinning shell (plus whatever else runs)")
                .isGreaterThan(own.otherCpus() + 0.4);
        assertThat(other.stealShare()).isBetween(0.0, 1.0);
        assertThat(other.seconds()).isGreaterThan(0.5);
    }

    @Test
    void aChildProcessOfThisRunIsOurOwnWorkNotANeighbour() throws Exception {
        MachineLoad.Sample a = MachineLoad.sample();
        Process child = new ProcessBuilder("sh", "-c", SPIN).start(); // like the receive agent in a namespace
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        MachineLoad.Sample b = MachineLoad.sample();

        // about 2 s of the child's CPU must land on our side of the ledger;
        // other processes on this shared machine may add to the "other" side, never to ours
        assertThat(b.ownTicks() - a.ownTicks()).as("ticks counted as this run's own").isGreaterThan(100);
    }

    @Test
    void aLiveChildsTicksCountAsOursWhileItRuns() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", SPIN).start();
        try {
            MachineLoad.Sample a = MachineLoad.sample();
            ProcessHandle.of(child.pid()).orElseThrow().onExit().completeOnTimeout(null, 1, TimeUnit.SECONDS).join();
            MachineLoad.Sample b = MachineLoad.sample();
            // still running (it spins for 2 s): its ticks so far come from /proc/PID/stat, not from cutime
            assertThat(child.isAlive()).isTrue();
            assertThat(b.ownTicks() - a.ownTicks()).as("a running child's ticks").isGreaterThan(30);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
