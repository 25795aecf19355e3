package dev.copycost.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * perf-scripts/prepare-docker.sh on a machine it already prepared (as CI's has been by .ci/run): it
 * finds the daemon and the image, changes nothing, and is done in seconds.
 */
@Testcontainers(disabledWithoutDocker = true)
class PrepareDockerScriptTest {

    @Test
    @DisplayName("a second call finds the daemon and the image, builds nothing and ends within seconds")
    void aSecondCallTakesSeconds() throws Exception {
        assumeTrue(ContainerTopology.unavailableReason().isEmpty(),
                () -> "not prepared yet: " + ContainerTopology.unavailableReason().get());
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", "perf-scripts/prepare-docker.sh").redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!ended) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("ended within 60 s: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).as(out).contains("prepare-docker: image " + AgentImage.reference() + " is present")
                .noneMatch(l -> l.contains("installing") || l.contains("starting dockerd") || l.contains("building"));
        assertThat(lines.get(lines.size() - 1)).as("the last line names the image").isEqualTo(AgentImage.reference());
        assertThat(took).as("a call with nothing to do").isLessThan(Duration.ofSeconds(10));
    }
}
