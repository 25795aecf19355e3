package dev.copycost.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code copycost ARGS} as a user runs it: a JVM of its own (this JVM's class path), stdout and stderr
 * in files. {@link #close()} kills it and everything it started, and waits for them to be gone.
 */
public final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code copycost args}, its output going to files in {@code dir}. */
    public static CliProcess start(Path dir, String... args) throws IOException {
        return startBehind(List.of(), dir, args);
    }

    /** As {@link #start}, behind a command prefix such as {@code ip netns exec NS}, which execs the JVM. */
    public static CliProcess startBehind(List<String> prefix, Path dir, String... args) throws IOException {
        return startBehind(prefix, System.getProperty("java.class.path"), dir, args);
    }

    /** As above, on {@code classPath}, e.g. one another user can read. */
    public static CliProcess startBehind(List<String> prefix, String classPath, Path dir, String... args)
            throws IOException {
        return startMain(prefix, classPath, CopycostCli.class, dir, args);
    }

    /** As above, with another main class in front of copycost's (e.g. one that installs a seccomp filter first). */
    public static CliProcess startMain(List<String> prefix, String classPath, Class<?> main, Path dir, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new CliProcess(p, out, err);
    }

    /** Waits at most {@code seconds} for it to exit; returns its exit code, or fails naming what it printed. */
    public int exitCode(long seconds) throws InterruptedException, IOException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("copycost did not exit within " + seconds + " s; stderr: " + stderr());
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Its descendants now: the processes it started that have not ended. */
    public List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** Sends it {@code SIGNAL} (e.g. TERM, as a CI runner cancelling a job does; INT, as Ctrl-C does). */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    public String stdout() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("copycost (pid " + process.pid() + ") did not end within 10 s of SIGKILL");
        }
    }
}
