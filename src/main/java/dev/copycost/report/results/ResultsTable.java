package dev.copycost.report.results;

import dev.copycost.experiment.PointResult;
import dev.copycost.report.Fmt;
import dev.copycost.strategy.StrategyName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The results of a matrix run as they come in: one {@link ResultRow} per finished point, one
 * {@link FailedPoint} per failed one. {@link #write} may be called after every point; each file is
 * replaced atomically, so a run that stops half-way still leaves a valid results.csv and
 * results.json with what it measured. Thread-safe, since tests may report from several threads.
 */
public final class ResultsTable {
    public static final String CSV_FILE = "results.csv";
    public static final String JSON_FILE = "results.json";
    public static final String COMPARISONS_FILE = "comparisons.csv";
    public static final String ATTRIBUTION_FILE = "cpu-attribution.csv";

    /**
     * The layout of results.json: the environment, how the run measured, the rows with every trial's
     * raw values, the paired comparisons of every block, the failures, and the CPU profiles: how the
     * run profiled, each point's profile and its attribution to categories.
     */
    public record ResultsFile(EnvironmentFacts environment, List<ResultRow> rows, List<FailedPoint> failures,
            List<ComparisonRow> comparisons, RunMethod method, Map<String, String> receiverHosts, ProfileRun profile,
            List<ProfiledPoint> profiles, List<CpuAttributionRow> attribution) {
        public ResultsFile {
            receiverHosts = receiverHosts == null ? Map.of() : new java.util.TreeMap<>(receiverHosts);
            rows = rows == null ? List.of() : List.copyOf(rows);
            failures = failures == null ? List.of() : List.copyOf(failures);
            comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
            profiles = profiles == null ? List.of() : List.copyOf(profiles);
            attribution = attribution == null ? List.of() : List.copyOf(attribution);
        }

        /** Without profiles: a run that took none, or a file written before them. */
        public ResultsFile(EnvironmentFacts environment, List<ResultRow> rows, List<FailedPoint> failures,
                List<ComparisonRow> comparisons, RunMethod method, Map<String, String> receiverHosts) {
            this(environment, rows, failures, comparisons, method, receiverHosts, null, List.of(), List.of());
        }

        public ResultsFile(EnvironmentFacts environment, List<ResultRow> rows, List<FailedPoint> failures) {
            this(environment, rows, failures, List.of(), null, Map.of());
        }

        public ResultsFile(EnvironmentFacts environment, List<ResultRow> rows, List<FailedPoint> failures,
                List<ComparisonRow> comparisons, RunMethod method) {
            this(environment, rows, failures, comparisons, method, Map.of());
        }

        /** The rows, comparisons and failures of one topology: the report keeps topologies apart. */
        public ResultsFile ofTopology(String topology) {
            return new ResultsFile(environment, rows.stream().filter(r -> r.topology().equals(topology)).toList(),
                    failures.stream().filter(f -> f.topology().equals(topology)).toList(),
                    comparisons.stream().filter(c -> c.topology().equals(topology)).toList(), method,
                    receiverHosts.containsKey(topology) ? Map.of(topology, receiverHosts.get(topology)) : Map.of(),
                    profile, profiles.stream().filter(p -> p.topology().equals(topology)).toList(),
                    attribution.stream().filter(a -> a.topology().equals(topology)).toList());
        }

        /** The topologies measured, loopback first where present. */
        public List<String> topologies() {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            rows.forEach(r -> names.add(r.topology()));
            failures.forEach(f -> names.add(f.topology()));
            return names.stream().sorted(java.util.Comparator.comparing((String t) -> !t.equals(PointResult.LOOPBACK))
                    .thenComparing(t -> t)).toList();
        }
    }

    private final Map<String, ResultRow> rows = new LinkedHashMap<>();
    private final Map<String, FailedPoint> failures = new LinkedHashMap<>();
    private final Map<String, List<ComparisonRow>> comparisons = new LinkedHashMap<>();
    private RunMethod method;
    private ProfileRun profile;
    private final Map<String, List<ProfiledPoint>> profiles = new LinkedHashMap<>();
    private final Map<String, List<CpuAttributionRow>> attribution = new LinkedHashMap<>();
    private final Map<String, String> receiverHosts = new java.util.TreeMap<>();

    /** The receivers' host of a topology whose receivers ran elsewhere, as their agent reported it. */
    public synchronized void receiverHost(String topology, String description) {
        receiverHosts.put(topology, description);
    }

    /** How this run measures; written into results.json. */
    public synchronized void method(RunMethod m) {
        this.method = m;
    }

    /** How this run profiles; written into results.json. */
    public synchronized void profileRun(ProfileRun p) {
        this.profile = p;
    }

    /**
     * One point's profile of one event, with its attribution rows; a point profiled again replaces them.
     *
     * @param outputDir the directory results are written to: the profile's files are recorded relative to it
     */
    public synchronized void addProfile(dev.copycost.profile.PointProfile p, Path outputDir) {
        String key = key(p.topology(), p.strategy(), p.size(), p.threads()) + "|" + p.event();
        profiles.put(key, List.of(ProfiledPoint.of(p, outputDir)));
        attribution.put(key, CpuAttributionRow.of(p));
    }

    public synchronized List<CpuAttributionRow> attribution() {
        return attribution.values().stream().flatMap(List::stream).toList();
    }

    /** A block's comparisons; a block measured again replaces them. */
    public synchronized void addComparisons(List<ComparisonRow> block) {
        if (!block.isEmpty()) {
            ComparisonRow first = block.get(0);
            comparisons.put(first.kind() + "|" + first.topology() + "|" + first.size() + "|" + first.threads(),
                    List.copyOf(block));
        }
    }

    public synchronized List<ComparisonRow> comparisons() {
        return comparisons.values().stream().flatMap(List::stream).toList();
    }

    public synchronized void add(PointResult point) {
        add(ResultRow.from(point));
    }

    /** Adds a row; a point measured again replaces its earlier row and any failure recorded for it. */
    public synchronized void add(ResultRow row) {
        String key = key(row.topology(), row.strategy(), row.size(), row.threads());
        failures.remove(key);
        rows.put(key, row);
    }

    public synchronized void addFailure(FailedPoint failure) {
        String key = key(failure.topology(), failure.strategy(), failure.size(), failure.threads());
        rows.remove(key);
        failures.put(key, failure);
    }

    /** The rows in report order: strategy as declared in {@link StrategyName}, then size, then threads. */
    public synchronized List<ResultRow> rows() {
        return sorted(rows.values());
    }

    public synchronized List<FailedPoint> failures() {
        return List.copyOf(failures.values());
    }

    /**
     * Writes dir/results.csv, dir/results.json, comparisons.csv and (once the run says how it
     * profiles) cpu-attribution.csv, each through a temporary file and a move, so a
     * reader never sees half a file.
     *
     * @throws UncheckedIOException when a file cannot be written (the directory is created if needed)
     */
    public void write(Path dir, EnvironmentFacts env) {
        List<ResultRow> snapshot;
        List<FailedPoint> failed;
        List<ComparisonRow> compared;
        RunMethod how;
        ProfileRun profiled;
        List<ProfiledPoint> points;
        List<CpuAttributionRow> attributed;
        Map<String, String> hosts;
        synchronized (this) {
            hosts = Map.copyOf(receiverHosts);
            snapshot = rows();
            failed = failures();
            compared = comparisons();
            how = method;
            profiled = profile;
            points = profiles.values().stream().flatMap(List::stream).toList();
            attributed = attribution();
        }
        try {
            Files.createDirectories(dir);
            replace(dir.resolve(CSV_FILE), toCsv(snapshot));
            replace(dir.resolve(COMPARISONS_FILE), ComparisonRow.csv(compared));
            if (profiled != null) {
                replace(dir.resolve(ATTRIBUTION_FILE), CpuAttributionRow.csv(attributed));
            }
            replace(dir.resolve(JSON_FILE), ResultsJson.mapper().writeValueAsString(
                    new ResultsFile(env, snapshot, failed, compared, how, hosts, profiled, points, attributed)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the results into " + dir + ": " + reason(e)
                    + "; the files there keep what was last written in full (each is replaced whole or not at all),"
                    + " and this run's " + snapshot.size() + " results, " + failed.size() + " failures and "
                    + compared.size() + " comparisons stay in memory and are written again with the next point", e);
        }
    }

    /** What went wrong and with which file: the JDK's own message leaves out "permission denied". */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied (" + denied.getFile() + ")";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + " (" + fs.getFile() + ")";
        }
        return String.valueOf(e.getMessage());
    }

    /** Reads a results.json written by {@link #write}. */
    public static ResultsFile read(Path jsonFile) {
        try {
            return ResultsJson.mapper().readValue(jsonFile.toFile(), ResultsFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read results from " + jsonFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The mapper results.json is written with: NaN ("unavailable") as JSON null and back, unknown
     * fields ignored on reading. Use it to print a {@link ResultRow} as JSON the same way.
     */
    public static com.fasterxml.jackson.databind.ObjectMapper jsonMapper() {
        return ResultsJson.mapper();
    }

    /** Header plus one line per row; the fixed columns come first, in the documented order. */
    public static String toCsv(List<ResultRow> rows) {
        return ResultsCsv.of(rows);
    }

    /** The rows as a Markdown table for people: medians with their range, flags, CPU cost, ledger share. */
    public static String toMarkdown(List<ResultRow> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| strategy | size | connections | Gbps [95% interval] | trials | CV | noisy | sender CPU ns/B "
                + "| receiver CPU ns/B | ctx switches / window (sender, receiver) | zc copied share |\n");
        md.append("|---|---:|---:|---|---:|---:|---|---:|---:|---|---:|\n");
        for (ResultRow r : rows) {
            md.append("| ").append(Fmt.cell(r.strategy()))
                    .append(" | ").append(Fmt.size(r.size()))
                    .append(" | ").append(r.threads())
                    .append(" | ").append(Fmt.spread(r.gbpsCenter(), r.gbpsLow(), r.gbpsHigh()))
                    .append(" | ").append(r.hasInterval() ? Integer.toString(r.statistics().trials()) : "–")
                    .append(" | ").append(Fmt.percent(r.cv()))
                    .append(" | ").append(r.noisy() ? "**noisy**" : "")
                    .append(" | ").append(Fmt.num(r.senderCpuNsPerByte()))
                    .append(" | ").append(Fmt.num(r.receiverCpuNsPerByte()))
                    .append(" | ").append(Fmt.num(r.senderCtxSwitches())).append(", ")
                    .append(Fmt.num(r.receiverCtxSwitches()))
                    .append(" | ").append(r.zeroCopyStrategy() ? Fmt.percent(r.copiedShare()) : "–")
                    .append(" |\n");
        }
        return md.toString();
    }

    public static List<ResultRow> sorted(java.util.Collection<ResultRow> rows) {
        List<ResultRow> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing((ResultRow r) -> !r.loopback()).thenComparing(ResultRow::topology)
                .thenComparingInt((ResultRow r) -> strategyOrder(r.strategy()))
                .thenComparingInt(ResultRow::queueDepth)
                .thenComparing(ResultRow::strategy)
                .thenComparingInt(ResultRow::size)
                .thenComparingInt(ResultRow::threads));
        return out;
    }

    /** A point name's place: its strategy as declared in {@link StrategyName} (io_uring's depths together). */
    public static int strategyOrder(String label) {
        try {
            return StrategyName.ofPoint(label).ordinal();
        } catch (IllegalArgumentException e) {
            return StrategyName.values().length; // unknown labels after the known ones
        }
    }

    private static String key(String topology, String strategy, int size, int threads) {
        return topology + "|" + strategy + "|" + size + "|" + threads;
    }

    private static void replace(Path target, String content) throws IOException {
        // the temporary file lives beside the target: a move within one file system can be atomic
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            readableByAll(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are created owner-only; results are meant to be read by anyone on the host. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    @Override
    public synchronized String toString() {
        return rows.values().stream().map(ResultRow::label).collect(Collectors.joining(", ", "ResultsTable[", "]"));
    }
}
