package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;

/** {@code send}: one {@code send()} per field, eight system calls a message. */
final class SendPerFieldSender extends NativeSocketSender {
    private final int fieldSize;

    SendPerFieldSender(TcpSocket socket, MessageLayout layout, FieldPlacement fields) {
        super(socket, new MessageBuffers(layout, 1, false, fields));
        this.fieldSize = layout.fieldSize();
    }

    @Override
    public StrategyName name() {
        return StrategyName.SEND;
    }

    @Override
    public void send(long message) throws NativeIoException {
        buffers.stamp(0, message);
        for (int f = 0; f < MessageLayout.FIELDS; f++) {
            sendFully(buffers.address(0, f), fieldSize);
        }
    }
}
