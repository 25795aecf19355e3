package dev.copycost.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.NetworkNamespace;
import dev.copycost.netns.TestNamespace;
import dev.copycost.strategy.StrategyName;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A trial whose data trickles: no I/O timeout ever fires because every read gets a little, so only
 * the trial's overall deadline ends it. The trickle is real: the trial's sockets are made inside a
 * network namespace whose loopback is shaped to 100 kbit/s by a token bucket filter whose queue is long enough that nothing is dropped.
 */
class TrialDeadlineTest {

    @Test
    void aTrialThatCrawlsFailsByItsDeadlineNamingHowFarEachConnectionGot() throws Exception {
        assumeTrue(TestNamespace.available(), "network namespaces need root and iproute2");
        ExperimentSpec spec = new ExperimentSpec(StrategyName.SENDMSG, new MessageLayout(64), 1,
                Duration.ofMillis(100), Duration.ofMillis(300), 1, 1, false, 16, Duration.ofMillis(1500), 0.1,
                Placement.OS);
        try (TestNamespace ns = TestNamespace.create("crawl")) {
            ns.exec("ip", "link", "set", "lo", "mtu", "1500"); // segments must fit the bucket
            ns.exec("tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "100kbit", "burst", "3000", "limit", "1000000");
            long t0 = System.nanoTime();
            try (NetworkNamespace.Entered entered = NetworkNamespace.enter(ns.file())) {
                // which bound ends it depends on how deep the shaper's queue got: the overall deadline while
                // data still trickles, or the I/O timeout once a send waits longer than it for queued
                // data to drain; either way it ends within the bound and says how far the connection got
                assertThatThrownBy(() -> Experiment.run(spec))
                        .isInstanceOf(ExperimentFailedException.class)
                        .hasMessageMatching("(?s).*(the data moved but too slowly to finish|no progress for 1500 ms).*")
                        .hasMessageContaining("connection 0 sent")
                        .hasMessageContaining("its receiver verified");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the deadline (0.1 + 0.3 + 3 × 1.5 s = 4.9 s) and the release's one I/O timeout bound it
            assertThat(seconds).as("seconds until the crawling trial failed").isLessThan(
                    spec.deadline().toMillis() / 1000.0 + spec.ioTimeout().toMillis() / 1000.0 + 1);
        }
    }
}
