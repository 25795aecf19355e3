package dev.copycost.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code copycost receive} in a process of its own on 127.0.0.1, started from this JVM's class path.
 * Waits (bounded) for its listening line; collects its stderr notes so that tests can wait for one.
 * {@link #close()} kills it and waits for it to be gone.
 */
final class AgentProcess implements AutoCloseable {
    private static final long START_SECONDS = 30;

    private final Process process;
    private final InetSocketAddress address;
    private final BlockingQueue<String> notes;
    private final List<String> seen = new ArrayList<>();
    private final Thread stderr;

    private AgentProcess(Process process, InetSocketAddress address, Thread stderr, BlockingQueue<String> notes) {
        this.process = process;
        this.notes = notes;
        this.address = address;
        this.stderr = stderr;
    }

    static AgentProcess start(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.java(), "-Xmx128m", "-cp", System.getProperty("java.class.path"), "dev.copycost.cli.CopycostCli",
                "receive", "--port", "0", "--bind", "127.0.0.1"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).start();
        BlockingQueue<String> notes = new LinkedBlockingQueue<>();
        Thread errReader = new Thread(() -> pump(p, notes), "agent-process-stderr");
        errReader.setDaemon(true);
        errReader.start();
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        Thread outReader = new Thread(() -> {
            try (BufferedReader r = p.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "agent-process-stdout");
        outReader.setDaemon(true);
        outReader.start();
        String line = out.poll(START_SECONDS, TimeUnit.SECONDS);
        if (line == null || !line.startsWith(ReceiveAgent.LISTENING)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the agent did not print its listening line within " + START_SECONDS
                    + " s; it printed " + line + ", stderr: " + notes);
        }
        String hostPort = line.substring(ReceiveAgent.LISTENING.length());
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                Integer.parseInt(hostPort.substring(colon + 1)));
        AgentProcess agent = new AgentProcess(p, address, errReader, notes);
        return agent;
    }

    private static void pump(Process p, BlockingQueue<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    InetSocketAddress address() {
        return address;
    }

    String where() {
        return "agent at 127.0.0.1:" + address.getPort();
    }

    /** Waits (bounded) for the agent's next stderr note that matches; fails naming the notes seen. */
    String awaitNote(Predicate<String> wanted, String description) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            String note = notes.poll(left, TimeUnit.NANOSECONDS);
            if (note == null) {
                break;
            }
            seen.add(note);
            if (wanted.test(note)) {
                return note;
            }
        }
        throw new AssertionError("the agent logged no note " + description + " within 15 s; it logged: " + seen);
    }

    /** Kills the agent at once, as a crash or a lost host would, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the agent process did not end within 10 s of SIGKILL");
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        stderr.join(5000);
    }

    /** The java launcher of this JVM. */
    private static final class Path {
        static String java() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
