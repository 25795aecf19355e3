package dev.copycost.experiment;

import dev.copycost.counters.ThreadSchedStats;
import java.lang.management.ManagementFactory;

/** What one worker thread had used at one instant: CPU time, heap allocation, context switches. */
record ThreadSample(long cpuNanos, long allocatedBytes, ThreadSchedStats sched) {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

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
        return new ThreadSample(Math.max(0, THREADS.getThreadCpuTime(id)),
                Math.max(0, THREADS.getThreadAllocatedBytes(id)), ThreadSchedStats.read(worker.tid()));
    }
}
