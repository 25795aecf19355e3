package dev.copycost.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.experiment.ExperimentFailedException;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.MatrixSpec;
import dev.copycost.experiment.PointResult;
import dev.copycost.nativeio.ZeroCopySupport;
import dev.copycost.report.EnvironmentFacts;
import dev.copycost.report.FailedPoint;
import dev.copycost.report.PointAttachments;
import dev.copycost.report.ResultsTable;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.ZeroCopyCounts;
import io.qameta.allure.Allure;
import io.qameta.allure.Epic;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junitpioneer.jupiter.cartesian.ArgumentSets;
import org.junitpioneer.jupiter.cartesian.CartesianTest;

/**
 * The experiment matrix as tests: one test per strategy × size × threads point, chosen with
 * {@code copycost.*} system properties (see {@link MatrixSpec}). Each point asserts that every
 * message was verified and every zero-copy send accounted, attaches its numbers to Allure, and adds
 * its row to target/copycost/results.{csv,json}, rewritten after every point so a partial run still
 * leaves valid files.
 */
@Epic("Experiment matrix")
@DisplayName("Experiment matrix")
@Order(1)
class MatrixIT {
    private static MatrixSpec matrix;
    private static ResultsTable results;
    private static EnvironmentFacts environment;
    private static Path outputDir;
    private static int done;
    private static long startNanos;

    @BeforeAll
    static void readMatrix() {
        matrix = MatrixSpec.fromProperties(System.getProperties());
        results = new ResultsTable();
        environment = EnvironmentFacts.capture();
        outputDir = Path.of(System.getProperty("copycost.output.dir", "target/copycost"));
        startNanos = System.nanoTime();
        System.out.printf("copycost matrix: %d points (%s), %s%n", matrix.points().size(), describe(), environment.kernel());
    }

    static ArgumentSets matrix() {
        MatrixSpec spec = MatrixSpec.fromProperties(System.getProperties());
        return ArgumentSets.argumentsForFirstParameter(spec.strategies())
                .argumentsForNextParameter(spec.sizes())
                .argumentsForNextParameter(spec.threads());
    }

    @CartesianTest(name = "{0} {1} B × {2} threads")
    @CartesianTest.MethodFactory("matrix")
    void point(StrategyName strategy, int size, int threads) throws Exception {
        ExperimentSpec spec = matrix.point(strategy, size, threads);
        Allure.feature(strategy.label());
        Allure.story(size + " B");
        Allure.parameter("threads", threads);
        if (strategy == StrategyName.ZEROCOPY) {
            ZeroCopySupport zc = ZeroCopySupport.probe();
            assumeTrue(zc.isAvailable(), "zero-copy is not available on this kernel: " + zc.reason());
        }
        PointResult result;
        try {
            result = Experiment.run(spec);
        } catch (ExperimentFailedException e) {
            results.addFailure(new FailedPoint(strategy.label(), size, threads, e.getMessage()));
            results.write(outputDir, environment);
            progress(spec, "FAILED: " + e.getMessage());
            throw e;
        }
        results.add(result);
        results.write(outputDir, environment);
        Allure.addAttachment("result row", "text/csv", PointAttachments.csvRow(result), ".csv");
        Allure.addAttachment("counters", "text/markdown", PointAttachments.countersMarkdown(result), ".md");
        progress(spec, String.format(Locale.ROOT, "%.3f Gbps (median of %d, cv %.1f%%%s)",
                result.gbps().median(), result.repetitions().size(), 100 * result.gbps().cv(),
                result.noisy() ? ", NOISY" : ""));

        assertThat(result.sentMessages()).as("messages sent").isPositive();
        assertThat(result.verifiedMessages()).as("every message sent was reassembled and verified")
                .isEqualTo(result.sentMessages());
        assertThat(result.repetitions()).hasSize(spec.repetitions())
                .allSatisfy(r -> assertThat(r.messages()).as("messages verified in window").isPositive());
        labelConditions(result);
        ZeroCopyCounts zc = result.zeroCopy();
        if (strategy == StrategyName.ZEROCOPY) {
            Allure.addAttachment("zero-copy ledger", "text/markdown", PointAttachments.ledgerMarkdown(result), ".md");
            assertThat(zc.issued()).as("zero-copy sends issued").isPositive();
            assertThat(zc.completed()).as("every zero-copy send completed").isEqualTo(zc.issued());
            assertThat(zc.notifications()).as("completion notifications read").isPositive();
            assertThat(zc.copied()).as("sends the kernel reported COPIED").isBetween(0L, zc.completed());
            assertThat(zc.duplicates() + zc.unknown()).as("duplicate or unknown completions").isZero();
        } else {
            assertThat(zc).isEqualTo(ZeroCopyCounts.NONE);
        }
    }

    /**
     * Measurement conditions as Allure labels, with the opening phrases the report's categories
     * match (allurerc.mjs), so a noisy or copied point is filed there while it still passes.
     */
    private static void labelConditions(PointResult result) {
        if (result.noisy()) {
            Allure.label("condition", String.format(Locale.ROOT, "noisy points: cv %.1f%% over %d windows",
                    100 * result.gbps().cv(), result.repetitions().size()));
        }
        ZeroCopyCounts zc = result.zeroCopy();
        if (zc.completed() > 0 && zc.copied() > 0) {
            Allure.label("condition", String.format(Locale.ROOT,
                    "zero-copy %sdeferred to copy: %d of %d sends flagged SO_EE_CODE_ZEROCOPY_COPIED",
                    zc.copied() == zc.completed() ? "" : "partly ", zc.copied(), zc.completed()));
        }
        if (result.gcInWindow()) {
            Allure.label("condition", "GC inside measured window");
        }
    }

    private static void progress(ExperimentSpec spec, String outcome) {
        done++;
        int total = matrix.points().size();
        double perPoint = (System.nanoTime() - startNanos) / 1e9 / done;
        long left = Math.round(perPoint * (total - done));
        System.out.printf("[%d/%d] %s: %s — about %dm%02ds left%n", done, total, spec.label(), outcome,
                left / 60, left % 60);
    }

    private static String describe() {
        return String.join(",", matrix.strategies().stream().map(StrategyName::label).toList()) + " × sizes "
                + matrix.sizes() + " × threads " + matrix.threads() + ", warm-up " + matrix.warmup().toMillis()
                + " ms, " + matrix.repetitions() + " × " + matrix.duration().toMillis() + " ms";
    }

}
