package dev.copycost.experiment;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first failure of any worker thread of an experiment. The coordinating thread waits on it for
 * the length of a window, so a failure ends the wait at once instead of after the window.
 */
public final class FirstFailure {
    private final AtomicReference<String> where = new AtomicReference<>();
    private volatile Throwable cause;
    private final CountDownLatch raised = new CountDownLatch(1);

    public void report(String worker, Throwable t) {
        if (where.compareAndSet(null, worker)) {
            cause = t;
            raised.countDown();
        }
    }

    /** Waits for {@code time} to pass; returns true early if a worker failed. */
    public boolean awaitFor(Duration time) throws InterruptedException {
        return raised.await(time.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The first failure's cause, once one happened. */
    public Optional<Throwable> cause() {
        return happened() ? Optional.ofNullable(cause) : Optional.empty();
    }

    /** Which worker failed first, e.g. {@code receiver 2}, once one did. */
    public Optional<String> where() {
        return happened() ? Optional.ofNullable(where.get()) : Optional.empty();
    }

    public boolean happened() {
        return raised.getCount() == 0;
    }

    public ExperimentFailedException toException(String experiment) {
        Throwable t = cause;
        return new ExperimentFailedException(experiment + " failed in " + where.get() + ": " + t, t);
    }
}
