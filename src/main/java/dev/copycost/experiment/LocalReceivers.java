package dev.copycost.experiment;

import dev.copycost.message.MessageLayout;
import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.TcpSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Receivers as threads of this process, one per connection, each verifying its stream: the receiving
 * side of a loopback trial, and of every run a receive agent serves. Owns the workers, their sockets,
 * buffers and counters from {@link #add} to {@link #release}.
 */
public final class LocalReceivers {
    private final MessageLayout layout;
    private final int ringSlots;
    private final int payloadEvery;
    private final Duration ioTimeout;
    private final FirstFailure failure;
    private final List<ReceiverWorker> workers = new ArrayList<>();
    private final CountedWorkers<ReceiverWorker> counted = new CountedWorkers<>(workers);
    private List<ThreadSample> windowStart = List.of();

    /**
     * @param ringSlots     buffer sets the sender cycles through (its stamps repeat with them)
     * @param payloadEvery  payload bytes are verified for every k-th message; stamps always
     * @param ioTimeout     bound on the start and on every wait for a thread to end
     */
    public LocalReceivers(MessageLayout layout, int ringSlots, int payloadEvery, Duration ioTimeout) {
        this(layout, ringSlots, payloadEvery, ioTimeout, new FirstFailure());
    }

    /** As above, reporting a receiver's failure to {@code failure}, which the caller also waits on. */
    public LocalReceivers(MessageLayout layout, int ringSlots, int payloadEvery, Duration ioTimeout, FirstFailure failure) {
        this.layout = layout;
        this.ringSlots = ringSlots;
        this.payloadEvery = payloadEvery;
        this.ioTimeout = ioTimeout;
        this.failure = failure;
    }

    /** Takes a connected socket as the next connection's receiving end; closes it if that fails. */
    public void add(TcpSocket socket) {
        try {
            StreamVerifier verifier = new StreamVerifier(layout, ringSlots, payloadEvery);
            workers.add(new ReceiverWorker(workers.size(), socket, verifier, failure));
        } catch (RuntimeException | Error e) { // an Error too: the receive buffer is native memory
            socket.close();
            throw e;
        }
    }

    /** The receiver threads, once started, for a window's observer. */
    public List<WindowObserver.WorkerThread> threads() {
        return workers.stream().map(w -> new WindowObserver.WorkerThread(false, w.index, w.thread(), w.tid())).toList();
    }

    public int size() {
        return workers.size();
    }

    /**
     * Starts every receiver thread, pinned where {@code cpuFor} says (by connection index), and opens
     * their counters once all have published their tids.
     */
    public void start(IntFunction<OptionalInt> cpuFor) throws ExperimentFailedException, InterruptedException {
        CountDownLatch ready = new CountDownLatch(workers.size());
        for (ReceiverWorker w : workers) {
            w.pinTo(cpuFor.apply(w.index));
            w.start(ready);
        }
        if (!ready.await(ioTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ExperimentFailedException("receiver threads did not start within " + ioTimeout.toMillis() + " ms");
        }
        counted.openCounters();
    }

    /** Samples the threads, starts their counters; returns the messages verified so far. */
    public long beginWindow() {
        windowStart = counted.sample();
        counted.enable();
        return counted.messages();
    }

    /** The messages verified so far, then what the receivers did since {@link #beginWindow}. */
    public Receivers.ReceiverWindow endWindow() {
        long verified = counted.messages();
        counted.disable();
        List<ThreadSample> end = counted.sample();
        return new Receivers.ReceiverWindow(verified, counted.measure(windowStart, end));
    }

    /** The first receiver failure, e.g. a corrupted stream, as "receiver i: cause". */
    public Optional<Throwable> failure() {
        return failure.cause();
    }

    public boolean failed() {
        return failure.happened();
    }

    /**
     * Waits until {@code deadlineNanos} at most for every receiver to reach a clean end of stream;
     * returns the names of those that did not.
     */
    public List<String> awaitEnd(long deadlineNanos) throws InterruptedException {
        List<String> unfinished = new ArrayList<>();
        for (ReceiverWorker w : workers) {
            w.thread().join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            if (w.thread().isAlive() || !w.finished()) {
                unfinished.add(w.name());
            }
        }
        return unfinished;
    }

    /** The connection whose receiver failed first, once one did. */
    public OptionalInt failedConnection() {
        Optional<String> where = failure.where();
        for (ReceiverWorker w : workers) {
            if (where.isPresent() && where.get().equals(w.name())) {
                return OptionalInt.of(w.index);
            }
        }
        return OptionalInt.empty();
    }

    /** Whether connection {@code connection}'s receiver has reached a clean end of its stream. */
    public boolean finished(int connection) {
        return connection < workers.size() && workers.get(connection).finished();
    }

    public long verified(int connection) {
        return connection < workers.size() ? workers.get(connection).messages() : 0;
    }

    /** Unblocks the receivers still running, without waiting. */
    public void abort() {
        for (ReceiverWorker w : workers) {
            if (w.thread() != null && w.thread().isAlive()) {
                w.abort();
            }
        }
    }

    /**
     * Aborts whatever still runs, waits for it (one shared bound), then frees every socket, counter and
     * buffer whose thread has ended. Returns the receivers that would not end.
     */
    public List<String> release() {
        List<String> stuck = Worker.abortAndJoin(workers, ioTimeout);
        counted.close();
        for (ReceiverWorker w : workers) {
            if (w.thread() == null || !w.thread().isAlive()) {
                w.close();
            }
        }
        return stuck;
    }
}
