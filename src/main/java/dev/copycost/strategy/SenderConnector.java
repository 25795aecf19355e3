package dev.copycost.strategy;

import static dev.copycost.nativeio.SocketConstants.IPPROTO_TCP;
import static dev.copycost.nativeio.SocketConstants.TCP_NODELAY;

import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The connecting counterpart of {@link SenderListener}: the sender dials its receiver (a receive
 * agent), writes the {@code hello} the receiving end expects before the message stream, and builds
 * the strategy's sender on that connection, with the same socket options an accepted one gets.
 * {@code nio-gather} again needs a {@link SocketChannel}, the others a native socket.
 */
public final class SenderConnector {
    private SenderConnector() {
    }

    /**
     * Connects to {@code to} (bounded by the settings' I/O timeout), sends {@code hello} whole, and
     * returns the sender; closes the connection if any step fails.
     */
    public static SendStrategy connect(StrategyName strategy, SenderSettings settings, InetSocketAddress to,
            byte[] hello) throws IOException {
        return strategy == StrategyName.NIO_GATHER ? viaChannel(settings, to, hello) : viaNative(strategy, settings, to, hello);
    }

    private static SendStrategy viaNative(StrategyName strategy, SenderSettings settings, InetSocketAddress to,
            byte[] hello) throws IOException {
        // SO_SNDTIMEO, set before connecting, bounds connect() as well as every send
        TcpSocket socket = TcpSocket.connect(to, settings.ioTimeout());
        try {
            socket.setInt(IPPROTO_TCP, TCP_NODELAY, settings.noDelay() ? 1 : 0, "TCP_NODELAY");
            sendWhole(socket, hello);
            return SenderListener.onNativeSocket(strategy, settings, socket);
        } catch (IOException | RuntimeException | Error e) {
            // an Error too: a sender's native allocation fails with OutOfMemoryError
            socket.close();
            throw e;
        }
    }

    private static void sendWhole(TcpSocket socket, byte[] bytes) throws IOException {
        try (NativeBuffer buffer = NativeBuffer.allocate(Math.max(1, bytes.length))) {
            buffer.view().put(0, bytes);
            long sent = 0;
            while (sent < bytes.length) {
                sent += socket.send(buffer.address() + sent, bytes.length - sent);
            }
        }
    }

    private static SendStrategy viaChannel(SenderSettings settings, InetSocketAddress to, byte[] hello)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(to, (int) Math.min(Integer.MAX_VALUE, settings.ioTimeout().toMillis()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, settings.noDelay());
            // a fresh connection's send buffer takes a hello of a few dozen bytes at once: no wait to bound
            ByteBuffer bytes = ByteBuffer.wrap(hello);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return new NioGatherSender(channel, settings.layout(), settings.fields());
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }
}
