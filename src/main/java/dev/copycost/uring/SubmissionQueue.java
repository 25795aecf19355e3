package dev.copycost.uring;

import static dev.copycost.uring.UringAbi.*;

import java.nio.ByteBuffer;

/**
 * The submission queue: entries are filled in place in the mapped SQE array, then published
 * together by one release store of the tail. The index array maps ring slot i to SQE i once, at
 * setup, as liburing does, so a submission writes only the entry and the tail.
 */
public final class SubmissionQueue {
    private final ByteBuffer ring;
    private final ByteBuffer sqes;
    private final int headOffset;
    private final int tailOffset;
    private final int mask;
    private final int entries;
    /** The tail once everything prepared is published. */
    private int tail;
    private int published;

    SubmissionQueue(ByteBuffer ring, ByteBuffer sqes, int headOffset, int tailOffset, int maskOffset,
            int arrayOffset, int entries) {
        this.ring = ring;
        this.sqes = sqes;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.mask = ring.getInt(maskOffset);
        this.entries = entries;
        for (int i = 0; i < entries; i++) {
            ring.putInt(arrayOffset + 4 * i, i);
        }
        this.tail = RingIndex.acquire(ring, tailOffset);
        this.published = tail;
    }

    /** Entries that may still be prepared: the kernel has not yet consumed the others. */
    public int free() {
        return entries - (tail - RingIndex.acquire(ring, headOffset));
    }

    /** Entries prepared but not yet published. */
    public int unpublished() {
        return tail - published;
    }

    /**
     * Clears the next entry and returns its byte offset in {@link #sqes()} for the caller to fill.
     *
     * @throws IllegalStateException if the queue is full: callers submit a batch before it can be
     */
    public int prepare() {
        if (free() <= 0) {
            throw new IllegalStateException("io_uring submission queue full: " + entries + " entries prepared or unconsumed");
        }
        int at = (tail & mask) * SQE_SIZE;
        for (int i = 0; i < SQE_SIZE; i += 8) {
            sqes.putLong(at + i, 0);
        }
        tail++;
        return at;
    }

    /** Writes an entry of {@code opcode} whose {@code addr} is a {@code struct msghdr} (SENDMSG, SENDMSG_ZC). */
    public void sendmsg(int at, int opcode, int fd, long msghdr, int msgFlags, int ioprio, int sqeFlags, long userData) {
        sqes.put(at + SQE_OPCODE, (byte) opcode);
        sqes.put(at + SQE_FLAGS, (byte) sqeFlags);
        sqes.putShort(at + SQE_IOPRIO, (short) ioprio);
        sqes.putInt(at + SQE_FD, fd);
        sqes.putLong(at + SQE_ADDR, msghdr);
        sqes.putInt(at + SQE_LEN, 1);
        sqes.putInt(at + SQE_MSG_FLAGS, msgFlags);
        sqes.putLong(at + SQE_USER_DATA, userData);
    }

    /** Writes a no-op entry, e.g. for the probe. */
    public void nop(int at, long userData) {
        sqes.put(at + SQE_OPCODE, (byte) IORING_OP_NOP);
        sqes.putLong(at + SQE_USER_DATA, userData);
    }

    /** Clears {@code flag} in the entry at {@code at}, e.g. the link flag of a batch's last entry. */
    public void clearFlag(int at, int flag) {
        sqes.put(at + SQE_FLAGS, (byte) (sqes.get(at + SQE_FLAGS) & ~flag));
    }

    /** Makes every prepared entry visible to the kernel; returns how many that was. */
    public int publish() {
        int count = tail - published;
        RingIndex.release(ring, tailOffset, tail);
        published = tail;
        return count;
    }

    public int entries() {
        return entries;
    }

    ByteBuffer sqes() {
        return sqes;
    }
}
