package dev.copycost.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs this same command line again in a child JVM whose environment has some variables added, and
 * returns its exit status: how {@code run --topology container} gives Testcontainers the settings it
 * reads from the environment only, so that {@code java -jar copycost.jar run --topology container}
 * works as typed. The child shares this process's standard streams, so its result line is the
 * command's; if this process is told to stop, it stops the child first and waits for it (a bounded
 * wait), so that the child's own clean-up (its container) runs.
 */
final class Relaunch {
    private static final long STOP_BOUND_SECONDS = 30;

    private Relaunch() {
    }

    /** The child's command: the same Java, JVM options, class path and main class, then {@code args}. */
    static List<String> command(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), CopycostCli.class.getName()));
        argv.addAll(args);
        return argv;
    }

    /** Runs {@code args} in a child JVM with {@code extraEnv} added and returns its exit status. */
    static int withEnvironment(List<String> args, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).inheritIO();
        pb.environment().putAll(extraEnv);
        Process child = pb.start();
        Thread stopChild = new Thread(() -> {
            child.destroy();
            try {
                if (!child.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
            }
        }, "copycost-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            // unbounded on purpose: the child is the experiment itself, whose every step is bounded
            return child.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops the child
            }
        }
    }
}
