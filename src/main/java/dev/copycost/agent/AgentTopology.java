package dev.copycost.agent;

import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.FirstFailure;
import dev.copycost.experiment.Receivers;
import dev.copycost.experiment.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A topology whose receivers are a receive agent at {@code agent}: {@code remote} when the agent runs
 * on another host ({@code run --peer}), {@code netns} when it runs in a network namespace of this one.
 */
public final class AgentTopology implements Topology {
    private final String name;
    private final InetSocketAddress agent;
    private final Duration handshakeTimeout;
    private volatile AgentEnvironment lastEnvironment;

    /**
     * @param name             the topology's name in results, e.g. {@code remote} or {@code netns}
     * @param agent            where the agent listens
     * @param handshakeTimeout bound on connecting to the agent and on its answer to a run request
     */
    public AgentTopology(String name, InetSocketAddress agent, Duration handshakeTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (agent.isUnresolved()) {
            throw new IllegalArgumentException("agent address " + agent.getHostString() + ":" + agent.getPort()
                    + " could not be resolved to an IPv4 address");
        }
        if (handshakeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("handshake timeout " + handshakeTimeout + " is too short: use at least 1 ms");
        }
    }

    @Override
    public String name() {
        return name;
    }

    public InetSocketAddress agent() {
        return agent;
    }

    @Override
    public Receivers receivers(ExperimentSpec spec, FirstFailure failure) {
        return new AgentReceivers(spec, agent, handshakeTimeout, failure, reported -> lastEnvironment = reported);
    }

    /**
     * What the agent last reported about its machine and the interface that carried the data (kernel,
     * CPU, cores; driver, MTU, offloads or why not), for the results; empty before a run finished.
     */
    public Optional<AgentEnvironment> lastEnvironment() {
        return Optional.ofNullable(lastEnvironment);
    }

    @Override
    public Optional<String> receiverHost() {
        return lastEnvironment().map(AgentEnvironment::describe);
    }

    /** How failures name the agent: {@code agent at 10.0.0.2:7300}. */
    static String where(InetSocketAddress agent) {
        return "agent at " + agent.getAddress().getHostAddress() + ":" + agent.getPort();
    }

    @Override
    public String toString() {
        return name + " (" + where(agent) + ")";
    }
}
