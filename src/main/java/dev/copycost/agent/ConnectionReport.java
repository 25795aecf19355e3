package dev.copycost.agent;

import dev.copycost.message.MessageLayout;
import dev.copycost.message.StreamCorruptionException;
import dev.copycost.message.StreamTruncatedException;
import java.io.IOException;

/**
 * What the agent's receiver of one connection found by the end: the messages and bytes it verified,
 * and, if its stream was not clean, what was wrong with it.
 *
 * @param outcome     {@link #COMPLETE}, {@link #CORRUPT}, {@link #TRUNCATED}, {@link #FAILED} (another
 *                    error, e.g. the connection was reset) or {@link #UNFINISHED} (still reading when
 *                    the wait ended)
 * @param corruption  for {@code corrupt}: where the first wrong byte was; else null
 * @param truncation  for {@code truncated}: where the stream ended; else null
 * @param error       for {@code failed} and {@code unfinished}: what happened; else null
 */
public record ConnectionReport(int connection, String outcome, long verifiedMessages, long verifiedBytes,
        Corruption corruption, Truncation truncation, String error) {
    public static final String COMPLETE = "complete";
    public static final String CORRUPT = "corrupt";
    public static final String TRUNCATED = "truncated";
    public static final String FAILED = "failed";
    public static final String UNFINISHED = "unfinished";

    /** The report of a receiver whose failure was {@code cause}. */
    static ConnectionReport failed(int connection, long verified, long bytes, Throwable cause) {
        if (cause instanceof StreamCorruptionException c) {
            return new ConnectionReport(connection, CORRUPT, verified, bytes, Corruption.of(c), null, null);
        }
        if (cause instanceof StreamTruncatedException t) {
            return new ConnectionReport(connection, TRUNCATED, verified, bytes, null,
                    new Truncation(t.messageNumber(), t.field(), t.offsetInField()), null);
        }
        return new ConnectionReport(connection, FAILED, verified, bytes, null, null, String.valueOf(cause));
    }

    public boolean complete() {
        return COMPLETE.equals(outcome);
    }

    /** The receiver's failure as the exception it was at the agent, rebuilt with the same details. */
    public IOException toException(MessageLayout layout) {
        if (corruption != null) {
            return corruption.toException();
        }
        if (truncation != null) {
            return new StreamTruncatedException(layout, truncation.message(), truncation.field(),
                    truncation.offsetInField());
        }
        return new IOException(outcome + ": " + error);
    }

    /** The first byte that differed from what the sender must have sent; as {@link StreamCorruptionException} names it. */
    public record Corruption(long message, int field, int offsetInField, int fieldSize, long streamOffset,
            boolean inStamp, String expected, String actual, String hint) {

        static Corruption of(StreamCorruptionException c) {
            return new Corruption(c.messageNumber(), c.field(), c.offsetInField(), c.fieldSize(), c.streamOffset(),
                    c.inStamp(), c.expected(), c.actual(), c.hint());
        }

        StreamCorruptionException toException() {
            return new StreamCorruptionException(message, field, offsetInField, fieldSize, streamOffset,
                    inStamp, expected, actual, hint);
        }
    }

    /** Where a stream ended inside a message. */
    public record Truncation(long message, int field, int offsetInField) {
    }
}
