package dev.copycost.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.MatrixSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.report.BlockAttachments;
import dev.copycost.report.PointAttachments;
import dev.copycost.report.ProfileAttachments;
import dev.copycost.report.results.ProfileRun;
import dev.copycost.profile.BlockProfiler;
import dev.copycost.profile.PointProfile;
import dev.copycost.profile.Profiler;
import dev.copycost.report.findings.ZeroCopyFindings;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.FailedPoint;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.report.results.RunMethod;
import dev.copycost.rounds.Arm;
import dev.copycost.rounds.ArmResult;
import dev.copycost.rounds.Block;
import dev.copycost.rounds.BlockResult;
import dev.copycost.rounds.BlockRunner;
import dev.copycost.rounds.Trial;
import dev.copycost.experiment.Topology;
import dev.copycost.experiment.TopologyPlan;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.StrategySupport;
import dev.copycost.strategy.ZeroCopyCounts;
import dev.copycost.topology.AgentContainer;
import dev.copycost.topology.ContainerTopology;
import dev.copycost.topology.NetnsTopology;
import dev.copycost.topology.Topologies;
import io.qameta.allure.Allure;
import io.qameta.allure.Epic;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junitpioneer.jupiter.cartesian.ArgumentSets;
import org.junitpioneer.jupiter.cartesian.CartesianTest;

/**
 * The experiment matrix as tests: one test per strategy × size × threads point, chosen with
 * {@code copycost.*} system properties (see {@link MatrixSpec}); loopback measures the whole matrix,
 * the other topologies (a network namespace behind a veth pair, a receive agent elsewhere) a
 * reduced set of points, each point a test of its own.
 *
 * <p>Points compared with each other are measured together: the first test of a size × threads
 * block measures the whole block in rounds ({@link BlockRunner}), each round one independent trial
 * of every strategy in a seeded random order, and every test of the block then reports its own
 * strategy's trials. Each point asserts that every trial verified every message and accounted every
 * zero-copy send, attaches its trials and its paired comparisons, and adds its row to
 * target/copycost/results.{csv,json} and comparisons.csv, rewritten after every point so a partial run
 * still leaves valid files.
 */
