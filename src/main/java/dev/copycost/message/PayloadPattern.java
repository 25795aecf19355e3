package dev.copycost.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes after the stamp: a deterministic, well-mixed pattern of (ring slot, field, byte index).
 *
 * <p>The pattern depends on the sender's ring slot ({@code message % ringSlots}), not on the message
 * number, because the sender fills each slot once and afterwards only rewrites the eight stamps per
 * message: its hot loop must do eight stores, not a memcpy. Mixing (splitmix64) rather than a counter
 * makes a byte from the wrong slot, field or position almost always differ.
 */
public final class PayloadPattern {
    private PayloadPattern() {
    }

    /**
     * Writes the pattern of {@code (slot, field)} into bytes {@code 8 .. fieldSize-1} of {@code fieldView}
     * with absolute puts; the stamp bytes 0..7 and the view's position are left alone.
     */
    public static void fill(ByteBuffer fieldView, int fieldSize, int slot, int field) {
        if (fieldSize < FieldStamp.SIZE || fieldSize > fieldView.limit()) {
            throw new IllegalArgumentException("field size " + fieldSize + " does not fit a stamp and a view of "
                    + fieldView.limit() + " bytes");
        }
        int payload = fieldSize - FieldStamp.SIZE;
        boolean little = fieldView.order() == ByteOrder.LITTLE_ENDIAN;
        int words = payload / Long.BYTES;
        for (int w = 0; w < words; w++) {
            long word = word(slot, field, w);
            fieldView.putLong(FieldStamp.SIZE + w * Long.BYTES, little ? word : Long.reverseBytes(word));
        }
        for (int i = words * Long.BYTES; i < payload; i++) {
            fieldView.put(FieldStamp.SIZE + i, byteAt(slot, field, i));
        }
    }

    /** The pattern byte at {@code payloadIndex}; index 0 is byte 8 of the field. */
    public static byte byteAt(int slot, int field, int payloadIndex) {
        long word = word(slot, field, payloadIndex / Long.BYTES);
        // Little-endian byte order within the word, so fill() can store whole words with putLong.
        return (byte) (word >>> (8 * (payloadIndex % Long.BYTES)));
    }

    private static long word(int slot, int field, int wordIndex) {
        long stream = (long) slot * MessageLayout.FIELDS + field;
        return splitmix64((stream << 32) ^ (wordIndex & 0xffff_ffffL));
    }

    private static long splitmix64(long x) {
        long z = x + 0x9e37_79b9_7f4a_7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }
}
