package dev.copycost.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.Repetition;
import dev.copycost.message.StreamCorruptionException;
import dev.copycost.strategy.StrategyName;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receive agent in a process of its own on 127.0.0.1, as {@code copycost receive} runs it, against
 * real experiments and hand-made clients. Every test leaves no agent process behind.
 */
class AgentEndToEndTest {
    private static final Duration HANDSHAKE = Duration.ofSeconds(5);
    private AgentProcess agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = AgentProcess.start("--handshake-timeout", "2s");
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) { // null when it did not start: that failure is the test's
            agent.close();
            assertThat(agent.alive()).isFalse();
        }
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("copycost-") && t.isAlive()).map(Thread::getName).toList())
                .as("sender, receiver and control-link threads left in this JVM").isEmpty();
    }

    private AgentTopology remote() {
        return new AgentTopology("remote", agent.address(), HANDSHAKE);
    }

    private static ExperimentSpec shortSpec(StrategyName strategy, int size, int threads) {
        return ExperimentSpec.of(strategy, size, threads).withTiming(Duration.ofMillis(50), Duration.ofMillis(150), 1);
    }

    private static ControlMessage.RunRequest request(int connections) {
        return new ControlMessage.RunRequest(UUID.randomUUID().toString(), 4096, 1, 1, connections, 5000, 1000);
    }

    @Test
    void twoRunsInARowVerifyEveryMessageAtTheAgent() throws Exception {
        AgentTopology remote = remote();
        assertThat(remote.lastEnvironment()).isEmpty();
        for (StrategyName strategy : new StrategyName[] {StrategyName.SENDMSG, StrategyName.NIO_GATHER}) {
            PointResult result = Experiment.run(shortSpec(strategy, 4096, 2), remote);
            assertThat(result.sentMessages()).isPositive();
            assertThat(result.verifiedMessages()).isEqualTo(result.sentMessages());
            Repetition window = result.repetitions().get(0);
            assertThat(window.messages()).isPositive();
            assertThat(window.receiver().threads()).as("the agent's receiver threads").isEqualTo(2);
            assertThat(window.receiver().cpuNanos()).as("the agent's receivers' CPU in the window").isPositive();
            agent.awaitNote(n -> n.contains("finished run") && n.contains(result.verifiedMessages() + " messages"),
                    "that the run finished with " + result.verifiedMessages() + " messages");
        }
        AgentEnvironment env = remote.lastEnvironment().orElseThrow();
        assertThat(env.kernel()).isEqualTo(java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/sys/kernel/osrelease")).trim());
        assertThat(env.cores()).isPositive();
        assertThat(env.iface()).as("the data came over loopback").isEqualTo("lo");
        assertThat(env.mtu()).isEqualTo(Integer.toString(java.net.NetworkInterface.getByName("lo").getMTU()));
        assertThat(env.driver()).as("lo has no device, or ethtool names its driver").isNotBlank();
        assertThat(env.offloads()).isNotBlank();
    }

    @Test
    void runWithPeerPrintsTopologyRemoteAndEveryMessageVerified() {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            code = dev.copycost.cli.CopycostCli.execute("run", "--strategy", "copy-send", "--size", "4k", "--threads",
                    "2", "--seconds", "0.2", "--warmup", "50ms", "--peer", "127.0.0.1:" + agent.address().getPort());
        } finally {
            System.setOut(saved);
        }
        String line = out.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(code).as(line).isZero();
        assertThat(line).startsWith("topology=remote strategy=copy-send size=4096 threads=2 ");
        String verified = line.replaceAll(".* verified=(\\d+) .*", "$1");
        String sent = line.replaceAll(".* sent=(\\d+) .*", "$1");
        assertThat(Long.parseLong(verified)).isPositive().isEqualTo(Long.parseLong(sent));
    }

    @Test
    void aSecondSenderIsToldBusyAndItsRunFailsNamingTheRunServed() throws Exception {
        try (RawClient first = new RawClient(agent.address())) {
            ControlMessage.RunRequest held = request(1);
            assertThat(first.openRun(held)).isInstanceOf(ControlMessage.Ready.class);

            ExperimentFailedException e = catchThrowableOfType(ExperimentFailedException.class,
                    () -> Experiment.run(shortSpec(StrategyName.SENDMSG, 512, 1), remote()));
            assertThat(e).hasMessageContaining(agent.where()).hasMessageContaining("busy")
                    .hasMessageContaining("run " + held.runId());
        }
        // the held run ends when its sender goes; the agent then serves the next one
        agent.awaitNote(n -> n.contains("ended"), "that the held run ended");
        PointResult after = Experiment.run(shortSpec(StrategyName.SENDMSG, 512, 1), remote());
        assertThat(after.verifiedMessages()).isEqualTo(after.sentMessages()).isPositive();
    }

    @Test
    void anAgentKilledMidRunFailsTheExperimentWithinSecondsNamingThePeer() throws Exception {
        ExperimentSpec longRun = ExperimentSpec.of(StrategyName.SENDMSG, 4096, 2)
                .withTiming(Duration.ofMillis(50), Duration.ofSeconds(30), 1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<PointResult> run = executor.submit(() -> Experiment.run(longRun, remote()));
            agent.awaitNote(n -> n.contains("receivers started"), "that the run's receivers started");
            agent.kill();
            long killed = System.nanoTime();
            java.util.concurrent.ExecutionException e = catchThrowableOfType(
                    java.util.concurrent.ExecutionException.class, () -> run.get(20, TimeUnit.SECONDS));
            double seconds = (System.nanoTime() - killed) / 1e9;
            assertThat(seconds).as("seconds from the kill to the failure").isLessThan(5);
            assertThat(e.getCause()).isInstanceOf(ExperimentFailedException.class)
                    .hasMessageContaining(agent.where())
                    .hasMessageContaining("connection 0 sent").hasMessageContaining("connection 1 sent");
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void hostileClientsAreDroppedWithOneNoteEachAndAProperRunStillSucceeds() throws Exception {
        byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (RawClient c = new RawClient(agent.address())) {
            c.send(garbage);
            assertThat(c.readUntilClosed()).isEmpty();
        }
        agent.awaitNote(n -> n.contains("dropped") && n.contains("magic 0x47455420"), "naming the HTTP request's magic");

        try (RawClient c = new RawClient(agent.address())) {
            c.send(AgentProtocol.preamble());
            c.send(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
            assertThat(c.readUntilClosed()).isEmpty();
        }
        agent.awaitNote(n -> n.contains("dropped") && n.contains("declared a frame of 2147483647 bytes"),
                "naming the absurd frame length");

        try (RawClient c = new RawClient(agent.address())) {
            c.send(AgentProtocol.preamble());
            c.send(ByteBuffer.allocate(4 + 9).putInt(9).put("not json!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).array());
            assertThat(c.readUntilClosed()).isEmpty();
        }
        agent.awaitNote(n -> n.contains("dropped") && n.contains("not a control message"), "naming the bad frame");

        try (RawClient silent = new RawClient(agent.address())) {
            long t0 = System.nanoTime();
            assertThat(silent.readUntilClosed()).isEmpty();
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds until a silent client is dropped")
                    .isLessThan(5);
        }
        agent.awaitNote(n -> n.contains("dropped") && n.contains("not even its preamble"), "naming the silence");

        PointResult result = Experiment.run(shortSpec(StrategyName.SENDMSG, 4096, 1), remote());
        assertThat(result.verifiedMessages()).isEqualTo(result.sentMessages()).isPositive();
    }

    @Test
    void aVersionMismatchIsRefusedAtOnceNamingBothVersions() throws Exception {
        try (RawClient c = new RawClient(agent.address())) {
            c.send(AgentProtocol.preamble(AgentProtocol.VERSION + 98));
            byte[] answer = c.readUntilClosed();
            assertThat(answer).as("the agent's own preamble, then nothing").hasSize(AgentProtocol.PREAMBLE_BYTES);
            ByteBuffer b = ByteBuffer.wrap(answer);
            assertThat(b.getInt()).isEqualTo(AgentProtocol.MAGIC);
            assertThat(Short.toUnsignedInt(b.getShort())).isEqualTo(AgentProtocol.VERSION);
        }
        agent.awaitNote(n -> n.contains("version " + (AgentProtocol.VERSION + 98))
                && n.contains("version " + AgentProtocol.VERSION + ":"), "naming both versions");
    }

    @Test
    void aCorruptedStreamFailsTheExperimentWithTheAgentsMessageFieldAndOffset() throws Exception {
        // the sender sends every message from its one buffer set; the agent is told there are two,
        // so it expects message 1's payload in slot 1's pattern and finds slot 0's
        EditedRequestTopology lying = new EditedRequestTopology(agent.address(),
                r -> new ControlMessage.RunRequest(r.runId(), r.messageSize(), 2, r.payloadEvery(), r.connections(),
                        r.ioTimeoutMillis(), r.silenceMillis()));
        ExperimentFailedException e = catchThrowableOfType(ExperimentFailedException.class,
                () -> Experiment.run(shortSpec(StrategyName.SENDMSG, 512, 1), lying));
        assertThat(e).hasMessageContaining("receiver 0 (" + agent.where() + ")")
                .hasMessageContaining("stream corrupt in message 1, field 0, byte 8 of 64")
                .hasMessageContaining("the bytes match ring slot 0");
        StreamCorruptionException corruption = (StreamCorruptionException) e.getCause();
        assertThat(corruption.messageNumber()).isEqualTo(1);
        assertThat(corruption.field()).isZero();
        assertThat(corruption.offsetInField()).isEqualTo(8);
        assertThat(corruption.streamOffset()).isEqualTo(512 + 8);
        assertThat(corruption.inStamp()).isFalse();
    }

    @Test
    void anUnreachableAgentFailsTheSetupWithinItsBoundNamingTheAddress() throws Exception {
        java.net.InetSocketAddress gone = agent.address();
        agent.kill();
        long t0 = System.nanoTime();
        ExperimentFailedException e = catchThrowableOfType(ExperimentFailedException.class,
                () -> Experiment.run(shortSpec(StrategyName.SEND, 512, 1), new AgentTopology("remote", gone, HANDSHAKE)));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(HANDSHAKE.toSeconds() + 1);
        assertThat(e).hasMessageContaining("could not be set up")
                .hasMessageContaining("agent at 127.0.0.1:" + gone.getPort() + " is not reachable");
    }
}
