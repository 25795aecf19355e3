package dev.copycost.message;

import java.nio.ByteBuffer;

/**
 * The 8-byte little-endian stamp at the start of every field: field {@code i} of message {@code n}
 * holds {@code n * 8 + i}. One number says both which message and which field, so a receiver sees a
 * skipped field, a reordered buffer or a buffer the sender rewrote too early as a single wrong value.
 */
public final class FieldStamp {
    /** Bytes of a stamp at the start of each field. */
    public static final int SIZE = Long.BYTES;

    private FieldStamp() {
    }

    /** The stamp of field {@code field} (0..7) of message {@code message}. */
    public static long of(long message, int field) {
        return message * MessageLayout.FIELDS + field;
    }

    /** The message number a stamp names. */
    public static long message(long stamp) {
        return stamp >>> 3;
    }

    /** The field (0..7) a stamp names. */
    public static int field(long stamp) {
        return (int) (stamp & (MessageLayout.FIELDS - 1));
    }

    /**
     * Writes the stamp at index 0 of a little-endian field view. Absolute, so the view's position is
     * untouched; this is one of the eight stores the sender's hot loop makes per message.
     */
    public static void write(ByteBuffer fieldView, long message, int field) {
        fieldView.putLong(0, of(message, field));
    }

    /** Text for a stamp value: hex and what it names, e.g. {@code 0x0000000000000063 (message 12, field 3)}. */
    static String describe(long stamp) {
        return String.format("0x%016x (message %d, field %d)", stamp, message(stamp), field(stamp));
    }
}
