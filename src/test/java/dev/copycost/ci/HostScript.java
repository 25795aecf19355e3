package dev.copycost.ci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs perf-scripts/prepare-host.sh once, bounded, and keeps what it printed. */
record HostScript(int exit, String out, String err) {
    static final Path SCRIPT = Path.of("perf-scripts/prepare-host.sh");
    /** The report reads sysfs and runs `perf stat true` and `ethtool -k` (each bounded to 10 s by the script). */
    private static final long BOUND_SECONDS = 60;

    /**
     * {@code prefix} (e.g. setpriv to drop root) goes before {@code bash}; {@code env} is added. The
     * script reaches bash on its standard input, opened by this JVM, so that a user without access to
     * the checkout's folder can still run it.
     */
    static HostScript run(List<String> prefix, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("bash", "-s", "--"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("prepare-host", ".out");
        Path err = Files.createTempFile("prepare-host", ".err");
        try {
            // files, not pipes: a full pipe could never block the script while we wait for it
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(SCRIPT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + BOUND_SECONDS
                        + " s; it printed: " + Files.readString(out) + Files.readString(err));
            }
            return new HostScript(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static HostScript run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(List.of(), env, args);
    }

    /** The value printed after an item's name at the start of a report line, or null when no line names it. */
    String value(String item) {
        for (String line : out.split("\n")) {
            if (line.startsWith(item + " ")) {
                return line.substring(item.length()).trim();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
