package dev.copycost.experiment;

import dev.copycost.counters.CounterEvent;
import dev.copycost.counters.CounterValue;
import java.util.Map;

/**
 * What all threads of one role (senders or receivers) did inside one measured window, summed.
 *
 * @param perf               perf counters, each available or not with its reason and mode
 * @param voluntarySwitches  from /proc/self/task/TID/status, known even without perf
 * @param cpuNanos           CPU time: perf task-clock when it could be read, else the JVM's thread CPU time
 * @param cpuSource          which of the two {@code cpuNanos} came from
 * @param allocatedBytes     Java heap bytes the threads allocated (should be ~0: the loops allocate nothing)
 */
public record RoleMeasure(int threads, Map<CounterEvent, CounterValue> perf, long voluntarySwitches,
        long involuntarySwitches, long cpuNanos, String cpuSource, long allocatedBytes) {

    /** A counter's value, or NaN where it could not be read. */
    public double counter(CounterEvent event) {
        CounterValue value = perf.get(event);
        return value != null && value.available() ? value.value() : Double.NaN;
    }

    public long contextSwitches() {
        return voluntarySwitches + involuntarySwitches;
    }
}
