package dev.copycost.strategy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * How one sender thread puts one message on its connection. An instance owns its connection's send
 * side and its message memory, and is used by one thread only.
 */
public interface SendStrategy extends AutoCloseable {
    StrategyName name();

    /** Sends message {@code message} (0, 1, 2, ...) completely, stamps included. */
    void send(long message) throws IOException;

    /**
     * Ends sending: waits at most {@code bound} for anything still owed (zero-copy completions) and
     * fails if the accounting does not balance, then half-closes so the receiver sees end of stream.
     */
    void finish(Duration bound) throws IOException;

    /** Zero-copy accounting so far; {@link ZeroCopyCounts#NONE} for the copying strategies. */
    default ZeroCopyCounts zeroCopyCounts() {
        return ZeroCopyCounts.NONE;
    }

    /**
     * Why this sender cannot make progress right now, if it knows (e.g. the kernel refuses its sends
     * for lack of option memory); safe to call from another thread. Empty for most strategies.
     */
    default java.util.Optional<String> stall() {
        return java.util.Optional.empty();
    }

    /**
     * The connection's socket options as the kernel reports them now (TCP_NODELAY, SO_SNDBUF), read
     * back rather than assumed, so that a difference between strategies would show.
     */
    Map<String, Integer> socketOptions() throws IOException;

    /** The option names every strategy reports, in one place so that no strategy can drift. */
    static Map<String, Integer> socketOptions(boolean noDelay, int sendBuffer, boolean zeroCopy) {
        return Map.of("TCP_NODELAY", noDelay ? 1 : 0, "SO_SNDBUF", sendBuffer, "SO_ZEROCOPY", zeroCopy ? 1 : 0);
    }

    /**
     * Every native byte this sender asked the allocator for: message fields rounded up to their
     * alignment, iovecs, headers, socket scratch. What {@link MemoryFootprint} predicts from a spec.
     */
    long allocatedNativeBytes();

    /** Unblocks a send stuck on a dead or stalled peer; safe to call from another thread. */
    void abort();

    @Override
    void close();
}
