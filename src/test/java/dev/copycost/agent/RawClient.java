package dev.copycost.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A client of the agent that speaks the protocol by hand, or breaks it: for tests of what the agent
 * does with well-formed, out-of-turn and hostile input. Every read waits {@link #BOUND} at most.
 */
final class RawClient implements AutoCloseable {
    static final Duration BOUND = Duration.ofSeconds(10);

    private final Socket socket = new Socket();
    private final FrameDecoder decoder = new FrameDecoder("agent");
    private final InputStream in;

    RawClient(InetSocketAddress agent) throws IOException {
        socket.connect(agent, (int) BOUND.toMillis());
        socket.setSoTimeout((int) BOUND.toMillis());
        in = socket.getInputStream();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(ControlMessage message) throws IOException {
        send(ControlCodec.frame(message));
    }

    /** Opens as a control connection and states {@code request}; returns the agent's answer. */
    ControlMessage openRun(ControlMessage.RunRequest request) throws IOException {
        send(ControlCodec.opening(new ControlMessage.ControlHello(), request));
        return next();
    }

    /** The agent's next message (its preamble is checked on the way). */
    ControlMessage next() throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("the agent closed the connection");
            }
            ControlMessage m = decoder.feed(new byte[] {(byte) b}, 0, 1);
            if (m != null) {
                return m;
            }
        }
    }

    /** Reads raw bytes until the agent closes; returns them. Fails if it does not close within the bound. */
    byte[] readUntilClosed() throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                got.write(b);
            }
            return got.toByteArray();
        } catch (java.net.SocketException e) {
            // closed with our bytes unread in its buffer: the kernel resets rather than ends the stream
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
            return got.toByteArray();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the agent did not close the connection within " + BOUND.toMillis() + " ms", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
