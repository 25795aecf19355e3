package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import java.time.Duration;

/**
 * Everything a sender needs besides its connection. The socket options here apply to every strategy
 * alike, so that strategies differ only in how they hand data to the kernel.
 *
 * @param noDelay       TCP_NODELAY on every connection (both ends)
 * @param ioTimeout     bound on any one blocking send or receive: a stalled peer fails within it
 * @param zeroCopyRing  buffer sets the zero-copy sender cycles through
 * @param fields        where a message's fields lie in the sender's memory
 */
public record SenderSettings(MessageLayout layout, boolean noDelay, Duration ioTimeout, int zeroCopyRing,
        FieldPlacement fields) {
    /** With every field its own allocation, the seed's placement. */
    public SenderSettings(MessageLayout layout, boolean noDelay, Duration ioTimeout, int zeroCopyRing) {
        this(layout, noDelay, ioTimeout, zeroCopyRing, FieldPlacement.PAGE_PER_FIELD);
    }

    public SenderSettings {
        if (fields == null) {
            throw new IllegalArgumentException("field placement is missing: use page-per-field or packed");
        }
        if (zeroCopyRing < 1 || zeroCopyRing > 1024) {
            throw new IllegalArgumentException("zero-copy ring " + zeroCopyRing + " is not in 1..1024");
        }
        // below a millisecond poll() would not wait at all, and below a microsecond SO_SNDTIMEO
        // would round to zero, which the kernel reads as "no timeout"
        if (ioTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("I/O timeout " + ioTimeout.toNanos() + " ns is too short: use at least 1ms");
        }
    }
}
