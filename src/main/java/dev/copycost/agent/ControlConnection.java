package dev.copycost.agent;

import static dev.copycost.nativeio.SocketConstants.POLLIN;

import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.TcpSocket;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Framed, bounded I/O on one socket of the agent protocol: sends preambles and messages, and reads
 * the peer's preamble and messages without ever reading past the current frame (so a data
 * connection's raw stream stays in the socket after its hello). Every read waits until a deadline at
 * most; sends are bounded by the socket's I/O timeout. One thread may read while another sends.
 */
final class ControlConnection implements AutoCloseable {
    /** Native memory for one direction; frames larger than this move in pieces. */
    private static final int CHUNK = 16 * 1024;

    private final TcpSocket socket;
    private final String peer;
    private final FrameDecoder decoder;
    private final NativeBuffer in = NativeBuffer.allocate(CHUNK);
    private final NativeBuffer out = NativeBuffer.allocate(CHUNK);
    private final byte[] scratch = new byte[CHUNK];
    private boolean detached;

    /** @param peer who is at the other end, for messages: e.g. {@code agent at 10.0.0.2:7300} */
    ControlConnection(TcpSocket socket, String peer) {
        this.socket = socket;
        this.peer = peer;
        this.decoder = new FrameDecoder(peer);
    }

    String peer() {
        return peer;
    }

    TcpSocket socket() {
        return socket;
    }

    /** Sends this end's preamble. */
    void sendPreamble() throws IOException {
        sendBytes(AgentProtocol.preamble());
    }

    void send(ControlMessage message) throws IOException {
        sendBytes(ControlCodec.frame(message));
    }

    /** Sends raw bytes: a preamble, frames, or (in tests) whatever a hostile peer would. */
    synchronized void sendBytes(byte[] bytes) throws IOException {
        int done = 0;
        while (done < bytes.length) {
            int n = Math.min(CHUNK, bytes.length - done);
            out.view().put(0, bytes, done, n);
            long sent = 0;
            while (sent < n) {
                sent += socket.send(out.address() + sent, n - sent);
            }
            done += n;
        }
    }

    /**
     * The next message, waiting until {@code deadlineNanos} ({@link System#nanoTime}) at most.
     *
     * @param what what is awaited, for the message of a timeout, e.g. {@code "a run request"}
     * @param bound the wait's length as the caller chose it, for the message of a timeout
     * @throws ProtocolException when the peer breaks the protocol
     * @throws EOFException      when the peer closed the connection
     * @throws IOException       when nothing came in time, naming {@code what} and the bound
     */
    ControlMessage receive(long deadlineNanos, String what, Duration bound) throws IOException {
        Optional<ControlMessage> message = poll(deadlineNanos);
        if (message.isEmpty()) {
            throw new IOException(peer + " sent " + (decoder.preambleDone() ? "no " : "not even its preamble, nor ")
                    + what + " within " + bound.toMillis() + " ms");
        }
        return message.get();
    }

    /** The next message if one completes by {@code deadlineNanos}; empty if the time ran out first. */
    Optional<ControlMessage> poll(long deadlineNanos) throws IOException {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            if (socket.poll(POLLIN, left) == 0) {
                return Optional.empty();
            }
            int n = (int) socket.recv(in.address(), Math.min(CHUNK, decoder.wanted()));
            if (n == 0) {
                throw new EOFException(peer + " closed the connection"
                        + (decoder.preambleDone() ? "" : " before its preamble was complete"));
            }
            in.view().get(0, scratch, 0, n);
            ControlMessage message = decoder.feed(scratch, 0, n);
            if (message != null) {
                return Optional.of(message);
            }
        }
    }

    /** Unblocks a thread waiting on this connection; safe from any thread. */
    void abort() {
        socket.abort();
    }

    /**
     * Frees this connection's buffers and hands over its socket, for a data connection whose hello
     * has been read: the raw stream that follows belongs to a receiver.
     */
    TcpSocket detach() {
        detached = true;
        in.close();
        out.close();
        return socket;
    }

    @Override
    public void close() {
        if (!detached) {
            socket.close();
        }
        in.close();
        out.close();
    }
}
