package dev.copycost.message;

import java.io.IOException;

/**
 * The received stream differs from what the sender must have sent: a wrong stamp (skipped,
 * reordered or too-early-rewritten field) or a wrong payload byte. Names the first differing byte
 * both within its message and within the whole stream.
 */
public class StreamCorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long messageNumber;
    private final int field;
    private final int offsetInField;
    private final long streamOffset;
    private final String expected;
    private final String actual;
    private final boolean inStamp;
    private final int fieldSize;
    private final String hint;

    /**
     * @param fieldSize for the text ("byte 17 of 512") and for a receive agent's report
     * @param hint      a likely cause, or null
     */
    public StreamCorruptionException(long messageNumber, int field, int offsetInField, int fieldSize,
            long streamOffset, boolean inStamp, String expected, String actual, String hint) {
        super(text(messageNumber, field, offsetInField, fieldSize, streamOffset, inStamp, expected, actual, hint));
        this.messageNumber = messageNumber;
        this.field = field;
        this.offsetInField = offsetInField;
        this.streamOffset = streamOffset;
        this.expected = expected;
        this.actual = actual;
        this.inStamp = inStamp;
        this.fieldSize = fieldSize;
        this.hint = hint;
    }

    private static String text(long messageNumber, int field, int offsetInField, int fieldSize, long streamOffset,
            boolean inStamp, String expected, String actual, String hint) {
        return "stream corrupt in message " + messageNumber + ", field " + field + ", byte " + offsetInField
                + " of " + fieldSize + " (stream offset " + streamOffset + "): "
                + (inStamp ? "stamp" : "payload") + " expected " + expected + ", got " + actual
                + (hint == null ? "" : "; " + hint);
    }

    public long messageNumber() {
        return messageNumber;
    }

    public int field() {
        return field;
    }

    /** Offset of the first differing byte within its field (0..7 for a stamp). */
    public int offsetInField() {
        return offsetInField;
    }

    /** Offset of the first differing byte from the start of the stream. */
    public long streamOffset() {
        return streamOffset;
    }

    /** The expected value in hex: the whole 8-byte stamp, or the one payload byte. */
    public String expected() {
        return expected;
    }

    /** The received value in hex, in the same form as {@link #expected()}. */
    public String actual() {
        return actual;
    }

    public int fieldSize() {
        return fieldSize;
    }

    /** The likely cause the verifier saw, or null; kept apart so a receive agent can pass it on. */
    public String hint() {
        return hint;
    }

    /** Whether the difference is in the 8-byte stamp rather than the payload. */
    public boolean inStamp() {
        return inStamp;
    }
}
