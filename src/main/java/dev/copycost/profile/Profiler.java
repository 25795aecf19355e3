package dev.copycost.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sampling profiler as this host allows it, found once by really starting each event (never by
 * guessing): the events a profiled window records, what the profile cannot show and why, or, when it
 * cannot run at all, the one plain sentence saying why.
 *
 * <p>With a hardware PMU, {@code cycles} is sampled and a second window samples {@code cache-misses}
 * (the honest route to where the misses are); without one, the perf cpu-clock ({@code cpu}); where
 * perf events are refused, {@code itimer}, which sees user frames only.
 */
public final class Profiler {
    public static final String CYCLES = "cycles";
    public static final String CACHE_MISSES = "cache-misses";
    public static final String CPU = "cpu";
    public static final String ITIMER = "itimer";
    /** The categories only kernel frames show, named in the note when the kernel cannot be seen. */
    static final String KERNEL_CATEGORIES = "copy-to-kernel, deferred-copy, page-pinning, copy-to-user, tcp-ip and "
            + "scheduler cannot be seen (their time shows under syscall or harness)";

    private final Optional<ProfilerEngine> engine;
    private final String unavailable;
    private final List<String> events;
    private final List<String> limitations;
    private final HostFacts host;
    private final Duration interval;

    private Profiler(Optional<ProfilerEngine> engine, String unavailable, List<String> events, List<String> limitations,
            HostFacts host, Duration interval) {
        this.engine = engine;
        this.unavailable = unavailable;
        this.events = List.copyOf(events);
        this.limitations = List.copyOf(limitations);
        this.host = host;
        this.interval = interval;
    }

    /** Probes the real profiler on this host. */
    public static Profiler probe(Duration interval) {
        HostFacts host = HostFacts.read();
        return probe(host, interval, why -> host.supportedPlatform() ? AsyncProfilerEngine.load(why) : Optional.empty());
    }

    /** Probes with the given engine loader: the seam the tests use to play other hosts. */
    static Profiler probe(HostFacts host, Duration interval, Function<StringBuilder, Optional<ProfilerEngine>> loader) {
        if (interval.isNegative() || interval.toNanos() < 10_000) {
            throw new IllegalArgumentException("profile interval " + interval + " is too short: use at least 10us");
        }
        if (!host.supportedPlatform()) {
            return unavailable(host, interval, "no profiler library for " + host.platform()
                    + ": async-profiler ships one for Linux on x86_64 and aarch64 only");
        }
        StringBuilder why = new StringBuilder();
        Optional<ProfilerEngine> loaded = loader.apply(why);
        if (loaded.isEmpty()) {
            return unavailable(host, interval, why.length() > 0 ? why.toString() : "the profiler could not be loaded");
        }
        ProfilerEngine engine = loaded.get();
        List<String> limitations = new ArrayList<>();
        Optional<String> cyclesRefused = tryEvent(engine, CYCLES, 1_000_000);
        List<String> events = new ArrayList<>();
        if (cyclesRefused.isEmpty()) {
            events.add(CYCLES);
            Optional<String> missesRefused = tryEvent(engine, CACHE_MISSES, 10_000);
            if (missesRefused.isEmpty()) {
                events.add(CACHE_MISSES);
            } else {
                limitations.add("no cache-misses profile: the event was refused (" + missesRefused.get() + ")");
            }
        } else {
            Optional<String> cpuRefused = tryEvent(engine, CPU, interval.toNanos());
            if (cpuRefused.isEmpty()) {
                events.add(CPU);
                limitations.add("no hardware PMU (cycles: " + cyclesRefused.get() + "): CPU time is sampled with "
                        + "the perf cpu-clock, and there is no cache-misses profile");
            } else {
                Optional<String> itimerRefused = tryEvent(engine, ITIMER, interval.toNanos());
                if (itimerRefused.isPresent()) {
                    return unavailable(host, interval, "no profiling event could be started here: cycles: "
                            + cyclesRefused.get() + "; cpu: " + cpuRefused.get() + "; itimer: " + itimerRefused.get());
                }
                events.add(ITIMER);
                limitations.add("perf events are refused (" + cpuRefused.get() + "; " + host.describe()
                        + "): sampled with itimer, which sees user frames only: " + KERNEL_CATEGORIES);
            }
        }
        String kernel = host.kernelRestriction();
        if (!kernel.isEmpty() && !events.contains(ITIMER)) {
            limitations.add("kernel frames may be missing: " + kernel);
        }
        return new Profiler(Optional.of(engine), "", events, limitations, host, interval);
    }

    private static Profiler unavailable(HostFacts host, Duration interval, String why) {
        return new Profiler(Optional.empty(), why, List.of(), List.of(), host, interval);
    }

    /** Starts and stops a session with the event; empty if it ran, else the profiler's refusal. */
    private static Optional<String> tryEvent(ProfilerEngine engine, String event, long interval) {
        try {
            // a refused hardware event is an answer here, not a warning per thread on the build's stderr
            engine.execute("start,event=" + event + ",interval=" + interval + ",loglevel=error");
        } catch (Exception e) {
            return Optional.of(message(e));
        }
        try {
            engine.execute("stop");
        } catch (Exception e) {
            return Optional.of("started but would not stop: " + message(e));
        }
        return Optional.empty();
    }

    static String message(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage().strip();
    }

    public boolean available() {
        return engine.isPresent();
    }

    /** Why no profile is taken; empty when it is. */
    public String unavailableReason() {
        return unavailable;
    }

    /** The events a point's profiled windows record, the CPU event first. */
    public List<String> events() {
        return events;
    }

    /** The event that stands for CPU time: cycles, cpu or itimer. */
    public String cpuEvent() {
        return events.isEmpty() ? "" : events.get(0);
    }

    /** What every profile of this run cannot show, and why. */
    public List<String> limitations() {
        return limitations;
    }

    public HostFacts host() {
        return host;
    }

    public Duration interval() {
        return interval;
    }

    /**
     * A profiler for one window of the given event. The interval of a time event is the configured
     * duration; for cycles it is that duration at 1 GHz (a slower or faster core samples a little
     * more or less often, which changes no share), and cache-misses are sampled every thousandth of
     * that, so a miss-heavy window gives about as many samples as the cycles one.
     */
    public WindowProfiler window(String event, java.nio.file.Path base, String title) {
        if (engine.isEmpty()) {
            throw new IllegalStateException("the profiler is not available: " + unavailable);
        }
        long every = switch (event) {
            case CYCLES -> interval.toNanos();
            case CACHE_MISSES -> Math.max(1, interval.toNanos() / 1000);
            default -> interval.toNanos();
        };
        return new WindowProfiler(engine.get(), event, every, base, title, new Attributor(FrameTable.load()), host);
    }
}
