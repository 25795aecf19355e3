package dev.copycost.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterAvailabilityTest {

    @Test
    void isProbedOncePerJvm() {
        assertThat(CounterAvailability.probe()).isSameAs(CounterAvailability.probe());
    }

    @Test
    void coversEveryEventAndAgreesWithAFreshOpen() {
        CounterAvailability availability = CounterAvailability.probe();

        assertThat(availability.events()).containsOnlyKeys(CounterEvent.values());
        try (ThreadCounters counters = ThreadCounters.open(Tid.current())) {
            Map<CounterEvent, CounterValue> fresh = counters.read();
            for (CounterEvent event : CounterEvent.values()) {
                CounterValue probed = availability.events().get(event);
                assertThat(probed.available()).as(event.perfName()).isEqualTo(fresh.get(event).available());
                assertThat(probed.mode()).as(event.perfName()).isEqualTo(fresh.get(event).mode());
                assertThat(probed.available()).isEqualTo(probed.reason().isEmpty());
            }
        }
    }

    @Test
    void summaryNamesEveryEventOnce() {
        String summary = CounterAvailability.probe().summary();

        assertThat(summary).doesNotContain("\n");
        for (CounterEvent event : CounterEvent.values()) {
            assertThat(summary.split("[:;,] ?")).as(summary).containsOnlyOnce(event.perfName());
        }
    }

    @Test
    void summaryGroupsEqualOutcomes() {
        Map<CounterEvent, CounterValue> events = new EnumMap<>(CounterEvent.class);
        for (CounterEvent event : CounterEvent.values()) {
            events.put(event, event.isHardware()
                    ? CounterValue.unavailable(event, "perf_event_open(" + event.perfName()
                            + ") failed: errno 2 (No such file or directory)")
                    : new CounterValue(event, true, 0, CounterValue.KERNEL_AND_USER, 1.0, ""));
        }
        events.put(CounterEvent.CONTEXT_SWITCHES,
                new CounterValue(CounterEvent.CONTEXT_SWITCHES, true, 0, CounterValue.USER_ONLY, 1.0, ""));

        assertThat(new CounterAvailability(events, 2).summary()).isEqualTo(
                "task-clock, cpu-migrations, page-faults: kernel+user; context-switches: user-only; "
                        + "cycles, instructions, cache-references, cache-misses: unavailable "
                        + "(perf_event_open failed: errno 2 (No such file or directory))");
    }

    @Test
    void paranoidLevelIsReadFromProc() throws Exception {
        int expected = Files.isReadable(CounterAvailability.PARANOID)
                ? Integer.parseInt(Files.readString(CounterAvailability.PARANOID).trim())
                : -99;

        assertThat(CounterAvailability.probe().perfEventParanoid()).isEqualTo(expected);
        assertThat(CounterAvailability.readParanoid(Path.of("/proc/no-such-file"))).isEqualTo(-99);
    }
}
