package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.calibration.CalibrationResults;
import dev.copycost.calibration.CalibrationRow;
import dev.copycost.calibration.CalibrationTrial;
import dev.copycost.calibration.CallCost;
import dev.copycost.calibration.PerMessageCosts;
import dev.copycost.report.results.CpuAttributionRow;
import dev.copycost.statistics.Interval;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The calibration's readings say no more than their intervals. */
class HarnessEfficiencyTest {
    private static CalibrationRow row(String ref, int size, double ratio, double low, double high) {
        return row(ref, "sendmsg", size, ratio, low, high, 1.1, 1.2);
    }

    private static CalibrationRow row(String ref, String strategy, int size, double ratio, double low, double high,
            double ourSpread, double twinSpread) {
        return new CalibrationRow(ref, strategy, size, 1, 1, 1, new Interval(ratio, low, high, 5, 0.95),
                new CalibrationRow.Spread(10, 10 * ourSpread), new CalibrationRow.Spread(10, 10 * twinSpread), 0.3, 0.35, false);
    }

    private static CpuAttributionRow sender(String strategy, int size, String category, double share, long samples,
            double ns) {
        return new CpuAttributionRow(strategy, size, 1, "loopback", "sender", category, share, samples, ns, "cpu");
    }

    private static CalibrationResults results(List<CalibrationRow> rows, List<CalibrationTrial> trials,
            List<CallCost> calls) {
        return new CalibrationResults(rows, trials, calls);
    }

    private final HarnessEfficiency h = new HarnessEfficiency(CalibrationResults.NONE, List.of(), 0.03, Optional.empty());

    @Test
    void aDecidedLossIsTheHarnessCostWithItsRange() {
        assertThat(h.reading(row("c-twin", 64, 0.74, 0.7, 0.78))).isEqualTo(
                "copycost slower than C: the harness costs 22 %–30 % of the reference's rate");
    }

    @Test
    void fasterThanTheTwinIsNotAScoreButADifferenceInWork() {
        assertThat(h.reading(row("c-twin", 65536, 1.3, 1.1, 1.5))).contains("did not do the same work");
    }

    @Test
    void anIntervalSpanningOneIsUnresolvedAndAnIntervalInsideTheMarginIsLevel() {
        assertThat(h.reading(row("c-twin", 4096, 0.95, 0.8, 1.1))).isEqualTo("unresolved with 5 pairs: the interval spans 1");
        assertThat(h.reading(row("iperf3", 4096, 1.0, 0.98, 1.02))).startsWith("level with iperf3");
    }

    @Test
    void theSectionSaysWhyIperf3IsMissingAndWhatItCompares() {
        String md = new HarnessEfficiency(results(List.of(row("c-twin", 64, 0.74, 0.7, 0.78)), List.of(), List.of()), List.of(), 0.03,
                Optional.of("iperf3 is not installed (apt-get install iperf3)")).markdown();

        assertThat(md).contains("| c-twin | sendmsg | 64 B |").contains("iperf3 was not measured: iperf3 is not installed")
                .contains("sendfile(), not MSG_ZEROCOPY").contains("copycost / C by size: 64 B: sendmsg 0.74 [0.7–0.78]");
    }

