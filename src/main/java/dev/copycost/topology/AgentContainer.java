package dev.copycost.topology;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A receive agent ({@code copycost receive}) in a container that Testcontainers starts from the local
 * {@link AgentImage}, on Docker's default bridge. The agent runs on the image's own JRE with this
 * JVM's class path, every entry mounted read-only at the same path, so the container runs exactly
 * the code of this run. It is ready once it printed its listening line.
 *
 * <p>Every container carries the labels {@link #TOPOLOGY_LABEL}, {@link #OWNER_LABEL} (this process's
 * pid) and {@link #HOST_LABEL}; {@link #close} removes it (killed, then removed with any anonymous
 * volume), and {@link #removeLeftovers} removes those of owners on this host that no longer run. No
 * network is made: the default bridge is Docker's own.
 */
public final class AgentContainer implements AutoCloseable {
    public static final String TOPOLOGY_LABEL = "dev.copycost.topology";
    /** The agent's process as the host sees it (the container's init), 0 if Docker did not say. */
    private long hostPid;
    public static final String OWNER_LABEL = "dev.copycost.owner";
    public static final String HOST_LABEL = "dev.copycost.host";
    /** Where the agent listens inside its container: the container's network namespace is its own. */
    static final int AGENT_PORT = 7300;
    private static final String MAIN = "dev.copycost.cli.CopycostCli";

    private final GenericContainer<?> container;
    private final InetSocketAddress address;
    private boolean closed;

    private AgentContainer(GenericContainer<?> container, InetSocketAddress address) {
        this.container = container;
        this.address = address;
    }

    /** Starts the agent listening on {@link #AGENT_PORT}; see {@link #start(List, Duration)}. */
    public static AgentContainer start(Duration startBound) throws IOException {
        return start(List.of("receive", "--port", String.valueOf(AGENT_PORT), "--bind", "0.0.0.0"), startBound);
    }

    /**
     * Starts a container running {@code copycost ARGS} and waits, up to {@code startBound}, for the
     * agent's listening line; on any failure removes the container and fails naming the image and
     * what the agent printed.
     */
    static AgentContainer start(List<String> agentArgs, Duration startBound) throws IOException {
        String image = AgentImage.reference();
        AgentOutput output = new AgentOutput();
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                // the image exists only here (prepare-docker.sh): never ask a registry for it
                .withImagePullPolicy(name -> false)
                .withLabels(labels(ProcessHandle.current().pid()))
                .withCommand(command(agentArgs).toArray(String[]::new))
                .withStartupAttempts(1)
                .withLogConsumer(output)
                .waitingFor(output.untilListening().withStartupTimeout(startBound));
        for (Path p : classPath()) {
            c.withFileSystemBind(p.toString(), p.toString(), BindMode.READ_ONLY);
        }
        try {
            c.start();
            AgentContainer agent = new AgentContainer(c, new InetSocketAddress(bridgeAddress(c), AGENT_PORT));
            agent.countAsOwnWork();
            return agent;
        } catch (RuntimeException e) {
            IOException failure = new IOException("the receive agent's container (image " + image + ", copycost "
                    + String.join(" ", agentArgs) + ") did not listen within " + startBound.toMillis() + " ms: "
                    + causes(e) + "; its output: " + output.lines(), e);
            try {
                c.stop();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    static Map<String, String> labels(long owner) {
        return Map.of(TOPOLOGY_LABEL, "container", OWNER_LABEL, String.valueOf(owner), HOST_LABEL, hostName());
    }

    private static List<String> command(List<String> agentArgs) {
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx64m", "-cp", joined(classPath()), MAIN));
        argv.addAll(agentArgs);
        return argv;
    }

    /**
     * This JVM's class path as absolute paths that exist (a relative entry, as {@code java -jar
     * target/copycost.jar} gives, would not resolve in the container's working directory).
     */
    static List<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator))) {
            if (!e.isEmpty()) {
                Path p = Path.of(e).toAbsolutePath().normalize();
                if (Files.exists(p)) {
                    entries.add(p);
                }
            }
        }
        return List.copyOf(entries);
    }

    private static String joined(List<Path> paths) {
        List<String> s = new ArrayList<>();
        paths.forEach(p -> s.add(p.toString()));
        return String.join(File.pathSeparator, s);
    }

    /** The container's address on the bridge it is attached to (the default bridge: there is one). */
    private static InetAddress bridgeAddress(GenericContainer<?> c) throws IOException {
        Map<String, ContainerNetwork> networks = c.getContainerInfo().getNetworkSettings().getNetworks();
        for (Map.Entry<String, ContainerNetwork> n : networks.entrySet()) {
            String ip = n.getValue().getIpAddress();
            if (ip != null && !ip.isEmpty()) {
                return InetAddress.getByName(ip);
            }
        }
        throw new IOException("container " + c.getContainerId() + " has no IPv4 address on any network: " + networks.keySet());
    }

    /** Testcontainers wraps the reason in several layers: each layer's message, outermost first. */
    private static String causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 6; t = t.getCause()) {
            if (t.getMessage() != null && !messages.contains(t.getMessage())) {
                messages.add(t.getMessage());
            }
        }
        return String.join(": ", messages);
    }

    /** Where the agent listens, as the sender reaches it: the container's bridge address. */
    public InetSocketAddress address() {
        return address;
    }

    public String containerId() {
        return container.getContainerId();
    }

    public String image() {
        return container.getDockerImageName();
    }

    /**
     * The agent's processes are the experiment's, not a neighbour's: the machine-load check counts
     * their CPU as this run's (they are children of the container runtime, not of this JVM).
     */
    private void countAsOwnWork() {
        Long pid = container.getContainerInfo().getState().getPidLong();
        if (pid != null && pid > 0) {
            hostPid = pid;
            dev.copycost.counters.MachineLoad.countAsOwn(pid);
        }
    }

    /** Kills and removes the container, with any anonymous volume; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (hostPid > 0) {
                dev.copycost.counters.MachineLoad.forget(hostPid);
            }
            container.stop();
        }
    }

    /** Containers of this topology that {@code owner} started on this host, running or not. */
    public static List<String> containersOf(long owner) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TOPOLOGY_LABEL, "container", OWNER_LABEL, String.valueOf(owner),
                        HOST_LABEL, hostName()))
                .exec().stream().map(Container::getId).toList();
    }

    /**
     * Removes the containers of owners on this host that no longer run, e.g. of a run that was
     * killed before it could remove its own; returns their ids. Those of live owners stay.
     */
    public static List<String> removeLeftovers() {
        DockerClient docker = client();
        List<String> removed = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TOPOLOGY_LABEL, "container", HOST_LABEL, hostName())).exec()) {
            long owner = ownerOf(c);
            boolean alive = owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (!alive && owner != ProcessHandle.current().pid()) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    removed.add(c.getId());
                } catch (NotFoundException goneMeanwhile) {
                    // removed by someone else since it was listed: what was wanted
                }
            }
        }
        return removed;
    }

    private static long ownerOf(Container c) {
        try {
            return Long.parseLong(c.getLabels().getOrDefault(OWNER_LABEL, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** Distinguishes the owners of two hosts that share one Docker daemon, whose pids are unrelated. */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        String id = container.getContainerId() == null ? "(none)" : container.getContainerId().substring(0, 12);
        return "container " + id + " (" + image() + ", agent at "
                + address.getAddress().getHostAddress() + ":" + address.getPort() + ")";
    }
}
