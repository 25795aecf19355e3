package dev.copycost.cli;

import dev.copycost.agent.AgentLimits;
import dev.copycost.agent.ReceiveAgent;
import dev.copycost.experiment.Durations;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.message.MessageLayout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code receive}: the receive agent, serving runs until it is stopped (SIGTERM or Ctrl-C). Prints
 * exactly one line to stdout once it listens, {@code copycost receive: listening on HOST:PORT}, which
 * whoever started it may wait for; every other note goes to stderr.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"Runs a receive agent: receivers for senders on other hosts or namespaces "
                + "(copycost run --peer HOST:PORT), one run at a time, until stopped.",
            "Prints 'copycost receive: listening on HOST:PORT' on stdout once it accepts connections."})
final class ReceiveCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "TCP port to listen on; 0 picks a free one (printed)")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
            description = "IPv4 address to listen on (default ${DEFAULT-VALUE}: every interface)")
    String bind;

    @Option(names = "--max-connections", defaultValue = "" + ExperimentSpec.MAX_THREADS,
            description = "data connections (receiver threads) per run, 1..256 (default ${DEFAULT-VALUE}, as the matrix)")
    int maxConnections;

    @Option(names = "--max-message-size", defaultValue = "64m",
            description = "largest message size of a run, " + MessageLayout.MIN_SIZE + " B..64m (default ${DEFAULT-VALUE}, as the matrix)")
    String maxMessageSize;

    @Option(names = "--max-memory", defaultValue = "64m",
            description = "native memory of one run's receivers (receive buffers, expected payloads), "
                    + "128k..64m (default ${DEFAULT-VALUE}, the matrix's bound per experiment)")
    String maxMemory;

    @Option(names = "--max-io-timeout", defaultValue = "60s",
            description = "longest receive timeout a run may ask for (default ${DEFAULT-VALUE})")
    String maxIoTimeout;

    @Option(names = "--handshake-timeout", defaultValue = "5s",
            description = "bound on a new connection's hello, on a run request and on the arrival of a run's "
                    + "data connections (default ${DEFAULT-VALUE})")
    String handshakeTimeout;

    @Option(names = "--idle-timeout", defaultValue = "120s",
            description = "a run whose sender says nothing for this long is ended; must exceed the longest "
                    + "measured window (default ${DEFAULT-VALUE})")
    String idleTimeout;

    @Option(names = "--max-pending", defaultValue = "" + AgentLimits.DEFAULT_MAX_PENDING_HANDSHAKES,
            description = "connections in their handshake at one time; more are dropped (default ${DEFAULT-VALUE})")
    int maxPending;

    @Option(names = "--exit-with-parent",
            description = "stop when the process that started this one ends, also when it was killed (SIGKILL): "
                    + "for an agent started by a run (--topology netns), which must not outlive it")
    boolean exitWithParent;

    @Override
    public Integer call() throws InterruptedException {
        AgentLimits limits;
        InetSocketAddress address;
        try {
            long messageSize = bytes("--max-message-size", maxMessageSize);
            if (messageSize > MessageLayout.MAX_SIZE) {
                throw new IllegalArgumentException("--max-message-size " + maxMessageSize + " is above the largest message of "
                        + MessageLayout.MAX_SIZE + " bytes (64m)");
            }
            limits = new AgentLimits(maxConnections, (int) messageSize,
                    bytes("--max-memory", maxMemory), Durations.parse(maxIoTimeout), Durations.parse(handshakeTimeout),
                    Durations.parse(idleTimeout), maxPending);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port " + port + " is not in 0..65535");
            }
            address = new InetSocketAddress(ipv4(bind), port);
        } catch (IllegalArgumentException e) {
            System.err.println("copycost receive: " + e.getMessage());
            return CopycostCli.EXIT_USAGE;
        }
        ReceiveAgent agent;
        try {
            agent = ReceiveAgent.start(address, limits, System.err::println);
        } catch (IOException e) {
            System.err.println("copycost receive: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return CopycostCli.EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "copycost-agent-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (exitWithParent) {
            stopWithParent();
        }
        System.out.println(agent.listeningLine());
        System.out.flush();
        stopped.await(); // served until the process is told to stop; the hook closes the agent
        return CopycostCli.EXIT_OK;
    }

    /**
     * A killed parent runs no shutdown hook, so nothing would stop its agent: this one watches it and
     * exits (through the hook, which closes the agent) once it is gone.
     */
    private static void stopWithParent() {
        java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        String who = parent.map(p -> "pid " + p.pid()).orElse("gone already");
        Runnable stop = () -> {
            System.err.println("copycost receive: the process that started this agent (" + who + ") ended: stopping");
            System.exit(CopycostCli.EXIT_OK);
        };
        if (parent.isEmpty()) {
            stop.run(); // does not return
            return;
        }
        parent.get().onExit().thenRun(stop);
    }

    private static long bytes(String option, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,10})(|k|m)").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a number of bytes with an optional k or m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            default -> n;
        };
    }

    private static InetAddress ipv4(String text) {
        try {
            InetAddress a = InetAddress.getByName(text);
            if (!(a instanceof java.net.Inet4Address)) {
                throw new IllegalArgumentException("--bind " + text + " is not an IPv4 address; copycost speaks IPv4 only");
            }
            return a;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + text + " is not an address of this host");
        }
    }
}
