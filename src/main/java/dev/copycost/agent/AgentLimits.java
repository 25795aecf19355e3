package dev.copycost.agent;

import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.message.MessageLayout;
import dev.copycost.strategy.MemoryFootprint;
import dev.copycost.strategy.StrategyName;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one receive agent accepts: the bounds that keep its threads, sockets and memory finite
 * whatever its clients send.
 *
 * @param maxConnections        data connections (receiver threads) of one run, at most {@link ExperimentSpec#MAX_THREADS}
 * @param maxMessageSize        bytes per message, at most {@link MessageLayout#MAX_SIZE}
 * @param maxReceiverMemory     native memory of one run's receivers (receive buffers and expected
 *                              payloads), at most {@link ExperimentSpec#MAX_NATIVE_MEMORY}
 * @param maxIoTimeout          the longest receive timeout a run may ask for
 * @param handshakeTimeout      bound on a new connection's preamble and hello, on a run request, and
 *                              on the data connections' arrival
 * @param idleTimeout           a run whose sender says nothing for this long is ended
 * @param maxPendingHandshakes  connections still in their handshake at one time; more are dropped
 */
public record AgentLimits(int maxConnections, int maxMessageSize, long maxReceiverMemory, Duration maxIoTimeout,
        Duration handshakeTimeout, Duration idleTimeout, int maxPendingHandshakes) {
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** Above the longest measured window a sender is expected to ask for, between two control messages. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_MAX_IO_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 32;
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public AgentLimits {
        if (maxConnections < 1 || maxConnections > ExperimentSpec.MAX_THREADS) {
            throw new IllegalArgumentException("maximum connections " + maxConnections + " is not allowed: use 1.."
                    + ExperimentSpec.MAX_THREADS);
        }
        if (maxMessageSize < MessageLayout.MIN_SIZE || maxMessageSize > MessageLayout.MAX_SIZE) {
            throw new IllegalArgumentException("maximum message size " + maxMessageSize + " is not allowed: use "
                    + MessageLayout.MIN_SIZE + ".." + MessageLayout.MAX_SIZE + " bytes");
        }
        if (maxReceiverMemory < MemoryFootprint.RECEIVE_BUFFER || maxReceiverMemory > ExperimentSpec.MAX_NATIVE_MEMORY) {
            throw new IllegalArgumentException("maximum receiver memory " + maxReceiverMemory + " bytes is not allowed: use "
                    + MemoryFootprint.RECEIVE_BUFFER + ".." + ExperimentSpec.MAX_NATIVE_MEMORY + " bytes");
        }
        positive("maximum I/O timeout", maxIoTimeout);
        positive("handshake timeout", handshakeTimeout);
        positive("idle timeout", idleTimeout);
        if (maxPendingHandshakes < 1 || maxPendingHandshakes > 1024) {
            throw new IllegalArgumentException("maximum pending handshakes " + maxPendingHandshakes
                    + " is not allowed: use 1..1024");
        }
    }

    /** The limits the experiment matrix itself enforces, with the default timeouts. */
    public static AgentLimits defaults() {
        return new AgentLimits(ExperimentSpec.MAX_THREADS, MessageLayout.MAX_SIZE, ExperimentSpec.MAX_NATIVE_MEMORY,
                DEFAULT_MAX_IO_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_PENDING_HANDSHAKES);
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.toMillis() < 1 || d.toHours() > 24) {
            throw new IllegalArgumentException(what + " " + d + " is not allowed: use 1 ms to 24 h");
        }
    }

    /** Why {@code request} cannot be served under these limits, naming the value and the limit; empty if it can. */
    Optional<String> problemWith(ControlMessage.RunRequest request) {
        if (request.runId() == null || !RUN_ID.matcher(request.runId()).matches()) {
            return Optional.of("run id '" + request.runId() + "' is not 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        if (request.connections() < 1 || request.connections() > maxConnections) {
            return Optional.of(request.connections() + " connections asked, this agent serves 1.." + maxConnections);
        }
        if (request.messageSize() > maxMessageSize) {
            return Optional.of("message size " + request.messageSize() + " is above this agent's maximum of "
                    + maxMessageSize + " bytes");
        }
        MessageLayout layout;
        try {
            layout = new MessageLayout(request.messageSize());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (request.ringSlots() < 1 || request.ringSlots() > 1024) {
            return Optional.of("ring of " + request.ringSlots() + " slots is not in 1..1024");
        }
        if (request.payloadEvery() < 1) {
            return Optional.of("payload verified every " + request.payloadEvery() + " messages: use 1 or more");
        }
        if (request.ioTimeoutMillis() < 1 || request.ioTimeoutMillis() > maxIoTimeout.toMillis()) {
            return Optional.of("I/O timeout " + request.ioTimeoutMillis() + " ms is not in 1.." + maxIoTimeout.toMillis()
                    + " ms");
        }
        if (request.silenceMillis() < 0 || request.silenceMillis() + request.ioTimeoutMillis() >= idleTimeout.toMillis()) {
            return Optional.of("the sender stays silent for up to " + request.silenceMillis() + " ms (warm-up or one window)"
                    + " plus its I/O timeout of " + request.ioTimeoutMillis() + " ms, not below this agent's idle timeout of "
                    + idleTimeout.toMillis() + " ms: shorten the windows or start the agent with a longer --idle-timeout");
        }
        long memory = receiverMemory(layout, request.ringSlots(), request.connections());
        if (memory > maxReceiverMemory) {
            return Optional.of("the receivers would take " + memory + " bytes of native memory, more than this agent's "
                    + maxReceiverMemory + ": fewer connections, a smaller ring or smaller messages");
        }
        return Optional.empty();
    }

    /** Native memory of {@code connections} receivers, counted as {@link MemoryFootprint} counts it. */
    static long receiverMemory(MessageLayout layout, int ringSlots, int connections) {
        // the ring only shapes the receiver's expected payload; zerocopy is the strategy that has one
        return MemoryFootprint.of(StrategyName.ZEROCOPY, layout, ringSlots, 1).receiverBytesPerConnection() * connections;
    }
}
