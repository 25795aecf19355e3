package dev.copycost.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * In CI the container tests must run: {@code .ci/run} prepares Docker and the agent's image, so a
 * container test skipped there (Testcontainers disables a class when no Docker answers) is a failure
 * here, with the reason.
 */
@EnabledIfEnvironmentVariable(named = "CI", matches = "true")
class ContainerTopologyInCiTest {

    @Test
    @DisplayName("under CI=true the container topology can run: Docker answers and the agent's image is built")
    void containerTopologyIsAvailableInCi() {
        assertThat(ContainerTopology.unavailableReason()).as("why the container tests would be skipped").isEmpty();
    }
}
