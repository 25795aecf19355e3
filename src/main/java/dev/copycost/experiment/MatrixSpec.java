package dev.copycost.experiment;

import dev.copycost.message.MessageLayout;
import dev.copycost.strategy.StrategyName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The experiment matrix (strategies × sizes × threads) and the settings every point shares, read
 * from {@code copycost.*} properties. A bad value fails at once with the property, the value and what
 * is allowed; an unknown {@code copycost.*} property is an error too, since a typo would otherwise
 * silently run the defaults. Empty values count as unset.
 */
public record MatrixSpec(List<StrategyName> strategies, List<Integer> sizes, List<Integer> threads,
        Duration warmup, Duration duration, int repetitions, int payloadEvery, boolean noDelay, int zeroCopyRing,
        Duration ioTimeout, double noisyCv) {

    public static final String PREFIX = "copycost.";

    /** Every property this reads, with what it means; the README lists the same. */
    public static final Map<String, String> PROPERTIES = new TreeMap<>(Map.ofEntries(
            Map.entry("copycost.strategies", "comma list of " + StrategyName.allowedNames()),
            Map.entry("copycost.sizes", "comma list of message sizes in bytes (multiples of 8, >= 64; 4k = 4096)"),
            Map.entry("copycost.threads", "comma list of connection/thread counts, 1.." + ExperimentSpec.MAX_THREADS),
            Map.entry("copycost.warmup", "warm-up per point, e.g. 0.5s or 200ms"),
            Map.entry("copycost.duration", "one measured window, e.g. 2s"),
            Map.entry("copycost.repetitions", "measured windows per point, 1..1000"),
            Map.entry("copycost.verify", "share of messages whose payload is verified, (0, 1]; stamps always"),
            Map.entry("copycost.nodelay", "TCP_NODELAY on every connection (default false: Nagle on, the kernel default), true or false"),
            Map.entry("copycost.ring", "buffer sets the zero-copy sender cycles through, 1..1024"),
            Map.entry("copycost.timeout", "bound on any blocking step, e.g. 5s"),
            Map.entry("copycost.noisy-cv", "coefficient of variation above which a point is flagged noisy, e.g. 0.1"),
            Map.entry("copycost.output.dir", "where results.csv and results.json are written")));

    /** Properties that are ours but not the matrix's (read elsewhere). */
    private static final Set<String> OTHER_KNOWN = Set.of("copycost.output.dir");

    public static MatrixSpec defaults() {
        return fromProperties(new Properties());
    }

    public static MatrixSpec fromProperties(Properties props) {
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && !PROPERTIES.containsKey(name)) {
                throw new IllegalArgumentException("unknown property " + name + "=" + props.getProperty(name)
                        + ": known are " + String.join(", ", PROPERTIES.keySet()));
            }
        }
        Reader r = new Reader(props);
        List<StrategyName> strategies = r.list("copycost.strategies", "send,copy-send,sendmsg,zerocopy,nio-gather",
                StrategyName::parse);
        List<Integer> sizes = r.list("copycost.sizes", "64,512,4096,65536",
                s -> new MessageLayout(MessageLayout.parse(s).messageSize()).messageSize());
        List<Integer> threads = r.list("copycost.threads", "1,2,4,8", MatrixSpec::threadCount);
        Duration warmup = r.one("copycost.warmup", "0.5s", Durations::parse);
        Duration duration = r.one("copycost.duration", "2s", Durations::parse);
        int repetitions = r.one("copycost.repetitions", "3", Integer::parseInt);
        double verify = r.one("copycost.verify", "1", Double::parseDouble);
        if (!(verify > 0 && verify <= 1)) {
            throw new IllegalArgumentException("copycost.verify=" + verify + " is not allowed: use a share in (0, 1]");
        }
        boolean noDelay = r.one("copycost.nodelay", String.valueOf(ExperimentSpec.DEFAULT_NO_DELAY), MatrixSpec::bool);
        int ring = r.one("copycost.ring", String.valueOf(ExperimentSpec.DEFAULT_ZERO_COPY_RING), Integer::parseInt);
        Duration timeout = r.one("copycost.timeout", "5s", Durations::parse);
        double noisy = r.one("copycost.noisy-cv", "0.1", Double::parseDouble);
        MatrixSpec spec = new MatrixSpec(strategies, sizes, threads, warmup, duration, repetitions,
                (int) Math.round(1 / verify), noDelay, ring, timeout, noisy);
        try {
            spec.points(); // every point validates itself; report it under the property names
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("copycost.* properties do not make a valid experiment: " + e.getMessage(), e);
        }
        return spec;
    }

    /** Every point, strategy-major then size then threads, the order the report reads best in. */
    public List<ExperimentSpec> points() {
        List<ExperimentSpec> points = new ArrayList<>();
        for (StrategyName strategy : strategies) {
            for (int size : sizes) {
                for (int t : threads) {
                    points.add(point(strategy, size, t));
                }
            }
        }
        return points;
    }

    public ExperimentSpec point(StrategyName strategy, int size, int threadCount) {
        return new ExperimentSpec(strategy, new MessageLayout(size), threadCount, warmup, duration, repetitions,
                payloadEvery, noDelay, zeroCopyRing, ioTimeout, noisyCv);
    }

    private static int threadCount(String text) {
        int n = Integer.parseInt(text);
        if (n < 1 || n > ExperimentSpec.MAX_THREADS) {
            throw new IllegalArgumentException("thread count " + n + " is not in 1.." + ExperimentSpec.MAX_THREADS);
        }
        return n;
    }

    private static boolean bool(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("'" + text + "' is not true or false");
    }

    /** Reads one property with its default, turning any parse failure into a message naming it. */
    private static final class Reader {
        private final Properties props;

        Reader(Properties props) {
            this.props = props;
        }

        <T> T one(String name, String fallback, Function<String, T> parse) {
            String raw = props.getProperty(name, "").trim();
            String text = raw.isEmpty() ? fallback : raw;
            try {
                return parse.apply(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + "=" + text + " is not allowed: " + reason(e)
                        + " (expected " + PROPERTIES.get(name) + ")", e);
            }
        }

        <T> List<T> list(String name, String fallback, Function<String, T> parse) {
            return one(name, fallback, text -> {
                List<T> values = new ArrayList<>();
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        T value = parse.apply(part.trim());
                        if (!values.contains(value)) {
                            values.add(value);
                        }
                    }
                }
                if (values.isEmpty()) {
                    throw new IllegalArgumentException("the list is empty");
                }
                return List.copyOf(values);
            });
        }

        private static String reason(RuntimeException e) {
            return e instanceof NumberFormatException ? "not a number" : e.getMessage();
        }
    }
}
