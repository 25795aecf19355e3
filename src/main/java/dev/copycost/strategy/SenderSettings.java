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
 */
public record SenderSettings(MessageLayout layout, boolean noDelay, Duration ioTimeout, int zeroCopyRing,
        int uringDepth) {
    /** The io_uring queue depth when none is given: one request at a time, like a plain sendmsg. */
    public static final int DEFAULT_URING_DEPTH = 1;

    public SenderSettings {
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

    /** With the default io_uring queue depth. */
    public SenderSettings(MessageLayout layout, boolean noDelay, Duration ioTimeout, int zeroCopyRing) {
        this(layout, noDelay, ioTimeout, zeroCopyRing, DEFAULT_URING_DEPTH);
    }
}
