package dev.copycost.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A profiler that plays another host: refuses the events it is told to, like async-profiler does
 * ("Perf events unavailable" for cycles without a PMU), and answers dumps with a canned profile.
 */
class FakeEngine implements ProfilerEngine {
    final List<String> commands = new ArrayList<>();
    final List<Thread> filtered = new ArrayList<>();
    final Set<String> refused = new HashSet<>();
    String collapsed = "";
    boolean failDumps;
    private boolean running;

    FakeEngine refusing(String... events) {
        refused.addAll(List.of(events));
        return this;
    }

    @Override
    public String execute(String command) throws Exception {
        commands.add(command);
        if (command.startsWith("start")) {
            if (running) {
                throw new IllegalStateException("Profiler already started");
            }
            String event = command.replaceAll(".*event=([^,]*).*", "$1");
            if (refused.contains(event)) {
                throw new IllegalStateException("Perf events unavailable");
            }
            running = true;
            return "Profiling started\n";
        }
        if (command.equals("stop")) {
            if (!running) {
                throw new IllegalStateException("Profiler is not active");
            }
            running = false;
            return "";
        }
        if (failDumps) {
            throw new java.io.IOException("disk full");
        }
        if (command.startsWith("collapsed")) {
            return collapsed;
        }
        if (command.startsWith("flamegraph")) {
            Path file = Path.of(command.replaceAll(".*file=([^,]*).*", "$1"));
            Files.writeString(file, "<html>flame graph</html>");
            return "";
        }
        throw new IllegalArgumentException("unexpected command " + command);
    }

    @Override
    public void addThread(Thread thread) {
        filtered.add(thread);
    }

    boolean running() {
        return running;
    }
}
