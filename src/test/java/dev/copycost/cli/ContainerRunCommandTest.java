package dev.copycost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.topology.AgentContainer;
import dev.copycost.topology.ContainerTopology;
import dev.copycost.topology.TestcontainersEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@code run --topology container}: with Docker it measures across the bridge; without, it says what to run. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContainerRunCommandTest {

    @Nested
    @Testcontainers(disabledWithoutDocker = true)
    class WithDocker {
        @Test
        @DisplayName("run --topology container --strategy zerocopy --size 65536 prints topology=container, every send completed and COPIED, and leaves no container")
        void zeroCopyAcrossTheBridge() {
            Optional<String> unavailable = ContainerTopology.unavailableReason();
            if (unavailable.isPresent() && "true".equals(System.getenv("CI"))) {
                fail("topology container: " + unavailable.get() + " — in CI the container tests must run, not be skipped");
            }
            assumeTrue(unavailable.isEmpty(), () -> "topology container: " + unavailable.get());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream savedOut = System.out;
            PrintStream savedErr = System.err;
            int code;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                code = CopycostCli.execute("run", "--topology", "container", "--strategy", "zerocopy", "--size", "65536",
                        "--seconds", "0.3", "--warmup", "100ms");
            } finally {
                System.setOut(savedOut);
                System.setErr(savedErr);
            }
            String line = out.toString(StandardCharsets.UTF_8).trim();
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(line.lines()).hasSize(1);
            assertThat(line).startsWith("topology=container strategy=zerocopy size=65536 ").containsPattern("zc_issued=[1-9]\\d*");
            long issued = count(line, "zc_issued");
            assertThat(count(line, "zc_completed")).as("completed").isEqualTo(issued);
            assertThat(count(line, "zc_copied")).as("copied: the bridge ends in a local socket").isEqualTo(issued);
            assertThat(count(line, "verified")).isEqualTo(count(line, "sent")).isPositive();
            assertThat(err.toString(StandardCharsets.UTF_8)).as("the receivers' host, on stderr")
                    .contains("on the Docker bridge at ");
            assertThat(AgentContainer.containersOf(ProcessHandle.current().pid())).as("containers left").isEmpty();
        }
    }

    @Test
    @DisplayName("without a Docker daemon it fails at once, naming perf-scripts/prepare-docker.sh")
    void withoutDockerItNamesThePreparation(@TempDir Path home) throws Exception {
        Result r = runWithoutDocker(home, TestcontainersEnvironment.REQUIRED);
        assertThat(r.exit).as(r.err).isEqualTo(CopycostCli.EXIT_FAILED);
        assertThat(r.err).contains("copycost run: topology container: no Docker daemon answers",
                "run perf-scripts/prepare-docker.sh");
        assertThat(r.out).isEmpty();
    }

    @Test
    @DisplayName("without Testcontainers' environment variables it starts itself again with them, so the command works as typed")
    void itSetsTestcontainersEnvironmentItself(@TempDir Path home) throws Exception {
        Result r = runWithoutDocker(home, Map.of());
        // the relaunched command got as far as asking Docker: it had the variables
        assertThat(r.err).contains("no Docker daemon answers", "perf-scripts/prepare-docker.sh")
                .doesNotContain("Testcontainers reads its settings from the environment");
        assertThat(r.exit).as(r.err).isEqualTo(CopycostCli.EXIT_FAILED);
    }

    private record Result(int exit, String out, String err) {
    }

    /**
     * The command in a JVM of its own that cannot see a Docker daemon: in a mount namespace of its own
     * with an empty /var/run (Testcontainers also looks for /var/run/docker.sock when DOCKER_HOST
     * names another socket), with a home of its own (where Testcontainers remembers the last way it
     * found Docker) and without DOCKER_HOST.
     */
    private static Result runWithoutDocker(Path home, Map<String, String> testcontainersEnv) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "hiding the Docker socket takes a mount namespace: root (running as " + System.getProperty("user.name") + ")");
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs copycost-no-docker /var/run && exec \"$@\"", "sh",
                ProcessHandle.current().info().command().orElse("java"),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), CopycostCli.class.getName(),
                "run", "--topology", "container", "--strategy", "sendmsg", "--seconds", "0.2"));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().keySet().removeIf(k -> k.startsWith("TESTCONTAINERS_") || k.equals("DOCKER_HOST"));
        pb.environment().putAll(testcontainersEnv);
        Path out = home.resolve("out");
        Path err = home.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("run --topology container without Docker did not end within 90 s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out).trim(), Files.readString(err));
    }

    private static long count(String line, String key) {
        return Long.parseLong(line.replaceAll(".*\\b" + key + "=(\\d+).*", "$1"));
    }
}
