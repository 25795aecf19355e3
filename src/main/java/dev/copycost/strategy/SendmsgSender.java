package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.IovecArray;
import dev.copycost.nativeio.MsgHdr;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;

/** {@code sendmsg}: one {@code sendmsg()} with an eight-entry iovec pointing at the fields. */
final class SendmsgSender extends NativeSocketSender {
    private final IovecArray iov;
    private final MsgHdr msg;

    SendmsgSender(TcpSocket socket, MessageLayout layout, FieldPlacement fields) {
        super(socket, new MessageBuffers(layout, 1, false, fields));
        try {
            this.iov = GatherList.over(buffers, 0);
            this.msg = new MsgHdr();
        } catch (RuntimeException | Error e) {
            close(); // the fields and whichever of the two was allocated
            throw e;
        }
    }

    @Override
    public StrategyName name() {
        return StrategyName.SENDMSG;
    }

    @Override
    public void send(long message) throws NativeIoException {
        buffers.stamp(0, message);
        while (iov.remainingBytes() > 0) {
            msg.iov(iov);
            iov.advance(socket.sendmsg(msg.address(), 0));
        }
        iov.rewind();
    }

    @Override
    public long allocatedNativeBytes() {
        return super.allocatedNativeBytes() + iov.allocatedBytes() + msg.allocatedBytes();
    }

    @Override
    public void close() {
        super.close();
        if (iov != null) {
            iov.close();
        }
        if (msg != null) {
            msg.close();
        }
    }
}
