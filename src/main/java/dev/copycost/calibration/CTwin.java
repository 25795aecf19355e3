package dev.copycost.calibration;

import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.topology.SystemCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * copycost's workload in C ({@code perf-scripts/c-baseline/baseline.c}): the same eight fields, stamps,
 * payload pattern, receiver checks, buffer sets and socket options, without the JVM. It is compiled
 * with gcc when a run needs it, never committed as a binary, so it always matches its source. Its
 * threads are placed as the trial's {@link dev.copycost.experiment.Placement} places copycost's.
 */
public final class CTwin {
    /** The strategies the twin implements, by copycost's names. */
    public static final List<String> STRATEGIES = List.of("send", "copy-send", "sendmsg", "zerocopy");
    /** Compiling takes about a second; ten is a bound, not an estimate. */
    private static final Duration COMPILE_BOUND = Duration.ofSeconds(30);
    /** Beyond warm-up and window: start, the final completions, the receiver's drain. */
    private static final Duration RUN_SLACK = Duration.ofSeconds(10);

    private final Path binary;

    private CTwin(Path binary) {
        this.binary = binary;
    }

    /** Why the twin cannot be built here (no gcc, no source), or empty when it can. */
    public static Optional<String> unavailableReason(Path source) {
        if (!Files.isRegularFile(source)) {
            return Optional.of("the C twin's source " + source + " is missing");
        }
        return onPath("gcc").isPresent() ? Optional.empty()
                : Optional.of("gcc is not installed (apt-get install gcc libc6-dev)");
    }

    /** Compiles {@code source} into {@code binary}; fails with the compiler's own message. */
    public static CTwin compile(Path source, Path binary) throws IOException, InterruptedException {
        Files.createDirectories(binary.toAbsolutePath().getParent());
        SystemCommand.Result r = new SystemCommand(List.of("gcc", "-O2", "-pthread", "-o", binary.toString(),
                source.toString()), COMPILE_BOUND).run();
        if (r.exit() != 0) {
            throw new IOException("gcc could not compile " + source + " (exit " + r.exit() + "): " + r.output());
        }
        return new CTwin(binary);
    }

    /**
     * One trial: {@code strategy} at {@code size} bytes per message over one connection, measured for
     * {@code window} after {@code warmup}, with copycost's socket options and ring from {@code spec}.
     */
    public ReferenceTrial run(ExperimentSpec spec) throws IOException, InterruptedException {
        String strategy = spec.strategy().toString();
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("the C twin has no strategy '" + strategy + "': it has " + STRATEGIES);
        }
        if (spec.threads() != 1) {
            throw new IllegalArgumentException("the C twin runs one connection, not " + spec.threads());
        }
        List<String> argv = new ArrayList<>(List.of(binary.toString(), strategy, String.valueOf(spec.layout().messageSize()),
                seconds(spec.duration()), spec.noDelay() ? "1" : "0", seconds(spec.warmup()),
                String.valueOf(spec.zeroCopyRing()), spec.placement().label()));
        SystemCommand.Result r = new SystemCommand(argv, spec.warmup().plus(spec.duration()).plus(RUN_SLACK)).run();
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", argv) + " failed (exit " + r.exit() + (r.exit() == 3
                    ? ", its receiver found the stream corrupt" : "") + "): " + r.output());
        }
        return parse(r.output());
    }

    /** The twin's {@code calls} mode: {@code free(NULL)} through a function pointer, as {@link CallCost#ofJna} calls it through JNA. */
    public CallCost callCost(long calls, int rounds) throws IOException, InterruptedException {
        List<String> argv = List.of(binary.toString(), "calls", String.valueOf(calls), String.valueOf(rounds));
        SystemCommand.Result r = new SystemCommand(argv, RUN_SLACK).run();
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", argv) + " failed (exit " + r.exit() + "): " + r.output());
        }
        return parseCalls(r.output());
    }

    /** Reads {@code calls=.. rounds=.. ns_per_call=r1,r2,..}. */
    static CallCost parseCalls(String output) {
        String line = lastLine(output, "calls=", "calls");
        Map<String, String> v = keyValues(line);
        if (!v.containsKey("ns_per_call")) {
            throw new IllegalArgumentException("the C twin's calls line has no ns_per_call: '" + line + "'");
        }
        try {
            return new CallCost(CallCost.C, Long.parseLong(v.get("calls")),
                    Arrays.stream(v.get("ns_per_call").split(",")).map(Double::parseDouble).toList());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the C twin's calls line is not what it prints: '" + line + "'", e);
        }
    }

    private static String seconds(Duration d) {
        return String.valueOf(d.toNanos() / 1e9);
    }

    /** Reads the twin's result line: {@code strategy=.. size=.. gbps=.. verified=.. issued=.. completed=.. copied=..}. */
    static ReferenceTrial parse(String output) {
        String line = lastLine(output, "strategy=", "result");
        Map<String, String> v = keyValues(line);
        try {
            PerMessageCosts perMessage = new PerMessageCosts(perMessage(v, "sender_cpu_us_per_message"),
                    perMessage(v, "receiver_cpu_us_per_message"), perMessage(v, "sender_sleeps_per_message"),
                    perMessage(v, "receiver_sleeps_per_message"));
            return new ReferenceTrial(Double.parseDouble(v.get("gbps")), Long.parseLong(v.get("verified")),
                    Long.parseLong(v.get("issued")), Long.parseLong(v.get("completed")), Long.parseLong(v.get("copied")),
                    perMessage);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the C twin's result line is not what it prints: '" + line + "'", e);
        }
    }

    /** A per-message value of the result line; NaN if absent or negative (the twin's -1: no message in the window). */
    private static double perMessage(Map<String, String> v, String key) {
        double value = v.containsKey(key) ? Double.parseDouble(v.get(key)) : Double.NaN;
        return value < 0 ? Double.NaN : value;
    }

    /** The last line of the twin's output that starts with {@code prefix}: the line it prints last. */
    private static String lastLine(String output, String prefix, String what) {
        return output.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("no " + what + " line in the C twin's output: " + output));
    }

    /** The {@code key=value} pairs of one line, separated by spaces. */
    private static Map<String, String> keyValues(String line) {
        Map<String, String> v = new HashMap<>();
        for (String pair : line.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                v.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "C twin " + binary;
    }

    /** The program's path if it is an executable on PATH. */
    static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
