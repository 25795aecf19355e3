package dev.copycost.experiment;

import static dev.copycost.nativeio.SocketConstants.IPPROTO_TCP;
import static dev.copycost.nativeio.SocketConstants.TCP_NODELAY;

import dev.copycost.counters.CounterEvent;
import dev.copycost.counters.CounterValue;
import dev.copycost.counters.ThreadCounters;
import dev.copycost.counters.ThreadSchedStats;
import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.CpuAffinity;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.strategy.SendStrategy;
import dev.copycost.strategy.SenderListener;
import dev.copycost.strategy.ZeroCopyCounts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link ExperimentSpec} over loopback: T receiver connections to a sender listening on an
 * ephemeral port of 127.0.0.1, one sender and one receiver thread per connection, a warm-up, then R
 * measured windows on the same connections. Afterwards every connection must have had each message it
 * sent verified, and every zero-copy send completed and accounted, or the experiment fails.
 *
 * <p>Every wait is bounded: a worker that fails ends the current wait at once, a socket that makes no
 * progress fails within the I/O timeout, and threads that do not end are aborted. Nothing outlives
 * {@link #run}: sockets, threads, counters and native memory are released before it returns.
 */
public final class Experiment {
    private final ExperimentSpec spec;
    private final FirstFailure failure = new FirstFailure();
    private final List<SenderWorker> senders = new ArrayList<>();
    private final List<ReceiverWorker> receivers = new ArrayList<>();
    private final List<ThreadCounters> senderCounters = new ArrayList<>();
    private final List<ThreadCounters> receiverCounters = new ArrayList<>();
    /** Counted down by every worker thread once it has published its tid. */
    private final CountDownLatch ready;
    private Map<String, Integer> socketOptions = Map.of();
    /** System.nanoTime() by which the trial must have finished; see {@link ExperimentSpec#deadline()}. */
    private long deadline;

    private Experiment(ExperimentSpec spec) {
        this.spec = spec;
        this.ready = new CountDownLatch(2 * spec.threads());
    }

    public static PointResult run(ExperimentSpec spec) throws ExperimentFailedException, InterruptedException {
        return new Experiment(spec).run();
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
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        int slots = spec.strategy().ringSlots(spec.zeroCopyRing());
        try (SenderListener listener = SenderListener.open(spec.strategy(), spec.senderSettings(), any)) {
            InetSocketAddress server = new InetSocketAddress(any.getAddress(), listener.port());
            for (int i = 0; i < spec.threads(); i++) {
                StreamVerifier verifier = new StreamVerifier(spec.layout(), slots, spec.payloadEvery());
                TcpSocket client = TcpSocket.connect(server, spec.ioTimeout());
                receivers.add(new ReceiverWorker(i, client, verifier, failure, ready));
                client.setInt(IPPROTO_TCP, TCP_NODELAY, spec.noDelay() ? 1 : 0, "TCP_NODELAY");
                SendStrategy strategy = listener.accept(spec.ioTimeout());
                senders.add(new SenderWorker(i, strategy, spec.ioTimeout(), failure, ready));
            }
            // read back before the sender threads own the sockets: what the kernel really applied
            socketOptions = senders.get(0).strategy().socketOptions();
        }
    }

    private void startWorkers() throws ExperimentFailedException, InterruptedException, IOException {
        List<Integer> cpus = spec.placement() == Placement.OS ? List.of() : CpuAffinity.allowed();
        for (int i = 0; i < spec.threads(); i++) {
            senders.get(i).pinTo(spec.placement().cpuFor(true, i, cpus));
            receivers.get(i).pinTo(spec.placement().cpuFor(false, i, cpus));
        }
        receivers.forEach(Worker::start);
        senders.forEach(Worker::start);
        if (!ready.await(spec.ioTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ExperimentFailedException(spec.label() + ": worker threads did not start within "
                    + spec.ioTimeout().toMillis() + " ms");
        }
        checkFailure(failure.happened()); // e.g. a CPU the placement named could not be pinned to
        for (SenderWorker s : senders) {
            senderCounters.add(ThreadCounters.open(s.tid()));
        }
        for (ReceiverWorker r : receivers) {
            receiverCounters.add(ThreadCounters.open(r.tid()));
        }
    }

    private Repetition measureWindow(int index) throws ExperimentFailedException, InterruptedException {
        // nested edges, slowest outside: /proc and MXBean samples (~0.1 ms a thread), then the perf
        // counters (~10 µs a thread), then the message count and the clock, so that the counters'
        // window matches the bytes' window as closely as the ioctls allow
        List<ThreadSample> sendersBefore = sample(senders);
        List<ThreadSample> receiversBefore = sample(receivers);
        checkFailure(failure.happened()); // a worker that died is sampled as ended: report why it died
        JvmActivity jvmBefore = JvmActivity.now();
        senderCounters.forEach(ThreadCounters::resetAndEnable);
        receiverCounters.forEach(ThreadCounters::resetAndEnable);
        long verifiedBefore = verified();
        long t0 = System.nanoTime();

        checkFailure(failure.awaitFor(spec.duration()));

        long verifiedAfter = verified();
        long t1 = System.nanoTime();
        senderCounters.forEach(ThreadCounters::disable);
        receiverCounters.forEach(ThreadCounters::disable);
        JvmActivity jvm = JvmActivity.now().since(jvmBefore);
        List<ThreadSample> sendersAfter = sample(senders);
        List<ThreadSample> receiversAfter = sample(receivers);
        checkFailure(failure.happened());

        long messages = verifiedAfter - verifiedBefore;
        if (messages == 0) {
            throw new ExperimentFailedException(spec.label() + ": no message was verified in window " + index
                    + " (" + (t1 - t0) / 1_000_000 + " ms): the connections made no progress");
        }
        return new Repetition(index, (t1 - t0) / 1e9, messages, messages * spec.messageSize(),
                role(senderCounters, sendersBefore, sendersAfter),
                role(receiverCounters, receiversBefore, receiversAfter),
                jvm.gcCollections(), jvm.gcMillis(), jvm.jitMillis());
    }

    private PointResult finish(List<Repetition> windows) throws ExperimentFailedException, InterruptedException {
        senders.forEach(SenderWorker::stop);
        // a zero-copy sender may wait up to the I/O timeout for its last completions, then half-closes
        Duration bound = spec.ioTimeout().multipliedBy(2);
        awaitEnd(senders, bound);
        awaitEnd(receivers, bound);
        long sent = 0;
        long verified = 0;
        ZeroCopyCounts zeroCopy = ZeroCopyCounts.NONE;
        for (int i = 0; i < spec.threads(); i++) {
            long s = senders.get(i).messages();
            long v = receivers.get(i).messages();
            if (s != v) {
                throw new ExperimentFailedException(spec.label() + ": connection " + i + " sent " + s
                        + " messages but its receiver verified " + v);
            }
            sent += s;
            verified += v;
            zeroCopy = zeroCopy.plus(senders.get(i).strategy().zeroCopyCounts());
        }
        return PointResult.of(spec, windows, sent, verified, zeroCopy, spec.memoryFootprint().bytesPerConnection(),
                socketOptions);
    }

    /**
     * Waits for workers to end, within the bound and within the trial's overall deadline; fails naming
     * how far every connection got if one does not (the caller's release then aborts everything).
     */
    private void awaitEnd(List<? extends Worker> workers, Duration bound) throws ExperimentFailedException, InterruptedException {
        long end = Math.min(System.nanoTime() + bound.toNanos(), deadline);
        for (Worker w : workers) {
            w.thread().join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            checkFailure(failure.happened());
            if (w.thread().isAlive() || !w.finished()) {
                boolean pastDeadline = System.nanoTime() >= deadline;
                throw new ExperimentFailedException(spec.label() + ": " + w.name() + " did not end "
                        + (pastDeadline ? "by the trial's overall deadline of " + spec.deadline().toMillis()
                                + " ms (warm-up, windows and 3 × the I/O timeout)"
                                : "within " + bound.toMillis() + " ms after the senders were stopped")
                        + "; the data moved but too slowly to finish: " + progress());
            }
        }
    }

    /** How far every connection got: what its sender sent and its receiver verified so far. */
    private String progress() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < senders.size(); i++) {
            text.append(i == 0 ? "" : "; ").append("connection ").append(i).append(" sent ")
                    .append(senders.get(i).messages()).append(" messages, its receiver verified ")
                    .append(i < receivers.size() ? receivers.get(i).messages() : 0);
        }
        return text.toString();
    }

    /** Throws the first worker failure, saying how far every connection had got when it happened. */
    private void checkFailure(boolean failed) throws ExperimentFailedException {
        if (failed) {
            ExperimentFailedException first = failure.toException(spec.label());
            throw new ExperimentFailedException(first.getMessage() + "; " + progress(), first.getCause());
        }
    }

    private long verified() {
        long total = 0;
        for (ReceiverWorker r : receivers) {
            total += r.messages();
        }
        return total;
    }

    private static List<ThreadSample> sample(List<? extends Worker> workers) {
        List<ThreadSample> samples = new ArrayList<>(workers.size());
        for (Worker w : workers) {
            samples.add(ThreadSample.of(w));
        }
        return samples;
    }

    private static RoleMeasure role(List<ThreadCounters> counters, List<ThreadSample> before, List<ThreadSample> after) {
        List<Map<CounterEvent, CounterValue>> readings = new ArrayList<>();
        for (ThreadCounters c : counters) {
            readings.add(c.read());
        }
        Map<CounterEvent, CounterValue> perf = CounterValue.sum(readings);
        long cpu = 0;
        long alloc = 0;
        ThreadSchedStats sched = new ThreadSchedStats(0, 0);
        for (int i = 0; i < before.size(); i++) {
            cpu += after.get(i).cpuNanos() - before.get(i).cpuNanos();
            alloc += after.get(i).allocatedBytes() - before.get(i).allocatedBytes();
            ThreadSchedStats d = after.get(i).sched().minus(before.get(i).sched());
            sched = new ThreadSchedStats(sched.voluntary() + d.voluntary(), sched.involuntary() + d.involuntary());
        }
        CounterValue taskClock = perf.get(CounterEvent.TASK_CLOCK);
        boolean perfCpu = taskClock != null && taskClock.available();
        return new RoleMeasure(before.size(), perf, sched.voluntary(), sched.involuntary(),
                perfCpu ? taskClock.value() : cpu,
                perfCpu ? "perf task-clock (" + taskClock.mode() + ")" : "JVM thread CPU time",
                alloc);
    }

    /**
     * Aborts whatever still runs, waits for it (one shared bound), then frees every socket, counter
     * and buffer whose thread has ended. Returns the workers that would not end.
     */
    private List<String> release() {
        boolean running = false;
        for (Worker w : workers()) {
            running |= w.thread() != null && w.thread().isAlive();
        }
        boolean interrupted = false;
        if (running) {
            workers().forEach(Worker::abort);
            long deadline = System.nanoTime() + spec.ioTimeout().toNanos();
            for (Worker w : workers()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (w.thread() != null && left > 0) {
                    try {
                        w.thread().join(left);
                    } catch (InterruptedException e) {
                        interrupted = true; // finish releasing first, then restore the interrupt
                    }
                }
            }
        }
        List<String> stuck = new ArrayList<>();
        for (Worker w : workers()) {
            if (w.thread() != null && w.thread().isAlive()) {
                stuck.add(w.name());
            }
        }
        senderCounters.forEach(ThreadCounters::close);
        receiverCounters.forEach(ThreadCounters::close);
        for (SenderWorker s : senders) {
            if (s.thread() == null || !s.thread().isAlive()) {
                s.strategy().close();
            }
        }
        for (ReceiverWorker r : receivers) {
            if (r.thread() == null || !r.thread().isAlive()) {
                r.close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stuck;
    }

    private List<Worker> workers() {
        List<Worker> all = new ArrayList<>(senders);
        all.addAll(receivers);
        return all;
    }
}
