package dev.copycost.counters;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A thread that tells its kernel thread id, waits until the test has opened counters for it, does
 * its job, reports what the job measured about itself, and stays alive until released so the test
 * can still read its {@code /proc} entry.
 */
final class Worker implements AutoCloseable {
    private final CompletableFuture<Integer> tid = new CompletableFuture<>();
    private final CountDownLatch go = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private final Thread thread;

    Worker(String name, LongSupplier job) {
        thread = new Thread(() -> {
            tid.complete(Tid.current());
            try {
                go.await();
                result.complete(job.getAsLong());
                release.await();
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.start();
    }

    int tid() throws Exception {
        return tid.get(10, TimeUnit.SECONDS);
    }

    void start() {
        go.countDown();
    }

    /** The job's value; the thread is still alive afterwards. */
    long awaitResult() throws Exception {
        return result.get(30, TimeUnit.SECONDS);
    }

    /** Starts the job, waits for it, and lets the thread end; returns the job's value. */
    long runToEnd() throws Exception {
        start();
        long value = awaitResult();
        close();
        return value;
    }

    @Override
    public void close() {
        go.countDown();
        release.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
