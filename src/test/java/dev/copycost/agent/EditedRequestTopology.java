package dev.copycost.agent;

import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.FirstFailure;
import dev.copycost.experiment.Receivers;
import dev.copycost.experiment.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The remote topology with its run request changed on the way: the agent then verifies against other expectations. */
record EditedRequestTopology(InetSocketAddress agent, UnaryOperator<ControlMessage.RunRequest> edit) implements Topology {
    @Override
    public String name() {
        return "remote";
    }

    @Override
    public Receivers receivers(ExperimentSpec spec, FirstFailure failure) {
        return new AgentReceivers(spec, agent, Duration.ofSeconds(5), failure, reported -> { }, edit);
    }
}
