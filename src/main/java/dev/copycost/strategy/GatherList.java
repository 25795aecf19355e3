package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.IovecArray;

/** Builds the eight-entry iovec over one buffer set, shared by {@code sendmsg} and {@code zerocopy}. */
final class GatherList {
    private GatherList() {
    }

    static IovecArray over(MessageBuffers buffers, int slot) {
        IovecArray iov = new IovecArray(MessageLayout.FIELDS);
        for (int f = 0; f < MessageLayout.FIELDS; f++) {
            iov.set(f, buffers.address(slot, f), buffers.layout().fieldSize());
        }
        return iov;
    }
}
