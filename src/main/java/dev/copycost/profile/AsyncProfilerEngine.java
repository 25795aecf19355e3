package dev.copycost.profile;

import java.util.Optional;
import one.profiler.AsyncProfiler;

/** The real profiler: async-profiler's Java API, which extracts and loads its own native library. */
final class AsyncProfilerEngine implements ProfilerEngine {
    private final AsyncProfiler profiler;

    private AsyncProfilerEngine(AsyncProfiler profiler) {
        this.profiler = profiler;
    }

    /**
     * Loads the native library once per JVM; empty with the reason written into {@code why} when it
     * cannot be loaded here (another platform, a read-only temp directory, a library that will not link).
     */
    static Optional<ProfilerEngine> load(StringBuilder why) {
        try {
            return Optional.of(new AsyncProfilerEngine(AsyncProfiler.getInstance()));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // getInstance throws IllegalStateException for an unsupported platform, UnsatisfiedLinkError
            // for a library that does not load
            why.append("async-profiler's native library could not be loaded: ").append(e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public String execute(String command) throws Exception {
        return profiler.execute(command);
    }

    @Override
    public void addThread(Thread thread) {
        profiler.addThread(thread);
    }
}
