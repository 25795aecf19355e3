package dev.copycost.profile;

import dev.copycost.experiment.WindowObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Profiles one measured window of one experiment: starts a session when the window starts, stops it
 * when it ends, keeps only the experiment's sender and receiver threads, writes the collapsed stacks
 * and the profiler's own flame graph beside each other, and attributes the samples per role. Never
 * throws: a profiler failure becomes {@link #failure()}, and {@link #close()} stops a session the
 * window left running, so that no session outlives its experiment.
 *
 * <p>The thread filter is asked for, but async-profiler 4.2 applies it to wall-clock sampling only;
 * with perf events every thread is sampled, and the dumps keep the experiment's threads by the
 * thread frame's name ({@code include=}) while the attribution keeps them by kernel thread id.
 */
public final class WindowProfiler implements WindowObserver, AutoCloseable {
    private final ProfilerEngine engine;
    private final String event;
    private final long interval;
    private final Path base;
    private final String title;
    private final Attributor attributor;
    private final HostFacts host;
    private final Map<Integer, Role> roles = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private boolean started;
    private boolean active;
    private Optional<String> failure = Optional.empty();
    private Map<Role, RoleProfile> attribution = Map.of();
    private final List<String> limitations = new ArrayList<>();
    private Path collapsedFile;
    private Path flameGraphFile;

    WindowProfiler(ProfilerEngine engine, String event, long interval, Path base, String title, Attributor attributor,
            HostFacts host) {
        this.engine = engine;
        this.event = event;
        this.interval = interval;
        this.base = base;
        // commas separate the profiler's arguments
        this.title = title.replace(',', ' ');
        this.attributor = attributor;
        this.host = host;
    }

    @Override
    public void windowStarts(List<WorkerThread> threads) {
        if (started) {
            return; // one window per profile: the first
        }
        started = true;
        for (WorkerThread t : threads) {
            roles.put(t.tid(), t.sender() ? Role.SENDER : Role.RECEIVER);
            String name = t.thread().getName();
            if (!name.contains(",") && !name.startsWith("*") && !name.endsWith("*")) {
                names.add(name);
            }
        }
        try {
            engine.execute("start,event=" + event + ",interval=" + interval + ",threads,filter");
            active = true;
            for (WorkerThread t : threads) {
                engine.addThread(t.thread());
            }
        } catch (Exception | LinkageError e) {
            fail("the " + event + " profile could not be started: " + describe(e));
        }
    }

    @Override
    public void windowEnds() {
        if (!active) {
            return;
        }
        try {
            active = false;
            engine.execute("stop");
            String keep = names.size() == roles.size()
                    ? String.join("", names.stream().map(n -> ",include=" + n).toList()) : "";
            String collapsed = engine.execute("collapsed,threads,ann" + keep);
            Files.createDirectories(base.getParent());
            collapsedFile = sibling(".collapsed");
            Files.writeString(collapsedFile, collapsed);
            flameGraphFile = sibling(".html");
            engine.execute("flamegraph,threads,ann" + keep + ",title=" + title + ",file=" + flameGraphFile);
            attribution = attributor.attribute(CollapsedStack.parseAll(collapsed), roles);
            for (RoleProfile p : attribution.values()) {
                if (p.total() > 0 && p.kernelSamples() == 0 && !event.equals(Profiler.ITIMER)) {
                    limitations.add("no kernel frames in the " + p.role().label() + "'s profile (" + host.describe()
                            + "): " + Profiler.KERNEL_CATEGORIES);
                }
                if (p.total() == 0) {
                    limitations.add("no samples of the " + p.role().label() + " threads in the window");
                }
            }
        } catch (Exception | LinkageError e) {
            fail("the " + event + " profile could not be written: " + describe(e));
        }
    }

    /** Stops a session still running (the experiment failed inside its window). */
    @Override
    public void close() {
        if (active) {
            active = false;
            try {
                engine.execute("stop");
            } catch (Exception | LinkageError e) {
                fail("the " + event + " profile would not stop: " + describe(e));
            }
            fail("the window did not end normally; the profile was stopped and discarded");
        }
    }

    private void fail(String why) {
        if (failure.isEmpty()) {
            failure = Optional.of(why);
        }
    }

    private Path sibling(String extension) {
        return base.resolveSibling(base.getFileName() + extension);
    }

    private static String describe(Throwable e) {
        return e instanceof IOException ? "I/O error: " + e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    }

    public String event() {
        return event;
    }

    public boolean windowSeen() {
        return started;
    }

    /** Why there is no profile; empty when there is one. */
    public Optional<String> failure() {
        return failure.isPresent() ? failure
                : started ? Optional.empty() : Optional.of("the profiled trial never reached its measured window");
    }

    /** Samples per role and category; empty maps when the window failed. */
    public Map<Role, RoleProfile> attribution() {
        if (failure().isPresent() || attribution.isEmpty()) {
            Map<Role, RoleProfile> empty = new EnumMap<>(Role.class);
            for (Role r : Role.values()) {
                empty.put(r, new RoleProfile(r, Map.of(), 0));
            }
            return empty;
        }
        return attribution;
    }

    public List<String> limitations() {
        return List.copyOf(limitations);
    }

    public Optional<Path> collapsedFile() {
        return Optional.ofNullable(collapsedFile).filter(Files::isRegularFile);
    }

    public Optional<Path> flameGraphFile() {
        return Optional.ofNullable(flameGraphFile).filter(Files::isRegularFile);
    }
}
