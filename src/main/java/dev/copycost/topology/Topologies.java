package dev.copycost.topology;

import dev.copycost.agent.AgentTopology;
import dev.copycost.experiment.Topology;
import dev.copycost.experiment.TopologyPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topologies of one run, each made when first asked for and kept for the run: a netns link and
 * its agent, or an agent's container, are made once, not per trial. {@link #close} removes everything
 * made.
 */
public final class Topologies implements AutoCloseable {
    private final TopologyPlan plan;
    private final Duration handshake;
    private final Map<String, Topology> open = new LinkedHashMap<>();

    /** @param handshake bound on every agent handshake, and on connecting to an agent */
    public Topologies(TopologyPlan plan, Duration handshake) {
        this.plan = plan;
        this.handshake = handshake;
    }

    /** The topology of that name, made now if this is the first time; fails naming the step that failed. */
    public synchronized Topology get(String name) throws IOException, InterruptedException {
        Topology t = open.get(name);
        if (t == null) {
            t = make(name);
            open.put(name, t);
        }
        return t;
    }

    private Topology make(String name) throws IOException, InterruptedException {
        switch (name) {
            case TopologyPlan.LOOPBACK:
                return Topology.LOOPBACK;
            case TopologyPlan.NETNS:
                return NetnsTopology.start(plan.netem(), handshake);
            case TopologyPlan.CONTAINER:
                return ContainerTopology.start(handshake);
            case TopologyPlan.REMOTE:
                // resolved when the property was read (TopologyPlan.parsePeer)
                return new AgentTopology(TopologyPlan.REMOTE, plan.peer().orElseThrow(() ->
                        new IllegalArgumentException("topology remote needs copycost.peer=HOST:PORT")), handshake);
            default:
                throw new IllegalArgumentException("topology '" + name + "' is not known: use "
                        + String.join(", ", TopologyPlan.NAMES));
        }
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        IOException first = null;
        for (Topology t : open.values()) {
            if (t instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    first = first == null ? new IOException(e.getMessage(), e) : first;
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
