package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ResultRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "2 cores" are 2 vCPUs: steal is recorded per window, and the report says when it was not zero. */
class StealConditionTest {

    private static ResultRow point(String strategy, double... steal) {
        TestRows.Row r = TestRows.Row.of(strategy, 4096, 1).trials(9, 10, 11);
        for (double s : steal) {
            r.window(0.35, 400_000_000L, 300_000_000L, 200_000_000L, 10, 10, s);
        }
        return r.build();
    }

    @Test
    void windowsThatLostCpuTimeToOtherGuestsAreCountedAndTheWorstNamed() {
        Findings f = Findings.from(List.of(point("send", 0, 0.012, 0), point("sendmsg", 0.087, 0, 0)), TestRows.ENV);

        assertThat(f.measurementConditions()).contains("hypervisor steal inside measured windows: 2 of 6 windows lost "
                + "CPU time to other guests, at most 8.7 % (sendmsg 4 KiB × 1); each window's share is in results.json "
                + "(perRepetition, stealShare)");
    }

    @Test
    void noStealOrNoMeasurementSaysNothing() {
        assertThat(Findings.from(List.of(point("send", 0, 0, 0)), TestRows.ENV).measurementConditions())
                .noneMatch(c -> c.startsWith("hypervisor steal"));
        assertThat(Findings.from(List.of(point("send", Double.NaN)), TestRows.ENV).measurementConditions())
                .noneMatch(c -> c.startsWith("hypervisor steal"));
    }
}
