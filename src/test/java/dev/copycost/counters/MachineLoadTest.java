package dev.copycost.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MachineLoadTest {

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

        // then a separate process that spins for the same time
        Process spinner = new ProcessBuilder("sh", "-c", "end=$(( $(date +%s) + 2 )); while [ $(date +%s) -lt $end ]; do :; done")
                .start();
        MachineLoad.Sample b = MachineLoad.sample();
        assertThat(spinner.waitFor(10, TimeUnit.SECONDS)).as("the spinning process ended").isTrue();
        MachineLoad other = MachineLoad.between(b, MachineLoad.sample());

        assertThat(x).isPositive();
        assertThat(other.otherCpus()).as("CPUs used by the spinning shell (plus whatever else runs)")
                .isGreaterThan(own.otherCpus() + 0.4);
        assertThat(other.stealShare()).isBetween(0.0, 1.0);
        assertThat(other.seconds()).isGreaterThan(0.5);
    }
}
