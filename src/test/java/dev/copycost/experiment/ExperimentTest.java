package dev.copycost.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.nativeio.ZeroCopySupport;
import dev.copycost.strategy.StrategyName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A whole experiment over loopback, short: what it measures and what it leaves behind. */
class ExperimentTest {

    @Test
    @DisplayName("throughput is what was verified inside the measured window, over the measured time")
    void throughputUsesMeasuredWindow() throws Exception {
        ExperimentSpec spec = ExperimentSpec.of(StrategyName.SENDMSG, 4096, 2)
                .withTiming(Duration.ofMillis(100), Duration.ofMillis(250), 2);
        PointResult result = Experiment.run(spec);

        assertThat(result.repetitions()).hasSize(2);
        for (Repetition r : result.repetitions()) {
            assertThat(r.seconds()).as("measured window").isGreaterThanOrEqualTo(0.25).isNotEqualTo(0.25);
            assertThat(r.bytes()).isEqualTo(r.messages() * 4096);
            assertThat(r.gbps()).isCloseTo(r.bytes() * 8 / r.seconds() / 1e9, within(1e-9));
            assertThat(r.sender().threads()).isEqualTo(2);
            assertThat(r.sender().cpuNanos()).as("sender CPU time in the window").isPositive();
            assertThat(r.receiver().cpuNanos()).as("receiver CPU time in the window").isPositive();
        }
        assertThat(result.verifiedMessages()).isEqualTo(result.sentMessages());
        long inWindows = result.repetitions().stream().mapToLong(Repetition::messages).sum();
        assertThat(result.sentMessages()).as("the run also sent during warm-up").isGreaterThan(inWindows);
        assertThat(result.gbps().median()).isBetween(result.gbps().min(), result.gbps().max());
    }

    @Test
    @DisplayName("no file descriptor or thread outlives an experiment")
    void nothingOutlivesTheExperiment() throws Exception {
        assumeTrue(ZeroCopySupport.probe().isAvailable(), "zero-copy unavailable: " + ZeroCopySupport.probe().reason());
        // the first run of each strategy loads classes and probes, some of which keep descriptors of the JVM's
        // own open for good (NIO's, for nio-gather): warm every strategy before counting
        for (StrategyName s : StrategyName.values()) {
            Experiment.run(ExperimentSpec.of(s, 4096, 2).withTiming(Duration.ofMillis(20), Duration.ofMillis(50), 1));
        }
        long fds = openDescriptors();
        long threads = copycostThreads();
        for (StrategyName s : StrategyName.values()) {
            Experiment.run(ExperimentSpec.of(s, 512, 3).withTiming(Duration.ofMillis(20), Duration.ofMillis(50), 1));
        }
        assertThat(openDescriptors()).as("open file descriptors").isEqualTo(fds);
        assertThat(copycostThreads()).as("copycost worker threads alive").isEqualTo(threads).isZero();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long copycostThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("copycost-") && t.isAlive()).count();
    }
}
