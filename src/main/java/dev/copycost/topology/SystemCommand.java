package dev.copycost.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short system command (ip, tc, ethtool; the calibration's gcc, C twin and iperf3 client) run to
 * completion within a bound. Its output is read after it ended: these commands print little, far
 * less than a pipe buffer holds.
 */
public record SystemCommand(List<String> argv, Duration bound) {
    static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

    static SystemCommand of(String... argv) {
        return new SystemCommand(List.of(argv), DEFAULT_BOUND);
    }

    /** Runs it; fails naming the command, its exit status and its output unless it succeeded. */
    public String require() throws IOException, InterruptedException {
        Result r = run();
        if (r.exit() != 0) {
            throw new IOException(this + " failed with exit status " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /** Runs it and returns its exit status and output, whatever they are; only a hang is an error. */
    public Result run() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(argv.get(0) + " could not be started (" + e.getMessage() + "): is it installed?", e);
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(this + " did not end within " + bound.toMillis() + " ms");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
            }
            p.getInputStream().close();
        }
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }

    public record Result(int exit, String output) {
    }
}
