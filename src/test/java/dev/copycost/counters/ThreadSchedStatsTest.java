package dev.copycost.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadSchedStatsTest {

    @Test
    void blockingRaisesVoluntarySwitches() throws Exception {
        ThreadSchedStats before = ThreadSchedStats.read(Tid.current());
        Work.pingPong(20);
        ThreadSchedStats switches = ThreadSchedStats.read(Tid.current()).minus(before);

        assertThat(switches.voluntary()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void spinningAloneBlocksNoMore() {
        ThreadSchedStats before = ThreadSchedStats.read(Tid.current());
        Work.spinCpu(30);
        ThreadSchedStats switches = ThreadSchedStats.read(Tid.current()).minus(before);

        // Reading the thread CPU clock and /proc may block briefly, but not 10 times.
        assertThat(switches.voluntary()).isLessThan(10);
    }

    @Test
    void readsAnotherThreadOfThisProcess() throws Exception {
        try (Worker worker = new Worker("blocker", () -> {
            try {
                Work.pingPong(20);
                return 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })) {
            int tid = worker.tid();
            ThreadSchedStats before = ThreadSchedStats.read(tid);
            ThreadSchedStats mineBefore = ThreadSchedStats.read(Tid.current());
            worker.start();
            worker.awaitResult();
            ThreadSchedStats after = ThreadSchedStats.read(tid);
            ThreadSchedStats mine = ThreadSchedStats.read(Tid.current()).minus(mineBefore);

            assertThat(after.minus(before).voluntary()).isGreaterThanOrEqualTo(10);
            // This thread waited once or twice for the worker, not 20 times.
            assertThat(mine.voluntary()).isLessThan(10);
        }
    }

    @Test
    void anEndedOrForeignThreadCannotBeRead() {
        assertThatThrownBy(() -> ThreadSchedStats.read(Integer.MAX_VALUE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/proc/self/task/" + Integer.MAX_VALUE + "/status");
    }

    @Test
    void anEndedThreadReadsAsGoneNotAsAFailure() throws Exception {
        int[] tid = new int[1];
        Thread thread = new Thread(() -> tid[0] = Tid.current());
        thread.start();
        thread.join(5000);
        Path task = Path.of("/proc/self/task", Integer.toString(tid[0]));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(task) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000); // polls a kernel state nothing notifies us of
        }

        assertThat(ThreadSchedStats.readIfRunning(tid[0])).as("counts of thread " + tid[0] + ", which ended").isEmpty();
        assertThat(ThreadSchedStats.readIfRunning(Tid.current())).as("counts of this thread").isPresent();
    }

    @Test
    void parsesTheStatusLines() {
        List<String> status = List.of("Name:\tjava", "Cpus_allowed_list:\t0-1",
                "voluntary_ctxt_switches:\t1234", "nonvoluntary_ctxt_switches:\t56");

        assertThat(ThreadSchedStats.parse(status, "test")).isEqualTo(new ThreadSchedStats(1234, 56));
        assertThatThrownBy(() -> ThreadSchedStats.parse(status.subList(0, 3), "test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nonvoluntary_ctxt_switches");
    }

    @Test
    void minusIsTheDifferenceOfBothCounts() {
        ThreadSchedStats later = new ThreadSchedStats(30, 7);

        assertThat(later.minus(new ThreadSchedStats(10, 2))).isEqualTo(new ThreadSchedStats(20, 5));
        assertThat(later.minus(new ThreadSchedStats(10, 2)).total()).isEqualTo(25);
    }
}
