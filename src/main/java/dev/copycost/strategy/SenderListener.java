package dev.copycost.strategy;

import static dev.copycost.nativeio.SocketConstants.*;

import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The sender's ("server's") listening socket. The native strategies accept on a native socket;
 * {@code nio-gather} must own a {@link SocketChannel}, which the JDK only makes itself, so it
 * listens with a {@link ServerSocketChannel}. Both apply the same socket options to what they accept.
 */
public abstract class SenderListener implements AutoCloseable {
    protected final StrategyName strategy;
    protected final SenderSettings settings;

    SenderListener(StrategyName strategy, SenderSettings settings) {
        this.strategy = strategy;
        this.settings = settings;
    }

    public static SenderListener open(StrategyName strategy, SenderSettings settings, InetSocketAddress bind)
            throws IOException {
        return strategy == StrategyName.NIO_GATHER
                ? new ChannelListener(settings, bind)
                : new NativeListener(strategy, settings, bind);
    }

    /** The sender of {@code strategy} on a connected native socket (accepted here, or dialled by {@link SenderConnector}). */
    static SendStrategy onNativeSocket(StrategyName strategy, SenderSettings settings, TcpSocket connection)
            throws NativeIoException {
        return NativeListener.create(strategy, settings, connection);
    }

    public abstract int port() throws IOException;

    /** Accepts one receiver's connection (waiting at most {@code timeout}) and builds its sender. */
    public abstract SendStrategy accept(Duration timeout) throws IOException;

    @Override
    public abstract void close();

    private static final class NativeListener extends SenderListener {
        private final TcpSocket socket;

        NativeListener(StrategyName strategy, SenderSettings settings, InetSocketAddress bind) throws NativeIoException {
            super(strategy, settings);
            this.socket = TcpSocket.listen(bind, 64);
            try {
                // SO_RCVTIMEO bounds accept() too, should a connection vanish between poll and accept
                socket.ioTimeout(settings.ioTimeout());
            } catch (NativeIoException e) {
                socket.close();
                throw e;
            }
        }

        @Override
        public int port() throws NativeIoException {
            return socket.localPort();
        }

        @Override
        public SendStrategy accept(Duration timeout) throws IOException {
            TcpSocket connection = socket.accept(timeout);
            try {
                connection.ioTimeout(settings.ioTimeout());
                connection.setInt(IPPROTO_TCP, TCP_NODELAY, settings.noDelay() ? 1 : 0, "TCP_NODELAY");
                return create(strategy, settings, connection);
            } catch (IOException | RuntimeException | Error e) {
                // an Error too: a sender's native allocation fails with OutOfMemoryError
                connection.close();
                throw e;
            }
        }

        static SendStrategy create(StrategyName strategy, SenderSettings settings, TcpSocket connection)
                throws NativeIoException {
            switch (strategy) {
                case SEND:
                    return new SendPerFieldSender(connection, settings.layout(), settings.fields());
                case COPY_SEND:
                    return new CopySendSender(connection, settings.layout(), settings.fields());
                case SENDMSG:
                    return new SendmsgSender(connection, settings.layout(), settings.fields());
                case ZEROCOPY:
                    return new ZeroCopySender(connection, settings.layout(), settings.zeroCopyRing(), settings.ioTimeout(),
                            settings.fields());
                case URING_SEND:
                case URING_ZC:
                    return new UringSender(connection, settings.layout(), strategy == StrategyName.URING_ZC,
                            settings.zeroCopyRing(), settings.uringDepth(), settings.ioTimeout(), settings.fields());
                default:
                    throw new IllegalStateException(strategy + " does not send through a native socket");
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static final class ChannelListener extends SenderListener {
        private final ServerSocketChannel server;

        ChannelListener(SenderSettings settings, InetSocketAddress bind) throws IOException {
            super(StrategyName.NIO_GATHER, settings);
            this.server = ServerSocketChannel.open();
            try {
                server.bind(bind, 64);
                // non-blocking, so that accept waits in a selector with a bound
                server.configureBlocking(false);
            } catch (IOException e) {
                server.close();
                throw e;
            }
        }

        @Override
        public int port() throws IOException {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        @Override
        public SendStrategy accept(Duration timeout) throws IOException {
            SocketChannel channel = server.accept();
            if (channel == null) {
                long deadline = System.nanoTime() + timeout.toNanos();
                try (Selector selector = Selector.open()) {
                    server.register(selector, SelectionKey.OP_ACCEPT);
                    // select may wake early (spuriously or on a reset connection): wait out the bound
                    long left;
                    while (channel == null && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                        selector.select(left);
                        selector.selectedKeys().clear();
                        channel = server.accept();
                    }
                }
            }
            if (channel == null) {
                throw new IOException("accept: no connection arrived within " + timeout.toMillis() + " ms");
            }
            try {
                channel.configureBlocking(true);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, settings.noDelay());
                return new NioGatherSender(channel, settings.layout(), settings.fields());
            } catch (IOException | RuntimeException | Error e) {
                // an Error too: the sender's native allocation fails with OutOfMemoryError
                channel.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // nothing was accepted through it after this point
            }
        }
    }
}
