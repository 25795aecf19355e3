package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import java.time.Duration;

/**
 * Everything a sender needs besides its connection. The socket options here apply to every strategy
 * alike, so that strategies differ only in how they hand data to the kernel.
 *
 * @param noDelay       TCP_NODELAY on every connection (both ends)
 * @param ioTimeout     bound on any one blocking send or receive: a stalled peer fails within it
 * @param zeroCopyRing  buffer sets the zero-copy and io_uring senders cycle through
 * @param uringDepth    io_uring requests in flight per connection, submitted together (at most the ring)
 * @param fields        where a message's fields lie in the sender's memory
 */
public record SenderSettings(MessageLayout layout, boolean noDelay, Duration ioTimeout, int zeroCopyRing,
        int uringDepth, FieldPlacement fields) {
    /** The io_uring queue depth when none is given: one request at a time, like a plain sendmsg. */
    public static final int DEFAULT_URING_DEPTH = 1;

    /** Every field its own allocation (the seed's placement), io_uring depth 1. */
    public SenderSettings(MessageLayout layout, boolean noDelay, Duration ioTimeout, int zeroCopyRing) {
        this(layout, noDelay, ioTimeout, zeroCopyRing, DEFAULT_URING_DEPTH, FieldPlacement.PAGE_PER_FIELD);
    }

    /** Every field its own allocation, at io_uring depth {@code uringDepth}. */
    public SenderSettings(MessageLayout layout, boolean noDelay, Duration ioTimeout, int zeroCopyRing, int uringDepth) {
        this(layout, noDelay, ioTimeout, zeroCopyRing, uringDepth, FieldPlacement.PAGE_PER_FIELD);
    }

    /** The fields placed as given, io_uring depth 1. */
    public SenderSettings(MessageLayout layout, boolean noDelay, Duration ioTimeout, int zeroCopyRing,
            FieldPlacement fields) {
        this(layout, noDelay, ioTimeout, zeroCopyRing, DEFAULT_URING_DEPTH, fields);
    }

    public SenderSettings {
        if (fields == null) {
            throw new IllegalArgumentException("field placement is missing: use page-per-field or packed");
        }
        if (zeroCopyRing < 1 || zeroCopyRing > 1024) {
            throw new IllegalArgumentException("zero-copy ring " + zeroCopyRing + " is not in 1..1024");
        }
        if (uringDepth < 1 || uringDepth > zeroCopyRing) {
            throw new IllegalArgumentException("io_uring queue depth " + uringDepth + " is not in 1.." + zeroCopyRing
                    + ": each request in flight needs a buffer set of its own, and the ring (copycost.ring) has "
                    + zeroCopyRing);
        }
        // below a millisecond poll() would not wait at all, and below a microsecond SO_SNDTIMEO
        // would round to zero, which the kernel reads as "no timeout"
        if (ioTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("I/O timeout " + ioTimeout.toNanos() + " ns is too short: use at least 1ms");
        }
    }
}