    @Test
    void theGapIsSetBesideTheShareOfJnaAndOurJavaInTheSendersProfile() {
        // shares and per-message figures as the matrix profiled send and sendmsg at 64 B on this VM
        List<CpuAttributionRow> profile = List.of(
                sender("send", 64, "native-call", 0.131, 30, 2700), sender("send", 64, "harness", 0.05, 12, 1000),
                sender("sendmsg", 64, "native-call", 0.12, 28, 350), sender("sendmsg", 64, "harness", 0.05, 11, 140),
                new CpuAttributionRow("send", 64, 2, "loopback", "sender", "native-call", 0.5, 1, 1, "cpu"));
        // sendmsg at 64 B: copycost's trials 0.11-0.12 segments per message, the twin's 0.054-0.056, as measured here
        List<CalibrationTrial> trials = List.of(
                new CalibrationTrial("c-twin", "sendmsg", 64, 0, "copycost", true, 0.18, cpu(3.1), 0.115, false),
                new CalibrationTrial("c-twin", "sendmsg", 64, 0, "c-twin", false, 0.26, cpu(2.2), 0.054, false),
                new CalibrationTrial("c-twin", "sendmsg", 64, 1, "c-twin", true, 0.24, cpu(2.2), 0.056, false),
                new CalibrationTrial("c-twin", "sendmsg", 64, 1, "copycost", false, 0.17, cpu(2.9), 0.112, false),
                new CalibrationTrial("c-twin", "sendmsg", 64, 0, "copycost", true, 0.066, waits(0.2), 1.1, true),
                new CalibrationTrial("c-twin", "sendmsg", 64, 0, "c-twin", false, 0.06, waits(0.2), 1.3, true));
        CalibrationRow noDelay = new CalibrationRow("c-twin", "sendmsg", 64, 1, 1, 1, new Interval(0.97, 0.86, 1.08, 6, 0.95),
                new CalibrationRow.Spread(1, 1.1), new CalibrationRow.Spread(1, 1.1), 0.2, 0.2, true);
        HarnessEfficiency withProfile = new HarnessEfficiency(results(List.of(
                row("c-twin", "send", 64, 0.75, 0.64, 0.88, 1.1, 1.2), row("c-twin", "sendmsg", 64, 0.79, 0.71, 0.88, 1.1, 1.2),
                row("c-twin", "zerocopy", 64, 0.96, 0.77, 1.2, 1.1, 1.2), noDelay), trials,
                List.of(new CallCost(CallCost.JNA, 1_000_000, List.of(150.0, 142.0, 160.0)),
                        new CallCost(CallCost.C, 1_000_000, List.of(3.4, 3.5, 3.6)))), profile, 0.03, Optional.empty());

        String md = withProfile.markdown();

        assertThat(md).contains("| send | 64 B | 0.75 [0.64–0.88] | 8 | 13 %, 2.7 µs (30 samples) | 5 %, 1 µs (12 samples) | n/a | n/a, n/a |")
                .contains("| sendmsg | 64 B | 0.79 [0.71–0.88] | 1 | 12 %, 0.35 µs (28 samples) | 5 %, 0.14 µs (11 samples) | 0.8 µs | 0.11, 0.055 |")
                .contains("At 64 B copycost's trials sent more TCP segments per message than the twin's (sendmsg 0.11 "
                        + "against 0.055). With Nagle's algorithm on")
                .contains("Whether that widens the gap is what the same pairs with TCP_NODELAY on, every write sent at "
                        + "once, answer: sendmsg 0.97 [0.86–1.08], unresolved with 6 pairs: the interval spans 1 (segments "
                        + "per message 1.1, 1.3), not separated from 0.79 [0.71–0.88] with it off: this run shows no "
                        + "part of the gap that Nagle's coalescing adds.")
                .doesNotContain("No profile of sendmsg with TCP_NODELAY")
                .contains("No profile of zerocopy at 64 B")
                .contains("JNA's path weighed most at send 64 B: 13 % of copycost's sender CPU, and its own Java 5 % "
                        + "more, where copycost ran at 0.75 [0.64–0.88] of the C twin's rate")
                .contains("(rounds of 1,000,000 calls after as many rounds of warm-up): through JNA's direct mapping 150 ns [140–160 over 3 rounds], from C through a function "
                        + "pointer 3.5 ns [3.4–3.6 over 3 rounds]. Inside the send loop, the profile's native-call time "
                        + "per message over the calls per message comes to send at 64 B (8 per message) 340 ns, sendmsg "
                        + "at 64 B (1 per message) 350 ns per call.");
    }

    @Test
    void theLargestSizeSaysHowFarEachProgramMovedOnItsOwn() {
        // sendmsg's twelve trials: the faster the trial, the fewer its receiver's waits, whichever program;
        // send's eight: the faster, the more waits
        double[] gbps = {14.14, 16.70, 21.46, 19.63, 24.15, 12.56, 29.10, 19.96, 21.52, 17.58, 14.91, 24.76};
        double[] waits = {0.526, 0.541, 0.344, 0.354, 0.288, 0.517, 0.215, 0.351, 0.329, 0.282, 0.406, 0.286};
        List<CalibrationTrial> trials = new java.util.ArrayList<>();
        for (int i = 0; i < gbps.length; i++) {
            trials.add(new CalibrationTrial("c-twin", "sendmsg", 65536, i / 2, i % 2 == 0 ? "copycost" : "c-twin",
                    i % 4 == 0 || i % 4 == 3, gbps[i], waits(waits[i]), 0.1, false));
        }
        for (int i = 0; i < 8; i++) {
            trials.add(new CalibrationTrial("c-twin", "send", 65536, i / 2, i % 2 == 0 ? "copycost" : "c-twin",
                    i % 4 == 0 || i % 4 == 3, 5 + i, waits(0.1 + i / 100.0), 0.1, false));
        }
        HarnessEfficiency spread = new HarnessEfficiency(results(List.of(row("c-twin", "sendmsg", 65536, 1.1, 0.9, 1.3, 1.4, 2.2),
                row("c-twin", "send", 65536, 1.0, 0.8, 1.2, 1.9, 1.5), row("c-twin", "send", 64, 0.75, 0.64, 0.88, 3, 3)),
                trials, List.of()), List.of(), 0.03, Optional.empty());

        assertThat(spread.markdown()).contains("At 64 KiB the C twin's own trials of one strategy differed by up to "
                + "2.2× between the fastest and the slowest, copycost's by up to 1.9×.")
                .contains("2 of 2 ratios at this size are unresolved")
                .contains("| sendmsg | 1.1 [0.9–1.3] | 0.3 | 0.35 | -0.8 [-0.95 to -0.4] | 12 |")
                .contains("| send | 1 [0.8–1.2] | 0.3 | 0.35 | 1 [1 to 1] | 8 |").doesNotContain("| send | 0.75")
                .contains("For send the faster trials were decidedly those whose receiver waited more often")
                .contains("For sendmsg the faster trials were decidedly those whose receiver waited less often per "
                        + "message, whichever program ran them.");
    }

