package dev.copycost.strategy;

import static dev.copycost.nativeio.SocketConstants.*;

import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** What the strategies that send through a native socket share: the socket, the messages, the ending. */
abstract class NativeSocketSender implements SendStrategy {
    protected final TcpSocket socket;
    protected final MessageBuffers buffers;

    NativeSocketSender(TcpSocket socket, MessageBuffers buffers) {
        this.socket = socket;
        this.buffers = buffers;
    }

    /** Sends {@code length} bytes from {@code address}, however many calls the kernel needs. */
    protected final void sendFully(long address, int length) throws NativeIoException {
        long done = 0;
        while (done < length) {
            done += socket.send(address + done, length - done);
        }
    }

    @Override
    public void finish(Duration bound) throws IOException {
        if (socket.aborted()) {
            throw aborted("finishing");
        }
        socket.shutdownOutput();
    }

    /**
     * The failure of a sender that was {@link #abort() aborted} while {@code doing} something. An
     * aborted sender stops rather than going on (waiting, finishing): its experiment is failing or
     * being released, and a sender that went on would outlast the release and hold its memory.
     */
    protected SenderAbortedException aborted(String doing) {
        return new SenderAbortedException(name() + " sender aborted while " + doing);
    }

    @Override
    public Map<String, Integer> socketOptions() throws NativeIoException {
        return SendStrategy.socketOptions(socket.getInt(IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY") != 0,
                socket.getInt(SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF"),
                socket.getInt(SOL_SOCKET, SO_ZEROCOPY, "SO_ZEROCOPY") != 0);
    }

    @Override
    public long allocatedNativeBytes() {
        return buffers.allocatedBytes() + socket.allocatedBytes();
    }

    @Override
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.close();
        buffers.close();
    }
}
