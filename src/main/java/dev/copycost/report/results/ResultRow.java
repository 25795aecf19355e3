package dev.copycost.report.results;

import dev.copycost.counters.CounterEvent;
import dev.copycost.counters.CounterValue;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.Repetition;
import dev.copycost.experiment.RoleMeasure;
import dev.copycost.experiment.Summary;
import dev.copycost.report.Fmt;
import dev.copycost.rounds.ArmResult;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.ZeroCopyCounts;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * One matrix point, flattened for results.csv and results.json. Counts per window are medians over
 * the measured windows; Gbps and CPU per byte carry min and max as well, because every conclusion of
 * the report is drawn from those ranges.
 *
 * <p>"Unavailable" is NaN in Java, null in JSON and an empty cell in CSV: the hardware counters
 * (cycles, instructions, cache-*) on a machine without a PMU, and the zero-copy ratios for the
 * strategies that do not use zero-copy. A NaN never means zero.
 *
 * @param strategy                 strategy label ({@code send}, {@code sendmsg}, ...)
 * @param size                     message size in bytes
 * @param threads                  connections, each with one sender and one receiver thread
 * @param gbpsMedian               total verified throughput of all connections, median over windows
 * @param cv                       coefficient of variation of Gbps over windows
 * @param noisy                    cv above the run's threshold
 * @param senderCpuNsPerByte       CPU ns of all sender threads per verified byte, median over windows
 * @param senderCtxSwitches        context switches of all sender threads per window (median), from /proc
 * @param ctxSwitchesPerMB         sender + receiver context switches per MB verified
 * @param cycles                   sender-side cycles per window (median); NaN when unavailable
 * @param copiedShare              share of zero-copy completions the kernel flagged COPIED; NaN for other strategies
 * @param sendsPerNotification     zero-copy sends completed per error-queue notification; NaN for other strategies
 * @param corruptMessages          always 0: a point with a corrupt message fails and becomes a {@link FailedPoint}
 * @param cpuSource                perf task-clock or the JVM's thread CPU time
 * @param counterMode              mode of the available perf counters, e.g. {@code kernel+user}, or {@code unavailable}
 * @param nativeBytesPerConnection native memory one connection's sender and receiver allocate ({@code MemoryFootprint})
 * @param gbpsPerRepetition        Gbps of each window, in order
 * @param senderInvoluntarySwitches   involuntary switches of the sender threads per window (median)
 * @param receiverInvoluntarySwitches involuntary switches of the receiver threads per window (median)
 * @param perRepetition            every window's raw values
 * @param socketOptions            the sender socket's options read back at setup, e.g. {@code TCP_NODELAY=0 SO_SNDBUF=16384 SO_ZEROCOPY=0}
 * @param statistics               the point's figures over its independent trials, with 95% intervals, and each trial's raw figures
 * @param nativeResidentEstimate   native memory the whole experiment takes, alignment gaps included ({@code MemoryFootprint})
 * @param zcCopiedNotifications    zero-copy notifications flagged COPIED; NaN where not counted (the copied
 *                                 share per send is an estimate: the kernel merges adjacent ranges whatever their code)
 * @param topology                 where the data went: {@code loopback}, {@code netns}, {@code remote}
 */
