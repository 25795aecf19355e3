package dev.copycost.experiment;

import dev.copycost.message.MessageLayout;
import dev.copycost.rounds.Arm;
import dev.copycost.rounds.Block;
import dev.copycost.rounds.RoundsPlan;
import dev.copycost.strategy.FieldPlacement;
import dev.copycost.strategy.StrategyName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The experiment matrix (strategies × sizes × threads), how its blocks are measured in rounds, and
 * the settings every point shares, read from {@code copycost.*} properties. A bad value fails at
 * once with the property, the value and what is allowed; an unknown {@code copycost.*} property is
 * an error too, since a typo would otherwise silently run the defaults. Empty values count as unset.
 *
 * @param placementStudy also measure, at 1 thread and the largest size, one strategy under every placement
 * @param baseline       an earlier run's results.json to compare this run with, point by point
 * @param links          the topologies measured and the reduced set of points measured off loopback
 * @param uringDepths    the io_uring queue depths: each io_uring strategy is one arm per depth, named
 *                       with it ({@code uring-send-qd1}, {@code uring-send-qd16}), in the same blocks
 *                       as the other strategies so that every pair is compared side by side
 * @param fields         where a message's fields lie in the sender's memory, for every point
 * @param profile        profile one extra trial per point after its block's rounds
 * @param profileInterval the profile's sampling interval
 */
