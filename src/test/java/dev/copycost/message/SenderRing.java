package dev.copycost.message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the real sender does, minus the socket: a ring of slots, each of eight separately allocated
 * fields filled once with {@link PayloadPattern}; per message only the stamps are rewritten.
 */
final class SenderRing {
    final MessageLayout layout;
    final int ringSlots;
    private final ByteBuffer[][] fields;

    SenderRing(MessageLayout layout, int ringSlots) {
        this.layout = layout;
        this.ringSlots = ringSlots;
        this.fields = new ByteBuffer[ringSlots][MessageLayout.FIELDS];
        for (int s = 0; s < ringSlots; s++) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                ByteBuffer field = ByteBuffer.allocateDirect(layout.fieldSize()).order(ByteOrder.LITTLE_ENDIAN);
                PayloadPattern.fill(field, layout.fieldSize(), s, f);
                fields[s][f] = field;
            }
        }
    }

    /** Stamps message {@code n} into its slot and returns that slot's fields, as the sender's iovecs would. */
    ByteBuffer[] stamp(long n) {
        ByteBuffer[] slot = fields[(int) (n % ringSlots)];
        for (int f = 0; f < MessageLayout.FIELDS; f++) {
            FieldStamp.write(slot[f], n, f);
        }
        return slot;
    }

    /** The bytes of field {@code f} of message {@code n} as sent. */
    byte[] field(long n, int f) {
        return bytes(stamp(n)[f]);
    }

    /** Field {@code f} of message {@code n}, but taken from ring slot {@code slot}. */
    byte[] fieldFromSlot(long n, int f, int slot) {
        ByteBuffer field = fields[slot][f];
        FieldStamp.write(field, n, f);
        return bytes(field);
    }

    /** The correct stream of messages {@code 0 .. count-1}. */
    byte[] stream(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long n = 0; n < count; n++) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                out.writeBytes(field(n, f));
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer field) {
        byte[] copy = new byte[field.capacity()];
        field.get(0, copy);
        return copy;
    }
}
