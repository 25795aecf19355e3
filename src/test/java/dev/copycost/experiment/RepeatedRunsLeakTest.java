package dev.copycost.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.StrategySupport;
import dev.copycost.topology.NetnsTopology;
import dev.copycost.topology.Topologies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The same experiments twice in one JVM, as a suite that runs its matrix again, or a second suite in
 * a forked JVM that is reused: every strategy the machine offers on loopback, and some across a netns
 * link to an agent process, where one can be made. After each pass the process must be as it was
 * before the first: its open descriptors, its live threads, the native memory its buffers hold, its
 * io_uring mappings, its child processes and its namespaces.
 */
class RepeatedRunsLeakTest {

    @Test
    void twoPassesOfEveryStrategyOnLoopbackLeaveTheProcessAsItWas() throws Exception {
        List<StrategyName> all = available(StrategyName.values());
        // loads classes, probes the kernel and opens what the JDK keeps for good (e.g. its NIO
        // socketpair): none of that is ours to give back
        pass(TopologyPlan.LOOPBACK, all);
        assertTwoPassesLeaveNothing(TopologyPlan.LOOPBACK, all);
    }

    /**
     * Across a netns link to an agent process, made and removed by each pass: the strategies with
     * native resources of their own (error-queue completions, an io_uring, the JDK's channels).
     */
    @Test
    void twoPassesAcrossANetnsLinkLeaveTheProcessAsItWas() throws Exception {
        Optional<String> noNetns = NetnsTopology.unavailableReason();
        assumeTrue(noNetns.isEmpty(), () -> "netns topology unavailable here: " + noNetns.orElse(""));
        List<StrategyName> some = available(StrategyName.ZEROCOPY, StrategyName.URING_ZC, StrategyName.NIO_GATHER);
        pass(TopologyPlan.LOOPBACK, some); // the classes and the JDK's own descriptors, as above
        assertTwoPassesLeaveNothing(TopologyPlan.NETNS, some);
    }

    private static void assertTwoPassesLeaveNothing(String topology, List<StrategyName> strategies) throws Exception {
        Footprint start = Footprint.now();
        for (int pass = 1; pass <= 2; pass++) {
            pass(topology, strategies);
            assertThat(Footprint.settledAt(start)).as("after pass %d on %s, against before pass 1", pass, topology)
                    .isEqualTo(start);
        }
        assertThat(start.nativeBytes()).as("native memory held between experiments").isZero();
    }

    private static List<StrategyName> available(StrategyName... strategies) {
        return Stream.of(strategies).filter(s -> StrategySupport.unavailable(s).isEmpty()).toList();
    }

    /** Each strategy once, 2 connections, short trials; the topology made for the pass and removed after it. */
    private static void pass(String topology, List<StrategyName> strategies) throws Exception {
        TopologyPlan plan = new TopologyPlan(List.of(topology), Optional.empty(), List.of(), List.of(), Optional.empty());
        try (Topologies made = new Topologies(plan, Duration.ofSeconds(5))) {
            Topology t = made.get(topology);
            for (StrategyName s : strategies) {
                PointResult r = Experiment.run(ExperimentSpec.of(s, 4096, 2)
                        .withTiming(Duration.ofMillis(10), Duration.ofMillis(30), 1), t);
                assertThat(r.verifiedMessages()).as("%s on %s", s.label(), topology).isEqualTo(r.sentMessages())
                        .isPositive();
            }
        }
    }

    /** What an experiment could leave behind in this process. */
    record Footprint(Map<String, Long> descriptors, Set<String> threads, long nativeBytes, long ringMappings, long children,
            Set<String> namespaces) {
        static final Duration SETTLE = Duration.ofSeconds(5);

        /**
         * The footprint once it equals {@code expected}, or as it is after {@link #SETTLE}: the JDK closes
         * a child process's pipes on its reaper thread after {@code waitFor} has returned, not before.
         */
        static Footprint settledAt(Footprint expected) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            Footprint now = now();
            while (!now.equals(expected) && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // nothing notifies us of a closed fd
                now = now();
            }
            return now;
        }

        static Footprint now() throws IOException, InterruptedException {
            return new Footprint(openDescriptors(), liveThreads(), NativeBuffer.liveBytes(), ioUringMappings(),
                    ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), ownNamespaces());
        }

        /**
         * What the open descriptors point at, by kind ({@code socket}, {@code pipe}, {@code anon_inode:[io_uring]},
         * a file's path), with how many of each: a leak then says what leaked, not only that one did.
         */
        private static Map<String, Long> openDescriptors() throws IOException {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return fds.map(RepeatedRunsLeakTest.Footprint::target).filter(t -> !t.isEmpty() && !classPath(t))
                        .collect(Collectors.groupingBy(t -> t.replaceAll(":\\[\\d+\\]$", ""), TreeMap::new,
                                Collectors.counting()));
            }
        }

        /** The JVM's own jars and modules: opened as classes load, never closed, never ours. */
        private static boolean classPath(String target) {
            return target.endsWith(".jar") || target.endsWith("/lib/modules");
        }

        private static String target(Path fd) {
            try {
                return Files.readSymbolicLink(fd).toString();
            } catch (IOException closedMeanwhile) { // e.g. the listing's own descriptor
                return "";
            }
        }

        /**
         * Live threads by name and id. The JDK's process reapers are left out: a pool whose idle threads
         * end 60 s after their last process, on their own schedule, not on ours.
         */
        private static Set<String> liveThreads() {
            return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .filter(t -> !t.getName().equals("process reaper"))
                    .map(t -> t.getName() + "#" + t.getId()).collect(Collectors.toCollection(TreeSet::new));
        }

        private static long ioUringMappings() throws IOException {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("io_uring")).count();
        }

        private static Set<String> ownNamespaces() throws IOException {
            Path dir = Path.of("/var/run/netns");
            if (!Files.isDirectory(dir)) {
                return Set.of();
            }
            String mine = "copycost-link-" + ProcessHandle.current().pid();
            try (Stream<Path> names = Files.list(dir)) {
                return names.map(p -> p.getFileName().toString()).filter(mine::equals)
                        .collect(Collectors.toCollection(TreeSet::new));
            }
        }
    }
}
