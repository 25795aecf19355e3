package dev.copycost.counters;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event's reading for one thread and window.
 *
 * @param event        which event
 * @param available    whether the kernel let us open it; if not, {@code value} is 0 and {@code reason} says why
 * @param value        the count, scaled by time enabled / time running when the kernel multiplexed it
 * @param mode         what the value counts: "kernel+user", "user-only" (kernel excluded, so e.g.
 *                     context-switches reads 0; never task-clock, which the kernel counts whole),
 *                     "mixed" for a sum over threads counted differently, or "" when unavailable
 * @param runningShare time running / time enabled; 1.0 means counted all the time, below 1.0 the value
 *                     is an extrapolation
 * @param reason       why the event is unavailable, naming the call and its errno; "" when available
 */
public record CounterValue(CounterEvent event, boolean available, long value, String mode, double runningShare,
        String reason) {
    public static final String KERNEL_AND_USER = "kernel+user";
    public static final String USER_ONLY = "user-only";
    public static final String MIXED = "mixed";

    public CounterValue {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
    }

    /** An event that cannot be counted, for {@code reason}. */
    public static CounterValue unavailable(CounterEvent event, String reason) {
        return new CounterValue(event, false, 0L, "", 0.0, reason);
    }

    /**
     * Sums per-thread readings into one reading per event. An event is available only if every
     * thread had it (a partial sum would look like a smaller count); its mode is kept if all agree,
     * else "mixed"; its running share is the smallest, the least trustworthy part. An unavailable
     * sum keeps the first reason found.
     */
    public static Map<CounterEvent, CounterValue> sum(List<Map<CounterEvent, CounterValue>> perThread) {
        Map<CounterEvent, CounterValue> sums = new EnumMap<>(CounterEvent.class);
        for (CounterEvent event : CounterEvent.values()) {
            sums.put(event, sum(event, perThread));
        }
        return sums;
    }

    private static CounterValue sum(CounterEvent event, List<Map<CounterEvent, CounterValue>> perThread) {
        if (perThread.isEmpty()) {
            return unavailable(event, "no thread was counted");
        }
        long total = 0;
        String mode = null;
        double share = Double.MAX_VALUE;
        for (Map<CounterEvent, CounterValue> readings : perThread) {
            CounterValue v = readings.get(event);
            if (v == null) {
                return unavailable(event, "one thread has no reading for " + event.perfName());
            }
            if (!v.available()) {
                return unavailable(event, v.reason());
            }
            total += v.value();
            mode = mode == null || mode.equals(v.mode()) ? v.mode() : MIXED;
            share = Math.min(share, v.runningShare());
        }
        return new CounterValue(event, true, total, mode, share, "");
    }

    /** E.g. "task-clock=51234567 (kernel+user)" or "cycles unavailable: perf_event_open(cycles) failed: ...". */
    @Override
    public String toString() {
        if (!available) {
            return event.perfName() + " unavailable: " + reason;
        }
        String scaled = runningShare < 1.0 ? String.format(java.util.Locale.ROOT, ", running %.0f%%", runningShare * 100) : "";
        return event.perfName() + "=" + value + " (" + mode + scaled + ")";
    }
}
