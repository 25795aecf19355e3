package dev.copycost.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.report.results.ResultRow;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.StrategySupport;
import dev.copycost.strategy.ZeroCopyCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole io_uring experiments, short: what they report and that no ring outlives them. */
class UringExperimentTest {
    @ParameterizedTest(name = "{0} at queue depth {1}, 2 connections")
    @CsvSource({"uring-send, 16", "uring-zc, 16", "uring-zc, 1"})
    void anExperimentReportsItsDepthAndLeavesNoRingBehind(String name, int depth) throws Exception {
        StrategyName strategy = StrategyName.parse(name);
        assumeTrue(StrategySupport.unavailable(strategy).isEmpty(), () -> StrategySupport.unavailable(strategy).orElse(""));
        ExperimentSpec spec = ExperimentSpec.of(strategy, 4096, 2).withUringDepth(depth)
                .withTiming(Duration.ofMillis(50), Duration.ofMillis(100), 1);

        PointResult result = Experiment.run(spec);

        assertThat(result.strategy()).isEqualTo(name + "-qd" + depth);
        assertThat(result.verifiedMessages()).isEqualTo(result.sentMessages()).isPositive();
        ZeroCopyCounts zc = result.zeroCopy();
        ResultRow row = ResultRow.from(result);
        assertThat(row.queueDepth()).isEqualTo(depth);
        if (strategy == StrategyName.URING_ZC) {
            assertThat(zc.issued()).as("one request per message").isEqualTo(result.sentMessages());
            assertThat(zc.completed()).isEqualTo(zc.issued());
            assertThat(zc.notifications()).isEqualTo(zc.issued());
            assertThat(row.copiedShare()).as("loopback copies every request, and says so").isEqualTo(1.0);
        } else {
            assertThat(zc).isEqualTo(ZeroCopyCounts.NONE);
            assertThat(row.copiedShare()).isNaN();
        }
        assertThat(ringFds()).as("io_uring fds left after the experiment").isZero();
        assertThat(ringMappings()).as("io_uring mappings left after the experiment").isZero();
    }

    private static long ringFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("io_uring");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    private static long ringMappings() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("io_uring")).count();
    }
}
