package dev.copycost.experiment;

import dev.copycost.counters.CounterEvent;
import dev.copycost.strategy.ZeroCopyCounts;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One point of the matrix after all its repetitions: the spread of throughput, the per-window raw
 * measures, and what the whole run proved about integrity and zero-copy accounting.
 *
 * @param sentMessages        messages the senders sent over the whole run, warm-up included
 * @param verifiedMessages    messages the receivers verified over the whole run; equal to sent, or the run failed
 * @param zeroCopy            zero-copy accounting over the whole run, NONE for other strategies
 * @param nativeBytesPerConnection native memory one connection's sender and receiver allocate ({@code MemoryFootprint})
 * @param socketOptions       the sender socket's options as read back at connection setup (TCP_NODELAY, SO_SNDBUF, SO_ZEROCOPY)
 * @param topology            where the data went: {@code loopback}, {@code netns}, {@code remote} ({@link Topology#name()})
 */
public record PointResult(ExperimentSpec spec, List<Repetition> repetitions, Summary gbps,
        Summary messagesPerSecond, boolean noisy, long sentMessages, long verifiedMessages,
        ZeroCopyCounts zeroCopy, long nativeBytesPerConnection, Map<String, Integer> socketOptions, String topology) {

    /** The topology of results that name none: everything measured before topologies existed was loopback. */
    public static final String LOOPBACK = "loopback";

    public PointResult {
        topology = topology == null ? LOOPBACK : topology;
    }

    static PointResult of(ExperimentSpec spec, List<Repetition> reps, long sent, long verified,
            ZeroCopyCounts zeroCopy, long nativeBytes, Map<String, Integer> socketOptions, String topology) {
        Summary gbps = Summary.of(reps.stream().mapToDouble(Repetition::gbps).toArray());
        Summary mps = Summary.of(reps.stream().mapToDouble(Repetition::messagesPerSecond).toArray());
        return new PointResult(spec, List.copyOf(reps), gbps, mps, gbps.cv() > spec.noisyCv(), sent, verified,
                zeroCopy, nativeBytes, Map.copyOf(socketOptions), topology);
    }

    /**
     * Several independent trials of one point as one: every trial's windows in order (renumbered),
     * the whole-run counts summed. The spec, memory and socket options are the first trial's.
     */
    public static PointResult merge(List<PointResult> trials) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no trials to merge");
        }
        List<Repetition> windows = new java.util.ArrayList<>();
        long sent = 0;
        long verified = 0;
        ZeroCopyCounts zeroCopy = ZeroCopyCounts.NONE;
        for (PointResult t : trials) {
            for (Repetition r : t.repetitions()) {
                windows.add(new Repetition(windows.size(), r.seconds(), r.messages(), r.bytes(), r.sender(),
                        r.receiver(), r.gcCollections(), r.gcMillis(), r.jitMillis(), r.stealShare()));
            }
            sent += t.sentMessages();
            verified += t.verifiedMessages();
            zeroCopy = zeroCopy.plus(t.zeroCopy());
        }
        PointResult first = trials.get(0);
        return of(first.spec(), windows, sent, verified, zeroCopy, first.nativeBytesPerConnection(),
                first.socketOptions(), first.topology());
    }

    /** The point's name: the strategy's label, with the queue depth for io_uring ({@code uring-send-qd16}). */
    public String strategy() {
        return spec.pointName();
    }

    public int messageSize() {
        return spec.messageSize();
    }

    public int threads() {
        return spec.threads();
    }

    /** Median over windows of a per-window ratio. */
    private Summary perWindow(ToDoubleFunction<Repetition> f) {
        return Summary.of(repetitions.stream().mapToDouble(f).toArray());
    }

    public Summary senderCpuNsPerByte() {
        return perWindow(r -> r.sender().cpuNanos() / (double) r.bytes());
    }

    public Summary receiverCpuNsPerByte() {
        return perWindow(r -> r.receiver().cpuNanos() / (double) r.bytes());
    }

    /** Sender-side counter per byte; NaN where the counter was unavailable. */
    public Summary senderCounterPerByte(CounterEvent event) {
        return perWindow(r -> r.sender().counter(event) / r.bytes());
    }

    /** The senders' CPU time per message verified, in microseconds: what the C twin reports for its sender. */
    public Summary senderCpuMicrosPerMessage() {
        return perWindow(r -> r.sender().cpuNanos() / 1e3 / r.messages());
    }

    public Summary receiverCpuMicrosPerMessage() {
        return perWindow(r -> r.receiver().cpuNanos() / 1e3 / r.messages());
    }

    /** The senders' voluntary context switches per message: waits for send-buffer space or completions. */
    public Summary senderSleepsPerMessage() {
        return perWindow(r -> r.sender().voluntarySwitches() / (double) r.messages());
    }

    /** Sender + receiver context switches per MB moved (from /proc, perf not needed). */
    public Summary contextSwitchesPerMB() {
        return perWindow(r -> (r.sender().contextSwitches() + r.receiver().contextSwitches()) / (r.bytes() / 1e6));
    }

    public double senderContextSwitchesPerWindow() {
        return perWindow(r -> r.sender().contextSwitches()).median();
    }

    /** The receivers' voluntary context switches per message: how often a receiver waited for data. */
    public Summary receiverSleepsPerMessage() {
        return perWindow(r -> r.receiver().voluntarySwitches() / (double) r.messages());
    }

    public double receiverContextSwitchesPerWindow() {
        return perWindow(r -> r.receiver().contextSwitches()).median();
    }

    public double senderAllocatedBytesPerMessage() {
        return perWindow(r -> r.sender().allocatedBytes() / (double) Math.max(1, r.messages())).median();
    }

    public boolean gcInWindow() {
        return repetitions.stream().anyMatch(r -> r.gcCollections() > 0);
    }

    public String cpuSource() {
        return repetitions.get(0).sender().cpuSource();
    }
}
