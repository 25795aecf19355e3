package dev.copycost.experiment;

import dev.copycost.message.MessageLayout;
import dev.copycost.strategy.FieldPlacement;
import dev.copycost.strategy.MemoryFootprint;
import dev.copycost.strategy.SenderSettings;
import dev.copycost.strategy.StrategyName;
import java.time.Duration;

/**
 * One experiment, validated once here: which strategy, message size and thread count, how long to
 * warm up and measure, how often, and the settings every strategy shares.
 *
 * @param payloadEvery  payload bytes are verified for every k-th message (1 = all); stamps always
 * @param noDelay       TCP_NODELAY on both ends of every connection
 * @param zeroCopyRing  buffer sets the zero-copy sender cycles through
 * @param ioTimeout     bound on any blocking step; a stalled peer fails the experiment within it
 * @param noisyCv       coefficient of variation above which a point is flagged noisy
 * @param placement     where the sender and receiver threads run
 * @param uringDepth    io_uring requests in flight per connection, submitted by one io_uring_enter; 1 for
 *                      the other strategies, which have no queue depth
 * @param fields        where a message's eight fields lie in the sender's memory
 */
public record ExperimentSpec(StrategyName strategy, MessageLayout layout, int threads, Duration warmup,
        Duration duration, int repetitions, int payloadEvery, boolean noDelay, int zeroCopyRing,
        Duration ioTimeout, double noisyCv, Placement placement, int uringDepth, FieldPlacement fields) {

    public static final int MAX_THREADS = 256;
    /** Deepest io_uring queue allowed; also bounded by the ring of buffer sets, one per request in flight. */
    public static final int MAX_URING_DEPTH = 1024;
    public static final Duration DEFAULT_WARMUP = Duration.ofMillis(500);
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(2);
    public static final int DEFAULT_REPETITIONS = 3;
    public static final int DEFAULT_ZERO_COPY_RING = 16;
    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofSeconds(5);
    public static final double DEFAULT_NOISY_CV = 0.10;
    /**
     * The kernel places threads, as the seed's programs ran. Measured here on the reduced acceptance
     * matrix with short trials: {@code os} decided 31 of 36 comparisons, {@code same-core} about as
     * many while measuring a different workload (sender and receiver never in parallel; 0.78× the
     * throughput of {@code os} at 64 KiB). Pinning did not make verdicts more decisive on this VM,
     * where the vCPUs themselves wander, so the default measures what users run.
     */
    public static final Placement DEFAULT_PLACEMENT = Placement.OS;
    /**
     * Bound on the native memory of one experiment, senders and receivers together, as
     * {@link MemoryFootprint#residentEstimate()} counts it; {@code -Xmx} does not limit native memory.
     */
    public static final long MAX_NATIVE_MEMORY = 64L << 20;
    /**
     * Nagle stays on by default, as in the kernel and in the seed's C programs. With TCP_NODELAY
     * every 8-byte send() of the per-field strategy becomes its own segment and wakes the receiver:
     * measured here, C and copycost alike ran 64 B {@code send} at 0.008 Gbps with it and 0.017-0.020
     * without. Either way it is the same for every strategy and recorded with the results.
     */
    public static final boolean DEFAULT_NO_DELAY = false;

    public ExperimentSpec {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("thread count " + threads + " is not allowed: use 1.." + MAX_THREADS
                    + " (one connection, sender thread and receiver thread each)");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up " + warmup + " is negative: use 0 or more");
        }
        if (duration.toMillis() < 10) {
            throw new IllegalArgumentException("measurement time " + duration + " is too short: use at least 10 ms");
        }
        if (repetitions < 1 || repetitions > 1000) {
            throw new IllegalArgumentException("repetitions " + repetitions + " is not in 1..1000");
        }
        if (payloadEvery < 1) {
            throw new IllegalArgumentException("payload verification every " + payloadEvery + " messages: use 1 or more");
        }
        if (placement == null) {
            throw new IllegalArgumentException("placement is missing: use one of os, spread, same-core");
        }
        if (!(noisyCv > 0)) {
            throw new IllegalArgumentException("noisy threshold " + noisyCv + " must be a positive fraction");
        }
        if (!strategy.isUring()) {
            uringDepth = SenderSettings.DEFAULT_URING_DEPTH; // no queue depth: one identity per point
        }
        // validates the ring, the queue depth and the timeout with their own messages
        if (fields == null) {
            throw new IllegalArgumentException("field placement is missing: use page-per-field or packed");
        }
        new SenderSettings(layout, noDelay, ioTimeout, zeroCopyRing, uringDepth, fields);
        // what the senders and receivers really allocate: every field on its own block (a page for
        // zero-copy), the receive buffers and expected patterns, io_uring's rings, and the allocator's gaps
        MemoryFootprint footprint = MemoryFootprint.of(strategy, layout, zeroCopyRing, uringDepth, threads, fields);
        if (footprint.residentEstimate() > MAX_NATIVE_MEMORY) {
            throw new IllegalArgumentException("native memory of about " + String.format(java.util.Locale.ROOT,
                    "%.1f", footprint.residentEstimate() / (double) (1 << 20)) + " MiB is more than the " + (MAX_NATIVE_MEMORY >> 20) + " MiB allowed (" + footprint.describe()
                    + "): lower the ring, size or threads");
        }
    }

    /** With the default io_uring queue depth (1), every field its own allocation, as the seed's programs. */
    public ExperimentSpec(StrategyName strategy, MessageLayout layout, int threads, Duration warmup,
            Duration duration, int repetitions, int payloadEvery, boolean noDelay, int zeroCopyRing,
            Duration ioTimeout, double noisyCv, Placement placement) {
        this(strategy, layout, threads, warmup, duration, repetitions, payloadEvery, noDelay, zeroCopyRing, ioTimeout,
                noisyCv, placement, SenderSettings.DEFAULT_URING_DEPTH, FieldPlacement.PAGE_PER_FIELD);
    }

    /** At io_uring queue depth {@code uringDepth}, every field its own allocation. */
    public ExperimentSpec(StrategyName strategy, MessageLayout layout, int threads, Duration warmup,
            Duration duration, int repetitions, int payloadEvery, boolean noDelay, int zeroCopyRing,
            Duration ioTimeout, double noisyCv, Placement placement, int uringDepth) {
        this(strategy, layout, threads, warmup, duration, repetitions, payloadEvery, noDelay, zeroCopyRing, ioTimeout,
                noisyCv, placement, uringDepth, FieldPlacement.PAGE_PER_FIELD);
    }

    /** With the fields placed as given, io_uring depth 1. */
    public ExperimentSpec(StrategyName strategy, MessageLayout layout, int threads, Duration warmup,
            Duration duration, int repetitions, int payloadEvery, boolean noDelay, int zeroCopyRing,
            Duration ioTimeout, double noisyCv, Placement placement, FieldPlacement fields) {
        this(strategy, layout, threads, warmup, duration, repetitions, payloadEvery, noDelay, zeroCopyRing, ioTimeout,
                noisyCv, placement, SenderSettings.DEFAULT_URING_DEPTH, fields);
    }

    /** The defaults of the matrix for one point. */
    public static ExperimentSpec of(StrategyName strategy, int messageSize, int threads) {
        return new ExperimentSpec(strategy, new MessageLayout(messageSize), threads, DEFAULT_WARMUP,
                DEFAULT_DURATION, DEFAULT_REPETITIONS, 1, DEFAULT_NO_DELAY, DEFAULT_ZERO_COPY_RING, DEFAULT_IO_TIMEOUT,
                DEFAULT_NOISY_CV, DEFAULT_PLACEMENT);
    }

    public ExperimentSpec withTiming(Duration warmup, Duration duration, int repetitions) {
        return new ExperimentSpec(strategy, layout, threads, warmup, duration, repetitions, payloadEvery, noDelay,
                zeroCopyRing, ioTimeout, noisyCv, placement, uringDepth, fields);
    }

    public ExperimentSpec withPayloadEvery(int every) {
        return new ExperimentSpec(strategy, layout, threads, warmup, duration, repetitions, every, noDelay,
                zeroCopyRing, ioTimeout, noisyCv, placement, uringDepth, fields);
    }

    public ExperimentSpec withRingAndThreads(int ring, int threadCount) {
        return new ExperimentSpec(strategy, layout, threadCount, warmup, duration, repetitions, payloadEvery, noDelay,
                ring, ioTimeout, noisyCv, placement, uringDepth, fields);
    }

    public ExperimentSpec withNoDelay(boolean on) {
        return new ExperimentSpec(strategy, layout, threads, warmup, duration, repetitions, payloadEvery, on,
                zeroCopyRing, ioTimeout, noisyCv, placement, uringDepth, fields);
    }

    public ExperimentSpec withPlacement(Placement where) {
        return new ExperimentSpec(strategy, layout, threads, warmup, duration, repetitions, payloadEvery, noDelay,
                zeroCopyRing, ioTimeout, noisyCv, where, uringDepth, fields);
    }

    /** The same point at io_uring queue depth {@code depth} (ignored by the strategies without one). */
    public ExperimentSpec withUringDepth(int depth) {
        return new ExperimentSpec(strategy, layout, threads, warmup, duration, repetitions, payloadEvery, noDelay,
                zeroCopyRing, ioTimeout, noisyCv, placement, depth, fields);
    }

    public ExperimentSpec withFields(FieldPlacement placed) {
        return new ExperimentSpec(strategy, layout, threads, warmup, duration, repetitions, payloadEvery, noDelay,
                zeroCopyRing, ioTimeout, noisyCv, placement, uringDepth, placed);
    }

    /** The point's name in blocks, results and the report: the strategy, with its queue depth for io_uring. */
    public String pointName() {
        return strategy.pointName(uringDepth);
    }

    /** The io_uring queue depth, 0 for a strategy without one (as results.csv's queue_depth). */
    public int queueDepth() {
        return strategy.isUring() ? uringDepth : 0;
    }

    /**
     * The longest one trial may take from start to release: warm-up and windows as planned, plus one
     * I/O timeout for setup and two for the senders' finish and the receivers' drain. A trial whose
     * data merely trickles (no I/O timeout ever fires) fails at this deadline.
     */
    public Duration deadline() {
        return warmup.plus(duration.multipliedBy(repetitions)).plus(ioTimeout.multipliedBy(3));
    }

    /** What this experiment allocates in native memory, counted as the allocations really are. */
    public MemoryFootprint memoryFootprint() {
        return MemoryFootprint.of(strategy, layout, zeroCopyRing, uringDepth, threads, fields);
    }

    public int messageSize() {
        return layout.messageSize();
    }

    public SenderSettings senderSettings() {
        return new SenderSettings(layout, noDelay, ioTimeout, zeroCopyRing, uringDepth, fields);
    }

    /** A short name, e.g. {@code sendmsg 4096 B × 2, placement os} or {@code uring-zc-qd16 4096 B × 1, ...}. */
    public String label() {
        return pointName() + " " + layout.messageSize() + " B × " + threads + ", placement " + placement.label()
                + (fields == FieldPlacement.PACKED ? ", packed fields" : "");
    }
}
