package dev.copycost.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.ZeroCopySupport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A zero-copy sender waiting for completions that cannot come (the receiver's window is closed and
 * nobody reads, so the sent pages stay queued in the sender's socket) must end at once when aborted.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZeroCopyAbortTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Long enough that ending by the bound and ending by the abort cannot be confused. */
    private static final Duration COMPLETION_BOUND = Duration.ofSeconds(3);
    /** "Within milliseconds", with room for a loaded 2-core machine. */
    private static final long PROMPT_MILLIS = 500;

    @BeforeEach
    void zeroCopyAvailable() {
        ZeroCopySupport zc = ZeroCopySupport.probe();
        assumeTrue(zc.isAvailable(), "zero-copy unavailable: " + zc.reason());
    }

    @Test
    @DisplayName("abort ends a completion wait within milliseconds, without spinning, and says it was aborted")
    void abortEndsTheCompletionWait() throws Exception {
        CompletionLedger ledger = new CompletionLedger();
        CountDownLatch aboutToWait = new CountDownLatch(1);
        // the gate is asked right before the sender waits for a set to come back: that is the signal
        ZeroCopySender.ReuseGate gate = (first, last) -> {
            boolean free = ledger.allCompleted(first, last);
            if (!free) {
                aboutToWait.countDown();
            }
            return free;
        };
        try (LoopbackPair pair = stalledPair(ledger, gate)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong cpuAtEnd = new AtomicLong(-1);
            Thread sending = new Thread(() -> {
                try {
                    for (long n = 0; ; n++) {
                        pair.sender.send(n);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    cpuAtEnd.set(THREADS.getCurrentThreadCpuTime());
                }
            }, "zerocopy-abort-test-sender");
            sending.start();
            assertThat(aboutToWait.await(5, TimeUnit.SECONDS)).as("sender reached a completion wait").isTrue();
            long cpuBeforeAbort = THREADS.getThreadCpuTime(sending.getId());

            long abortedAt = System.nanoTime();
            pair.sender.abort();
            sending.join(PROMPT_MILLIS);
            long endedAfterMillis = (System.nanoTime() - abortedAt) / 1_000_000;
            boolean stillRunning = sending.isAlive();
            long cpuSinceAbortMillis = ((stillRunning ? THREADS.getThreadCpuTime(sending.getId()) : cpuAtEnd.get())
                    - cpuBeforeAbort) / 1_000_000;
            // let a failing run end by itself before the pair frees the buffers it may still use
            sending.join(COMPLETION_BOUND.toMillis() + 2000);

            assertThat(stillRunning).as("sender still running " + endedAfterMillis + " ms after abort, having used "
                    + cpuSinceAbortMillis + " ms of CPU since").isFalse();
            assertThat(cpuSinceAbortMillis).as("CPU used between abort and end").isLessThan(50);
            assertThat(failure.get()).isInstanceOf(SenderAbortedException.class)
                    .hasMessageContaining("aborted")
                    .hasMessageContaining("sends 0..");
        }
    }

    @Test
    @DisplayName("finish after an abort does not start a fresh wait for completions")
    void finishAfterAbortDoesNotWait() throws Exception {
        CompletionLedger ledger = new CompletionLedger();
        try (LoopbackPair pair = stalledPair(ledger, null)) {
            pair.sender.send(0);
            assertThat(ledger.outstanding()).as("send 0 is still owed by the kernel").isPositive();
            pair.sender.abort();

            long start = System.nanoTime();
            assertThatThrownBy(() -> pair.sender.finish(COMPLETION_BOUND))
                    .isInstanceOf(SenderAbortedException.class)
                    .hasMessageContaining("aborted");
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms finish took after the abort")
                    .isLessThan(PROMPT_MILLIS);
        }
    }

    /** A zero-copy sender with a ring of one set, whose receiver has a 4 KiB window and never reads. */
    private static LoopbackPair stalledPair(CompletionLedger ledger, ZeroCopySender.ReuseGate gate) throws Exception {
        return LoopbackPair.zeroCopyOverSmallWindow(new MessageLayout(65536), COMPLETION_BOUND, ledger, gate);
    }
}
