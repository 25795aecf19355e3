package dev.copycost.cli;

import dev.copycost.experiment.Durations;
import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.Placement;
import dev.copycost.experiment.PointResult;
import dev.copycost.experiment.Topology;
import dev.copycost.experiment.TopologyPlan;
import dev.copycost.topology.ContainerTopology;
import dev.copycost.topology.NetnsTopology;
import dev.copycost.topology.TestcontainersEnvironment;
import dev.copycost.topology.Topologies;
import dev.copycost.message.MessageLayout;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.strategy.FieldPlacement;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.ZeroCopyCounts;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: one experiment from the shell, printing one {@code key=value} line (or JSON) so that it
 * can be wrapped by {@code perf stat} and by the scripts in perf-scripts/.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs one experiment over loopback, or against a receive agent (--peer, --topology netns or "
                + "container), and prints its result on one line.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--strategy", required = true,
            description = "send, copy-send, sendmsg, zerocopy, nio-gather, uring-send or uring-zc")
    String strategy;

    @Option(names = "--size", defaultValue = "4096",
            description = "message size in bytes, a multiple of 8 and at least 64 (4k = 4096; default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--threads", defaultValue = "1",
            description = "connections, each with one sender and one receiver thread (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seconds", defaultValue = "3",
            description = "length of one measured window in seconds (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "0.5s", description = "warm-up before measuring (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--repetitions", defaultValue = "1", description = "measured windows (default ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--verify", defaultValue = "1",
            description = "share of messages whose payload is verified, (0, 1]; stamps always (default ${DEFAULT-VALUE})")
    double verify;

    @Option(names = "--ring", defaultValue = "" + ExperimentSpec.DEFAULT_ZERO_COPY_RING,
            description = "buffer sets the zero-copy sender cycles through (default ${DEFAULT-VALUE})")
    int ring;

    @Option(names = "--uring-depth", defaultValue = "1",
            description = "io_uring requests in flight per connection, submitted by one io_uring_enter, "
                    + "1..--ring (uring-send and uring-zc only; default ${DEFAULT-VALUE})")
    int uringDepth;

    @Option(names = "--fields", defaultValue = "page-per-field",
            description = "where a message's 8 fields lie in memory: page-per-field or packed (default ${DEFAULT-VALUE})")
    String fields;

    @Option(names = "--nodelay", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "TCP_NODELAY on every connection (default off: Nagle on, the kernel default)")
    boolean noDelay;

    @Option(names = "--placement", defaultValue = "os",
            description = "where threads run: os (kernel decides), spread (sender and receiver on different CPUs) "
                    + "or same-core (default ${DEFAULT-VALUE})")
    String placement;

    @Option(names = "--peer", paramLabel = "HOST:PORT",
            description = "send to the receive agent at HOST:PORT (copycost receive) instead of receivers in this "
                    + "process: topology remote")
    String peer;

    @Option(names = "--topology", defaultValue = "loopback",
            description = "loopback (receivers in this process), netns (a receive agent in a network namespace of its "
                    + "own across a veth pair; needs root and iproute2), remote (needs --peer) or container (a receive "
                    + "agent in a container across the Docker bridge; needs what perf-scripts/prepare-docker.sh "
                    + "prepares) (default ${DEFAULT-VALUE})")
    String topologyName;

    @Option(names = "--netem", paramLabel = "ARGS",
            description = "tc netem arguments for the netns link's sending end, e.g. 'delay 1ms rate 10gbit'")
    String netem;

    @Option(names = "--json", description = "print the result as JSON instead of one line")
    boolean json;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        ExperimentSpec spec;
        TopologyPlan plan;
        try {
            String name = peer != null && topologyName.equals(TopologyPlan.LOOPBACK) ? TopologyPlan.REMOTE : topologyName;
            if (!TopologyPlan.NAMES.contains(name)) {
                throw new IllegalArgumentException("--topology " + name + " is not allowed: use "
                        + String.join(", ", TopologyPlan.NAMES));
            }
            if (netem != null && !name.equals(TopologyPlan.NETNS)) {
                throw new IllegalArgumentException("--netem shapes the netns link: use it with --topology netns");
            }
            plan = new TopologyPlan(List.of(name), Optional.ofNullable(peer).map(TopologyPlan::parsePeer), List.of(),
                    List.of(), Optional.ofNullable(netem));
            if (!(verify > 0 && verify <= 1)) {
                throw new IllegalArgumentException("--verify " + verify + " is not in (0, 1]");
            }
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("--seconds " + seconds + " must be positive");
            }
            spec = new ExperimentSpec(StrategyName.parse(strategy), MessageLayout.parse(size), threads,
                    Durations.parse(warmup), Duration.ofNanos(Math.round(seconds * 1e9)), repetitions,
                    (int) Math.round(1 / verify), noDelay, ring, ExperimentSpec.DEFAULT_IO_TIMEOUT,
                    ExperimentSpec.DEFAULT_NOISY_CV, Placement.parse(placement), uringDepth, FieldPlacement.parse(fields));
            if (uringDepth != 1 && !spec.strategy().isUring()) {
                throw new IllegalArgumentException("--uring-depth " + uringDepth + " applies to uring-send and uring-zc only, not "
                        + spec.strategy().label());
            }
            java.util.Optional<String> unavailable = dev.copycost.strategy.StrategySupport.unavailable(spec.strategy());
            if (unavailable.isPresent()) {
                System.err.println("copycost run: " + unavailable.get());
                return CopycostCli.EXIT_FAILED;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("copycost run: " + e.getMessage());
            return CopycostCli.EXIT_USAGE;
        }
        String name = plan.topologies().get(0);
        if (name.equals(TopologyPlan.NETNS) && NetnsTopology.unavailableReason().isPresent()) {
            System.err.println("copycost run: topology netns: " + NetnsTopology.unavailableReason().get());
            return CopycostCli.EXIT_FAILED;
        }
        if (name.equals(TopologyPlan.CONTAINER)) {
            Map<String, String> missing = TestcontainersEnvironment.missingFrom(System.getenv());
            if (!missing.isEmpty()) {
                // Testcontainers reads these from the environment only: the same command again, with them
                return Relaunch.withEnvironment(command.root().commandLine().getParseResult().originalArgs(), missing);
            }
            Optional<String> noDocker = ContainerTopology.unavailableReason();
            if (noDocker.isPresent()) {
                System.err.println("copycost run: topology container: " + noDocker.get());
                return CopycostCli.EXIT_FAILED;
            }
        }
        PointResult result;
        Topology topology;
        // the namespace and its agent (netns) or the agent's container (container) are removed when the
        // run ends, also when it fails
        try (Topologies topologies = new Topologies(plan, ExperimentSpec.DEFAULT_IO_TIMEOUT)) {
            topology = topologies.get(name);
            result = Experiment.run(spec, topology);
            // stderr: stdout stays the one result line that scripts read
            Topology used = topology;
            used.receiverHost().ifPresent(host -> System.err.println("copycost run: " + used + ": " + host));
        } catch (ExperimentFailedException | java.io.IOException e) {
            System.err.println("copycost run: " + e.getMessage());
            return CopycostCli.EXIT_FAILED;
        }
        System.out.println(json ? toJson(result) : "topology=" + topology.name() + " " + line(result));
        return CopycostCli.EXIT_OK;
    }

    static String line(PointResult r) {
        ZeroCopyCounts zc = r.zeroCopy();
        return String.format(Locale.ROOT,
                "strategy=%s size=%d threads=%d gbps=%.4f gbps_min=%.4f gbps_max=%.4f msgs_per_s=%.0f "
                        + "sender_cpu_ns_per_byte=%.4f receiver_cpu_ns_per_byte=%.4f verified=%d sent=%d "
                        + "zc_issued=%d zc_completed=%d zc_copied=%d zc_notifications=%d enobufs=%d queue_depth=%d",
                r.strategy(), r.messageSize(), r.threads(), r.gbps().median(), r.gbps().min(), r.gbps().max(),
                r.messagesPerSecond().median(), r.senderCpuNsPerByte().median(), r.receiverCpuNsPerByte().median(),
                r.verifiedMessages(), r.sentMessages(), zc.issued(), zc.completed(), zc.copied(), zc.notifications(),
                zc.enobufsRetries(), r.spec().queueDepth());
    }

    private static String toJson(PointResult r) throws Exception {
        return ResultsTable.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(ResultRow.from(r));
    }
}
