package dev.copycost.counters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this machine lets copycost count, found once per JVM by really opening every event for the
 * calling thread (never by guessing from the kernel version or the paranoid level), with the reason
 * for each refusal, so a report can say plainly why a column is empty.
 */
public final class CounterAvailability {
    static final Path PARANOID = Path.of("/proc/sys/kernel/perf_event_paranoid");
    static final int PARANOID_UNREADABLE = -99;

    private static volatile CounterAvailability probed;

    private final Map<CounterEvent, CounterValue> events;
    private final int paranoid;

    CounterAvailability(Map<CounterEvent, CounterValue> events, int paranoid) {
        this.events = Collections.unmodifiableMap(new EnumMap<>(events));
        this.paranoid = paranoid;
    }

    /** The result of the first probe in this JVM; the first call opens and closes one set of counters. */
    public static CounterAvailability probe() {
        CounterAvailability result = probed;
        if (result == null) {
            synchronized (CounterAvailability.class) {
                result = probed;
                if (result == null) {
                    result = tryIt();
                    probed = result;
                }
            }
        }
        return result;
    }

    private static CounterAvailability tryIt() {
        try (ThreadCounters counters = ThreadCounters.open(Tid.current())) {
            return new CounterAvailability(counters.read(), readParanoid(PARANOID));
        }
    }

    static int readParanoid(Path file) {
        try {
            return Integer.parseInt(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return PARANOID_UNREADABLE;
        }
    }

    /** Every event with its availability, mode and reason; the values themselves mean nothing. */
    public Map<CounterEvent, CounterValue> events() {
        return events;
    }

    public boolean isAvailable(CounterEvent event) {
        return events.get(event).available();
    }

    /** {@code /proc/sys/kernel/perf_event_paranoid}, or -99 if it cannot be read. */
    public int perfEventParanoid() {
        return paranoid;
    }

    /**
     * One line, events grouped by outcome in enum order, e.g. "task-clock, context-switches:
     * kernel+user; cycles, instructions: unavailable (perf_event_open failed: errno 2 (No such file
     * or directory))". The event's own name is taken out of each reason so equal refusals group.
     */
    public String summary() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (CounterValue v : events.values()) {
            String outcome = v.available() ? v.mode()
                    : "unavailable (" + v.reason().replace("(" + v.event().perfName() + ")", "") + ")";
            groups.computeIfAbsent(outcome, k -> new ArrayList<>()).add(v.event().perfName());
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((outcome, names) -> parts.add(String.join(", ", names) + ": " + outcome));
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return summary() + " [perf_event_paranoid=" + paranoid + "]";
    }
}
