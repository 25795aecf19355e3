package dev.copycost.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.cli.CliProcess;
import dev.copycost.topology.NetnsTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (a CI runner cancelling the job, {@code kill}) or SIGINT (Ctrl-C) to {@code copycost run --topology
 * netns} while data crosses the link: the JVM exits, the namespace, the veth pair and the agent inside
 * go with it, and no half result line is left on stdout for a script to read.
 */
class TerminatedNetnsRunTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM,15", "INT,2"})
    void aSignalMidRunRemovesTheNamespaceTheLinkAndTheAgentAndTheJvmExits(String signal, int number) throws Exception {
        Optional<String> unavailable = NetnsTopology.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "netns topology unavailable here: " + unavailable.orElse(""));
        Optional<ProcessHandle> agent = Optional.empty();
        long pid = -1;
        try (CliProcess run = CliProcess.start(dir, "run", "--topology", "netns", "--strategy", "sendmsg", "--size",
                "64k", "--warmup", "0ms", "--seconds", "60")) {
            pid = run.pid();
            String hostEnd = "ccv" + pid + "h";
            Path txBytes = Path.of("/sys/class/net", hostEnd, "statistics", "tx_bytes");
            // the agent's JVM starts inside the namespace first (bounded by 30 s in NetnsTopology)
            awaitCondition(() -> readLong(txBytes) > (1 << 20), 45, "1 MiB sent across " + hostEnd, run);
            agent = run.descendants().stream().filter(TerminatedNetnsRunTest::isAgent).findFirst();
            assertThat(agent).as("the receive agent, a child of the run").isPresent();

            run.signal(signal);
            int code = run.exitCode(20);
            assertThat(code).as("exit status of a JVM ended by SIG%s; stderr: %s", signal, run.stderr())
                    .isEqualTo(128 + number);
            assertThat(run.stdout()).as("no result line, not half of one").isEmpty();
            assertThat(ip("netns", "list")).as("namespaces").doesNotContain("copycost-link-" + pid);
            assertThat(ip("-o", "link", "show")).as("links").doesNotContain(hostEnd);
            ProcessHandle receiver = agent.get();
            assertThat(receiver.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("the agent").isFalse();
        } finally {
            // what a failed assertion above would otherwise leave behind
            agent.ifPresent(ProcessHandle::destroyForcibly);
            if (pid > 0) {
                ipQuietly("link", "del", "ccv" + pid + "h");
                ipQuietly("netns", "del", "copycost-link-" + pid);
            }
        }
    }

    /**
     * SIGKILL runs no hook: the namespace and the veth stay until the next run removes them as a dead
     * owner's, but the agent inside must not outlive the run that started it.
     */
    @Test
    void sigkillMidRunLeavesNoAgentRunning() throws Exception {
        Optional<String> unavailable = NetnsTopology.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "netns topology unavailable here: " + unavailable.orElse(""));
        Optional<ProcessHandle> agent = Optional.empty();
        long pid = -1;
        try (CliProcess run = CliProcess.start(dir, "run", "--topology", "netns", "--strategy", "sendmsg", "--size",
                "64k", "--warmup", "0ms", "--seconds", "60")) {
            pid = run.pid();
            Path txBytes = Path.of("/sys/class/net", "ccv" + pid + "h", "statistics", "tx_bytes");
            awaitCondition(() -> readLong(txBytes) > (1 << 20), 45, "1 MiB sent across the link", run);
            agent = run.descendants().stream().filter(TerminatedNetnsRunTest::isAgent).findFirst();
            assertThat(agent).as("the receive agent, a child of the run").isPresent();
            run.signal("KILL");
            assertThat(run.exitCode(10)).isEqualTo(128 + 9);
            ProcessHandle receiver = agent.get();
            try {
                receiver.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the agent (pid " + receiver.pid() + ") still runs 10 s after its run was killed");
            }
        } finally {
            agent.ifPresent(ProcessHandle::destroyForcibly);
            if (pid > 0) {
                ipQuietly("link", "del", "ccv" + pid + "h");
                ipQuietly("netns", "del", "copycost-link-" + pid);
            }
        }
    }

    /** The agent's JVM: {@code ip netns exec} replaced itself with it. /proc is read directly: long class paths cut the JDK's view of it short. */
    private static boolean isAgent(ProcessHandle p) {
        try {
            String argv = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), StandardCharsets.UTF_8);
            return List.of(argv.split("\0")).contains("receive");
        } catch (IOException gone) {
            return false;
        }
    }

    interface Check {
        boolean holds() throws IOException;
    }

    /** Polls a kernel state nothing notifies us of, every 50 ms, until it holds or the bound passes. */
    private static void awaitCondition(Check check, long seconds, String what, CliProcess run)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.holds()) {
            if (System.nanoTime() - deadline > 0 || !run.alive()) {
                throw new AssertionError("not " + what + " within " + seconds + " s (run alive: " + run.alive()
                        + "); its stderr: " + run.stderr());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static long readLong(Path file) throws IOException {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (java.nio.file.NoSuchFileException notYet) {
            return 0;
        }
    }

    private static String ip(String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile("copycost-ip", ".out"); // a file: reading a pipe would not be bounded
        try {
            Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            boolean ended = p.waitFor(10, TimeUnit.SECONDS);
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (!ended || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("ip " + String.join(" ", args) + (ended ? " failed: " : " hung: ") + out);
            }
            return out;
        } finally {
            Files.delete(output);
        }
    }

    private static void ipQuietly(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static List<String> command(String... args) {
        List<String> c = new java.util.ArrayList<>(List.of("ip"));
        c.addAll(List.of(args));
        return c;
    }
}
