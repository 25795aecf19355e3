package dev.copycost.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sampling a worker whose thread has died (its {@code /proc/self/task/TID} is gone) must not throw:
 * an exception there would leave the coordinator without the worker's own failure, which is the
 * real cause and must be the one reported.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadSampleTest {

    @Test
    @DisplayName("a worker that died is sampled as ended, and its first failure stays the reported cause")
    void deadWorkerIsSampledAsEnded() throws Exception {
        FirstFailure failure = new FirstFailure();
        Worker worker = new Worker(Worker.Role.SENDER, 0, failure) {
            @Override
            void work() {
                throw new IllegalStateException("the real cause: message 42 arrived corrupt");
            }

            @Override
            void abort() {
            }

            @Override
            long messages() {
                return 0;
            }
        };
        worker.start(new CountDownLatch(1)).join(5000);
        assertThat(worker.thread().isAlive()).as("worker thread ended").isFalse();
        awaitGone(worker.tid());

        assertThatCode(() -> ThreadSample.of(worker)).as("sampling a dead worker").doesNotThrowAnyException();
        ThreadSample sample = ThreadSample.of(worker);
        assertThat(sample.threadEnded()).as("sample marked as of an ended thread").isTrue();

        assertThat(failure.happened()).isTrue();
        assertThat(failure.toException("sendmsg 4096 B × 1"))
                .hasMessageContaining("failed in sender 0")
                .hasMessageContaining("the real cause: message 42 arrived corrupt");
    }

    @Test
    @DisplayName("a running worker is sampled with its CPU time and context switches")
    void runningWorkerIsSampled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Worker worker = new Worker(Worker.Role.RECEIVER, 1, new FirstFailure()) {
            @Override
            void work() throws InterruptedException {
                // block, which the scheduler counts as a voluntary switch
                release.await(10, TimeUnit.SECONDS);
            }

            @Override
            void abort() {
                release.countDown();
            }

            @Override
            long messages() {
                return 0;
            }
        };
        worker.start(started);
        try {
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            ThreadSample sample = ThreadSample.of(worker);
            assertThat(sample.threadEnded()).isFalse();
            assertThat(sample.cpuNanos()).as("CPU time of a thread that ran").isPositive();
            assertThat(sample.sched().total()).as("switches of a thread that started and ran").isPositive();
        } finally {
            worker.abort();
            worker.thread().join(5000);
        }
    }

    /** The kernel removes a thread's /proc entry shortly after the JVM's join returns; wait for that. */
    private static void awaitGone(int tid) {
        Path task = Path.of("/proc/self/task", Integer.toString(tid));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(task)) {
            assertThat(System.nanoTime()).as(task + " still exists 5 s after its thread ended").isLessThan(deadline);
            LockSupport.parkNanos(100_000); // polls a kernel state nothing notifies us of
        }
    }
}
