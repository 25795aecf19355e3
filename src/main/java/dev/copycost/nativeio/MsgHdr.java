package dev.copycost.nativeio;

import java.nio.ByteBuffer;

/**
 * A native {@code struct msghdr} (56 bytes on x86_64), written once and updated in place: the send
 * loops only repoint {@code msg_iov}, and the error-queue reader resets {@code msg_controllen}, which
 * the kernel overwrites on every {@code recvmsg}.
 */
public final class MsgHdr implements AutoCloseable {
    public static final int SIZE = 56;
    private static final int IOV = 16;
    private static final int IOVLEN = 24;
    private static final int CONTROL = 32;
    private static final int CONTROLLEN = 40;
    private static final int FLAGS = 48;

    private final NativeBuffer memory = NativeBuffer.allocate(SIZE);
    private final ByteBuffer view = memory.view();

    /** Native bytes held, as asked of the allocator. */
    public long allocatedBytes() {
        return memory.allocatedBytes();
    }

    public long address() {
        return memory.address();
    }

    public void iov(long address, int count) {
        view.putLong(IOV, address);
        view.putLong(IOVLEN, count);
    }

    /** Points at the iovec entries an {@link IovecArray} still has to write. */
    public void iov(IovecArray iovecs) {
        iov(iovecs.firstAddress(), iovecs.remainingEntries());
    }

    public void control(long address, long length) {
        view.putLong(CONTROL, address);
        view.putLong(CONTROLLEN, length);
    }

    public long controlLength() {
        return view.getLong(CONTROLLEN);
    }

    public int flags() {
        return view.getInt(FLAGS);
    }

    @Override
    public void close() {
        memory.close();
    }
}
