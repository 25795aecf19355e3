package dev.copycost.uring;

/**
 * How big a sender's ring is, decided in one place so that the ring and the memory count agree.
 *
 * <p>The submission queue holds one batch: {@code depth} entries, rounded up to a power of two as the
 * kernel does. The completion queue must hold everything that can be owed at once without the
 * kernel's overflow list: a result for every request in flight plus a notification for every buffer
 * set still pinned by a zero-copy send, so {@code depth + bufferSets}, at least twice the submission
 * queue (the kernel's default), rounded up to a power of two.
 *
 * @param sqEntries submission queue entries
 * @param cqEntries completion queue entries
 */
public record RingSize(int sqEntries, int cqEntries) {
    /** Queue depth allowed: the kernel takes up to 32768 entries; more would not pay here. */
    public static final int MAX_DEPTH = 1024;
    /**
     * {@code cq_off.cqes}: the ring header the kernel puts before the completion entries, 64 bytes on
     * Linux 6.18 (read from {@code io_uring_params} there); only the memory estimate uses it, the
     * ring itself reads its offsets at run time.
     */
    static final int RINGS_HEADER = 64;
    private static final int CACHE_LINE = 64;

    public RingSize {
        if (Integer.bitCount(sqEntries) != 1 || Integer.bitCount(cqEntries) != 1 || cqEntries < sqEntries) {
            throw new IllegalArgumentException("ring of " + sqEntries + " submission and " + cqEntries
                    + " completion entries: both must be powers of two, completions at least as many");
        }
    }

    /** The ring for up to {@code depth} requests in flight over {@code bufferSets} buffer sets. */
    public static RingSize of(int depth, int bufferSets) {
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("io_uring queue depth " + depth + " is not in 1.." + MAX_DEPTH);
        }
        if (bufferSets < depth) {
            throw new IllegalArgumentException("io_uring queue depth " + depth + " needs at least as many buffer sets, "
                    + "but there are " + bufferSets + ": raise the ring (copycost.ring) or lower the depth");
        }
        int sq = ceilingPowerOfTwo(depth);
        int cq = ceilingPowerOfTwo(Math.max(2 * sq, depth + bufferSets));
        return new RingSize(sq, cq);
    }

    /**
     * The memory the ring's mappings take, in whole pages: one region for both rings (the kernel's
     * IORING_FEAT_SINGLE_MMAP: header, completion entries, then the submission index array on a
     * cache line) and one for the submission entries.
     */
    public long mappedBytes() {
        long rings = align((long) RINGS_HEADER + (long) cqEntries * UringAbi.CQE_SIZE, CACHE_LINE) + 4L * sqEntries;
        return Mapping.pages(rings) + Mapping.pages((long) sqEntries * UringAbi.SQE_SIZE);
    }

    private static long align(long value, int to) {
        return (value + to - 1) / to * to;
    }

    static int ceilingPowerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
