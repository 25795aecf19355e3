package dev.copycost.topology;

import dev.copycost.agent.ReceiveAgent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategy;

/**
 * What the agent in a container prints, as Testcontainers streams it: the last lines are kept for
 * failure messages, and the start is over as soon as the agent prints its listening line, or fails as
 * soon as its output ends without it (the container exited), rather than only when the start's bound
 * runs out, as a wait for a log line alone would.
 */
final class AgentOutput implements Consumer<OutputFrame> {
    private static final int KEPT_LINES = 40;

    private final Deque<String> lastLines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();

    /** Frames are chunks of the stream, not lines: a line is kept once its newline arrived. */
    @Override
    public synchronized void accept(OutputFrame frame) {
        if (frame.getType() == OutputFrame.OutputType.END) {
            if (partial.length() > 0) {
                line(partial.toString());
                partial.setLength(0);
            }
            listening.completeExceptionally(new IOException("the agent's output ended (the container exited)"));
            return;
        }
        partial.append(frame.getUtf8String());
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, nl));
            partial.delete(0, nl + 1);
        }
    }

    private void line(String line) {
        if (lastLines.size() == KEPT_LINES) {
            lastLines.removeFirst();
        }
        lastLines.addLast(line);
        if (line.contains(ReceiveAgent.LISTENING)) {
            listening.complete(null);
        }
    }

    /** The last lines the agent printed. */
    synchronized String lines() {
        return lastLines.isEmpty() && partial.length() == 0 ? "(nothing)"
                : String.join(" | ", lastLines) + (partial.length() == 0 ? "" : " | " + partial);
    }

    /** Testcontainers' wait for the start: the listening line, within the start's bound. */
    WaitStrategy untilListening() {
        return new AbstractWaitStrategy() {
            @Override
            protected void waitUntilReady() {
                try {
                    listening.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    throw new ContainerLaunchException("no listening line within " + startupTimeout.toMillis() + " ms");
                } catch (ExecutionException e) {
                    throw new ContainerLaunchException(e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ContainerLaunchException("interrupted while waiting for the agent to listen");
                }
            }
        };
    }
}