@Epic("Experiment matrix")
@DisplayName("Experiment matrix")
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MatrixIT {
    private static MatrixSpec matrix;
    private static ResultsTable results;
    private static EnvironmentFacts environment;
    private static Path outputDir;
    private static Topologies topologies;
    private static final Map<String, BlockResult> MEASURED = new HashMap<>();
    /** The profiler as this host allows it; null when the run is not profiled (copycost.profile=off). */
    private static Profiler profiler;
    private static final Map<String, List<PointProfile>> PROFILED = new HashMap<>();
    private static int blocksDone;
    private static long startNanos;

    @BeforeAll
    static void readMatrix() {
        matrix = MatrixSpec.fromProperties(System.getProperties());
        results = new ResultsTable();
        results.method(RunMethod.of(matrix));
        environment = EnvironmentFacts.capture();
        outputDir = Path.of(System.getProperty("copycost.output.dir", "target/copycost"));
        topologies = new Topologies(matrix.links(), matrix.ioTimeout());
        if (matrix.profile()) {
            profiler = Profiler.probe(matrix.profileInterval());
            results.profileRun(ProfileRun.of(profiler));
            System.out.println("copycost profile: " + (profiler.available()
                    ? "one extra trial per point after its block, sampling " + String.join(" and ", profiler.events())
                            + (profiler.limitations().isEmpty() ? "" : "; " + String.join("; ", profiler.limitations()))
                    : "not taken: " + profiler.unavailableReason()));
        } else {
            results.profileRun(ProfileRun.OFF);
        }
        startNanos = System.nanoTime();
        System.out.printf("copycost matrix: %d points in %d blocks (%s), %s; repeat with -Dcopycost.seed=%d%n",
                matrix.points().size(), matrix.blocks().size(), describe(), environment.kernel(),
                matrix.rounds().seed());
    }

    /** Removes the namespaces, containers and agents the run made; also on failure (and on Ctrl-C, by their hooks). */
    @AfterAll
    static void removeTopologies() throws Exception {
        if (topologies != null) {
            topologies.close();
        }
        if (matrix != null && matrix.topologies().contains(TopologyPlan.CONTAINER)
                && ContainerTopology.unavailableReason().isEmpty()) {
            assertThat(AgentContainer.containersOf(ProcessHandle.current().pid())).as("agent containers left by the matrix")
                    .isEmpty();
        }
    }

    /** Size and threads first, strategy last: the tests of one block run one after another. */
    static ArgumentSets matrix() {
        MatrixSpec spec = MatrixSpec.fromProperties(System.getProperties());
        return ArgumentSets.argumentsForFirstParameter(spec.sizes())
                .argumentsForNextParameter(spec.threads())
                .argumentsForNextParameter(spec.pointNames());
    }

    @Order(1)
    @CartesianTest(name = "{2} {0} B × {1} threads")
    @CartesianTest.MethodFactory("matrix")
    void point(int size, int threads, String pointName) throws Exception {
        Allure.feature(pointName);
        Allure.story(size + " B");
        Allure.parameter("threads", threads);
        Allure.parameter("placement", matrix.placement().label());
        checkPoint(matrix.blockOf(size, threads), Topology.LOOPBACK, pointName);
    }

    /** The points measured off loopback, block by block: topology, size, threads, strategy. */
    static Stream<Arguments> offLoopback() {
        MatrixSpec spec = MatrixSpec.fromProperties(System.getProperties());
        return spec.blocks().stream().filter(b -> !b.topology().equals(TopologyPlan.LOOPBACK))
                .flatMap(b -> b.arms().stream().map(a -> Arguments.of(b.topology(), b.size(), b.threads(), a.name())));
    }

    @Order(3)
    @ParameterizedTest(name = "{3} {1} B × {2} threads over {0}", allowZeroInvocations = true)
    @MethodSource("offLoopback")
    void pointOffLoopback(String topologyName, int size, int threads, String pointName) throws Exception {
        Allure.feature(pointName);
        Allure.story(size + " B over " + topologyName);
        Allure.parameter("threads", threads);
        Allure.parameter("topology", topologyName);
        if (topologyName.equals(TopologyPlan.NETNS)) {
            Optional<String> unavailable = NetnsTopology.unavailableReason();
            assumeTrue(unavailable.isEmpty(), () -> "topology netns: " + unavailable.get());
        }
        if (topologyName.equals(TopologyPlan.CONTAINER)) {
            // .ci/run prepares Docker: in CI a container point that cannot run is a failure, not a skip
            Optional<String> unavailable = ContainerTopology.unavailableReason();
            assertThat(unavailable.isPresent() && "true".equals(System.getenv("CI")))
                    .as("topology container in CI: %s", unavailable.orElse("")).isFalse();
            assumeTrue(unavailable.isEmpty(), () -> "topology container: " + unavailable.get());
        }
        checkPoint(matrix.blockOf(topologyName, size, threads), topologies.get(topologyName), pointName);
    }

    /** Measures the point's block if not yet done, then reports and asserts the point's own trials. */
    private static void checkPoint(Block planned, Topology topology, String pointName) throws Exception {
        int size = planned.size();
        int threads = planned.threads();
        StrategyName strategy = StrategyName.ofPoint(pointName);
        if (strategy.isUring()) {
            Allure.parameter("queue depth", StrategyName.queueDepthOf(pointName));
        }
        Optional<String> unavailable = StrategySupport.unavailable(strategy);
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse("") + "; skipped, not failed");
        BlockResult block = measure(planned, topology);
        ArmResult arm = block.arm(pointName);
        attachProfiles(planned, pointName);
        Allure.addAttachment("trials", "text/markdown", BlockAttachments.trialsMarkdown(block, arm), ".md");
        Allure.addAttachment("paired comparisons", "text/markdown",
                BlockAttachments.comparisonsMarkdown(block, pointName), ".md");
        if (arm.failed()) {
            results.addFailure(new FailedPoint(pointName, size, threads, arm.failure().get(), topology.name()));
            results.write(outputDir, environment);
            throw new ExperimentFailedException(arm.arm().spec().label() + ": " + arm.failure().get(), null);
        }
        ResultRow row = ResultRow.from(arm);
        results.add(row);
        results.write(outputDir, environment);
        Allure.addAttachment("result row", "text/csv", ResultsTable.toCsv(List.of(row)), ".csv");
        PointResult merged = arm.merged();
        Allure.addAttachment("counters", "text/markdown", PointAttachments.countersMarkdown(merged), ".md");
        if (strategy.pinsPages()) {
            Allure.addAttachment("zero-copy ledger", "text/markdown", PointAttachments.ledgerMarkdown(merged), ".md");
        }
        for (Trial t : arm.trials()) {
            assertTrial(strategy, t);
        }
        assertThat(arm.trials()).as("trials, one per round").hasSize(block.rounds());
        labelConditions(row, arm);
    }

    /**
     * The placement study: at 1 thread and the largest size, one strategy under each placement,
     * measured in rounds like any block, so that the report can show what placement alone changes.
     */
    @Test
    @Order(2)
    @DisplayName("Placement study: one strategy under each placement, 1 thread")
    void placementStudy() throws Exception {
        Optional<Block> study = matrix.placementBlock();
        assumeTrue(study.isPresent(), "copycost.placement-study=false");
        Allure.feature("placement");
        BlockResult block = measure(study.get(), Topology.LOOPBACK);
        for (ArmResult arm : block.arms()) {
            Allure.addAttachment("trials under " + arm.arm().name(), "text/markdown",
                    BlockAttachments.trialsMarkdown(block, arm), ".md");
            assertThat(arm.failure()).as("placement %s", arm.arm().name()).isEmpty();
            for (Trial t : arm.trials()) {
                assertTrial(arm.arm().spec().strategy(), t);
            }
        }
        Allure.addAttachment("placements compared", "text/markdown",
                BlockAttachments.comparisonsMarkdown(block, block.arms().get(0).arm().name()), ".md");
        assertThat(block.comparisons()).as("every pair of placements compared")
                .hasSize(block.arms().size() * (block.arms().size() - 1) / 2);
    }

    /** What every trial must have shown, whatever its speed: integrity and zero-copy accounting. */
    private static void assertTrial(StrategyName strategy, Trial trial) {
        PointResult result = trial.result();
        String which = "round " + trial.round();
        assertThat(result.sentMessages()).as("%s: messages sent", which).isPositive();
        assertThat(result.verifiedMessages()).as("%s: every message sent was reassembled and verified", which)
                .isEqualTo(result.sentMessages());
        assertThat(result.repetitions()).as("%s: measured window", which).hasSize(1)
                .allSatisfy(r -> assertThat(r.messages()).as("messages verified in window").isPositive());
        ZeroCopyCounts zc = result.zeroCopy();
        if (strategy == StrategyName.URING_ZC) {
            assertThat(zc.issued()).as("%s: SENDMSG_ZC requests issued", which).isPositive();
            assertThat(zc.completed()).as("%s: every request settled (result, and its notification)", which)
                    .isEqualTo(zc.issued());
            assertThat(zc.notifications()).as("%s: one notification per request, each promised by F_MORE", which)
                    .isEqualTo(zc.issued());
            assertThat(zc.copied()).as("%s: notifications flagged IORING_NOTIF_USAGE_ZC_COPIED", which)
                    .isBetween(0L, zc.completed());
            assertThat(zc.duplicates() + zc.unknown()).as("%s: duplicate, unknown or unpromised completions", which).isZero();
        } else if (strategy == StrategyName.ZEROCOPY) {
            assertThat(zc.issued()).as("%s: zero-copy sends issued", which).isPositive();
            assertThat(zc.completed()).as("%s: every zero-copy send completed", which).isEqualTo(zc.issued());
            assertThat(zc.notifications()).as("%s: completion notifications read", which).isPositive();
            assertThat(zc.copied()).as("%s: sends the kernel reported COPIED", which).isBetween(0L, zc.completed());
            assertThat(zc.duplicates() + zc.unknown()).as("%s: duplicate or unknown completions", which).isZero();
        } else {
            assertThat(zc).isEqualTo(ZeroCopyCounts.NONE);
        }
    }

    /** Measures a block once; every later test of the block reads the same result. */
    private static synchronized BlockResult measure(Block planned, Topology topology) throws InterruptedException {
        String key = planned.kind() + "|" + planned.topology() + "|" + planned.size() + "|" + planned.threads();
        BlockResult done = MEASURED.get(key);
        if (done != null) {
            return done;
        }
        Block block = withoutUnavailable(planned);
        BlockRunner runner = new BlockRunner(matrix.rounds(), spec -> Experiment.run(spec, topology),
                line -> System.out.println("  " + line));
        BlockResult result = runner.runQuiet(block);
        MEASURED.put(key, result);
        profile(key, result, topology);
        topology.receiverHost().ifPresent(host -> results.receiverHost(topology.name(), host));
        results.addComparisons(ComparisonRow.of(result));
        results.write(outputDir, environment);
        progress(result);
        return result;
    }

    /**
     * After the block's rounds: one more trial per point with its window profiled, so that the
     * measurements never ran under the profiler. A profiler failure is recorded, never thrown.
     */
    private static void profile(String key, BlockResult block, Topology topology) throws InterruptedException {
        if (profiler == null || !profiler.available()) {
            return;
        }
        long t0 = System.nanoTime();
        List<PointProfile> profiles = new BlockProfiler(profiler,
                (spec, observer) -> Experiment.run(spec, topology, observer), outputDir.resolve("profiles"))
                .profile(block);
        PROFILED.put(key, profiles);
        profiles.forEach(p -> results.addProfile(p, outputDir));
        System.out.printf(Locale.ROOT, "  %s: %d profiled windows in %.1f s after %.1f s of rounds%n",
                block.block().label(), profiles.size(), (System.nanoTime() - t0) / 1e9, block.seconds());
        profiles.stream().filter(p -> p.failure().isPresent())
                .forEach(p -> System.out.println("  " + p.label() + ": no profile: " + p.failure().get()));
    }

    /** The point's flame graph and attribution table, or why there is none; never fails the point. */
    private static void attachProfiles(Block planned, String pointName) {
        String key = planned.kind() + "|" + planned.topology() + "|" + planned.size() + "|" + planned.threads();
        for (PointProfile p : PROFILED.getOrDefault(key, List.of())) {
            if (!p.strategy().equals(pointName)) {
                continue;
            }
            Allure.addAttachment("where the CPU went (" + p.event() + ")", "text/markdown",
                    ProfileAttachments.markdown(p), ".md");
            if (p.flameGraph().isPresent()) {
                try (java.io.InputStream html = java.nio.file.Files.newInputStream(p.flameGraph().get())) {
                    Allure.addAttachment("flame graph (" + p.event() + ")", "text/html", html, ".html");
                } catch (java.io.IOException e) {
                    Allure.addAttachment("flame graph (" + p.event() + ")", "text/plain",
                            "could not attach " + p.flameGraph().get() + ": " + e.getMessage(), ".txt");
                }
            }
        }
    }

    /** The block without the arms this machine cannot run (their tests are skipped with the probe's reason). */
    private static Block withoutUnavailable(Block b) {
        List<Arm> arms = b.arms().stream()
                .filter(a -> StrategySupport.unavailable(a.spec().strategy()).isEmpty()).toList();
        return new Block(b.kind(), b.topology(), b.size(), b.threads(), arms);
    }

    /**
     * Measurement conditions as Allure labels, with the opening phrases the report's categories
     * match (allurerc.mjs), so a noisy or copied point is filed there while it still passes.
     */
    private static void labelConditions(ResultRow row, ArmResult arm) {
        if (row.noisy()) {
            Allure.label("condition", String.format(Locale.ROOT, "noisy points: cv %.1f%% over %d trials",
                    100 * row.cv(), arm.trials().size()));
        }
        if (row.zcCompleted() > 0 && row.zcCopied() > 0) {
            boolean all = row.zcCopied() == row.zcCompleted();
            // uring-zc: one notification per request, its flag exact; zerocopy: merged ranges, an estimate
            boolean uring = row.strategyName().map(StrategyName::isUring).orElse(false);
            Allure.label("condition", String.format(Locale.ROOT,
                    "zero-copy %sdeferred to copy: %d of %d %s flagged %s%s",
                    all ? "" : "partly ", row.zcCopied(), row.zcCompleted(),
                    uring ? "requests' notifications" : "sends covered by notifications",
                    uring ? "IORING_NOTIF_USAGE_ZC_COPIED" : "SO_EE_CODE_ZEROCOPY_COPIED",
                    all || uring ? "" : " (" + ZeroCopyFindings.ESTIMATE_PER_SEND + ")"));
        }
        if (row.gcInWindow()) {
            Allure.label("condition", "GC inside measured window");
        }
    }

    private static void progress(BlockResult block) {
        blocksDone++;
        int total = matrix.blocks().size() + (matrix.placementBlock().isPresent() ? 1 : 0);
        double perBlock = (System.nanoTime() - startNanos) / 1e9 / blocksDone;
        long left = Math.round(perBlock * (total - blocksDone));
        System.out.printf(Locale.ROOT,
                "[block %d/%d] %s: %d rounds, %d of %d comparisons decided (%s); other processes %.2f CPUs, steal %.1f%%"
                        + " — about %dm%02ds left%n%s",
                blocksDone, total, block.block().label(), block.rounds(), block.decided(), block.comparisons().size(),
                block.stopReason(), block.load().otherCpus(), 100 * block.load().stealShare(), left / 60, left % 60,
                BlockAttachments.comparisonLines(block));
    }

    private static String describe() {
        return String.join(",", matrix.pointNames()) + " × sizes "
                + matrix.sizes() + " × threads " + matrix.threads() + "; trials of " + matrix.warmup().toMillis()
                + " ms warm-up + " + matrix.duration().toMillis() + " ms, " + matrix.rounds().minRounds() + ".."
                + matrix.rounds().maxRounds() + " rounds within " + matrix.rounds().budget().toSeconds()
                + " s a block, placement " + matrix.placement().label() + "; topologies " + matrix.topologies()
                + (matrix.topologies().size() > 1 ? " (off loopback: sizes " + matrix.links().sizes() + " × threads "
                        + matrix.links().threads() + matrix.links().netem().map(n -> ", netem " + n).orElse("") + ")" : "");
    }
}
