package dev.copycost.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The agent's image as the script builds it and as the topology starts it: one name, from one file. */
class AgentImageTest {

    @Test
    @DisplayName("prepare-docker.sh names the image the container topology starts")
    void scriptAndTopologyNameTheSameImage() throws Exception {
        Process p = new ProcessBuilder("bash", Path.of("perf-scripts", "prepare-docker.sh").toString(), "--print-image")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("--print-image ends at once").isTrue();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(printed).isEqualTo(AgentImage.reference()).matches("copycost-agent:[0-9a-f]{12}");
    }

    @Test
    @DisplayName("any change to the image's inputs names another image")
    void theTagFollowsTheInputs() {
        byte[] a = "SUITE=bookworm\nPACKAGES=openjdk-17-jre-headless,ethtool\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "SUITE=bookworm\nPACKAGES=openjdk-17-jre-headless\n".getBytes(StandardCharsets.UTF_8);
        assertThat(AgentImage.tagOf(a)).hasSize(12).isNotEqualTo(AgentImage.tagOf(b)).isEqualTo(AgentImage.tagOf(a.clone()));
    }

    @Test
    @DisplayName("without Testcontainers' environment variables the topology says which to set, before asking Docker")
    void missingEnvironmentIsNamed() {
        assertThat(ContainerTopology.unavailableReason(Map.of("TESTCONTAINERS_RYUK_DISABLED", "true")))
                .hasValueSatisfying(r -> assertThat(r).contains("TESTCONTAINERS_CHECKS_DISABLE=true")
                        .doesNotContain("TESTCONTAINERS_RYUK_DISABLED"));
        assertThat(TestcontainersEnvironment.missingFrom(Map.of("TESTCONTAINERS_RYUK_DISABLED", "false")))
                .containsOnlyKeys("TESTCONTAINERS_CHECKS_DISABLE", "TESTCONTAINERS_HOST_OVERRIDE", "TESTCONTAINERS_RYUK_DISABLED");
        assertThat(TestcontainersEnvironment.missingFrom(TestcontainersEnvironment.REQUIRED)).isEmpty();
    }
}
