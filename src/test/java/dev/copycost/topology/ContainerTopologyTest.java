package dev.copycost.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.strategy.StrategyName;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The container topology end to end: a real container started by Testcontainers from the locally
 * built image, the receive agent in it, experiments sending across the Docker bridge; afterwards no
 * container of this process is left, also after a failed start.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContainerTopologyTest {
    private static final long SELF = ProcessHandle.current().pid();

    /** Docker answers (else the class is disabled); the image must be built too, and in CI both must hold. */
    @BeforeEach
    void requireImage() {
        Optional<String> unavailable = ContainerTopology.unavailableReason();
        if (unavailable.isPresent() && "true".equals(System.getenv("CI"))) {
            fail("topology container: " + unavailable.get() + " — in CI the container tests must run, not be skipped");
        }
        assumeTrue(unavailable.isEmpty(), () -> "topology container: " + unavailable.get());
    }

    @Test
    @DisplayName("experiments cross the bridge to the agent in the container, every message verified there and every zero-copy send COPIED; closing removes the container")
    void experimentsCrossTheBridgeAndNothingIsLeft() throws Exception {
        ContainerTopology container = ContainerTopology.start(Duration.ofSeconds(5));
        String id = container.agent().containerId();
        try {
            assertThat(container.name()).isEqualTo("container");
            assertThat(AgentContainer.containersOf(SELF)).as("this run's containers while it runs").containsExactly(id);
            String inspected = docker().inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().get("bridge")
                    .getIpAddress();
            InetAddress agent = container.agent().address().getAddress();
            assertThat(agent.getHostAddress()).as("the container's own address on Docker's bridge").isEqualTo(inspected);
            assertThat(agent.isLoopbackAddress()).isFalse();
            for (StrategyName strategy : new StrategyName[] {StrategyName.SENDMSG, StrategyName.ZEROCOPY}) {
                ExperimentSpec spec = ExperimentSpec.of(strategy, 4096, 2)
                        .withTiming(Duration.ofMillis(100), Duration.ofMillis(200), 1);
                PointResult result = Experiment.run(spec, container);
                assertThat(result.topology()).isEqualTo("container");
                assertThat(result.verifiedMessages()).as("verified by the agent in the container")
                        .isEqualTo(result.sentMessages()).isPositive();
                assertThat(result.repetitions().get(0).receiver().cpuNanos())
                        .as("the agent's receiver CPU time, reported over its control connection").isPositive();
                if (strategy == StrategyName.ZEROCOPY) {
                    assertThat(result.zeroCopy().completed()).isEqualTo(result.zeroCopy().issued()).isPositive();
                    assertThat(result.zeroCopy().copied()).as("the bridge ends in a local socket: the kernel copies")
                            .isEqualTo(result.zeroCopy().completed());
                }
            }
            assertThat(container.receiverHost()).hasValueSatisfying(h -> assertThat(h)
                    .contains("container " + id.substring(0, 12), AgentImage.reference(), "Docker bridge at " + inspected));
        } finally {
            container.close();
        }
        assertThat(AgentContainer.containersOf(SELF)).as("containers of this run after close").isEmpty();
        assertThatThrownBy(() -> docker().inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("a killed agent container fails the next trial within seconds naming the agent; closing still removes it")
    void aKilledContainerFailsTheTrialInSeconds() throws Exception {
        ContainerTopology container = ContainerTopology.start(Duration.ofSeconds(2));
        String id = container.agent().containerId();
        String agent = container.agent().address().getAddress().getHostAddress();
        try {
            docker().killContainerCmd(id).exec();
            ExperimentSpec spec = ExperimentSpec.of(StrategyName.SENDMSG, 4096, 1)
                    .withTiming(Duration.ofMillis(100), Duration.ofMillis(200), 1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> Experiment.run(spec, container)).hasMessageContaining("agent at " + agent);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("how long a lost agent takes to fail the trial")
                    .isLessThan(Duration.ofSeconds(15));
        } finally {
            container.close();
        }
        assertThat(AgentContainer.containersOf(SELF)).as("containers of this run after close").isEmpty();
    }

    @Test
    @DisplayName("an agent that cannot start fails the start naming what it printed, and leaves no container")
    void aFailedStartLeavesNoContainer() {
        assertThatThrownBy(() -> AgentContainer.start(List.of("receive", "--port", "70000"), Duration.ofSeconds(60)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(AgentImage.reference())
                .hasMessageContaining("--port 70000 is not in 0..65535");
        assertThat(AgentContainer.containersOf(SELF)).as("containers of this run after a failed start").isEmpty();
    }

    @Test
    @DisplayName("containers of owners that no longer run are removed at start; those of live owners stay")
    void leftoversOfDeadOwnersAreRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long dead = gone.pid();
        assumeTrue(ProcessHandle.of(dead).isEmpty(), "pid " + dead + " was reused at once");
        List<String> made = new ArrayList<>();
        try {
            String ofDead = create(dead);
            made.add(ofDead);
            String ofSelf = create(SELF);
            made.add(ofSelf);
            assertThat(AgentContainer.removeLeftovers()).containsExactly(ofDead);
            assertThatThrownBy(() -> docker().inspectContainerCmd(ofDead).exec()).isInstanceOf(NotFoundException.class);
            assertThat(AgentContainer.containersOf(SELF)).containsExactly(ofSelf);
        } finally {
            for (String id : made) {
                try {
                    docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                } catch (NotFoundException removed) {
                    // the one removeLeftovers removed
                }
            }
        }
        assertThat(AgentContainer.containersOf(SELF)).isEmpty();
    }

    /** A container labelled as {@code owner}'s agent, created (not started), as a killed run leaves one. */
    private static String create(long owner) {
        return docker().createContainerCmd(AgentImage.reference()).withLabels(AgentContainer.labels(owner))
                .withCmd("true").exec().getId();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
