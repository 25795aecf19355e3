package dev.copycost.experiment;

import dev.copycost.counters.CounterEvent;
import dev.copycost.counters.CounterValue;
import dev.copycost.counters.ThreadCounters;
import dev.copycost.counters.ThreadSchedStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker threads of one role (the senders, or the receivers) with their perf counters: what one
 * measured window needs of them. Counters are opened by tid from outside once the threads have
 * published it, and closed by {@link #close}.
 */
final class CountedWorkers<W extends Worker> implements AutoCloseable {
    private final List<W> workers;
    private final List<ThreadCounters> counters = new ArrayList<>();

    CountedWorkers(List<W> workers) {
        this.workers = workers;
    }

    /** Opens every worker's counters; call once all threads are ready. */
    void openCounters() {
        for (W w : workers) {
            counters.add(ThreadCounters.open(w.tid()));
        }
    }

    List<ThreadSample> sample() {
        List<ThreadSample> samples = new ArrayList<>(workers.size());
        for (Worker w : workers) {
            samples.add(ThreadSample.of(w));
        }
        return samples;
    }

    void enable() {
        counters.forEach(ThreadCounters::resetAndEnable);
    }

    void disable() {
        counters.forEach(ThreadCounters::disable);
    }

    /** Messages all workers have sent or verified so far. */
    long messages() {
        long total = 0;
        for (Worker w : workers) {
            total += w.messages();
        }
        return total;
    }

    /** What the role did between the two samples, with the counters read now (after {@link #disable}). */
    RoleMeasure measure(List<ThreadSample> before, List<ThreadSample> after) {
        List<Map<CounterEvent, CounterValue>> readings = new ArrayList<>();
        for (ThreadCounters c : counters) {
            readings.add(c.read());
        }
        Map<CounterEvent, CounterValue> perf = CounterValue.sum(readings);
        long cpu = 0;
        long alloc = 0;
        ThreadSchedStats sched = new ThreadSchedStats(0, 0);
        for (int i = 0; i < before.size(); i++) {
            cpu += after.get(i).cpuNanos() - before.get(i).cpuNanos();
            alloc += after.get(i).allocatedBytes() - before.get(i).allocatedBytes();
            ThreadSchedStats d = after.get(i).sched().minus(before.get(i).sched());
            sched = new ThreadSchedStats(sched.voluntary() + d.voluntary(), sched.involuntary() + d.involuntary());
        }
        CounterValue taskClock = perf.get(CounterEvent.TASK_CLOCK);
        boolean perfCpu = taskClock != null && taskClock.available();
        return new RoleMeasure(before.size(), perf, sched.voluntary(), sched.involuntary(),
                perfCpu ? taskClock.value() : cpu,
                perfCpu ? "perf task-clock (" + taskClock.mode() + ")" : "JVM thread CPU time",
                alloc);
    }

    @Override
    public void close() {
        counters.forEach(ThreadCounters::close);
        counters.clear();
    }
}
