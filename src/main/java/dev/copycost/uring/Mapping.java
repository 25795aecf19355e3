package dev.copycost.uring;

import com.sun.jna.Pointer;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.NativeIoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One region of a ring mapped into this process, with a direct {@link ByteBuffer} view made once
 * (an access through the view costs about a nanosecond; {@code Pointer.getInt} is a JNI call).
 * Unmapped by {@link #close()}, once.
 */
final class Mapping implements AutoCloseable {
    private final String region;
    private final long length;
    private long address;
    private final ByteBuffer view;

    private Mapping(String region, long address, long length) {
        this.region = region;
        this.address = address;
        this.length = length;
        this.view = new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
    }

    /** Maps {@code length} bytes of the ring {@code fd} at {@code offset} ({@code region} names it in errors). */
    static Mapping of(String region, int fd, long length, long offset) throws NativeIoException {
        long address = UringNative.map(fd, length, offset);
        if (address < 0) {
            throw new NativeIoException("mmap", (int) -address, "the io_uring " + region + " (" + length + " bytes)");
        }
        return new Mapping(region, address, length);
    }

    ByteBuffer view() {
        return view;
    }

    /** What the mapping occupies: its length rounded up to whole pages. */
    long bytes() {
        return pages(length);
    }

    static long pages(long length) {
        return NativeBuffer.allocatedBytes(length, NativeBuffer.PAGE_SIZE);
    }

    boolean isMapped() {
        return address != 0;
    }

    @Override
    public void close() {
        if (address != 0) {
            // munmap fails only for a bad address or length, which this class never passes
            UringNative.unmap(address, length);
            address = 0;
        }
    }

    @Override
    public String toString() {
        return region + " " + length + " bytes" + (address == 0 ? ", unmapped" : "");
    }
}
