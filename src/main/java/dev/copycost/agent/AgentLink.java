package dev.copycost.agent;

import dev.copycost.agent.ControlMessage.ReceiverFailed;
import dev.copycost.experiment.FirstFailure;
import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sender's control connection to an agent once the run is accepted: requests are answered in
 * order, and a reader thread takes every frame as it comes, so that a receiver failure the agent
 * reports unasked, or the agent's connection breaking, ends the experiment's current wait at once
 * (through its {@link FirstFailure}) instead of at its next request.
 */
final class AgentLink implements AutoCloseable {
    /** How often the reader looks whether the link is closing while the agent is quiet. */
    private static final long READ_SLICE_NANOS = 500_000_000L;

    private final ControlConnection connection;
    private final FirstFailure failure;
    private final MessageLayout layout;
    private final String where;
    /** Replies in order; a request waits for exactly one. Room for one reply, the reader's last word, and slack. */
    private final BlockingQueue<Object> replies = new ArrayBlockingQueue<>(4);
    private final Thread reader;
    private volatile boolean closing;

    AgentLink(ControlConnection connection, FirstFailure failure, MessageLayout layout) {
        this.connection = connection;
        this.failure = failure;
        this.layout = layout;
        this.where = connection.peer();
        this.reader = new Thread(this::read, "copycost-agent-link");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Sends {@code request} and returns the agent's reply, of {@code type}, waiting at most {@code bound}. */
    <T extends ControlMessage> T request(ControlMessage request, Class<T> type, Duration bound)
            throws IOException, InterruptedException {
        connection.send(request);
        Object reply = replies.poll(bound.toNanos(), TimeUnit.NANOSECONDS);
        if (reply == null) {
            throw new IOException(where + " did not answer " + RunPhase.typeOf(request) + " within " + bound.toMillis()
                    + " ms");
        }
        if (reply instanceof IOException lost) {
            replies.offer(lost); // the link is gone for every later request too
            throw new IOException(lost.getMessage(), lost);
        }
        if (reply instanceof ControlMessage.Failed failed) {
            throw new IOException(where + " ended the run: " + failed.reason());
        }
        if (!type.isInstance(reply)) {
            throw new ProtocolException(where + " answered " + RunPhase.typeOf(request) + " with "
                    + RunPhase.typeOf((ControlMessage) reply) + " where " + type.getSimpleName() + " belongs");
        }
        return type.cast(reply);
    }

    private void read() {
        try {
            while (!closing) {
                Optional<ControlMessage> message = connection.poll(System.nanoTime() + READ_SLICE_NANOS);
                if (message.isEmpty()) {
                    continue;
                }
                if (message.get() instanceof ReceiverFailed failed) {
                    ConnectionReport report = failed.report();
                    failure.report("receiver " + report.connection() + " (" + where + ")", report.toException(layout));
                } else if (!replies.offer(message.get())) {
                    throw new ProtocolException(where + " sent " + RunPhase.typeOf(message.get()) + " unasked");
                } else if (message.get() instanceof ControlMessage.FinalReport) {
                    return; // the run is over: the agent closing its end now is no failure
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                IOException lost = new IOException(where + ": control connection lost: " + e.getMessage(), e);
                failure.report(where, lost);
                replies.offer(lost);
            }
        }
    }

    TcpSocket socket() {
        return connection.socket();
    }

    /** Unblocks the reader and any request, from any thread. */
    void abort() {
        closing = true;
        connection.abort();
    }

    /** Whether the reader thread ended within {@code bound}; the connection is closed only if it did. */
    boolean close(Duration bound) {
        abort();
        try {
            reader.join(Math.max(1, bound.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            return false;
        }
        connection.close();
        return true;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
