package dev.copycost.experiment;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * GC collections and JIT compile time of the whole JVM at one instant, so a window can say whether
 * the JVM did work of its own inside it. The JDK exposes JIT compile time, not a count, so that is
 * what is recorded.
 */
record JvmActivity(long gcCollections, long gcMillis, long jitMillis) {

    static JvmActivity now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        return new JvmActivity(count, millis, jitMillis);
    }

    JvmActivity since(JvmActivity earlier) {
        return new JvmActivity(gcCollections - earlier.gcCollections, gcMillis - earlier.gcMillis,
                jitMillis - earlier.jitMillis);
    }
}
