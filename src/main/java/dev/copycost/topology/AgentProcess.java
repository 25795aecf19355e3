package dev.copycost.topology;

import dev.copycost.agent.ReceiveAgent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A receive agent ({@code copycost receive}) as a child process of this JVM, started on the same
 * Java and class path, optionally behind a command prefix such as {@code ip netns exec NS}. It is
 * ready once it printed its listening line; its output is kept (the last lines) for failure messages.
 */
public final class AgentProcess implements AutoCloseable {
    /** What the agent prints, exactly once, when it accepts runs. */
    static final Pattern LISTENING = Pattern.compile(Pattern.quote(ReceiveAgent.LISTENING) + "(\\S+):(\\d+)");
    private static final int KEPT_LINES = 40;

    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();

    private AgentProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts the agent bound to {@code bind} on an ephemeral port and waits, up to {@code startBound},
     * for it to listen; fails naming the command and what it printed if it does not.
     */
    public static AgentProcess start(List<String> prefix, InetAddress bind, Duration startBound)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Xmx64m",
                "dev.copycost.cli.CopycostCli", "receive", "--port", "0", "--bind", bind.getHostAddress(),
                "--exit-with-parent")); // a run killed by SIGKILL runs no hook that could stop it
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        AgentProcess agent = new AgentProcess(p);
        agent.readOutput();
        try {
            agent.listening.get(startBound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            agent.close();
            throw new IOException("the receive agent (" + String.join(" ", prefix) + " java ... receive --bind "
                    + bind.getHostAddress() + ") did not listen within " + startBound.toMillis() + " ms"
                    + (p.isAlive() ? "" : ", it exited with status " + p.exitValue()) + "; its output: " + agent.output());
        } catch (InterruptedException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    /** One daemon thread drains the output, so the agent never blocks on a full pipe. */
    private void readOutput() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    keep(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find() && !listening.isDone()) {
                        listening.complete(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
                    }
                }
            } catch (IOException | RuntimeException e) {
                keep("(output unreadable: " + e + ")");
            }
            listening.completeExceptionally(new IOException("the agent's output ended"));
        }, "copycost-agent-output");
        reader.setDaemon(true);
        reader.start();
    }

    private synchronized void keep(String line) {
        if (lastLines.size() == KEPT_LINES) {
            lastLines.removeFirst();
        }
        lastLines.addLast(line);
    }

    /** The last lines the agent printed. */
    public synchronized String output() {
        return lastLines.isEmpty() ? "(nothing)" : String.join(" | ", lastLines);
    }

    /** Where it listens, as it said. */
    public InetSocketAddress address() {
        return listening.getNow(null);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Ends the agent: SIGTERM, then SIGKILL if it has not ended within 5 s. {@code ip netns exec}
     * replaces itself with the program, so the process is the agent's JVM itself.
     */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
