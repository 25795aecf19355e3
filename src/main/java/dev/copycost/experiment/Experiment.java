package dev.copycost.experiment;

import dev.copycost.counters.MachineLoad;
import dev.copycost.nativeio.CpuAffinity;
import dev.copycost.strategy.SendStrategy;
import dev.copycost.strategy.ZeroCopyCounts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link ExperimentSpec} against the receiving end of a {@link Topology}: T connections, one
 * sender thread per connection here and one receiver per connection there (threads of this process
 * over loopback, or a receive agent), a warm-up, then R measured windows on the same connections. Afterwards every connection must have had each message it
 * sent verified, and every zero-copy send completed and accounted, or the experiment fails.
 *
 * <p>Every wait is bounded: a worker that fails ends the current wait at once, a socket that makes no
 * progress fails within the I/O timeout, and threads that do not end are aborted. Nothing outlives
 * {@link #run}: sockets, threads, counters and native memory are released before it returns.
 */
public final class Experiment {
    private final ExperimentSpec spec;
    private final FirstFailure failure = new FirstFailure();
    private final Topology topology;
    private final Receivers receivers;
    private final List<SenderWorker> senders = new ArrayList<>();
    private final CountedWorkers<SenderWorker> counted = new CountedWorkers<>(senders);
    /** Told when each measured window starts and ends (a profiler); {@link WindowObserver#NONE} when measuring. */
    private final WindowObserver observer;
    private Map<String, Integer> socketOptions = Map.of();
    /** System.nanoTime() by which the trial must have finished; see {@link ExperimentSpec#deadline()}. */
    private long deadline;

    private Experiment(ExperimentSpec spec, Topology topology, WindowObserver observer) {
        this.spec = spec;
        this.observer = observer;
        this.topology = topology;
        this.receivers = topology.receivers(spec, failure);
    }

    /** One trial over loopback, the receivers in this process. */
    public static PointResult run(ExperimentSpec spec) throws ExperimentFailedException, InterruptedException {
        return run(spec, Topology.LOOPBACK);
    }

    public static PointResult run(ExperimentSpec spec, Topology topology) throws ExperimentFailedException, InterruptedException {
        return run(spec, topology, WindowObserver.NONE);
    }

    /** One trial whose measured windows the observer is told of, with the sender and receiver threads. */
    public static PointResult run(ExperimentSpec spec, Topology topology, WindowObserver observer)
            throws ExperimentFailedException, InterruptedException {
        return new Experiment(spec, topology, observer).run();
    }

    private PointResult run() throws ExperimentFailedException, InterruptedException {
        deadline = System.nanoTime() + spec.deadline().toNanos();
        PointResult result;
        try {
            connect();
            startWorkers();
            checkFailure(failure.awaitFor(spec.warmup()));
            List<Repetition> windows = new ArrayList<>();
            for (int r = 0; r < spec.repetitions(); r++) {
                windows.add(measureWindow(r));
            }
            result = finish(windows);
        } catch (IOException e) {
            ExperimentFailedException failed = new ExperimentFailedException(
                    spec.label() + " could not be set up: " + e.getMessage(), e);
            stuckFailure().ifPresent(failed::addSuppressed);
            throw failed;
        } catch (ExperimentFailedException | InterruptedException | RuntimeException | Error e) {
            stuckFailure().ifPresent(e::addSuppressed);
            throw e;
        }
        Optional<ExperimentFailedException> stuck = stuckFailure();
        if (stuck.isPresent()) {
            throw stuck.get();
        }
        return result;
    }

    /** Releases everything; a worker that would not end even after abort becomes a failure. */
    private Optional<ExperimentFailedException> stuckFailure() {
        List<String> stuck = release();
        return stuck.isEmpty() ? Optional.empty() : Optional.of(new ExperimentFailedException(spec.label() + ": "
                + String.join(", ", stuck) + " did not end within " + spec.ioTimeout().toMillis()
                + " ms of being aborted; its socket and buffers were left open rather than freed under it"));
    }

    private void connect() throws IOException {
        List<SendStrategy> strategies = receivers.open();
        for (SendStrategy strategy : strategies) {
            senders.add(new SenderWorker(senders.size(), strategy, spec.ioTimeout(), failure));
        }
        // read back before the sender threads own the sockets: what the kernel really applied
        socketOptions = senders.get(0).strategy().socketOptions();
    }

    private void startWorkers() throws ExperimentFailedException, InterruptedException, IOException {
        receivers.start();
        List<Integer> cpus = spec.placement() == Placement.OS ? List.of() : CpuAffinity.allowed();
        CountDownLatch ready = new CountDownLatch(senders.size());
        for (SenderWorker s : senders) {
            s.pinTo(spec.placement().cpuFor(true, s.index, cpus));
            s.start(ready);
        }
        if (!ready.await(spec.ioTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ExperimentFailedException(spec.label() + ": sender threads did not start within "
                    + spec.ioTimeout().toMillis() + " ms");
        }
        checkFailure(failure.happened()); // e.g. a CPU the placement named could not be pinned to
        counted.openCounters();
    }

    private Repetition measureWindow(int index) throws ExperimentFailedException, InterruptedException {
        // nested edges, slowest outside: /proc and MXBean samples (~0.1 ms a thread), then the perf
        // counters (~10 µs a thread), then the message count and the clock, so that the counters'
        // window matches the bytes' window as closely as the ioctls allow; the receivers' edges
        // (their own samples, counters and count) sit inside the senders'
        observer.windowStarts(workerThreads());
        MachineLoad.Sample machineBefore = MachineLoad.sample(); // for the window's steal, outermost
        List<ThreadSample> sendersBefore = counted.sample();
        checkFailure(failure.happened()); // a worker that died is sampled as ended: report why it died
        JvmActivity jvmBefore = JvmActivity.now();
        counted.enable();
        long verifiedBefore = receiverCall(receivers::beginWindow);
        long t0 = System.nanoTime();

        checkFailure(failure.awaitFor(spec.duration()));

        Receivers.ReceiverWindow received = receiverCall(receivers::endWindow);
        long t1 = System.nanoTime();
        counted.disable();
        JvmActivity jvm = JvmActivity.now().since(jvmBefore);
        List<ThreadSample> sendersAfter = counted.sample();
        double steal = MachineLoad.between(machineBefore, MachineLoad.sample()).stealShare();
        observer.windowEnds();
        checkFailure(failure.happened());

        long messages = received.verified() - verifiedBefore;
        if (messages == 0) {
            throw new ExperimentFailedException(spec.label() + ": no message was verified in window " + index
                    + " (" + (t1 - t0) / 1_000_000 + " ms): the connections made no progress" + stalls());
        }
        return new Repetition(index, (t1 - t0) / 1e9, messages, messages * spec.messageSize(),
                counted.measure(sendersBefore, sendersAfter), received.measure(),
                jvm.gcCollections(), jvm.gcMillis(), jvm.jitMillis(), steal);
    }

    /** What the senders say stops them, e.g. zero-copy sends refused for lack of option memory; or nothing. */
    private String stalls() {
        StringBuilder why = new StringBuilder();
        for (SenderWorker s : senders) {
            s.strategy().stall().ifPresent(reason -> why.append("; ").append(s.name()).append(": ").append(reason));
        }
        return why.toString();
    }

    /** A call to the receiving end; its failure is the experiment's, with every connection's progress. */
    private <T> T receiverCall(ReceiverCall<T> call) throws ExperimentFailedException {
        try {
            return call.call();
        } catch (IOException e) {
            checkFailure(failure.happened()); // a worker's own failure says more than its consequence
            throw new ExperimentFailedException(spec.label() + ": the receivers (" + receivers.where() + ") failed: "
                    + e.getMessage() + "; " + progress(), e);
        }
    }

    private interface ReceiverCall<T> {
        T call() throws ExperimentFailedException, IOException;
    }

    /** Every sender thread, and the receiver threads where they run in this process. */
    private List<WindowObserver.WorkerThread> workerThreads() {
        List<WindowObserver.WorkerThread> threads = new ArrayList<>();
        for (SenderWorker s : senders) {
            threads.add(new WindowObserver.WorkerThread(true, s.index, s.thread(), s.tid()));
        }
        threads.addAll(receivers.threads());
        return threads;
    }

    private PointResult finish(List<Repetition> windows) throws ExperimentFailedException, InterruptedException {
        senders.forEach(SenderWorker::stop);
        // a zero-copy sender may wait up to the I/O timeout for its last completions, then half-closes
        Duration bound = spec.ioTimeout().multipliedBy(2);
        long end = Math.min(System.nanoTime() + bound.toNanos(), deadline);
        for (SenderWorker s : senders) {
            s.thread().join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            checkFailure(failure.happened());
            if (s.thread().isAlive() || !s.finished()) {
                throw notEnded(s.name(), bound);
            }
        }
        long[] verified;
        try {
            verified = receivers.awaitEnd(Math.min(System.nanoTime() + bound.toNanos(), deadline));
        } catch (ExperimentFailedException | IOException e) {
            checkFailure(failure.happened());
            throw notEnded("the receivers (" + receivers.where() + "): " + e.getMessage(), bound);
        }
        checkFailure(failure.happened());
        long sent = 0;
        long total = 0;
        ZeroCopyCounts zeroCopy = ZeroCopyCounts.NONE;
        for (int i = 0; i < spec.threads(); i++) {
            long s = senders.get(i).messages();
            long v = verified[i];
            if (s != v) {
                throw new ExperimentFailedException(spec.label() + ": connection " + i + " sent " + s
                        + " messages but its receiver (" + receivers.where() + ") verified " + v);
            }
            sent += s;
            total += v;
            zeroCopy = zeroCopy.plus(senders.get(i).strategy().zeroCopyCounts());
        }
        return PointResult.of(spec, windows, sent, total, zeroCopy, spec.memoryFootprint().bytesPerConnection(),
                socketOptions, topology.name());
    }

    private ExperimentFailedException notEnded(String what, Duration bound) {
        boolean pastDeadline = System.nanoTime() >= deadline;
        return new ExperimentFailedException(spec.label() + ": " + what + " did not end "
                + (pastDeadline ? "by the trial's overall deadline of " + spec.deadline().toMillis()
                        + " ms (warm-up, windows and 3 × the I/O timeout)"
                        : "within " + bound.toMillis() + " ms after the senders were stopped")
                + "; the data moved but too slowly to finish: " + progress());
    }

    /** How far every connection got: what its sender sent and its receiver verified so far. */
    private String progress() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < senders.size(); i++) {
            text.append(i == 0 ? "" : "; ").append("connection ").append(i).append(" sent ")
                    .append(senders.get(i).messages()).append(" messages, its receiver verified ")
                    .append(receivers.verified(i));
        }
        return text.append(" (receivers: ").append(receivers.where()).append(')').toString();
    }

    /** Throws the first worker failure, saying how far every connection had got when it happened. */
    private void checkFailure(boolean failed) throws ExperimentFailedException {
        if (failed) {
            ExperimentFailedException first = failure.toException(spec.label());
            throw new ExperimentFailedException(first.getMessage() + "; " + progress(), first.getCause());
        }
    }

    /**
     * Aborts whatever still runs on both ends, waits for it, then frees every socket, counter and
     * buffer whose thread has ended. Returns what would not end.
     */
    private List<String> release() {
        receivers.abort(); // unblocks both ends at once; each then waits within its own bound
        List<String> stuck = new ArrayList<>(Worker.abortAndJoin(senders, spec.ioTimeout()));
        stuck.addAll(receivers.release());
        counted.close();
        for (SenderWorker s : senders) {
            if (s.thread() == null || !s.thread().isAlive()) {
                s.strategy().close();
            }
        }
        return stuck;
    }
}
