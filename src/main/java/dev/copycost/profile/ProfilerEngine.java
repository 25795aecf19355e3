package dev.copycost.profile;

/**
 * What copycost asks of a sampling profiler: commands in async-profiler's own syntax
 * ({@code start,event=cpu,interval=N}, {@code stop}, {@code collapsed,...}). The one seam between the
 * native library and the rest, so that tests can play a host with a hardware PMU or one that refuses
 * perf events.
 */
public interface ProfilerEngine {
    /**
     * Runs one command and returns its text output.
     *
     * @throws Exception whatever the profiler throws for a command it cannot carry out
     *                   (IllegalStateException, IllegalArgumentException, IOException)
     */
    String execute(String command) throws Exception;

    /** Adds a thread to the profiler's thread filter (where the profiler applies one). */
    void addThread(Thread thread);
}
