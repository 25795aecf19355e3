package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import java.nio.ByteBuffer;

/**
 * {@code copy-send}: the eight fields are copied into one contiguous buffer in user space, then sent
 * with one {@code send()}. The user-space copy is a bulk {@link ByteBuffer#put(int, ByteBuffer, int, int)}
 * between direct buffers, which the JDK performs as a plain memory copy with no JNI transition.
 */
final class CopySendSender extends NativeSocketSender {
    /** The assembled message is aligned to a cache line, as the copying strategies' fields are. */
    static final int ASSEMBLY_ALIGNMENT = 64;
    private final NativeBuffer assembled;
    private final ByteBuffer assembledView;
    private final ByteBuffer[] fieldViews = new ByteBuffer[MessageLayout.FIELDS];
    private final int fieldSize;
    private final int messageSize;

    CopySendSender(TcpSocket socket, MessageLayout layout, FieldPlacement fields) {
        super(socket, new MessageBuffers(layout, 1, false, fields));
        this.fieldSize = layout.fieldSize();
        this.messageSize = layout.messageSize();
        try {
            this.assembled = NativeBuffer.allocate(messageSize, ASSEMBLY_ALIGNMENT);
        } catch (RuntimeException | Error e) {
            super.close(); // the fields allocated above
            throw e;
        }
        this.assembledView = assembled.view();
        for (int f = 0; f < MessageLayout.FIELDS; f++) {
            fieldViews[f] = buffers.view(0, f);
        }
    }

    @Override
    public StrategyName name() {
        return StrategyName.COPY_SEND;
    }

    @Override
    public void send(long message) throws NativeIoException {
        buffers.stamp(0, message);
        for (int f = 0; f < MessageLayout.FIELDS; f++) {
            assembledView.put(f * fieldSize, fieldViews[f], 0, fieldSize);
        }
        sendFully(assembled.address(), messageSize);
    }

    @Override
    public long allocatedNativeBytes() {
        return super.allocatedNativeBytes() + assembled.allocatedBytes();
    }

    @Override
    public void close() {
        super.close();
        if (assembled != null) {
            assembled.close();
        }
    }
}
