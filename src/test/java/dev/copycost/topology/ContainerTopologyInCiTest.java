package dev.copycost.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * In CI the container tests must run: {@code .ci/run} prepares Docker and the agent's image (and sets
 * CI=true), so there a container test that would be skipped (Testcontainers disables a class when no
 * Docker answers) is a failure here, with the reason. Elsewhere a missing Docker is allowed, but its
 * reason must tell the developer what to run.
 */
class ContainerTopologyInCiTest {

    @Test
    @DisplayName("under CI=true the container topology can run; elsewhere its absence names prepare-docker.sh")
    void containerTopologyIsAvailableInCiAndExplainedElsewhere() {
        Optional<String> unavailable = ContainerTopology.unavailableReason();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(unavailable).as("why the container tests would be skipped").isEmpty();
        } else {
            unavailable.ifPresent(reason -> assertThat(reason).contains("perf-scripts/prepare-docker.sh"));
        }
    }
}
