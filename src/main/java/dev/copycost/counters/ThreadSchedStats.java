package dev.copycost.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
        return readIfRunning(tid).orElseThrow(() -> new UncheckedIOException("cannot read " + status(tid)
                + ": thread " + tid + " has ended", new NoSuchFileException(status(tid).toString())));
    }

    /**
     * The counts of thread {@code tid} of this process so far, or empty if the thread has ended: the
     * kernel removes {@code /proc/self/task/TID} with the thread, which is a fact about the thread, not
     * an I/O failure, and a caller sampling many threads must be able to say which one ended rather
     * than fail. Throws {@link UncheckedIOException} for a status that exists but cannot be read.
     */
    public static Optional<ThreadSchedStats> readIfRunning(int tid) {
        Path status = status(tid);
        try {
            return Optional.of(parse(Files.readAllLines(status), status.toString()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            // a thread that ends while its status is read can fail the read (ESRCH) before the entry goes
            if (!Files.exists(status.getParent())) {
                return Optional.empty();
            }
            throw new UncheckedIOException("cannot read " + status + " of running thread " + tid, e);
        }
    }

    private static Path status(int tid) {
        return Path.of("/proc/self/task", Integer.toString(tid), "status");
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
