package dev.copycost.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.message.MessageLayout;
import dev.copycost.strategy.StrategyName;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent in this process: its state machine over real sockets, its limits, and what it leaves behind. */
class ReceiveAgentTest {
    private final BlockingQueue<String> notes = new LinkedBlockingQueue<>();
    private ReceiveAgent agent;

    private ReceiveAgent start(AgentLimits limits) throws IOException {
        agent = ReceiveAgent.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits, notes::add);
        return agent;
    }

    private static AgentLimits limits(int maxMessageSize, Duration handshake, Duration idle, int pending) {
        return new AgentLimits(ExperimentSpec.MAX_THREADS, maxMessageSize, ExperimentSpec.MAX_NATIVE_MEMORY,
                Duration.ofSeconds(60), handshake, idle, pending);
    }

    private static AgentLimits quick() {
        // idle above the experiments' default I/O timeout of 5 s, which a run adds to its silence
        return limits(MessageLayout.MAX_SIZE, Duration.ofSeconds(1), Duration.ofSeconds(10), 8);
    }

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    private String awaitNote(String containing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        StringBuilder seen = new StringBuilder();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            String note = notes.poll(left, TimeUnit.NANOSECONDS);
            if (note == null) {
                break;
            }
            seen.append('\n').append(note);
            if (note.contains(containing)) {
                return note;
            }
        }
        throw new AssertionError("no note containing '" + containing + "' within 10 s; notes:" + seen);
    }

    private static ControlMessage.RunRequest request(int size, int ring, int connections) {
        return new ControlMessage.RunRequest(UUID.randomUUID().toString(), size, ring, 1, connections, 500, 100);
    }

    @Test
    void aMessageOutOfTurnEndsTheRunAndTheAgentServesTheNext() throws Exception {
        start(quick());
        try (RawClient c = new RawClient(agent.address())) {
            assertThat(c.openRun(request(4096, 1, 1))).isInstanceOf(ControlMessage.Ready.class);
            c.send(new ControlMessage.BeginWindow());
            assertThat(c.next()).isEqualTo(new ControlMessage.Failed(
                    "out of turn: BeginWindow while await start, where only start may come"));
            assertThat(c.readUntilClosed()).isEmpty();
        }
        awaitNote("ended: out of turn");
        try (RawClient c = new RawClient(agent.address())) {
            assertThat(c.openRun(request(4096, 1, 1))).isInstanceOf(ControlMessage.Ready.class);
        }
    }

    @Test
    void requestsBeyondTheLimitsAreRefusedNamingTheValueAndTheLimit() throws Exception {
        start(limits(65536, Duration.ofSeconds(1), Duration.ofSeconds(1), 8));
        // request(...) asks for 500 ms I/O timeout and 100 ms of silence: within the 1 s idle timeout
        String[][] cases = {
            {"1000", "1000 connections asked, this agent serves 1..256"},
            {"size", "message size 131072 is above this agent's maximum of 65536 bytes"},
            {"odd", "message size 100 is not a multiple of 8"},
            {"memory", "the receivers would take"},
            {"silence", "the sender stays silent for up to 5000 ms (warm-up or one window) plus its I/O timeout of 500 ms,"
                    + " not below this agent's idle timeout of 1000 ms"},
        };
        for (String[] c : cases) {
            ControlMessage.RunRequest r = switch (c[0]) {
                case "1000" -> request(4096, 1, 1000);
                case "size" -> request(131072, 1, 1);
                case "odd" -> request(100, 1, 1);
                case "silence" -> new ControlMessage.RunRequest("r-silent", 4096, 1, 1, 1, 500, 5000);
                default -> request(65536, 1024, 8);
            };
            try (RawClient client = new RawClient(agent.address())) {
                ControlMessage answer = client.openRun(r);
                assertThat(answer).isInstanceOf(ControlMessage.Refused.class);
                assertThat(((ControlMessage.Refused) answer).reason()).contains(c[1]);
            }
            awaitNote("refused run " + r.runId());
        }
    }

    @Test
    void dataConnectionsThatDoNotArriveFailTheRunNamingTheMissing() throws Exception {
        start(quick());
        try (RawClient c = new RawClient(agent.address());
                RawClient data = new RawClient(agent.address())) {
            ControlMessage.RunRequest r = request(512, 1, 2);
            assertThat(c.openRun(r)).isInstanceOf(ControlMessage.Ready.class);
            data.send(ControlCodec.opening(new ControlMessage.DataHello(r.runId(), 1)));
            c.send(new ControlMessage.Start());
            ControlMessage answer = c.next();
            assertThat(answer).isEqualTo(new ControlMessage.Failed(
                    "only 1 of 2 data connections arrived within 1000 ms; missing: [0]"));
            assertThat(data.readUntilClosed()).as("the one that came is closed with the run").isEmpty();
        }
    }

    @Test
    void aDataConnectionForAnotherRunIsDropped() throws Exception {
        start(quick());
        try (RawClient data = new RawClient(agent.address())) {
            data.send(ControlCodec.opening(new ControlMessage.DataHello("no-such-run", 0)));
            assertThat(data.readUntilClosed()).isEmpty();
        }
        assertThat(awaitNote("dropped data connection")).contains("run no-such-run is not being served");
    }

    @Test
    void aSenderWhoseControlConnectionFallsSilentIsEndedAfterTheIdleTimeout() throws Exception {
        start(limits(MessageLayout.MAX_SIZE, Duration.ofSeconds(2), Duration.ofMillis(600), 8));
        try (RawClient c = new RawClient(agent.address());
                RawClient data = new RawClient(agent.address())) {
            // 200 ms I/O timeout + 50 ms of silence fit the 600 ms idle timeout; the data keeps flowing,
            // so only the control connection falls silent
            ControlMessage.RunRequest r = new ControlMessage.RunRequest("r-idle", 512, 1, 1, 1, 200, 50);
            assertThat(c.openRun(r)).isInstanceOf(ControlMessage.Ready.class);
            data.send(ControlCodec.opening(new ControlMessage.DataHello(r.runId(), 0)));
            c.send(new ControlMessage.Start());
            assertThat(c.next()).isInstanceOf(ControlMessage.Started.class);
            Thread writer = new Thread(() -> streamUntilClosed(data, 512), "idle-test-writer");
            writer.start();
            long t0 = System.nanoTime();
            assertThat(c.next()).isEqualTo(new ControlMessage.Failed(
                    "client 127.0.0.1:" + c.localPort() + " sent nothing for 600 ms (the idle timeout): run ended"));
            assertThat((System.nanoTime() - t0) / 1e6).isBetween(550.0, 5000.0);
            writer.join(10_000);
            assertThat(writer.isAlive()).as("the writer stopped once the agent closed the data connection").isFalse();
        }
    }

    /** Writes valid messages 0, 1, 2, ... of {@code size} bytes (ring of one slot) until the connection breaks. */
    private static void streamUntilClosed(RawClient data, int size) {
        MessageLayout layout = new MessageLayout(size);
        java.nio.ByteBuffer field = java.nio.ByteBuffer.allocate(layout.fieldSize()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] message = new byte[size];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            for (long n = 0; System.nanoTime() < deadline; n++) {
                for (int f = 0; f < MessageLayout.FIELDS; f++) {
                    dev.copycost.message.PayloadPattern.fill(field, layout.fieldSize(), 0, f);
                    dev.copycost.message.FieldStamp.write(field, n, f);
                    field.get(0, message, f * layout.fieldSize(), layout.fieldSize());
                }
                data.send(message);
            }
        } catch (IOException closed) {
            // the agent ended the run and closed the connection
        }
    }

    @Test
    void handshakesBeyondTheLimitAreDroppedAtOnce() throws Exception {
        start(limits(MessageLayout.MAX_SIZE, Duration.ofSeconds(3), Duration.ofSeconds(3), 1));
        try (RawClient silent = new RawClient(agent.address());
                RawClient second = new RawClient(agent.address())) {
            long t0 = System.nanoTime();
            assertThat(second.readUntilClosed()).isEmpty();
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds until the second is dropped").isLessThan(2);
            assertThat(awaitNote("dropped")).contains("already 1 connections in their handshake (the limit)");
        }
    }

    @Test
    void aSenderFailsNamingBothVersionsWhenTheAgentSpeaksAnother() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = fake.accept()) {
                    s.getOutputStream().write(AgentProtocol.preamble(7));
                    s.getOutputStream().flush();
                    s.setSoTimeout(5000);
                    s.getInputStream().read(); // until the sender gives up
                } catch (IOException ignored) {
                    // the sender closed first
                }
            }, "fake-agent");
            answer.start();
            AgentTopology remote = new AgentTopology("remote",
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), fake.getLocalPort()), Duration.ofSeconds(2));
            ExperimentFailedException e = catchThrowableOfType(ExperimentFailedException.class,
                    () -> Experiment.run(ExperimentSpec.of(StrategyName.SEND, 512, 1), remote));
            assertThat(e).hasMessageContaining("agent at 127.0.0.1:" + fake.getLocalPort()
                    + " speaks copycost agent protocol version 7, this end speaks version " + AgentProtocol.VERSION);
            answer.join(10_000);
            assertThat(answer.isAlive()).isFalse();
        }
    }

    @Test
    void runsAgainstAnAgentInThisProcessLeaveNoThreadOrDescriptorBehind() throws Exception {
        ExperimentSpec spec = ExperimentSpec.of(StrategyName.ZEROCOPY, 4096, 2)
                .withTiming(Duration.ofMillis(20), Duration.ofMillis(60), 1);
        try (ReceiveAgent warm = ReceiveAgent.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                quick(), notes::add)) {
            Experiment.run(spec, new AgentTopology("remote", warm.address(), Duration.ofSeconds(5))); // loads classes
        }
        long fds = openDescriptors();
        start(quick());
        AgentTopology remote = new AgentTopology("remote", agent.address(), Duration.ofSeconds(5));
        for (StrategyName s : StrategyName.values()) {
            PointResult r = Experiment.run(spec.withRingAndThreads(16, 2).withPayloadEvery(1), remote);
            assertThat(r.verifiedMessages()).as(s.label()).isEqualTo(r.sentMessages()).isPositive();
            awaitNote("finished run");
        }
        agent.close();
        agent = null;
        assertThat(openDescriptors()).as("open file descriptors").isEqualTo(fds);
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("copycost-") && t.isAlive()).map(Thread::getName).toList())
                .as("copycost threads alive").isEmpty();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
