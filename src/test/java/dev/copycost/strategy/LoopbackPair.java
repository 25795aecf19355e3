package dev.copycost.strategy;

import static dev.copycost.nativeio.SocketConstants.*;

import dev.copycost.message.MessageLayout;
import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A sender strategy and a receiving socket connected over 127.0.0.1, for tests that send an exact
 * number of messages and verify them all. Everything is closed by {@link #close()}.
 */
final class LoopbackPair implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final SendStrategy sender;
    final TcpSocket receiver;
    final MessageLayout layout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    private LoopbackPair(SendStrategy sender, TcpSocket receiver, MessageLayout layout) {
        this.sender = sender;
        this.receiver = receiver;
        this.layout = layout;
    }

    static LoopbackPair open(StrategyName strategy, int size, int ring) throws IOException {
        return open(strategy, size, ring, 0);
    }

    /** @param receiveBuffer SO_RCVBUF for the receiver, set before connecting; 0 = kernel default */
    static LoopbackPair open(StrategyName strategy, int size, int ring, int receiveBuffer) throws IOException {
        return open(strategy, size, ring, receiveBuffer, FieldPlacement.PAGE_PER_FIELD);
    }

    static LoopbackPair open(StrategyName strategy, int size, int ring, int receiveBuffer, FieldPlacement fields)
            throws IOException {
        MessageLayout layout = new MessageLayout(size);
        SenderSettings settings = new SenderSettings(layout, true, TIMEOUT, ring, fields);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (SenderListener listener = SenderListener.open(strategy, settings, any)) {
            TcpSocket client = receiveBuffer > 0
                    ? connectWithBuffer(new InetSocketAddress(any.getAddress(), listener.port()), receiveBuffer)
                    : TcpSocket.connect(new InetSocketAddress(any.getAddress(), listener.port()), TIMEOUT);
            try {
                return new LoopbackPair(listener.accept(TIMEOUT), client, layout);
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }

    /** Pairs an already-built sender (e.g. one with a lying ledger) with a receiver. */
    static LoopbackPair wrap(SendStrategy sender, TcpSocket receiver, MessageLayout layout) {
        return new LoopbackPair(sender, receiver, layout);
    }

    /**
     * A zero-copy sender with a ring of one buffer set over a connection whose receiver asked for a
     * 4 KiB receive window: what a test needs to hold completions back (the receiver never reads) or
     * to feed the sender a ledger of its own.
     */
    static LoopbackPair zeroCopyOverSmallWindow(MessageLayout layout, Duration completionBound, CompletionLedger ledger,
            ZeroCopySender.ReuseGate gate) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (TcpSocket listener = TcpSocket.listen(any, 4)) {
            TcpSocket client = connectWithBuffer(new InetSocketAddress(any.getAddress(), listener.localPort()), 4096);
            TcpSocket server = listener.accept(TIMEOUT);
            server.ioTimeout(TIMEOUT);
            ZeroCopySender sender = new ZeroCopySender(server, layout, 1, completionBound, ledger, gate);
            return wrap(sender, client, layout);
        }
    }

    static TcpSocket connectWithBuffer(InetSocketAddress to, int receiveBuffer) throws IOException {
        TcpSocket socket = TcpSocket.open();
        try {
            socket.ioTimeout(TIMEOUT);
            socket.setInt(SOL_SOCKET, SO_RCVBUF, receiveBuffer, "SO_RCVBUF");
            socket.connectTo(to);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends messages 0..count-1 on a background thread, then finishes the connection. */
    Future<Void> sendInBackground(long count) {
        return executor.submit(() -> {
            for (long n = 0; n < count; n++) {
                sender.send(n);
            }
            sender.finish(TIMEOUT);
            return null;
        });
    }

    /** Receives until end of stream, verifying everything; returns the verifier. */
    StreamVerifier receiveAll(int ringSlots) throws IOException {
        StreamVerifier verifier = new StreamVerifier(layout, ringSlots, 1);
        try (NativeBuffer buffer = NativeBuffer.allocate(64 * 1024)) {
            while (true) {
                long n = receiver.recv(buffer.address(), buffer.size());
                if (n == 0) {
                    verifier.endOfStream();
                    return verifier;
                }
                verifier.consume(buffer.view(), 0, (int) n);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        sender.abort();
        receiver.abort();
        executor.shutdownNow();
        // free native memory only once no thread can still be using it
        if (executor.awaitTermination(10, TimeUnit.SECONDS)) {
            sender.close();
            receiver.close();
        } else {
            throw new IllegalStateException("the sending thread did not end within 10 s of an abort");
        }
    }
}