public record ResultRow(String strategy, int size, int threads, int repetitions, double gbpsMedian, double gbpsMin,
        double gbpsMax, double cv, boolean noisy, double msgsPerS, double senderCpuNsPerByte,
        double senderCpuNsPerByteMin, double senderCpuNsPerByteMax, double receiverCpuNsPerByte,
        double senderCtxSwitches, double receiverCtxSwitches, double ctxSwitchesPerMB, double cycles,
        double instructions, double cacheMisses, double cacheReferences, double cyclesPerByte,
        double cacheMissesPerByte, long zcIssued, long zcCompleted, long zcCopied, long zcNotifications,
        long enobufs, double copiedShare, double sendsPerNotification, long verifiedMessages, long corruptMessages,
        double senderAllocBytesPerMsg, boolean gcInWindow, String cpuSource, String counterMode,
        long nativeBytesPerConnection, double[] gbpsPerRepetition, double receiverCpuNsPerByteMin,
        double receiverCpuNsPerByteMax, double senderInvoluntarySwitches, double receiverInvoluntarySwitches,
        long sentMessages, List<RepetitionRow> perRepetition, String socketOptions, PointStatistics statistics,
        long nativeResidentEstimate, double zcCopiedNotifications, String topology) {

    public ResultRow {
        topology = topology == null ? PointResult.LOOPBACK : topology; // files written before topologies
        statistics = statistics == null ? PointStatistics.none() : statistics;
        // records hand out their arrays; copies keep a row immutable once built or read
        gbpsPerRepetition = gbpsPerRepetition == null ? new double[0] : gbpsPerRepetition.clone();
        perRepetition = perRepetition == null ? List.of() : List.copyOf(perRepetition);
    }

    @Override
    public double[] gbpsPerRepetition() {
        return gbpsPerRepetition.clone();
    }

    /** Flattens a point measured in trials: windows of every trial, and the intervals over trials. */
    public static ResultRow from(ArmResult arm) {
        return from(arm.merged(), PointStatistics.of(arm));
    }

    /** Flattens a single trial, as {@code copycost run} measures it. */
    public static ResultRow from(PointResult p) {
        return from(p, PointStatistics.ofSingle(p));
    }

    private static ResultRow from(PointResult p, PointStatistics statistics) {
        List<Repetition> reps = p.repetitions();
        Summary gbps = p.gbps();
        Summary senderCpu = p.senderCpuNsPerByte();
        Summary receiverCpu = p.receiverCpuNsPerByte();
        ZeroCopyCounts zc = p.zeroCopy() == null ? ZeroCopyCounts.NONE : p.zeroCopy();
        boolean zeroCopy = p.spec().strategy().pinsPages();
        return new ResultRow(p.strategy(), p.messageSize(), p.threads(), reps.size(), gbps.median(), gbps.min(),
                gbps.max(), gbps.cv(), p.noisy(), p.messagesPerSecond().median(), senderCpu.median(),
                senderCpu.min(), senderCpu.max(), receiverCpu.median(), p.senderContextSwitchesPerWindow(),
                p.receiverContextSwitchesPerWindow(), p.contextSwitchesPerMB().median(),
                senderCounter(reps, CounterEvent.CYCLES), senderCounter(reps, CounterEvent.INSTRUCTIONS),
                senderCounter(reps, CounterEvent.CACHE_MISSES), senderCounter(reps, CounterEvent.CACHE_REFERENCES),
                senderPerByte(reps, CounterEvent.CYCLES), senderPerByte(reps, CounterEvent.CACHE_MISSES),
                zc.issued(), zc.completed(), zc.copied(), zc.notifications(), zc.enobufsRetries(),
                zeroCopy && zc.completed() > 0 ? zc.copiedShare() : Double.NaN,
                zeroCopy && zc.notifications() > 0 ? zc.sendsPerNotification() : Double.NaN,
                p.verifiedMessages(), 0, p.senderAllocatedBytesPerMessage(), p.gcInWindow(), p.cpuSource(),
                counterMode(reps), p.nativeBytesPerConnection(),
                reps.stream().mapToDouble(Repetition::gbps).toArray(), receiverCpu.min(), receiverCpu.max(),
                medianOf(reps, r -> r.sender().involuntarySwitches()),
                medianOf(reps, r -> r.receiver().involuntarySwitches()), p.sentMessages(),
                reps.stream().map(RepetitionRow::from).toList(), socketOptions(p), statistics,
                p.spec().memoryFootprint().residentEstimate(),
                zc.copiedNotifications() < 0 ? Double.NaN : zc.copiedNotifications(), p.topology());
    }

    private static String socketOptions(PointResult p) {
        StringBuilder text = new StringBuilder();
        p.socketOptions().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> text.append(text.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue()));
        return text.toString();
    }

    /** Sender-side counter per window; NaN if any window lacks it, as a partial median would mislead. */
    private static double senderCounter(List<Repetition> reps, CounterEvent event) {
        return medianOf(reps, r -> r.sender().counter(event));
    }

    private static double senderPerByte(List<Repetition> reps, CounterEvent event) {
        return medianOf(reps, r -> r.sender().counter(event) / r.bytes());
    }

    static double medianOf(List<Repetition> reps, ToDoubleFunction<Repetition> f) {
        double[] values = reps.stream().mapToDouble(f).toArray();
        if (values.length == 0 || Arrays.stream(values).anyMatch(Double::isNaN)) {
            return Double.NaN;
        }
        return Summary.of(values).median();
    }

    /** The distinct modes of the counters that could be read, e.g. "kernel+user". */
    private static String counterMode(List<Repetition> reps) {
        Set<String> modes = new TreeSet<>();
        for (Repetition r : reps) {
            for (RoleMeasure role : List.of(r.sender(), r.receiver())) {
                for (CounterValue v : role.perf().values()) {
                    if (v.available() && v.mode() != null && !v.mode().isBlank()) {
                        modes.add(v.mode());
                    }
                }
            }
        }
        return modes.isEmpty() ? "unavailable" : String.join(", ", modes);
    }

    /**
     * Share of a measured window each sender thread spent on a CPU (all senders' CPU time over window ×
     * connections), median over windows; NaN without windows. Near 1 the thread was saturated, and its
     * CPU per byte is then 8 × connections × share / Gbps: a restatement of throughput.
     */
    public double senderBusyShare() {
        return medianOverWindows(w -> w.senderCpuNanos() / (w.seconds() * 1e9 * threads));
    }

    /** The same for the receiver threads (an agent's, off loopback). */
    public double receiverBusyShare() {
        return medianOverWindows(w -> w.receiverCpuNanos() / (w.seconds() * 1e9 * threads));
    }

    /** CPU ns of all sender and receiver threads per verified byte, median over windows. */
    public double totalCpuNsPerByte() {
        return medianOverWindows(w -> (w.senderCpuNanos() + w.receiverCpuNanos()) / (double) w.bytes());
    }

    /** Involuntary context switches per second per thread (2 per connection), median over windows. */
    public double involuntaryPerThreadSecond() {
        return medianOverWindows(w -> (w.senderInvoluntarySwitches() + w.receiverInvoluntarySwitches())
                / w.seconds() / (2.0 * threads));
    }

    private double medianOverWindows(ToDoubleFunction<RepetitionRow> f) {
        double[] values = perRepetition.stream().filter(w -> w.seconds() > 0 && w.bytes() > 0).mapToDouble(f).toArray();
        return values.length == 0 || Arrays.stream(values).anyMatch(Double::isNaN) ? Double.NaN : Summary.of(values).median();
    }

    /** The largest share of CPU time the hypervisor stole in any of the point's windows; NaN where not measured. */
    public double maxWindowSteal() {
        return perRepetition.stream().mapToDouble(RepetitionRow::stealShare).filter(Double::isFinite).max()
                .orElse(Double.NaN);
    }

    /** Windows of the point in which the hypervisor stole any CPU time. */
    public long windowsWithSteal() {
        return perRepetition.stream().filter(w -> w.stealShare() > 0).count();
    }

    /** True when the point was measured in independent trials and so has a 95% interval. */
    public boolean hasInterval() {
        return statistics.gbps().known();
    }

    /** Gbps estimate: geometric mean over trials where known, else the median over windows. */
    public double gbpsCenter() {
        return hasInterval() ? statistics.gbps().estimate() : gbpsMedian;
    }

    /** Lower end of the point's uncertainty: its 95% interval where known, else the slowest window. */
    public double gbpsLow() {
        return hasInterval() ? statistics.gbps().low() : gbpsMin;
    }

    /** Upper end of the point's uncertainty: its 95% interval where known, else the fastest window. */
    public double gbpsHigh() {
        return hasInterval() ? statistics.gbps().high() : gbpsMax;
    }

    /** Each trial's Gbps in round order; empty for a point that was not measured in trials. */
    public double[] trialGbps() {
        return statistics.perTrial().stream().mapToDouble(TrialRow::gbps).toArray();
    }

    /** True for the zero-copy strategies ({@code zerocopy}, {@code uring-zc}), whose ledger columns mean something. */
    public boolean zeroCopyStrategy() {
        return strategyName().map(StrategyName::pinsPages).orElse(false);
    }

    /** The strategy of this row's point ({@code uring-zc-qd16} → uring-zc); empty for a name this build does not know. */
    public java.util.Optional<StrategyName> strategyName() {
        try {
            return java.util.Optional.of(StrategyName.ofPoint(strategy));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** The io_uring queue depth of the point, 0 for a strategy without one: results.csv's {@code queue_depth}. */
    @com.fasterxml.jackson.annotation.JsonProperty("queueDepth")
    public int queueDepth() {
        return strategyName().filter(StrategyName::isUring).map(s -> StrategyName.queueDepthOf(strategy)).orElse(0);
    }

    /** The point's name, e.g. {@code sendmsg 4 KiB × 2}, with its topology unless it is loopback. */
    public String label() {
        return strategy + " " + Fmt.size(size) + " × " + threads + (loopback() ? "" : " over " + topology);
    }

    public boolean loopback() {
        return PointResult.LOOPBACK.equals(topology);
    }
}
