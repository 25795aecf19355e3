package dev.copycost.topology;

import dev.copycost.agent.AgentTopology;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.FirstFailure;
import dev.copycost.experiment.Receivers;
import dev.copycost.experiment.Topology;
import dev.copycost.experiment.TopologyPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code netns} topology: the receivers run in a receive agent started inside a network
 * namespace of its own, joined to this one by a veth pair, and every trial sends to it across that
 * link exactly as it would to an agent on another host.
 *
 * <p>Why an agent process rather than receiver threads that enter the namespace ({@code setns}): the
 * data then crosses the veth to a separate process with its own scheduler footprint, as on two hosts,
 * and the same code path as the {@code remote} topology is exercised on every run here. The cost is
 * that the receivers' CPU is measured by the agent and reported over its control connection.
 */
public final class NetnsTopology implements Topology, AutoCloseable {
    /** How long the agent's JVM may take to start and listen: a cold JVM on a loaded 2-core VM. */
    static final Duration AGENT_START = Duration.ofSeconds(30);

    private final NetnsLink link;
    private final AgentProcess agent;
    private final AgentTopology topology;
    private final Thread cleanupOnExit;

    private NetnsTopology(NetnsLink link, AgentProcess agent, Duration handshake) {
        this.link = link;
        this.agent = agent;
        InetSocketAddress at = new InetSocketAddress(link.receiverAddress(), agent.address().getPort());
        this.topology = new AgentTopology(TopologyPlan.NETNS, at, handshake);
        // Ctrl-C or SIGTERM during a run: the namespace and the agent go with the JVM
        this.cleanupOnExit = new Thread(this::closeQuietly, "copycost-netns-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /**
     * Makes the link (removing dead owners' leftovers first) and starts the agent inside it; on any
     * failure removes what it made and fails naming the step.
     *
     * @param netem     {@code tc netem} arguments for the sending end, or empty
     * @param handshake bound on the agent's handshake for every trial
     */
    public static NetnsTopology start(Optional<String> netem, Duration handshake) throws IOException, InterruptedException {
        NetnsLink link = NetnsLink.create(netem);
        AgentProcess agent;
        try {
            agent = AgentProcess.start(link.execPrefix(), link.receiverAddress(), AGENT_START);
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                link.close();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new NetnsTopology(link, agent, handshake);
    }

    /** Whether namespaces can be made here: root and iproute2; empty if so, else why not. */
    public static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root (running as " + System.getProperty("user.name") + ")");
        }
        try {
            SystemCommand.Result r = SystemCommand.of("ip", "netns", "list").run();
            return r.exit() == 0 ? Optional.empty()
                    : Optional.of("'ip netns list' failed with exit status " + r.exit() + ": " + r.output());
        } catch (IOException e) {
            return Optional.of(e.getMessage() + " (install iproute2)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing for iproute2");
        }
    }

    @Override
    public String name() {
        return TopologyPlan.NETNS;
    }

    @Override
    public Receivers receivers(ExperimentSpec spec, FirstFailure failure) {
        return topology.receivers(spec, failure);
    }

    @Override
    public Optional<String> receiverHost() {
        return topology.receiverHost().map(host -> host + "; link " + link.hostEnd() + " ↔ " + link.namespaceEnd()
                + " (veth) " + link.shaping().map(n -> "shaped by netem " + n).orElse("unshaped"));
    }

    public NetnsLink link() {
        return link;
    }

    public AgentProcess agent() {
        return agent;
    }

    /** Ends the agent and removes the namespace and the link; a second caller waits for the first (see NetnsLink#close). */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        try {
            agent.close();
        } finally {
            link.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException shuttingDown) {
                // called from the hook itself: nothing to remove
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("copycost: could not remove " + link.namespace() + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name() + " (" + link.namespace() + ", agent at " + link.receiverAddress().getHostAddress() + ")";
    }
}
