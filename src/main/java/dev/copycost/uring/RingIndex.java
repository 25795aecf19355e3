package dev.copycost.uring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Head and tail of a ring, shared with the kernel: read with acquire (what the kernel wrote before
 * moving its index is visible after) and written with release (what this thread wrote into entries
 * is visible to the kernel before the index moves). A plain {@code getInt} would order only by
 * accident of x86's memory model and the JIT's mercy.
 */
final class RingIndex {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private RingIndex() {
    }

    static int acquire(ByteBuffer ring, int offset) {
        return (int) INT.getAcquire(ring, offset);
    }

    static void release(ByteBuffer ring, int offset, int value) {
        INT.setRelease(ring, offset, value);
    }
}
