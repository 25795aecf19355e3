package dev.copycost.agent;

import dev.copycost.agent.ControlMessage.Busy;
import dev.copycost.agent.ControlMessage.ControlHello;
import dev.copycost.agent.ControlMessage.DataHello;
import dev.copycost.agent.ControlMessage.FinalReport;
import dev.copycost.agent.ControlMessage.Ready;
import dev.copycost.agent.ControlMessage.Refused;
import dev.copycost.agent.ControlMessage.RunRequest;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.FirstFailure;
import dev.copycost.experiment.Receivers;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.strategy.SendStrategy;
import dev.copycost.strategy.SenderConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The receiving end of a trial as a receive agent: {@link #open} states the run on a control
 * connection and dials the data connections, the window edges and the end are requests to the agent,
 * and the agent's final report stands in for the in-process receivers' counts, so the experiment's
 * checks (sent equals verified per connection) are the same. A receiver failure or a lost agent
 * reaches the experiment's {@link FirstFailure} at once.
 */
final class AgentReceivers implements Receivers {
    private final ExperimentSpec spec;
    private final InetSocketAddress agent;
    private final Duration handshakeTimeout;
    private final FirstFailure failure;
    private final String where;
    private final RunRequest request;
    private AgentLink link;
    /** What the agent last said each connection had verified. */
    private volatile long[] verified;
    private final Consumer<AgentEnvironment> environmentReported;

    /** @param environmentReported told what the agent reported about its machine, at the end of the run */
    AgentReceivers(ExperimentSpec spec, InetSocketAddress agent, Duration handshakeTimeout, FirstFailure failure,
            Consumer<AgentEnvironment> environmentReported) {
        this(spec, agent, handshakeTimeout, failure, environmentReported, UnaryOperator.identity());
    }

    /** @param requestEdit changes the run request before it is sent: for tests of what the agent finds */
    AgentReceivers(ExperimentSpec spec, InetSocketAddress agent, Duration handshakeTimeout, FirstFailure failure,
            Consumer<AgentEnvironment> environmentReported, UnaryOperator<RunRequest> requestEdit) {
        this.environmentReported = environmentReported;
        this.spec = spec;
        this.agent = agent;
        this.handshakeTimeout = handshakeTimeout;
        this.failure = failure;
        this.where = AgentTopology.where(agent);
        this.verified = new long[spec.threads()];
        this.request = requestEdit.apply(new RunRequest(UUID.randomUUID().toString(), spec.messageSize(),
                spec.strategy().ringSlots(spec.zeroCopyRing()), spec.payloadEvery(), spec.threads(),
                spec.ioTimeout().toMillis(), Math.max(spec.warmup().toMillis(), spec.duration().toMillis())));
    }

    @Override
    public String where() {
        return where;
    }

    @Override
    public List<SendStrategy> open() throws IOException {
        ControlConnection control = handshake();
        try {
            link = new AgentLink(control, failure, spec.layout());
        } catch (RuntimeException | Error e) {
            control.close();
            throw e;
        }
        List<SendStrategy> senders = new ArrayList<>();
        try {
            for (int i = 0; i < spec.threads(); i++) {
                byte[] hello = ControlCodec.opening(new DataHello(request.runId(), i));
                try {
                    senders.add(SenderConnector.connect(spec.strategy(), spec.senderSettings(), agent, hello));
                } catch (IOException e) {
                    throw new IOException(where + ": data connection " + i + " could not be opened: " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            senders.forEach(SendStrategy::close);
            throw e;
        }
        return senders;
    }

    /** Connects, says hello, states the run; returns the control connection once the agent is ready. */
    private ControlConnection handshake() throws IOException {
        TcpSocket socket;
        try {
            socket = TcpSocket.connect(agent, handshakeTimeout);
        } catch (NativeIoException e) {
            if (e.errno() == dev.copycost.nativeio.Errno.EINPROGRESS) {
                throw new IOException(where + " is not reachable: no answer to connect within "
                        + handshakeTimeout.toMillis() + " ms (the handshake timeout)", e);
            }
            throw new IOException(where + " is not reachable: " + e.getMessage(), e);
        }
        ControlConnection control = new ControlConnection(socket, where);
        try {
            control.sendBytes(ControlCodec.opening(new ControlHello(), request));
            ControlMessage answer = control.receive(System.nanoTime() + handshakeTimeout.toNanos(),
                    "an answer to the run request", handshakeTimeout);
            if (answer instanceof Busy busy) {
                throw new IOException(where + " is " + busy.reason());
            }
            if (answer instanceof Refused refused) {
                throw new IOException(where + " refused the run: " + refused.reason());
            }
            if (answer instanceof ControlMessage.Failed failed) {
                throw new IOException(where + " failed the run: " + failed.reason());
            }
            if (!(answer instanceof Ready)) {
                throw new ProtocolException(where + " answered the run request with " + RunPhase.typeOf(answer));
            }
            socket.ioTimeout(spec.ioTimeout()); // bounds every later request's send
            return control;
        } catch (IOException | RuntimeException | Error e) {
            control.close();
            throw e;
        }
    }

    @Override
    public void start() throws IOException, InterruptedException {
        // the agent waits up to its handshake timeout for the data connections before it answers
        link.request(new ControlMessage.Start(), ControlMessage.Started.class, handshakeTimeout.plus(spec.ioTimeout()));
    }

    @Override
    public long beginWindow() throws IOException, ExperimentFailedException {
        ControlMessage.WindowBegun begun = call(new ControlMessage.BeginWindow(), ControlMessage.WindowBegun.class,
                spec.ioTimeout());
        return record(begun.verified());
    }

    @Override
    public ReceiverWindow endWindow() throws IOException, ExperimentFailedException {
        ControlMessage.WindowEnded ended = call(new ControlMessage.EndWindow(), ControlMessage.WindowEnded.class,
                spec.ioTimeout());
        return new ReceiverWindow(record(ended.verified()), ended.measure());
    }

    @Override
    public long[] awaitEnd(long deadlineNanos) throws ExperimentFailedException, IOException, InterruptedException {
        long waitMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        FinalReport report = link.request(new ControlMessage.Finish(waitMillis), FinalReport.class,
                Duration.ofMillis(waitMillis).plus(spec.ioTimeout()));
        if (report.environment() != null) {
            environmentReported.accept(report.environment());
        }
        List<ConnectionReport> connections = report.connections();
        if (connections == null || connections.size() != spec.threads()) {
            throw new ProtocolException(where + " reported " + (connections == null ? 0 : connections.size())
                    + " connections of a run of " + spec.threads());
        }
        long[] counts = new long[spec.threads()];
        for (ConnectionReport c : connections) {
            if (c.connection() < 0 || c.connection() >= counts.length) {
                throw new ProtocolException(where + " reported connection " + c.connection() + " of a run of "
                        + spec.threads());
            }
            counts[c.connection()] = c.verifiedMessages();
        }
        verified = counts.clone();
        for (ConnectionReport c : connections) {
            if (!c.complete()) {
                // as the experiment's first failure, so that it is reported as what it is, with every
                // connection's progress, not as a receiving end that did not finish
                IOException cause = c.toException(spec.layout());
                failure.report("receiver " + c.connection() + " (" + where + ")", cause);
                throw new ExperimentFailedException(spec.label() + ": receiver " + c.connection() + " (" + where
                        + ") " + c.outcome() + " after " + c.verifiedMessages() + " verified messages: "
                        + cause.getMessage(), cause);
            }
        }
        return counts;
    }

    private <T extends ControlMessage> T call(ControlMessage message, Class<T> type, Duration bound)
            throws IOException, ExperimentFailedException {
        try {
            return link.request(message, type, bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExperimentFailedException(spec.label() + ": interrupted while waiting for " + where, e);
        }
    }

    private long record(long[] counts) throws ProtocolException {
        if (counts == null || counts.length != spec.threads()) {
            throw new ProtocolException(where + " reported " + (counts == null ? 0 : counts.length)
                    + " connections of a run of " + spec.threads());
        }
        verified = counts.clone();
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    @Override
    public long verified(int connection) {
        long[] counts = verified;
        return connection < counts.length ? counts[connection] : 0;
    }

    @Override
    public void abort() {
        if (link != null) {
            link.abort();
        }
    }

    @Override
    public List<String> release() {
        if (link != null && !link.close(spec.ioTimeout())) {
            return List.of("the control connection's reader for " + where);
        }
        return List.of();
    }
}
