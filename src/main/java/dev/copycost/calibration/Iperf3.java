package dev.copycost.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copycost.topology.SystemCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * iperf3 over 127.0.0.1, as a reference people already trust. It is not copycost's workload: it writes
 * one contiguous buffer of {@code -l} bytes per call and verifies nothing, and its {@code --zerocopy}
 * is sendfile(), not MSG_ZEROCOPY; so only the plain write path is compared, beside copycost's sendmsg.
 */
public final class Iperf3 {
    /** What differs from copycost's workload, said wherever an iperf3 ratio is shown. */
    public static final String DIFFERENCE = "iperf3 writes one contiguous buffer per call and its receiver verifies "
            + "nothing, where copycost's sendmsg gathers eight separately allocated fields and its receiver checks every "
            + "stamp and payload byte; iperf3's --zerocopy is sendfile(), not MSG_ZEROCOPY, so it is not compared";
    private static final Duration START_BOUND = Duration.ofSeconds(10);
    private static final Duration RUN_SLACK = Duration.ofSeconds(15);

    private Iperf3() {
    }

    /** Why iperf3 cannot run here, or empty. */
    public static Optional<String> unavailableReason() {
        return CTwin.onPath("iperf3").isPresent() ? Optional.empty()
                : Optional.of("iperf3 is not installed (apt-get install iperf3)");
    }

    /**
     * The whole-second span iperf3 measures for a window: its {@code -t} takes whole seconds, so a
     * window below a second is measured over one.
     */
    static int seconds(Duration window) {
        return (int) Math.max(1, Math.ceil(window.toNanos() / 1e9));
    }

    /** One client run of {@code seconds(window)} writing {@code size} bytes per call, against a one-off server. */
    public static ReferenceTrial run(int size, Duration window) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder("iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", String.valueOf(port),
                "--forceflush").redirectErrorStream(true).start();
        try {
            awaitListening(server, port);
            List<String> client = List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(port), "-t",
                    String.valueOf(seconds(window)), "-l", String.valueOf(size), "-J");
            SystemCommand.Result r = new SystemCommand(client, Duration.ofSeconds(seconds(window)).plus(RUN_SLACK)).run();
            if (r.exit() != 0) {
                throw new IOException(String.join(" ", client) + " failed (exit " + r.exit() + "): " + r.output());
            }
            return ReferenceTrial.throughputOnly(receivedGbps(r.output()));
        } finally {
            server.destroy();
            if (!server.waitFor(START_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                server.destroyForcibly().waitFor(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
            server.getInputStream().close();
        }
    }

    /** Waits for the server's "Server listening" line, at most {@link #START_BOUND}. */
    private static void awaitListening(Process server, int port) throws IOException, InterruptedException {
        CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("Server listening")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            if (!listening.get(START_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("iperf3 -s on port " + port + " ended before listening (exit "
                        + (server.isAlive() ? "none" : server.exitValue()) + ")");
            }
        } catch (TimeoutException e) {
            throw new IOException("iperf3 -s on port " + port + " did not say it was listening within "
                    + START_BOUND.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("iperf3 -s on port " + port + ": " + e.getCause(), e.getCause());
        }
    }

    /** The receiver's rate from iperf3's JSON ({@code end.sum_received.bits_per_second}). */
    static double receivedGbps(String json) throws IOException {
        JsonNode bps = new ObjectMapper().readTree(json).path("end").path("sum_received").path("bits_per_second");
        if (!bps.isNumber()) {
            throw new IOException("iperf3's JSON has no end.sum_received.bits_per_second: "
                    + json.substring(0, Math.min(300, json.length())));
        }
        return bps.asDouble() / 1e9;
    }
}
