package dev.copycost.topology;

import dev.copycost.agent.AgentTopology;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.FirstFailure;
import dev.copycost.experiment.Receivers;
import dev.copycost.experiment.Topology;
import dev.copycost.experiment.TopologyPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * The {@code container} topology: the receivers run in a receive agent inside a container that
 * Testcontainers starts (and this class removes), and every trial sends to it over the Docker bridge,
 * to the container's own address, as a test would to a containerised service.
 *
 * <p>The container is made once per run and removed at its end, also when the run fails or is
 * interrupted (a JVM shutdown hook); Testcontainers' own clean-up container cannot run here (it is a
 * registry image), so nothing else would. A run first removes containers of dead owners on this host.
 * The bridge is a local link: every zero-copy send over it is COPIED, as on loopback and netns.
 */
public final class ContainerTopology implements Topology, AutoCloseable {
    /** Creating the container plus a cold JVM in it, on a loaded 2-core VM. */
    static final Duration AGENT_START = Duration.ofSeconds(60);
    static final String PREPARE = "perf-scripts/prepare-docker.sh";

    private final AgentContainer agent;
    private final AgentTopology topology;
    private final Thread cleanupOnExit;

    private ContainerTopology(AgentContainer agent, Duration handshake) {
        this.agent = agent;
        this.topology = new AgentTopology(TopologyPlan.CONTAINER, agent.address(), handshake);
        // Ctrl-C or SIGTERM during a run: the container goes with the JVM
        this.cleanupOnExit = new Thread(this::closeQuietly, "copycost-container-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /**
     * Removes dead owners' containers, then starts the agent's container; fails naming why the
     * topology cannot run here, or the step that failed.
     *
     * @param handshake bound on the agent's handshake for every trial
     */
    public static ContainerTopology start(Duration handshake) throws IOException {
        Optional<String> unavailable = unavailableReason();
        if (unavailable.isPresent()) {
            throw new IOException("topology container: " + unavailable.get());
        }
        try {
            AgentContainer.removeLeftovers();
        } catch (RuntimeException e) {
            throw new IOException("topology container: could not remove the containers of dead owners: " + e.getMessage(), e);
        }
        return new ContainerTopology(AgentContainer.start(AGENT_START), handshake);
    }

    /**
     * Whether the agent's container can be started here: Testcontainers' environment variables set,
     * a Docker daemon that answers, the agent's image built; empty if so, else why not and what to run.
     */
    public static Optional<String> unavailableReason() {
        return unavailableReason(System.getenv());
    }

    static Optional<String> unavailableReason(Map<String, String> env) {
        Map<String, String> missing = TestcontainersEnvironment.missingFrom(env);
        if (!missing.isEmpty()) {
            return Optional.of("Testcontainers reads its settings from the environment: set "
                    + TestcontainersEnvironment.describe(missing) + " (Maven's test plugins and copycost run do)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker daemon answers" + Optional.ofNullable(env.get("DOCKER_HOST"))
                    .map(h -> " at DOCKER_HOST=" + h).orElse("") + "; run " + PREPARE
                    + " (as root: installs docker.io, starts dockerd, builds the agent's image)");
        }
        String image = AgentImage.reference();
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return Optional.of("the agent's image " + image + " is not in the local Docker (no registry is asked for it); run "
                    + PREPARE + ", which builds it");
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return TopologyPlan.CONTAINER;
    }

    @Override
    public Receivers receivers(ExperimentSpec spec, FirstFailure failure) {
        return topology.receivers(spec, failure);
    }

    @Override
    public Optional<String> receiverHost() {
        return topology.receiverHost().map(host -> host + "; container " + shortId() + " (" + agent.image()
                + ") on the Docker bridge at " + agent.address().getAddress().getHostAddress());
    }

    public AgentContainer agent() {
        return agent;
    }

    private String shortId() {
        String id = agent.containerId();
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }

    /** Kills and removes the agent's container. */
    @Override
    public void close() throws IOException {
        try {
            agent.close();
        } catch (RuntimeException e) {
            throw new IOException("could not remove " + agent + ": " + e.getMessage(), e);
        } finally {
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
        } catch (IOException | RuntimeException e) {
            System.err.println("copycost: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name() + " (" + agent + ")";
    }
}
