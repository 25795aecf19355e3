package dev.copycost.nativeio;

import java.nio.ByteBuffer;

/**
 * A native {@code struct iovec[count]} written once and updated in place. Keeps the original bases
 * and lengths so a gathering write can {@link #advance(long)} past a partial write and then
 * {@link #rewind()} for the next message without rebuilding anything.
 */
public final class IovecArray implements AutoCloseable {
    /** {@code struct iovec { void *iov_base; size_t iov_len; }} on x86_64. */
    public static final int IOVEC_SIZE = 16;

    private final NativeBuffer memory;
    private final ByteBuffer view;
    private final long[] bases;
    private final long[] lengths;
    private int first;
    private long remaining;
    private long total;
    private boolean trimmed;

    public IovecArray(int count) {
        this.memory = NativeBuffer.allocate((long) count * IOVEC_SIZE);
        this.view = memory.view();
        this.bases = new long[count];
        this.lengths = new long[count];
    }

    /** Native bytes held, as asked of the allocator. */
    public long allocatedBytes() {
        return memory.allocatedBytes();
    }

    public void set(int index, long base, long length) {
        bases[index] = base;
        view.putLong(index * IOVEC_SIZE, base);
        view.putLong(index * IOVEC_SIZE + 8, length);
        total += length - lengths[index];
        lengths[index] = length;
        remaining = total;
        first = 0;
    }

    public int count() {
        return bases.length;
    }

    /** Address of the first entry not yet fully written. */
    public long firstAddress() {
        return memory.address() + (long) first * IOVEC_SIZE;
    }

    /** Number of entries from {@link #firstAddress()} on. */
    public int remainingEntries() {
        return bases.length - first;
    }

    public long remainingBytes() {
        return remaining;
    }

    public long totalBytes() {
        return total;
    }

    /** Moves past {@code written} bytes of a partial write, trimming the first entry in place. */
    public void advance(long written) {
        if (written < 0 || written > remaining) {
            throw new IllegalArgumentException("advance by " + written + " with " + remaining + " bytes remaining");
        }
        remaining -= written;
        while (written > 0) {
            int at = first * IOVEC_SIZE;
            long len = view.getLong(at + 8);
            if (written >= len) {
                written -= len;
                first++;
            } else {
                view.putLong(at, view.getLong(at) + written);
                view.putLong(at + 8, len - written);
                trimmed = true;
                written = 0;
            }
        }
    }

    /** Makes the whole array current again for the next message. */
    public void rewind() {
        if (trimmed) {
            for (int i = 0; i < bases.length; i++) {
                view.putLong(i * IOVEC_SIZE, bases[i]);
                view.putLong(i * IOVEC_SIZE + 8, lengths[i]);
            }
            trimmed = false;
        }
        first = 0;
        remaining = total;
    }

    @Override
    public void close() {
        memory.close();
    }
}
