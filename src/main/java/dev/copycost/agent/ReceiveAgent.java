package dev.copycost.agent;

import dev.copycost.agent.ControlMessage.Busy;
import dev.copycost.agent.ControlMessage.ControlHello;
import dev.copycost.agent.ControlMessage.DataHello;
import dev.copycost.agent.ControlMessage.Refused;
import dev.copycost.agent.ControlMessage.RunRequest;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The receive agent: one listening port, one run at a time. Every accepted connection gets a thread
 * that reads its preamble and hello within the handshake timeout: a control connection then states
 * its run and, if the agent is free and the run within its {@link AgentLimits}, is served on that
 * thread ({@link AgentRun}); a data connection is handed to the run it names. A second sender is
 * answered "busy"; a client that breaks the protocol or says nothing is dropped with one log line,
 * and the agent goes on serving.
 *
 * <p>Startable in-process ({@link #start}) and from the command line ({@code copycost receive}).
 */
public final class ReceiveAgent implements AutoCloseable {
    /** The line the agent prints to stdout, once, when it accepts connections; the address follows. */
    public static final String LISTENING = "copycost receive: listening on ";
    /** How often the accepting thread looks whether the agent is closing. */
    private static final Duration ACCEPT_SLICE = Duration.ofMillis(200);

    private final TcpSocket listener;
    private final InetSocketAddress address;
    private final AgentLimits limits;
    private final Consumer<String> log;
    private final AtomicReference<AgentRun> active = new AtomicReference<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<ControlConnection> greeting = ConcurrentHashMap.newKeySet();
    private final Semaphore handshakes;
    private final AtomicLong connections = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    private ReceiveAgent(TcpSocket listener, InetSocketAddress address, AgentLimits limits, Consumer<String> log) {
        this.listener = listener;
        this.address = address;
        this.limits = limits;
        this.log = log;
        this.handshakes = new Semaphore(limits.maxPendingHandshakes());
        this.acceptor = new Thread(this::acceptLoop, "copycost-agent-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code bind} (port 0: an ephemeral port, see {@link #address()}) and starts serving.
     *
     * @param log where the agent's one-line notes go (runs served, clients dropped)
     */
    public static ReceiveAgent start(InetSocketAddress bind, AgentLimits limits, Consumer<String> log)
            throws IOException {
        ControlCodec.warmUp(); // a cold JSON mapper takes a noticeable part of a short handshake timeout
        TcpSocket listener = TcpSocket.listen(bind, 64);
        ReceiveAgent agent;
        try {
            InetSocketAddress actual = new InetSocketAddress(bind.getAddress(), listener.localPort());
            agent = new ReceiveAgent(listener, actual, limits, log);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        agent.acceptor.start();
        return agent;
    }

    /** The address senders reach the agent at; the real port when bound to port 0. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code copycost receive: listening on HOST:PORT}. */
    public String listeningLine() {
        return LISTENING + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The run being served, if any, e.g. for a status line. */
    public Optional<String> serving() {
        return Optional.ofNullable(active.get()).map(AgentRun::describe);
    }

    private void acceptLoop() {
        while (!closed) {
            TcpSocket socket;
            try {
                socket = listener.accept(ACCEPT_SLICE);
            } catch (NativeIoException e) {
                if (e.errno() != Errno.EAGAIN && !closed) {
                    log.accept("copycost receive: accept failed: " + e.getMessage());
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            if (closed) {
                socket.close();
                return;
            }
            if (!handshakes.tryAcquire()) {
                log.accept("copycost receive: dropped " + peerOf(socket) + ": already " + limits.maxPendingHandshakes()
                        + " connections in their handshake (the limit)");
                socket.close();
                continue;
            }
            Thread t = new Thread(() -> greet(socket), "copycost-agent-conn-" + connections.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Out of descriptors, say: give the other threads a moment to free some instead of spinning. */
    private void pauseAfterAcceptFailure() {
        try {
            listener.awaitEvent((short) 0, ACCEPT_SLICE); // waits the slice: no event is asked for
        } catch (NativeIoException ignored) {
            // the next accept reports what is wrong
        }
    }

    private static String peerOf(TcpSocket socket) {
        try {
            InetSocketAddress peer = socket.peerAddress();
            return "client " + peer.getAddress().getHostAddress() + ":" + peer.getPort();
        } catch (NativeIoException e) {
            return "a client that already left";
        }
    }

    /** A new connection's thread: its hello decides whether it becomes a run's control or data connection. */
    private void greet(TcpSocket socket) {
        String peer = peerOf(socket);
        ControlConnection connection = new ControlConnection(socket, peer);
        greeting.add(connection);
        boolean inHandshake = true;
        boolean handedOver = false;
        try {
            socket.ioTimeout(limits.handshakeTimeout()); // bounds the agent's sends to a client that does not read
            Duration bound = limits.handshakeTimeout();
            long deadline = System.nanoTime() + bound.toNanos();
            ControlMessage hello = connection.receive(deadline, "a hello", bound);
            if (hello instanceof DataHello data) {
                handedOver = handData(data, connection);
                return;
            }
            if (!(hello instanceof ControlHello)) {
                throw new ProtocolException(peer + " opened with " + RunPhase.typeOf(hello) + " where a hello belongs");
            }
            connection.sendPreamble();
            ControlMessage request = connection.receive(deadline, "a run request", bound);
            if (!(request instanceof RunRequest run)) {
                throw new ProtocolException(peer + " sent " + RunPhase.typeOf(request) + " where a run request belongs");
            }
            Optional<String> problem = limits.problemWith(run);
            if (problem.isPresent()) {
                connection.send(new Refused(problem.get()));
                log.accept("copycost receive: refused run " + run.runId() + " from " + peer + ": " + problem.get());
                return;
            }
            AgentRun agentRun = new AgentRun(connection, run, limits, log);
            if (!active.compareAndSet(null, agentRun)) {
                AgentRun other = active.get();
                String reason = "busy: serving " + (other == null ? "another run" : other.describe());
                connection.send(new Busy(reason));
                log.accept("copycost receive: told " + peer + " (run " + run.runId() + ") " + reason);
                return;
            }
            handedOver = true;
            greeting.remove(connection);
            handshakes.release();
            inHandshake = false;
            if (closed) {
                agentRun.abort(); // close() may have looked for a run just before this one began
            }
            serve(agentRun);
        } catch (VersionMismatchException e) {
            answerPreamble(connection);
            log.accept("copycost receive: dropped: " + e.getMessage());
        } catch (IOException e) {
            log.accept("copycost receive: dropped " + (e.getMessage().startsWith(peer) ? "" : peer + ": ") + e.getMessage());
        } catch (RuntimeException e) {
            log.accept("copycost receive: dropped " + peer + ": " + e);
        } finally {
            greeting.remove(connection);
            if (!handedOver) {
                connection.close();
            }
            if (inHandshake) {
                handshakes.release();
            }
            threads.remove(Thread.currentThread());
        }
    }

    /** Tells a client of another version which version this agent speaks, so that both ends can name both. */
    private static void answerPreamble(ControlConnection connection) {
        try {
            connection.sendPreamble();
        } catch (IOException ignored) {
            // it is being dropped either way
        }
    }

    private boolean handData(DataHello hello, ControlConnection connection) {
        AgentRun run = active.get();
        StringBuilder why = new StringBuilder();
        if (run == null || !run.runId().equals(hello.runId())) {
            why.append("run ").append(hello.runId()).append(" is not being served")
                    .append(run == null ? "" : " (serving " + run.describe() + ")");
        } else {
            TcpSocket socket = connection.socket();
            greeting.remove(connection);
            if (run.offer(hello.connection(), socket, why)) {
                connection.detach();
                return true;
            }
        }
        log.accept("copycost receive: dropped data connection from " + connection.peer() + ": " + why);
        return false;
    }

    private void serve(AgentRun run) {
        log.accept("copycost receive: serving " + run.describe());
        String outcome;
        try {
            run.serve();
            outcome = "finished run " + run.runId() + ": " + run.verifiedTotal() + " messages verified";
        } catch (IOException | ExperimentFailedException | RuntimeException e) {
            outcome = "run " + run.runId() + " ended: " + e.getMessage();
        } catch (InterruptedException e) {
            outcome = "run " + run.runId() + " interrupted";
            Thread.currentThread().interrupt();
        }
        List<String> stuck = run.release();
        if (!stuck.isEmpty()) {
            outcome += "; " + String.join(", ", stuck) + " did not end after being aborted: their sockets and buffers"
                    + " were left open";
        }
        active.compareAndSet(run, null);
        // noted once the agent is free again, so that whoever waits for the note may start the next run
        log.accept("copycost receive: " + outcome);
    }

    /**
     * Stops accepting, aborts the run being served and every handshake, and waits (bounded) for
     * their threads; then closes the listening socket.
     */
    @Override
    public void close() {
        closed = true;
        AgentRun run = active.get();
        if (run != null) {
            run.abort();
        }
        greeting.forEach(ControlConnection::abort);
        long deadline = System.nanoTime() + limits.handshakeTimeout().plus(limits.maxIoTimeout()).toNanos();
        join(acceptor, deadline);
        for (Thread t : List.copyOf(threads)) {
            join(t, deadline);
        }
        listener.close();
    }

    private static void join(Thread t, long deadlineNanos) {
        try {
            t.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
