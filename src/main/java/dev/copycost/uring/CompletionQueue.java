package dev.copycost.uring;

import static dev.copycost.uring.UringAbi.*;

import java.nio.ByteBuffer;

/**
 * The completion queue: the kernel moves the tail, this side reads the entries between head and
 * tail and then releases them by moving the head. Reading allocates nothing: a caller asks for the
 * fields of the i-th ready entry, then {@link #consume(int)}s them.
 */
public final class CompletionQueue {
    private final ByteBuffer ring;
    private final int headOffset;
    private final int tailOffset;
    private final int overflowOffset;
    private final int cqesOffset;
    private final int mask;
    private final int entries;
    private int head;

    CompletionQueue(ByteBuffer ring, int headOffset, int tailOffset, int maskOffset, int overflowOffset,
            int cqesOffset, int entries) {
        this.ring = ring;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.overflowOffset = overflowOffset;
        this.cqesOffset = cqesOffset;
        this.mask = ring.getInt(maskOffset);
        this.entries = entries;
        this.head = RingIndex.acquire(ring, headOffset);
    }

    /** Entries the kernel has posted and this side not yet consumed. */
    public int ready() {
        return RingIndex.acquire(ring, tailOffset) - head;
    }

    public long userData(int i) {
        return ring.getLong(at(i) + CQE_USER_DATA);
    }

    public int res(int i) {
        return ring.getInt(at(i) + CQE_RES);
    }

    public int flags(int i) {
        return ring.getInt(at(i) + CQE_FLAGS);
    }

    /** Gives {@code n} read entries back to the kernel. */
    public void consume(int n) {
        head += n;
        RingIndex.release(ring, headOffset, head);
    }

    /** Completions the kernel could not post because the queue was full (lost only without IORING_FEAT_NODROP). */
    public int overflow() {
        return RingIndex.acquire(ring, overflowOffset);
    }

    public int entries() {
        return entries;
    }

    private int at(int i) {
        return cqesOffset + ((head + i) & mask) * CQE_SIZE;
    }
}
