package dev.copycost.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A thread's context switches as the scheduler counts them in {@code /proc}: voluntary (it blocked,
 * e.g. on a full socket buffer) and involuntary (it was preempted). Needs no perf permission, so it
 * is there even where {@link ThreadCounters} is refused or runs user-only.
 *
 * @param voluntary   {@code voluntary_ctxt_switches}
 * @param involuntary {@code nonvoluntary_ctxt_switches}
 */
public record ThreadSchedStats(long voluntary, long involuntary) {
    private static final String VOLUNTARY = "voluntary_ctxt_switches:";
    private static final String INVOLUNTARY = "nonvoluntary_ctxt_switches:";

    /**
     * The counts of thread {@code tid} of this process so far. Throws {@link UncheckedIOException}
     * if the thread is gone or its status cannot be read.
     */
    public static ThreadSchedStats read(int tid) {
        Path status = Path.of("/proc/self/task", Integer.toString(tid), "status");
        try {
            return parse(Files.readAllLines(status), status.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status + " (has thread " + tid + " ended?)", e);
        }
    }

    static ThreadSchedStats parse(List<String> lines, String source) {
        long voluntary = -1;
        long involuntary = -1;
        for (String line : lines) {
            if (line.startsWith(VOLUNTARY)) {
                voluntary = Long.parseLong(line.substring(VOLUNTARY.length()).trim());
            } else if (line.startsWith(INVOLUNTARY)) {
                involuntary = Long.parseLong(line.substring(INVOLUNTARY.length()).trim());
            }
        }
        if (voluntary < 0 || involuntary < 0) {
            throw new IllegalStateException(source + " has no " + (voluntary < 0 ? VOLUNTARY : INVOLUNTARY)
                    + " line");
        }
        return new ThreadSchedStats(voluntary, involuntary);
    }

    /** The switches between {@code earlier} and this reading. */
    public ThreadSchedStats minus(ThreadSchedStats earlier) {
        return new ThreadSchedStats(voluntary - earlier.voluntary, involuntary - earlier.involuntary);
    }

    /** Voluntary plus involuntary. */
    public long total() {
        return voluntary + involuntary;
    }
}
