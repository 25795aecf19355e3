package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ResultRow;
import dev.copycost.statistics.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunOverRunTest {

    private static ResultRow point(String strategy, double... trials) {
        return TestRows.Row.of(strategy, 65536, 2).trials(trials).build();
    }

    @Test
    void aRegressionIsSlowerWithItsIntervalAndASteadyPointIsNot() {
        List<ResultRow> before = List.of(point("sendmsg", 20, 21, 19, 20.5, 20), point("send", 10, 10.2, 9.9, 10.1, 10));
        List<ResultRow> now = List.of(point("sendmsg", 16, 16.4, 15.8, 16.2, 16), point("send", 10, 10.1, 9.9, 10.1, 10));

        List<RunOverRun.PointChange> changes = RunOverRun.compare(now, before, 0.03);

        RunOverRun.PointChange sendmsg = changes.stream().filter(c -> c.strategy().equals("sendmsg")).findFirst().orElseThrow();
        assertThat(sendmsg.verdict()).isEqualTo(Verdict.BEHIND);
        assertThat(sendmsg.ratio().contains(0.8)).isTrue();
        RunOverRun.PointChange send = changes.stream().filter(c -> c.strategy().equals("send")).findFirst().orElseThrow();
        assertThat(send.verdict()).isEqualTo(Verdict.EQUIVALENT);
        assertThat(RunOverRun.markdown(changes, "the baseline x.json")).contains("1 slower, 1 equivalent")
                .contains("| sendmsg 64 KiB × 2 | 0.8");
        assertThat(RunOverRun.csv(changes).lines().findFirst().orElseThrow())
                .isEqualTo("topology,strategy,size,threads,ratio,ci_low,ci_high,verdict,trials_min");
    }

    @Test
    void onlyPointsOfBothRunsAreComparedAndTheMatrixMustMatchToBeUsedUnasked() {
        List<ResultRow> before = List.of(point("sendmsg", 20, 21, 19));
        List<ResultRow> now = List.of(point("sendmsg", 20, 21, 19), point("send", 10, 11, 9));

        assertThat(RunOverRun.compare(now, before, 0.03)).hasSize(1);
        assertThat(RunOverRun.sameMatrix(now, before)).isFalse();
        assertThat(RunOverRun.sameMatrix(before, List.of(point("sendmsg", 1, 2)))).isTrue();
    }

    @Test
    void aPointIsComparedOnlyWithTheSamePointOfTheSameTopology() {
        TestRows.Row loopback = TestRows.Row.of("zerocopy", 4096, 1).trials(10, 10.1, 9.9, 10);
        TestRows.Row remote = TestRows.Row.of("zerocopy", 4096, 1).trials(40, 40.4, 39.6, 40);
        remote.topology = "remote";
        TestRows.Row remoteNow = TestRows.Row.of("zerocopy", 4096, 1).trials(40, 40.2, 39.8, 40);
        remoteNow.topology = "remote";
        List<ResultRow> before = List.of(loopback.build(), remote.build());
        List<ResultRow> now = List.of(remoteNow.build(), loopback.build());

        List<RunOverRun.PointChange> changes = RunOverRun.compare(now, before, 0.03);

        // the same strategy, size and threads on two topologies: two points, each against its own
        assertThat(changes).hasSize(2).allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.EQUIVALENT));
        assertThat(changes).extracting(RunOverRun.PointChange::topology).containsExactlyInAnyOrder("loopback", "remote");
        assertThat(RunOverRun.markdown(changes, "x")).contains("| zerocopy 4 KiB × 1 over remote | ")
                .contains("| zerocopy 4 KiB × 1 | ");
        assertThat(RunOverRun.csv(changes)).contains("\nremote,zerocopy,4096,1,").contains("\nloopback,zerocopy,4096,1,");
        TestRows.Row netns = TestRows.Row.of("zerocopy", 4096, 1).trials(30, 30.2, 29.8, 30);
        netns.topology = "netns";
        assertThat(RunOverRun.sameMatrix(now, List.of(loopback.build(), netns.build())))
                .as("the same points on another topology are another matrix").isFalse();
    }
}
