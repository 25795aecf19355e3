package dev.copycost.agent;

import dev.copycost.agent.ControlMessage.BeginWindow;
import dev.copycost.agent.ControlMessage.EndWindow;
import dev.copycost.agent.ControlMessage.Failed;
import dev.copycost.agent.ControlMessage.FinalReport;
import dev.copycost.agent.ControlMessage.Finish;
import dev.copycost.agent.ControlMessage.ReceiverFailed;
import dev.copycost.agent.ControlMessage.RunRequest;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.FirstFailure;
import dev.copycost.experiment.LocalReceivers;
import dev.copycost.experiment.Receivers;
import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One run at the agent, served on its control connection's thread: takes the run's data connections
 * as they arrive, starts one receiver per connection ({@link LocalReceivers}), answers the sender's
 * window edges and its finish, and tells the sender at once when a receiver fails. Owns the control
 * connection, the data sockets and the receivers until {@link #release}.
 */
final class AgentRun {
    /** How often the serving thread looks at its receivers while it waits for the sender. */
    private static final long SLICE_NANOS = 20_000_000;
    /** How long a lost sender's receivers get to reach the end of what it sent before they are aborted. */
    private static final long SETTLE_MILLIS = 1000;

    private final ControlConnection control;
    private final Consumer<String> log;
    private final RunRequest request;
    private final AgentLimits limits;
    private final MessageLayout layout;
    private final Duration ioTimeout;
    private final FirstFailure failure = new FirstFailure();
    private final LocalReceivers receivers;
    private final TcpSocket[] arrived;
    private int arrivals;
    private boolean accepting = true;
    private AgentEnvironment environment;
    /** Written by the run's thread, read by a handshake deciding whether the run is only ending. */
    private volatile RunPhase phase = RunPhase.AWAIT_START;
    private boolean failureSent;

    AgentRun(ControlConnection control, RunRequest request, AgentLimits limits, Consumer<String> log) {
        this.log = log;
        this.control = control;
        this.request = request;
        this.limits = limits;
        this.layout = new MessageLayout(request.messageSize());
        this.ioTimeout = Duration.ofMillis(request.ioTimeoutMillis());
        this.receivers = new LocalReceivers(layout, request.ringSlots(), request.payloadEvery(), ioTimeout, failure);
        this.arrived = new TcpSocket[request.connections()];
    }

    String runId() {
        return request.runId();
    }

    /** E.g. {@code run 1f3a of 2 connections × 4096 B from client 10.0.0.1:41234}. */
    String describe() {
        return "run " + request.runId() + " of " + request.connections() + " connections × " + request.messageSize()
                + " B from " + control.peer();
    }

    /**
     * Takes a data connection whose hello named this run. Returns false, owning nothing, if the
     * connection is not one this run waits for; the reason is then in {@code why}.
     */
    synchronized boolean offer(int connection, TcpSocket socket, StringBuilder why) {
        if (!accepting) {
            why.append(describe()).append(" takes no more data connections");
            return false;
        }
        if (connection < 0 || connection >= arrived.length) {
            why.append("connection index ").append(connection).append(" is not in 0..").append(arrived.length - 1)
                    .append(" of ").append(describe());
            return false;
        }
        if (arrived[connection] != null) {
            why.append("connection ").append(connection).append(" of ").append(describe()).append(" is already open");
            return false;
        }
        arrived[connection] = socket;
        arrivals++;
        notifyAll();
        return true;
    }

    /** Serves the run to its end; throws with the reason if it ends any other way than by its final report. */
    void serve() throws IOException, InterruptedException, ExperimentFailedException {
        control.send(new ControlMessage.Ready());
        Duration handshake = limits.handshakeTimeout();
        phase = advance(control.receive(System.nanoTime() + handshake.toNanos(), "start", handshake));
        takeDataConnections();
        try {
            receivers.start(i -> OptionalInt.empty()); // no placement here: the sender's CPUs are on another host
        } catch (ExperimentFailedException e) {
            control.send(new Failed(e.getMessage()));
            throw e;
        }
        control.send(new ControlMessage.Started());
        log.accept("copycost receive: run " + request.runId() + ": " + request.connections() + " receivers started");
        try {
            serveStarted();
        } catch (IOException e) {
            throw new IOException(e.getMessage() + receiversAfterLoss(), e);
        }
    }

    /** Answers the sender until its finish; the receivers are running. */
    private void serveStarted() throws IOException, InterruptedException {
        long idleDeadline = System.nanoTime() + limits.idleTimeout().toNanos();
        while (phase != RunPhase.FINISHED) {
            tellFailure();
            Optional<ControlMessage> message = control.poll(Math.min(System.nanoTime() + SLICE_NANOS, idleDeadline));
            if (message.isPresent()) {
                answer(message.get());
                idleDeadline = System.nanoTime() + limits.idleTimeout().toNanos();
            } else if (System.nanoTime() - idleDeadline >= 0) {
                String reason = control.peer() + " sent nothing for " + limits.idleTimeout().toMillis()
                        + " ms (the idle timeout): run ended";
                control.send(new Failed(reason));
                throw new IOException(reason);
            }
        }
    }

    /**
     * What the receivers found, for the note of a run whose sender was lost: a sender that dies closes
     * its data connections with its control connection, so each receiver is given a moment
     * ({@link #SETTLE_MILLIS}) to reach its own end and say how far its stream got, e.g. which message
     * and field it ended in. The receivers still reading then are aborted by {@link #release}.
     */
    private String receiversAfterLoss() throws InterruptedException {
        receivers.awaitEnd(System.nanoTime() + Math.min(SETTLE_MILLIS, ioTimeout.toMillis()) * 1_000_000);
        StringBuilder s = new StringBuilder();
        OptionalInt failed = receivers.failedConnection();
        if (failed.isPresent()) {
            int i = failed.getAsInt();
            ConnectionReport report = ConnectionReport.failed(i, receivers.verified(i), 0, failure.cause().orElse(null));
            s.append("; receiver ").append(i).append(' ').append(report.outcome()).append(" after ")
                    .append(report.verifiedMessages()).append(" verified messages: ")
                    .append(failure.cause().map(Throwable::getMessage).orElse("no cause recorded"));
        }
        s.append("; ").append(verifiedTotal()).append(" messages verified on ").append(request.connections())
                .append(request.connections() == 1 ? " connection" : " connections");
        return s.toString();
    }

    /** The phase after {@code message}; a message out of turn is answered with Failed, naming it, and ends the run. */
    private RunPhase advance(ControlMessage message) throws IOException {
        try {
            return phase.next(message);
        } catch (ProtocolException e) {
            control.send(new Failed(e.getMessage()));
            throw e;
        }
    }

    private void answer(ControlMessage message) throws IOException, InterruptedException {
        RunPhase next = advance(message);
        if (message instanceof BeginWindow) {
            receivers.beginWindow();
            control.send(new ControlMessage.WindowBegun(verified()));
        } else if (message instanceof EndWindow) {
            Receivers.ReceiverWindow window = receivers.endWindow();
            control.send(new ControlMessage.WindowEnded(verified(), window.measure()));
        } else if (message instanceof Finish finish) {
            long wait = Math.max(1, Math.min(finish.waitMillis(), 2 * limits.maxIoTimeout().toMillis()));
            receivers.awaitEnd(System.nanoTime() + wait * 1_000_000);
            tellFailure();
            FinalReport report = new FinalReport(reports(wait), environment);
            // finished before the report leaves: a sender's next run request may arrive the moment it
            // is read, and must find this run ending (see ReceiveAgent.claim), not in progress
            phase = next;
            control.send(report);
        }
        phase = next;
    }

    /** Waits (bounded by the handshake timeout) for every data connection, then gives them to receivers in order. */
    private void takeDataConnections() throws IOException, InterruptedException {
        TcpSocket[] sockets = awaitDataConnections();
        for (int i = 0; i < sockets.length; i++) {
            TcpSocket socket = sockets[i];
            sockets[i] = null;
            InetAddress local;
            try {
                socket.ioTimeout(ioTimeout);
                local = i == 0 ? socket.localAddress().getAddress() : null;
            } catch (IOException | RuntimeException e) {
                socket.close();
                closeAll(sockets);
                throw e;
            }
            try {
                receivers.add(socket); // the receivers own it from here; add closes it if it fails
            } catch (RuntimeException | Error e) {
                closeAll(sockets);
                throw e;
            }
            if (local != null) {
                // before the receivers start, so that ethtool runs outside every measured window
                environment = AgentEnvironment.probe(local);
            }
        }
    }

    /** The run's data connections in order, taken out of {@link #arrived}; fails naming the missing ones. */
    private synchronized TcpSocket[] awaitDataConnections() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limits.handshakeTimeout().toNanos();
        long left;
        while (arrivals < arrived.length && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        accepting = false;
        if (arrivals < arrived.length) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < arrived.length; i++) {
                if (arrived[i] == null) {
                    missing.add(i);
                }
            }
            String reason = "only " + arrivals + " of " + arrived.length + " data connections arrived within "
                    + limits.handshakeTimeout().toMillis() + " ms; missing: " + missing;
            control.send(new Failed(reason));
            throw new IOException(reason);
        }
        TcpSocket[] sockets = arrived.clone();
        Arrays.fill(arrived, null);
        return sockets;
    }

    private static void closeAll(TcpSocket[] sockets) {
        for (TcpSocket s : sockets) {
            if (s != null) {
                s.close();
            }
        }
    }

    /** Sends the first receiver failure to the sender once, as soon as it is seen. */
    private void tellFailure() throws IOException {
        if (failureSent || !receivers.failed()) {
            return;
        }
        failureSent = true;
        OptionalInt which = receivers.failedConnection();
        int connection = which.orElse(0);
        control.send(new ReceiverFailed(ConnectionReport.failed(connection, receivers.verified(connection),
                receivers.verified(connection) * layout.messageSize(), failure.cause().orElse(null))));
    }

    private long[] verified() {
        long[] counts = new long[request.connections()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = receivers.verified(i);
        }
        return counts;
    }

    private List<ConnectionReport> reports(long waitedMillis) {
        OptionalInt failed = receivers.failedConnection();
        List<ConnectionReport> reports = new ArrayList<>();
        for (int i = 0; i < request.connections(); i++) {
            long v = receivers.verified(i);
            long bytes = v * layout.messageSize();
            if (failed.isPresent() && failed.getAsInt() == i) {
                reports.add(ConnectionReport.failed(i, v, bytes, failure.cause().orElse(null)));
            } else if (receivers.finished(i)) {
                reports.add(new ConnectionReport(i, ConnectionReport.COMPLETE, v, bytes, null, null, null));
            } else {
                reports.add(new ConnectionReport(i, ConnectionReport.UNFINISHED, v, bytes, null, null,
                        "receiver " + i + " did not reach the end of its stream within " + waitedMillis + " ms"));
            }
        }
        return reports;
    }

    /** Verified messages of all connections, for the log. */
    long verifiedTotal() {
        long total = 0;
        for (long v : verified()) {
            total += v;
        }
        return total;
    }

    /** Unblocks the serving thread and the receivers, from another thread (the agent is closing). */
    void abort() {
        control.abort();
        receivers.abort();
    }

    /**
     * Frees everything: the receivers (bounded join), data connections that never reached them, the
     * control connection. Returns the receivers that would not end.
     */
    /** True once the final report was sent: the run is ending, and its slot is about to be free. */
    boolean reported() {
        return phase == RunPhase.FINISHED;
    }

    List<String> release() {
        List<String> stuck = receivers.release();
        synchronized (this) {
            accepting = false;
            closeAll(arrived);
            Arrays.fill(arrived, null);
        }
        control.close();
        return stuck;
    }
}
