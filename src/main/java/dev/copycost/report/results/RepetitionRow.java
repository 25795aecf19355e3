package dev.copycost.report.results;

import dev.copycost.counters.CounterEvent;
import dev.copycost.experiment.Repetition;
import dev.copycost.experiment.RoleMeasure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raw values of one measured window, kept in results.json so that anyone can recompute a
 * summary, or a statistic this report does not offer, without rerunning the matrix.
 *
 * @param senderCounters   perf counters of the sender threads by perf's event name
 *                         ({@code task-clock}, {@code cache-misses}, ...); NaN (JSON null) where unavailable
 * @param receiverCounters the same for the receiver threads
 * @param stealShare       share of the machine's CPU time the hypervisor stole during the window; NaN (JSON
 *                         null) where not measured
 */
public record RepetitionRow(int index, double seconds, long messages, long bytes, double gbps,
        long senderCpuNanos, long receiverCpuNanos, long senderVoluntarySwitches, long senderInvoluntarySwitches,
        long receiverVoluntarySwitches, long receiverInvoluntarySwitches, long senderAllocatedBytes,
        long receiverAllocatedBytes, long gcCollections, long gcMillis, long jitMillis,
        Map<String, Double> senderCounters, Map<String, Double> receiverCounters, double stealShare) {

    /** A window of a file written before steal was recorded per window. */
    public RepetitionRow(int index, double seconds, long messages, long bytes, double gbps,
            long senderCpuNanos, long receiverCpuNanos, long senderVoluntarySwitches, long senderInvoluntarySwitches,
            long receiverVoluntarySwitches, long receiverInvoluntarySwitches, long senderAllocatedBytes,
            long receiverAllocatedBytes, long gcCollections, long gcMillis, long jitMillis,
            Map<String, Double> senderCounters, Map<String, Double> receiverCounters) {
        this(index, seconds, messages, bytes, gbps, senderCpuNanos, receiverCpuNanos, senderVoluntarySwitches,
                senderInvoluntarySwitches, receiverVoluntarySwitches, receiverInvoluntarySwitches, senderAllocatedBytes,
                receiverAllocatedBytes, gcCollections, gcMillis, jitMillis, senderCounters, receiverCounters, Double.NaN);
    }

    public RepetitionRow {
        senderCounters = senderCounters == null ? Map.of() : new LinkedHashMap<>(senderCounters);
        receiverCounters = receiverCounters == null ? Map.of() : new LinkedHashMap<>(receiverCounters);
    }

    /** The raw values of one window of a point. */
    public static RepetitionRow from(Repetition r) {
        RoleMeasure s = r.sender();
        RoleMeasure v = r.receiver();
        return new RepetitionRow(r.index(), r.seconds(), r.messages(), r.bytes(), r.gbps(), s.cpuNanos(),
                v.cpuNanos(), s.voluntarySwitches(), s.involuntarySwitches(), v.voluntarySwitches(),
                v.involuntarySwitches(), s.allocatedBytes(), v.allocatedBytes(), r.gcCollections(), r.gcMillis(),
                r.jitMillis(), counters(s), counters(v), r.stealShare());
    }

    private static Map<String, Double> counters(RoleMeasure role) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (CounterEvent event : CounterEvent.values()) {
            values.put(eventName(event), role.counter(event));
        }
        return values;
    }

    /** perf's own spelling of an event, e.g. CACHE_MISSES -> cache-misses, so readers recognise it. */
    public static String eventName(CounterEvent event) {
        return event.perfName();
    }
}
