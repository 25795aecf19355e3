package dev.copycost.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.strategy.StrategyName;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The netns topology end to end: a real namespace and veth pair, the receive agent as a separate
 * JVM inside it, experiments sending across the link; afterwards nothing of it is left.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetnsTopologyTest {

    @Test
    @DisplayName("experiments cross the veth to an agent in the namespace, every message verified there; closing removes agent and namespace")
    void experimentsCrossTheLinkAndNothingIsLeft() throws Exception {
        Optional<String> unavailable = NetnsTopology.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.get());
        String netnsBefore = SystemCommand.of("ip", "netns", "list").require();

        NetnsTopology netns = NetnsTopology.start(Optional.empty(), Duration.ofSeconds(5));
        long agentPid = netns.agent().pid();
        try {
            assertThat(netns.name()).isEqualTo("netns");
            for (StrategyName strategy : new StrategyName[] {StrategyName.SENDMSG, StrategyName.ZEROCOPY}) {
                ExperimentSpec spec = ExperimentSpec.of(strategy, 4096, 2)
                        .withTiming(Duration.ofMillis(100), Duration.ofMillis(200), 1);
                PointResult result = Experiment.run(spec, netns);
                assertThat(result.topology()).isEqualTo("netns");
                assertThat(result.verifiedMessages()).as("verified by the agent across the veth")
                        .isEqualTo(result.sentMessages()).isPositive();
                assertThat(result.repetitions().get(0).receiver().cpuNanos())
                        .as("the agent's receiver CPU time, reported over its control connection").isPositive();
                if (strategy == StrategyName.ZEROCOPY) {
                    assertThat(result.zeroCopy().completed()).isEqualTo(result.zeroCopy().issued()).isPositive();
                    assertThat(result.zeroCopy().copied()).as("a veth peer is a local socket: the kernel copies")
                            .isEqualTo(result.zeroCopy().completed());
                }
            }
        } finally {
            netns.close();
        }
        assertThat(ProcessHandle.of(agentPid).map(ProcessHandle::isAlive).orElse(false)).as("agent ended").isFalse();
        assertThat(SystemCommand.of("ip", "netns", "list").require()).isEqualTo(netnsBefore);
        assertThat(SystemCommand.of("ip", "link", "show", netns.link().hostEnd()).run().exit()).isNotZero();
    }
}
