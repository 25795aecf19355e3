package dev.copycost.experiment;

import dev.copycost.counters.ThreadSchedStats;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * What one worker thread had used at one instant: CPU time, heap allocation, context switches.
 *
 * @param threadEnded the thread had already ended: its CPU time and {@code /proc} counts are gone with
 *                    it, the other values are 0, and nothing may be computed from the sample. During
 *                    the windows a worker ends only by failing, and it reports its failure before it
 *                    ends, so the coordinator's first-failure check names the real cause; sampling it
 *                    must not throw an error of its own that would be reported instead.
 */
record ThreadSample(long cpuNanos, long allocatedBytes, ThreadSchedStats sched, boolean threadEnded) {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ThreadSample ENDED = new ThreadSample(0, 0, new ThreadSchedStats(0, 0), true);

    static {
        if (THREADS.isThreadAllocatedMemorySupported()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
        if (THREADS.isThreadCpuTimeSupported()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, and the project targets 17
    static ThreadSample of(Worker worker) {
        long id = worker.thread().getId();
        Optional<ThreadSchedStats> sched = ThreadSchedStats.readIfRunning(worker.tid());
        // read after /proc: -1 here means the thread ended in between (or CPU time is not measured)
        long cpu = THREADS.getThreadCpuTime(id);
        long allocated = THREADS.getThreadAllocatedBytes(id);
        if (sched.isEmpty() || cpu < 0 && THREADS.isThreadCpuTimeEnabled()) {
            return ENDED;
        }
        return new ThreadSample(Math.max(0, cpu), Math.max(0, allocated), sched.get(), false);
    }
}
