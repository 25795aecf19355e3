package dev.copycost.counters;

import static dev.copycost.counters.CounterEvent.CYCLES;
import static dev.copycost.counters.CounterEvent.TASK_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterValueTest {

    @Test
    void sumAddsValuesOfEventsEveryThreadHad() {
        Map<CounterEvent, CounterValue> sum = CounterValue.sum(List.of(
                readings(100, CounterValue.KERNEL_AND_USER, 1.0),
                readings(250, CounterValue.KERNEL_AND_USER, 0.5)));

        assertThat(sum).containsOnlyKeys(CounterEvent.values());
        CounterValue taskClock = sum.get(TASK_CLOCK);
        assertThat(taskClock.available()).isTrue();
        assertThat(taskClock.value()).isEqualTo(350);
        assertThat(taskClock.mode()).isEqualTo(CounterValue.KERNEL_AND_USER);
        assertThat(taskClock.runningShare()).as("the least trustworthy part").isEqualTo(0.5);
    }

    @Test
    void sumOfDifferentModesIsMixed() {
        Map<CounterEvent, CounterValue> sum = CounterValue.sum(List.of(
                readings(1, CounterValue.KERNEL_AND_USER, 1.0), readings(1, CounterValue.USER_ONLY, 1.0)));

        assertThat(sum.get(TASK_CLOCK).mode()).isEqualTo(CounterValue.MIXED);
        assertThat(sum.get(TASK_CLOCK).available()).isTrue();
    }

    @Test
    void anEventMissingInOneThreadIsUnavailableInTheSum() {
        Map<CounterEvent, CounterValue> refused = readings(5, CounterValue.KERNEL_AND_USER, 1.0);
        refused.put(CYCLES, CounterValue.unavailable(CYCLES, "perf_event_open(cycles) failed: errno 2 (x)"));

        Map<CounterEvent, CounterValue> sum = CounterValue.sum(List.of(readings(5, CounterValue.KERNEL_AND_USER, 1.0), refused));

        assertThat(sum.get(CYCLES)).isEqualTo(CounterValue.unavailable(CYCLES, "perf_event_open(cycles) failed: errno 2 (x)"));
        assertThat(sum.get(TASK_CLOCK).value()).isEqualTo(10);
    }

    @Test
    void sumOfNoThreadsHasNothingAvailable() {
        assertThat(CounterValue.sum(List.of()).values()).allSatisfy(v -> {
            assertThat(v.available()).isFalse();
            assertThat(v.reason()).isNotEmpty();
        });
    }

    @Test
    void sumIsTheArithmeticSumForAnyThreadCount() {
        qt().forAll(lists().of(longs().between(0, 1L << 40)).ofSizeBetween(1, 16)).checkAssert(values -> {
            List<Map<CounterEvent, CounterValue>> perThread = values.stream()
                    .map(v -> readings(v, CounterValue.USER_ONLY, 1.0)).toList();
            long expected = values.stream().mapToLong(Long::longValue).sum();

            assertThat(CounterValue.sum(perThread).get(TASK_CLOCK).value()).isEqualTo(expected);
        });
    }

    @Test
    void multiplexedValuesAreExtrapolatedWithoutOverflow() {
        assertThat(ThreadCounters.scale(1000, 100, 100)).isEqualTo(1000);
        assertThat(ThreadCounters.scale(1000, 100, 25)).isEqualTo(4000);
        assertThat(ThreadCounters.scale(1000, 100, 0)).as("never ran: nothing to extrapolate").isEqualTo(1000);
        // 10 s of cycles at 4 GHz, half the time scheduled: value * enabled alone would overflow.
        assertThat(ThreadCounters.scale(20_000_000_000L, 10_000_000_000L, 5_000_000_000L)).isEqualTo(40_000_000_000L);

        assertThat(ThreadCounters.runningShare(100, 25)).isEqualTo(0.25);
        assertThat(ThreadCounters.runningShare(0, 0)).isEqualTo(1.0);
    }

    @Test
    void describesItself() {
        assertThat(new CounterValue(TASK_CLOCK, true, 42, CounterValue.USER_ONLY, 1.0, "").toString())
                .isEqualTo("task-clock=42 (user-only)");
        assertThat(new CounterValue(CYCLES, true, 42, CounterValue.KERNEL_AND_USER, 0.5, "").toString())
                .isEqualTo("cycles=42 (kernel+user, running 50%)");
        assertThat(CounterValue.unavailable(CYCLES, "why").toString()).isEqualTo("cycles unavailable: why");
    }

    private static Map<CounterEvent, CounterValue> readings(long value, String mode, double share) {
        Map<CounterEvent, CounterValue> readings = new EnumMap<>(CounterEvent.class);
        for (CounterEvent event : CounterEvent.values()) {
            readings.put(event, new CounterValue(event, true, value, mode, share, ""));
        }
        return readings;
    }
}
