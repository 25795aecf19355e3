package dev.copycost.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.cli.CliProcess;
import dev.copycost.cli.CopycostCli;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copycost run} as a process of its own, as a CI job runs it, against a receive agent that is
 * a process of its own too: what it prints and the exit code it ends with when the peer fails it.
 * In-process tests of the same failures: {@link AgentEndToEndTest} (the experiment's exception) and
 * {@code CopycostCliTest} (bad input, in this JVM).
 */
class RunFromOutsideTest {
    /** A JVM's start, the handshake and the failure; well below a CI job's patience. */
    private static final long EXIT_SECONDS = 20;

    @TempDir
    Path dir;

    @Test
    void anAgentKilledMidRunEndsTheRunWithExitOneWithinSecondsNamingPeerConnectionsAndProgress() throws Exception {
        try (AgentProcess agent = AgentProcess.start("--handshake-timeout", "5s");
                CliProcess run = CliProcess.start(dir, "run", "--strategy", "sendmsg", "--size", "4096", "--threads",
                        "2", "--warmup", "0ms", "--seconds", "60", "--peer", "127.0.0.1:" + agent.address().getPort())) {
            agent.awaitNote(n -> n.contains("receivers started"), "that the run's receivers started");
            agent.kill();
            long killed = System.nanoTime();
            int code = run.exitCode(EXIT_SECONDS);
            double seconds = (System.nanoTime() - killed) / 1e9;
            String err = run.stderr();
            assertThat(code).as(err).isEqualTo(CopycostCli.EXIT_FAILED);
            assertThat(seconds).as("seconds from the kill to the exit").isLessThan(5);
            assertThat(run.stdout()).as("no result line").isEmpty();
            assertThat(err).contains("copycost run: ").contains(agent.where())
                    .containsPattern("connection 0 sent \\d+").containsPattern("connection 1 sent \\d+");
        }
    }

    @Test
    void nothingListeningFailsAtOnceNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        try (CliProcess run = CliProcess.start(dir, "run", "--strategy", "sendmsg", "--peer", "127.0.0.1:" + port)) {
            assertThat(run.exitCode(EXIT_SECONDS)).isEqualTo(CopycostCli.EXIT_FAILED);
            assertThat(run.stderr()).contains("agent at 127.0.0.1:" + port + " is not reachable")
                    .contains("Connection refused");
        }
    }

    @Test
    void aPeerThatNeverAnswersFailsWithinTheHandshakeBoundNamingTheAddressAndTheWait() throws Exception {
        // a listener whose accept queue is full: the kernel drops further SYNs, so a connect gets no
        // answer at all, as from a host that is down or a firewall that drops
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Backlog full = Backlog.fill(deaf)) {
            long t0 = System.nanoTime();
            try (CliProcess run = CliProcess.start(dir, "run", "--strategy", "sendmsg", "--peer",
                    "127.0.0.1:" + deaf.getLocalPort())) {
                int code = run.exitCode(EXIT_SECONDS);
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertThat(code).as(run.stderr()).isEqualTo(CopycostCli.EXIT_FAILED);
                assertThat(run.stderr()).contains("agent at 127.0.0.1:" + deaf.getLocalPort()
                        + " is not reachable: no answer to connect within 5000 ms (the handshake timeout)");
                assertThat(seconds).as("seconds to exit: a JVM's start and the 5 s bound").isBetween(5.0, 12.0);
            }
        }
    }

    @Test
    void aSizeNotAMultipleOfEightExitsWithTwoSayingSo() throws Exception {
        try (CliProcess run = CliProcess.start(dir, "run", "--strategy", "send", "--size", "100")) {
            assertThat(run.exitCode(EXIT_SECONDS)).isEqualTo(CopycostCli.EXIT_USAGE);
            assertThat(run.stderr()).contains("message size 100 is not a multiple of 8");
        }
    }

    /** Connections that fill a listener's accept queue and are never accepted; closed with it. */
    private static final class Backlog implements AutoCloseable {
        private final List<Socket> held = new ArrayList<>();

        /** Connects until a connect gets no answer within 300 ms: the queue is then full. */
        static Backlog fill(ServerSocket listener) throws IOException {
            Backlog b = new Backlog();
            InetSocketAddress at = (InetSocketAddress) listener.getLocalSocketAddress();
            try {
                for (int i = 0; i < 16; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(at, 300);
                        b.held.add(s);
                    } catch (SocketTimeoutException full) {
                        s.close();
                        return b;
                    }
                }
            } catch (IOException | RuntimeException e) {
                b.close();
                throw e;
            }
            b.close();
            throw new IllegalStateException("16 connections did not fill an accept queue of backlog 1");
        }

        @Override
        public void close() throws IOException {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