public record MatrixSpec(List<StrategyName> strategies, List<Integer> sizes, List<Integer> threads,
        Duration warmup, Duration duration, int payloadEvery, boolean noDelay, int zeroCopyRing,
        Duration ioTimeout, double noisyCv, Placement placement, RoundsPlan rounds, boolean placementStudy,
        Optional<Path> baseline, TopologyPlan links, List<Integer> uringDepths, FieldPlacement fields, boolean profile,
        Duration profileInterval) {

    /**
     * One sample a millisecond of CPU: a default window of 0.35 s gives each busy thread about 350
     * samples, enough for a share of 5% to stand on some 17 samples, at a cost far below the window.
     */
    public static final Duration DEFAULT_PROFILE_INTERVAL = Duration.ofMillis(1);

    public static final String PREFIX = "copycost.";
    /** The strategy the placement study measures, when the matrix has it (else the first strategy). */
    public static final StrategyName PLACEMENT_STUDY_STRATEGY = StrategyName.SENDMSG;

    /** Every property this reads, with what it means; the README lists the same. */
    public static final Map<String, String> PROPERTIES = new TreeMap<>(Map.ofEntries(
            Map.entry("copycost.strategies", "comma list of " + StrategyName.allowedNames()),
            Map.entry("copycost.sizes", "comma list of message sizes in bytes (multiples of 8, >= 64; 4k = 4096)"),
            Map.entry("copycost.threads", "comma list of connection/thread counts, 1.." + ExperimentSpec.MAX_THREADS),
            Map.entry("copycost.warmup", "warm-up of every trial, e.g. 0.25s or 200ms"),
            // read by the calibration (CalibrationIT), listed here so the one check of property names knows them
            Map.entry("copycost.calibration-sizes", "comma list of message sizes the calibration measures against the "
                    + "C twin (and iperf3 at 4096 and above)"),
            Map.entry("copycost.calibration-pairs", "alternating pairs per calibration point, an even number, at least 2"),
            Map.entry("copycost.duration", "the measured window of every trial, e.g. 0.75s"),
            Map.entry("copycost.rounds-min", "rounds every block runs at least, 2..1000"),
            Map.entry("copycost.rounds-max", "rounds a block runs at most, rounds-min..1000"),
            Map.entry("copycost.budget", "time budget of one block, e.g. 40s: no round starts that would overrun it"),
            Map.entry("copycost.seed", "seed of the rounds' random orders, a whole number (default: drawn and recorded)"),
            Map.entry("copycost.equivalence", "margin m of the verdict equivalent, a fraction in (0, 0.5), e.g. 0.03"),
            Map.entry("copycost.placement", "where threads run: os, spread or same-core"),
            Map.entry("copycost.quiet-steal", "a block measured under more hypervisor steal than this share is measured again, e.g. 0.05"),
            Map.entry("copycost.quiet-other-cpus", "a block during which other processes used more CPUs than this is measured again, e.g. 0.25"),
            Map.entry("copycost.attempts", "times a block is measured at most to get a quiet measurement, 1..10 (1: never again)"),
            Map.entry("copycost.placement-study", "also measure one strategy under every placement, true or false"),
            Map.entry("copycost.baseline", "path of an earlier run's results.json to compare this run with"),
            Map.entry("copycost.verify", "share of messages whose payload is verified, (0, 1]; stamps always"),
            Map.entry("copycost.nodelay", "TCP_NODELAY on every connection (default false: Nagle on, the kernel default), true or false"),
            Map.entry("copycost.ring", "buffer sets the zerocopy and io_uring senders cycle through, 1..1024"),
            Map.entry("copycost.uring-depth", "comma list of io_uring queue depths (requests in flight per connection, "
                    + "submitted together), each 1..copycost.ring"),
            Map.entry("copycost.fields", "where a message's 8 fields lie in the sender's memory: page-per-field or packed"),
            Map.entry("copycost.profile", "profile one extra trial per point after its block's rounds: on or off"),
            Map.entry("copycost.profile-interval", "the profile's sampling interval, e.g. 1ms (at least 0.01ms)"),
            Map.entry("copycost.timeout", "bound on any blocking step, e.g. 5s"),
            Map.entry("copycost.noisy-cv", "coefficient of variation over trials above which a point is flagged noisy, e.g. 0.1"),
            Map.entry("copycost.topologies", "comma list of " + String.join(", ", TopologyPlan.NAMES)
                    + " (remote needs copycost.peer; default loopback,netns)"),
            Map.entry("copycost.peer", "HOST:PORT of a receive agent (copycost receive) on another host: adds topology remote"),
            Map.entry("copycost.link-sizes", "comma list of message sizes measured on the topologies other than loopback"),
            Map.entry("copycost.link-threads", "comma list of connection counts measured on the topologies other than loopback"),
            Map.entry("copycost.netem", "tc netem arguments for the netns link's sending end, e.g. 'delay 1ms rate 10gbit'"),
            Map.entry("copycost.history", "where the last run's results.json is kept for the next run to compare with"),
            Map.entry("copycost.output.dir", "where results.csv, results.json and comparisons.csv are written")));

    /** Properties that used to exist, with what replaced them: an old command line fails saying so. */
    private static final Map<String, String> REPLACED = Map.of("copycost.repetitions",
            "a point is now measured by independent trials in rounds: use copycost.rounds-min and copycost.rounds-max");

    /*
     * Short trials, many rounds: measured here on the reduced acceptance matrix, trials of 0.25 s +
     * 0.75 s gave 10 rounds a block within 45 s and 27 of 36 comparisons decided; trials of 0.15 s +
     * 0.35 s gave 21 rounds and 31 of 36. The spread that matters is between trials (thread placement,
     * the machine's phase), which a longer window does not average away, while more rounds narrow the
     * interval and shorter rounds pair their trials more closely in time.
     */
    public static final Duration DEFAULT_WARMUP = Duration.ofMillis(150);
    public static final Duration DEFAULT_DURATION = Duration.ofMillis(350);

    /** Every strategy; io_uring's are skipped, saying why, where the probe finds them unavailable. */
    public static final String DEFAULT_STRATEGIES = "send,copy-send,sendmsg,zerocopy,nio-gather,uring-send,uring-zc";
    /** One request at a time (io_uring's cost per send against sendmsg's), and 16 in one submission (what batching buys). */
    public static final String DEFAULT_URING_DEPTHS = "1,16";

    public static MatrixSpec defaults() {
        return fromProperties(new Properties());
    }

    public static MatrixSpec fromProperties(Properties props) {
        for (String name : props.stringPropertyNames()) {
            if (REPLACED.containsKey(name) && !props.getProperty(name).isBlank()) {
                throw new IllegalArgumentException(name + "=" + props.getProperty(name) + " is no longer read: "
                        + REPLACED.get(name));
            }
            if (name.startsWith(PREFIX) && !PROPERTIES.containsKey(name) && !REPLACED.containsKey(name)) {
                throw new IllegalArgumentException("unknown property " + name + "=" + props.getProperty(name)
                        + ": known are " + String.join(", ", PROPERTIES.keySet()));
            }
        }
        Reader r = new Reader(props);
        List<StrategyName> strategies = r.list("copycost.strategies", DEFAULT_STRATEGIES, StrategyName::parse);
        List<Integer> sizes = r.list("copycost.sizes", "64,512,4096,65536",
                s -> new MessageLayout(MessageLayout.parse(s).messageSize()).messageSize());
        List<Integer> threads = r.list("copycost.threads", "1,2,4,8", MatrixSpec::threadCount);
        Duration warmup = r.one("copycost.warmup", Durations.format(DEFAULT_WARMUP), Durations::parse);
        Duration duration = r.one("copycost.duration", Durations.format(DEFAULT_DURATION), Durations::parse);
        double verify = r.one("copycost.verify", "1", Double::parseDouble);
        if (!(verify > 0 && verify <= 1)) {
            throw new IllegalArgumentException("copycost.verify=" + verify + " is not allowed: use a share in (0, 1]");
        }
        boolean noDelay = r.one("copycost.nodelay", String.valueOf(ExperimentSpec.DEFAULT_NO_DELAY), MatrixSpec::bool);
        int ring = r.one("copycost.ring", String.valueOf(ExperimentSpec.DEFAULT_ZERO_COPY_RING), Integer::parseInt);
        List<Integer> uringDepths = r.list("copycost.uring-depth", DEFAULT_URING_DEPTHS, MatrixSpec::uringDepth);
        Duration timeout = r.one("copycost.timeout", "5s", Durations::parse);
        double noisy = r.one("copycost.noisy-cv", "0.1", Double::parseDouble);
        Placement placement = r.one("copycost.placement", ExperimentSpec.DEFAULT_PLACEMENT.label(), Placement::parse);
        int minRounds = r.one("copycost.rounds-min", String.valueOf(RoundsPlan.DEFAULT_MIN_ROUNDS), Integer::parseInt);
        int maxRounds = r.one("copycost.rounds-max", String.valueOf(Math.max(minRounds, RoundsPlan.DEFAULT_MAX_ROUNDS)),
                Integer::parseInt);
        Duration budget = r.one("copycost.budget", Durations.format(RoundsPlan.DEFAULT_BUDGET), Durations::parse);
        long seed = r.one("copycost.seed", Long.toString(drawSeed()), Long::parseLong);
        double equivalence = r.one("copycost.equivalence", String.valueOf(RoundsPlan.DEFAULT_EQUIVALENCE),
                Double::parseDouble);
        double quietSteal = r.one("copycost.quiet-steal", String.valueOf(RoundsPlan.DEFAULT_MAX_STEAL), Double::parseDouble);
        double quietOther = r.one("copycost.quiet-other-cpus", String.valueOf(RoundsPlan.DEFAULT_MAX_OTHER_CPUS),
                Double::parseDouble);
        int attempts = r.one("copycost.attempts", String.valueOf(RoundsPlan.DEFAULT_ATTEMPTS), Integer::parseInt);
        RoundsPlan rounds;
        try {
            rounds = new RoundsPlan(minRounds, maxRounds, budget, seed, equivalence, quietSteal, quietOther, attempts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("copycost.rounds-min=" + minRounds + ", copycost.rounds-max=" + maxRounds
                    + ", copycost.budget=" + Durations.format(budget) + ", copycost.equivalence=" + equivalence
                    + ", copycost.quiet-steal=" + quietSteal + ", copycost.quiet-other-cpus=" + quietOther
                    + ", copycost.attempts=" + attempts + " are not allowed: " + e.getMessage(), e);
        }
        boolean study = r.one("copycost.placement-study", "true", MatrixSpec::bool);
        Optional<Path> baseline = r.optional("copycost.baseline", MatrixSpec::existingFile);
        TopologyPlan links = topologyPlan(r);
        FieldPlacement fields = r.one("copycost.fields", FieldPlacement.PAGE_PER_FIELD.label(), FieldPlacement::parse);
        boolean profile = r.one("copycost.profile", "on", MatrixSpec::onOff);
        Duration interval = r.one("copycost.profile-interval", Durations.formatFine(DEFAULT_PROFILE_INTERVAL),
                MatrixSpec::profileInterval);
        MatrixSpec spec = new MatrixSpec(strategies, sizes, threads, warmup, duration,
                (int) Math.round(1 / verify), noDelay, ring, timeout, noisy, placement, rounds, study, baseline, links,
                uringDepths, fields, profile, interval);
        try {
            spec.blocks(); // every point validates itself; report it under the property names
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("copycost.* properties do not make a valid experiment: " + e.getMessage(), e);
        }
        return spec;
    }

    private static TopologyPlan topologyPlan(Reader r) {
        Optional<java.net.InetSocketAddress> peer = r.optional("copycost.peer", TopologyPlan::parsePeer);
        List<String> topologies = new ArrayList<>(r.list("copycost.topologies", "loopback,netns", t -> {
            if (!TopologyPlan.NAMES.contains(t)) {
                throw new IllegalArgumentException("'" + t + "' is not a topology");
            }
            return t;
        }));
        if (!topologies.contains(TopologyPlan.LOOPBACK)) {
            throw new IllegalArgumentException("copycost.topologies=" + String.join(",", topologies)
                    + " is not allowed: it must include loopback, the reference the other topologies are read against");
        }
        if (peer.isPresent() && !topologies.contains(TopologyPlan.REMOTE)) {
            topologies.add(TopologyPlan.REMOTE);
        }
        if (topologies.contains(TopologyPlan.REMOTE) && peer.isEmpty()) {
            throw new IllegalArgumentException("copycost.topologies=" + String.join(",", topologies)
                    + " is not allowed: topology remote needs copycost.peer=HOST:PORT of a receive agent");
        }
        List<Integer> sizes = r.list("copycost.link-sizes", "4096,65536",
                s -> new MessageLayout(MessageLayout.parse(s).messageSize()).messageSize());
        List<Integer> threads = r.list("copycost.link-threads", "1", MatrixSpec::threadCount);
        Optional<String> netem = r.optional("copycost.netem", text -> text);
        return new TopologyPlan(topologies, peer, sizes, threads, netem);
    }

    /** Every loopback point, strategy-major (io_uring's by depth) then size then threads, the order the report reads best in. */
    public List<ExperimentSpec> points() {
        List<ExperimentSpec> points = new ArrayList<>();
        for (String name : pointNames()) {
            for (int size : sizes) {
                for (int t : threads) {
                    points.add(point(name, size, t));
                }
            }
        }
        return points;
    }

    /**
     * The names of the points of one block, in order: each strategy's label, and each io_uring strategy
     * once per queue depth ({@code uring-send-qd1}, {@code uring-send-qd16}).
     */
    public List<String> pointNames() {
        List<String> names = new ArrayList<>();
        for (StrategyName s : strategies) {
            if (s.isUring()) {
                uringDepths.forEach(d -> names.add(s.pointName(d)));
            } else {
                names.add(s.label());
            }
        }
        return names;
    }

    /** The topologies measured, loopback first when measured. */
    public List<String> topologies() {
        return links.topologies();
    }

    /** The sizes measured on a topology: the whole list on loopback, the reduced one elsewhere. */
    public List<Integer> sizesOn(String topology) {
        return topology.equals(TopologyPlan.LOOPBACK) ? sizes : links.sizes();
    }

    /** The connection counts measured on a topology. */
    public List<Integer> threadsOn(String topology) {
        return topology.equals(TopologyPlan.LOOPBACK) ? threads : links.threads();
    }

    public ExperimentSpec point(StrategyName strategy, int size, int threadCount) {
        // one measured window per trial: the spread that matters is between trials, not inside one
        return new ExperimentSpec(strategy, new MessageLayout(size), threadCount, warmup, duration, 1,
                payloadEvery, noDelay, zeroCopyRing, ioTimeout, noisyCv, placement, fields);
    }

    /** The point named {@code pointName} (as {@link #pointNames()} gives them) at this size and threads. */
    public ExperimentSpec point(String pointName, int size, int threadCount) {
        StrategyName s = StrategyName.ofPoint(pointName);
        ExperimentSpec spec = point(s, size, threadCount);
        return s.isUring() ? spec.withUringDepth(StrategyName.queueDepthOf(pointName)) : spec;
    }

    /** The blocks of the matrix: per topology, one per size and thread count, every strategy an arm. */
    public List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (String topology : topologies()) {
            for (int size : sizesOn(topology)) {
                for (int t : threadsOn(topology)) {
                    blocks.add(blockOf(topology, size, t));
                }
            }
        }
        return blocks;
    }

    /** The loopback block of the given size and threads. */
    public Block blockOf(int size, int threadCount) {
        return blockOf(TopologyPlan.LOOPBACK, size, threadCount);
    }

    /** The block of the given topology, size and threads: every point name of the matrix an arm. */
    public Block blockOf(String topology, int size, int threadCount) {
        if (!topologies().contains(topology) || !sizesOn(topology).contains(size)
                || !threadsOn(topology).contains(threadCount)) {
            throw new IllegalArgumentException("no block " + size + " B × " + threadCount + " over " + topology
                    + " in this matrix: topologies " + topologies() + ", sizes there " + sizesOn(topology)
                    + ", threads there " + threadsOn(topology));
        }
        List<Arm> arms = new ArrayList<>();
        for (String name : pointNames()) {
            arms.add(new Arm(name, point(name, size, threadCount)));
        }
        return new Block(Block.STRATEGIES, topology, size, threadCount, arms);
    }

    /**
     * The placement study, if asked for: at 1 thread and the largest size, one strategy (sendmsg
     * where measured) under each placement, in rounds like any block.
     */
    public Optional<Block> placementBlock() {
        if (!placementStudy) {
            return Optional.empty();
        }
        StrategyName s = strategies.contains(PLACEMENT_STUDY_STRATEGY) ? PLACEMENT_STUDY_STRATEGY : strategies.get(0);
        int size = sizes.get(sizes.size() - 1);
        List<Arm> arms = new ArrayList<>();
        for (Placement p : Placement.values()) {
            arms.add(new Arm(p.label(), point(s, size, 1).withPlacement(p)));
        }
        return Optional.of(new Block(Block.PLACEMENT, TopologyPlan.LOOPBACK, size, 1, arms));
    }

    /** A seed for a run that was given none: recorded with the results, so the run can be repeated. */
    private static long drawSeed() {
        return new java.security.SecureRandom().nextLong() >>> 16; // short enough to type back in
    }

    private static Path existingFile(String text) {
        Path p = Path.of(text);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + p.toAbsolutePath()
                    + " (give the results.json of an earlier run)");
        }
        return p;
    }

    private static boolean onOff(String text) {
        if (text.equalsIgnoreCase("on") || text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + text + "' is not on or off");
    }

    private static Duration profileInterval(String text) {
        Duration d = Durations.parse(text);
        if (d.toNanos() < 10_000) {
            throw new IllegalArgumentException(Durations.formatFine(d) + " is shorter than 0.01ms");
        }
        return d;
    }

    private static int uringDepth(String text) {
        int n = Integer.parseInt(text);
        if (n < 1 || n > ExperimentSpec.MAX_URING_DEPTH) {
            throw new IllegalArgumentException("queue depth " + n + " is not in 1.." + ExperimentSpec.MAX_URING_DEPTH);
        }
        return n;
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

        <T> Optional<T> optional(String name, Function<String, T> parse) {
            String raw = props.getProperty(name, "").trim();
            return raw.isEmpty() ? Optional.empty() : Optional.of(one(name, raw, parse));
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