    @Test
    void theCarryoverIsGivenPerSizeWithItsVerdict() {
        List<CalibrationTrial> trials = new java.util.ArrayList<>();
        for (int pair = 0; pair < 6; pair++) {
            boolean copycostFirst = pair % 2 == 0;
            trials.add(new CalibrationTrial("c-twin", "sendmsg", 65536, pair, "copycost", copycostFirst, 20 + pair % 3, waits(0.3), 0.1, false));
            trials.add(new CalibrationTrial("c-twin", "sendmsg", 65536, pair, "c-twin", !copycostFirst,
                    copycostFirst ? 12 + pair : 24 + pair, waits(0.3), 0.1, false));
        }
        String md = new HarnessEfficiency(results(List.of(row("c-twin", 65536, 0.9, 0.7, 1.1)), trials, List.of()),
                List.of(), 0.03, Optional.empty()).markdown();

        assertThat(md).contains("| 64 KiB | 0.5")
                .contains("3 runs: slower after the other |")
                .contains("2 runs: ");
    }

    @Test
    void eachRatioIsTakenApartIntoCostPerMessageAndTimeOnACpu() {
        // send at 64 B: copycost's sender spends 1.3× the twin's CPU per message, both always on a CPU;
        // sendmsg at 64 KiB: the same CPU per message, copycost's sender on a CPU for more of the window
        List<CalibrationTrial> trials = new java.util.ArrayList<>();
        for (int pair = 0; pair < 4; pair++) {
            boolean first = pair % 2 == 0;
            double jitter = 1 + pair / 1000.0;
            // always on a CPU: 64 B at 0.02 Gbps is 39,063 messages a second, 25.6 µs each
            trials.add(busy("send", 64, pair, "copycost", first, 0.02 * jitter, 25.6 / jitter));
            trials.add(busy("send", 64, pair, "c-twin", !first, 0.026, 25.6 / 1.3));
            trials.add(busy("sendmsg", 65536, pair, "copycost", first, 24 * jitter, 20));
            trials.add(busy("sendmsg", 65536, pair, "c-twin", !first, 16, 20 * jitter));
        }
        String md = new HarnessEfficiency(results(List.of(row("c-twin", "send", 64, 0.77, 0.75, 0.79, 1.1, 1.1),
                row("c-twin", "sendmsg", 65536, 1.5, 1.4, 1.6, 1.2, 1.2)), trials, List.of()), List.of(), 0.03,
                Optional.empty()).markdown();

        assertThat(md).contains("### Cost per message, or time on a CPU")
                .contains("| send | 64 B | 0.77 [0.75–0.79] | 25.6 · 19.7 | 1.3 [")
                .contains("copycost's sender: more CPU per message; the same time on a CPU |")
                .contains("copycost's sender: the same CPU per message; on a CPU for more of the window |")
                .contains("A message decidedly cost copycost's sender more CPU than the twin's at send at 64 B (1.3×): "
                        + "that is what the harness costs.")
                .contains("At sendmsg at 64 KiB (0.999×) a message cost both senders the same within ±3 %, so any "
                        + "difference in Gbps there was in the senders' time on a CPU.");
    }

    /** A trial at {@code size} whose sender spent {@code cpuMicros} per message while moving {@code gbps}. */
    private static CalibrationTrial busy(String strategy, int size, int pair, String program, boolean first, double gbps,
            double cpuMicros) {
        return new CalibrationTrial("c-twin", strategy, size, pair, program, first, gbps,
                new PerMessageCosts(cpuMicros, 1, 0, 0.1), 1, false);
    }

    /** A trial whose sender spent {@code micros} of CPU per message, its receiver 1 µs and waiting 0.01 times. */
    private static PerMessageCosts cpu(double micros) {
        return new PerMessageCosts(micros, 1, 0, 0.01);
    }

    /** A trial whose only per-message figure is its receiver's waits for data. */
    private static PerMessageCosts waits(double receiverSleeps) {
        return new PerMessageCosts(Double.NaN, Double.NaN, Double.NaN, receiverSleeps);
    }
}
