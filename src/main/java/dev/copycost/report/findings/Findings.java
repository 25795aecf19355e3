package dev.copycost.report.findings;

import dev.copycost.experiment.PointResult;
import dev.copycost.report.Fmt;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.report.results.RunMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The conclusions of a run, computed from its rows and its environment: nothing here is a typed-in
 * number except the seed's own figures, which are named as such. Every comparison is made on the
 * min/max ranges over repetitions, and says so when those ranges overlap. Each method returns
 * Markdown; {@link #markdown()} is all of it.
 */
public final class Findings {
    /** A question of the form "from which size does {@code a} beat {@code b}?". */
    record Pair(String a, String b) {
    }

    /** The comparisons the report makes, in the order it shows them. */
    static final List<Pair> PAIRS = List.of(new Pair("sendmsg", "send"), new Pair("zerocopy", "send"),
            new Pair("zerocopy", "sendmsg"), new Pair("sendmsg", "nio-gather"), new Pair("copy-send", "send"));

    private final RowIndex index;
    private final EnvironmentFacts env;
    private final ThreadScaling scaling;
    private final ZeroCopyFindings zeroCopy;
    private final CostPerByte cost;
    private final SeedComparison seed;
    private final PairedFindings paired;
    private final Headline headline;
    private final UringFindings uring;
    private final TopologyFindings topologies;
    private final CpuFindings cpu;

    /** Loopback's rows answer the main sections; the other topologies get a section each, kept apart. */
    private Findings(ResultsTable.ResultsFile results) {
        ResultsTable.ResultsFile loopback = results.ofTopology(PointResult.LOOPBACK);
        RunMethod method = results.method();
        EnvironmentFacts env = results.environment();
        this.topologies = new TopologyFindings(results);
        this.index = new RowIndex(loopback.rows(), loopback.comparisons(),
                method == null ? Double.NaN : method.equivalence());
        // the method note's machine load covers every block of the run, not loopback's strategies alone
        this.paired = new PairedFindings(index, method, env, results.comparisons());
        this.headline = new Headline(index, method);
        this.env = env;
        this.scaling = new ThreadScaling(index, env);
        this.zeroCopy = new ZeroCopyFindings(index, env);
        this.cost = new CostPerByte(index, env);
        this.seed = new SeedComparison(index, env);
        this.uring = new UringFindings(index, env);
        this.cpu = new CpuFindings(loopback.attribution(), loopback.profile(), loopback.profiles(),
                method == null ? "page-per-field" : method.fields());
    }

    CpuFindings cpu() {
        return cpu;
    }

    /** Where each copy happened and what each category cost per message, from the profiled windows. */
    public String cpuProfile() {
        String breakdown = cpu.smallestBreakdown();
        return cpu.partA() + (breakdown.isEmpty() ? "" : "\n" + breakdown);
    }

    public static Findings from(List<ResultRow> rows, EnvironmentFacts env) {
        return new Findings(new ResultsTable.ResultsFile(env, rows, List.of()));
    }

    /** Everything a results.json holds: rows, paired comparisons, the method. */
    public static Findings from(ResultsTable.ResultsFile results) {
        return new Findings(results);
    }

    /** The section of the topologies other than loopback, each kept apart. */
    public String offLoopback() {
        return topologies.markdown();
    }

    RowIndex index() {
        return index;
    }

    EnvironmentFacts env() {
        return env;
    }

    ThreadScaling scaling() {
        return scaling;
    }

    ZeroCopyFindings zeroCopy() {
        return zeroCopy;
    }

    CostPerByte cost() {
        return cost;
    }

    /** The crossover of one pair at one thread count. */
    Crossover crossover(String a, String b, int threads) {
        return Crossover.find(index, a, b, threads);
    }

    /** The thread counts at which both strategies were measured. */
    List<Integer> sharedThreads(String a, String b) {
        List<Integer> shared = new ArrayList<>(index.threads(a));
        shared.retainAll(index.threads(b));
        return shared;
    }

    /** For each pair and thread count: the smallest size from which A beats B, with ratios per size. */
    public String crossovers() {
        StringBuilder md = new StringBuilder("## Crossovers: from which message size does one strategy beat another?\n\n");
        if (index.paired()) {
            md.append("A beats B at a size when their paired verdict is `ahead`: the 95% interval of A/B, from the "
                    + "ratio of their trials in each round, lies above 1. The crossover is the smallest tested size from "
                    + "which A beats B at every larger tested size too. Cells give the ratio A/B (geometric mean over "
                    + "rounds) with its 95% interval and the verdict. Measured on ").append(env.host()).append(".\n");
        } else {
            md.append("A beats B at a size when A's slowest window is faster than B's fastest. The crossover is the "
                    + "smallest tested size from which A beats B at every larger tested size too. Cells give the ratio "
                    + "of median Gbps A/B with the range the windows allow [A min / B max – A max / B min]. Measured on ")
                    .append(env.host()).append(".\n");
        }
        if (!index.paired() && index.minRepetitions() == 1) {
            md.append("\n**Some points have a single repetition: their range is a single value, so \"beats\" there "
                    + "says nothing about noise.**\n");
        }
        for (Pair pair : PAIRS) {
            md.append("\n### ").append(pair.a()).append(" vs ").append(pair.b()).append("\n\n");
            List<Integer> threads = sharedThreads(pair.a(), pair.b());
            if (threads.isEmpty()) {
                md.append("Not both measured in this run.\n");
                continue;
            }
            List<Integer> sizes = index.sizes();
            md.append("| connections | verdict |");
            sizes.forEach(s -> md.append(' ').append(Fmt.size(s)).append(" |"));
            md.append("\n|---:|---|").append("---|".repeat(sizes.size())).append('\n');
            for (int t : threads) {
                Crossover c = crossover(pair.a(), pair.b(), t);
                md.append("| ").append(t).append(" | ").append(Fmt.cell(c.text())).append(" |");
                for (int s : sizes) {
                    md.append(' ').append(c.at(s).map(Crossover::cell).orElse("–")).append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** Per strategy and size: the best thread count, its gain over one thread, and the host's cores. */
    public String bestThreads() {
        return scaling.markdown();
    }

    /** Whether zero-copy was real or a deferred copy, from the completion ledger. */
    public String zeroCopyVerdict() {
        return zeroCopy.markdown();
    }

    /** io_uring: uring-send against sendmsg per depth, uring-zc against zerocopy and sendmsg, copied shares. */
    public String uring() {
        return uring.markdown();
    }

    /** Sender and receiver CPU per byte by strategy, size and threads. */
    public String costPerByte() {
        return cost.markdown();
    }

    /** The seed's six questions answered from this run, each marked with the host and its evidence. */
    public String analysisQuestions() {
        return new AnalysisQuestions(this).markdown();
    }

    /** The seed's headline figures beside this run's matching points. */
    public String seedComparison() {
        return seed.markdown();
    }

    /**
     * Five to eight headline bullets, opening with the decided claims per size and then what stayed
     * undecided ({@link Headline}), the per-size lines nested under those two.
     */
    public String summary() {
        return "## Summary\n\n" + summaryBullets().stream().map(b -> "- " + b + "\n").collect(Collectors.joining());
    }

    List<String> summaryBullets() {
        List<String> bullets = new ArrayList<>();
        List<ResultRow> rows = index.rows();
        if (rows.isEmpty()) {
            bullets.add("No point was measured on " + env.host() + ", so there is nothing to conclude.");
            return bullets;
        }
        bullets.addAll(headline.bullets());
        long noisy = rows.stream().filter(ResultRow::noisy).count();
        bullets.add("Measured on " + env.host() + " (" + env.virtualisation() + "): " + rows.size() + " points, "
                + "strategies " + String.join(", ", index.strategies()) + "; sizes "
                + index.sizes().stream().map(Fmt::size).collect(Collectors.joining(", ")) + "; connections "
                + index.threads().stream().map(String::valueOf).collect(Collectors.joining(", ")) + "; at least "
                + index.minRepetitions() + (index.paired() ? " trial(s)" : " repetition(s)") + " per point; " + noisy
                + " point(s) flagged noisy.");
        int fewest = index.threads().get(0);
        List<Integer> sizes = index.sizes();
        fastest(sizes.get(0), fewest).ifPresent(bullets::add);
        if (sizes.size() > 1) {
            fastest(sizes.get(sizes.size() - 1), fewest).ifPresent(bullets::add);
        }
        for (Pair pair : List.of(PAIRS.get(0), PAIRS.get(2))) {
            if (sharedThreads(pair.a(), pair.b()).contains(fewest)) {
                bullets.add(pair.a() + " vs " + pair.b() + " at " + fewest + " connection(s), by size: "
                        + crossover(pair.a(), pair.b(), fewest).bySizeFirst() + ".");
            }
        }
        if (zeroCopy.kind() != ZeroCopyFindings.Kind.NOT_MEASURED) {
            bullets.add("Zero-copy: " + zeroCopy.verdict());
        }
        uring.summaryBullet().ifPresent(bullets::add);
        if (topologies.beyondLoopback()) {
            bullets.add("Zero-copy by topology: " + topologies.zeroCopyLine() + ". Everything else in this summary is "
                    + "loopback's; each other topology has its own section (\"Off loopback\").");
        }
        int largest = sizes.get(sizes.size() - 1);
        String best = index.strategies().stream()
                .map(s -> scaling.best(s, largest).map(b -> s + " " + b.phrase()))
                .flatMap(Optional::stream).collect(Collectors.joining("; "));
        if (index.threads().size() > 1) {
            bullets.add("Highest throughput estimate by connection count at " + Fmt.size(largest) + " (gain over " + fewest
                    + " connection(s)): " + best + ". The host has " + env.cores() + " logical CPU(s) and each connection "
                    + "uses two threads.");
        }
        bullets.add(countersBullet() + " " + socketOptionsBullet());
        return bullets;
    }

    /**
     * The point with the highest throughput estimate at one size and connection count, against every
     * other strategy measured there: "fastest" only when its paired verdict is ahead of all of them,
     * otherwise "highest estimate", naming whom it was not separated from (review of issue 16: sendmsg
     * was called fastest at 64 KiB while undecided against four strategies).
     */
    private Optional<String> fastest(int size, int threads) {
        List<ResultRow> at = index.rows().stream().filter(r -> r.size() == size && r.threads() == threads)
                .sorted(java.util.Comparator.comparingDouble(ResultRow::gbpsCenter).reversed()).toList();
        if (at.isEmpty()) {
            return Optional.empty();
        }
        ResultRow top = at.get(0);
        List<String> ahead = new ArrayList<>();
        List<String> equivalent = new ArrayList<>();
        List<String> notSeparated = new ArrayList<>();
        for (ResultRow other : at.subList(1, at.size())) {
            Optional<ComparisonRow> c = index.comparison(top.strategy(), other.strategy(), size, threads);
            if (c.isPresent()) {
                String entry = other.strategy() + " " + c.get().ratioText();
                switch (c.get().verdict()) {
                    case "ahead" -> ahead.add(entry);
                    case "equivalent" -> equivalent.add(entry);
                    default -> notSeparated.add(entry + " after " + c.get().rounds() + " rounds");
                }
            } else if (!index.paired() && top.gbpsMin() > other.gbpsMax()) {
                ahead.add(other.strategy() + " (ranges apart)");
            } else {
                notSeparated.add(other.strategy() + (index.paired() ? " (not compared side by side)" : " (ranges overlap)"));
            }
        }
        boolean fastest = !at.subList(1, at.size()).isEmpty() && notSeparated.isEmpty() && equivalent.isEmpty();
        StringBuilder line = new StringBuilder(fastest ? "Fastest" : "Highest estimate").append(" at ")
                .append(Fmt.size(size)).append(" with ").append(threads).append(" connection(s): ").append(top.strategy())
                .append(" at ").append(Fmt.spread(top.gbpsCenter(), top.gbpsLow(), top.gbpsHigh())).append(" Gbps");
        if (!ahead.isEmpty()) {
            line.append("; ahead of ").append(String.join(", ", ahead));
        }
        if (!equivalent.isEmpty()) {
            line.append("; equivalent to ").append(String.join(", ", equivalent));
        }
        if (!notSeparated.isEmpty()) {
            line.append("; not separated from ").append(String.join(", ", notSeparated));
        }
        return Optional.of(line.append('.').toString());
    }

    /**
     * The socket options every point ran with, as read back from a sender socket at setup: the
     * strategies must differ only in how they hand data to the kernel.
     */
    private String socketOptionsBullet() {
        java.util.Set<String> nodelay = new java.util.TreeSet<>();
        for (ResultRow r : index.rows()) {
            for (String option : r.socketOptions().split(" ")) {
                if (option.startsWith("TCP_NODELAY=")) {
                    nodelay.add(option);
                }
            }
        }
        return "Socket options, read back from each point's sender socket at setup: " + (nodelay.isEmpty()
                ? "not recorded" : String.join(" / ", nodelay) + " for every strategy")
                + "; SO_SNDBUF and SO_RCVBUF left to the kernel's autotuning (initial SO_SNDBUF per point in results.csv,"
                + " column socket_options); SO_ZEROCOPY set only for zerocopy.";
    }

    private String countersBullet() {
        Map<String, String> missing = env.unavailableCounters();
        boolean cacheData = index.rows().stream().anyMatch(r -> Double.isFinite(r.cacheMisses()));
        boolean cycleData = index.rows().stream().anyMatch(r -> Double.isFinite(r.cycles()));
        if (!cacheData && !cycleData) {
            return "Hardware counters (cycles, instructions, cache-*) were unavailable"
                    + (missing.containsKey("cycles") ? " (" + missing.get("cycles") + ")" : "")
                    + ", so this report draws no conclusion about cycles or caches; CPU cost comes from "
                    + index.rows().stream().map(ResultRow::cpuSource).distinct().collect(Collectors.joining(", ")) + ".";
        }
        return "Hardware counters were read in mode " + env.counterMode() + "; a single cache-misses event does not "
                + "tell which cache level missed.";
    }

    /**
     * Short, stable statements of conditions that limit what the measurements mean, for Allure's
     * categories: they separate measurement conditions from product defects. Each starts with a fixed
     * phrase ("counters unavailable:", "zero-copy deferred to copy", "noisy points:", ...).
     */
    /**
     * Steal inside the measured windows, from /proc/stat per window: the cores were vCPUs, and for that
     * share of the time they did not run this machine's work at all.
     */
    Optional<String> stealCondition() {
        List<ResultRow> rows = index.rows();
        long windows = rows.stream().mapToLong(r -> r.perRepetition().stream()
                .filter(w -> Double.isFinite(w.stealShare())).count()).sum();
        long stolen = rows.stream().mapToLong(ResultRow::windowsWithSteal).sum();
        if (windows == 0 || stolen == 0) {
            return Optional.empty();
        }
        ResultRow worst = rows.stream().filter(r -> Double.isFinite(r.maxWindowSteal()))
                .max(java.util.Comparator.comparingDouble(ResultRow::maxWindowSteal)).orElseThrow();
        return Optional.of("hypervisor steal inside measured windows: " + stolen + " of " + windows
                + " windows lost CPU time to other guests, at most " + Fmt.percent(worst.maxWindowSteal()) + " ("
                + worst.label() + "); each window's share is in results.json (perRepetition, stealShare)");
    }

    public List<String> measurementConditions() {
        List<String> out = new ArrayList<>();
        Map<String, String> missing = env.unavailableCounters();
        missing.forEach((event, reason) -> out.add("counters unavailable: " + event + " (" + reason + ")"));
        if (missing.isEmpty() && index.rows().stream().anyMatch(r -> Double.isNaN(r.cycles()))) {
            out.add("counters unavailable: cycles (no reason recorded)");
        }
        switch (zeroCopy.kind()) {
            case DEFERRED -> out.add("zero-copy deferred to copy: copied share " + Fmt.percent(zeroCopy.copiedShare()));
            case PARTLY_DEFERRED -> out.add("zero-copy partly deferred to copy: copied share "
                    + Fmt.percent(zeroCopy.copiedShare()) + " (" + ZeroCopyFindings.ESTIMATE_PER_SEND + ")");
            default -> {
            }
        }
        long noisy = index.rows().stream().filter(ResultRow::noisy).count();
        if (noisy > 0) {
            out.add("noisy points: " + noisy);
        }
        long gc = index.rows().stream().filter(ResultRow::gcInWindow).count();
        if (gc > 0) {
            out.add("GC inside measured window: " + gc + " point(s)");
        }
        if (!index.rows().isEmpty() && index.minRepetitions() == 1) {
            out.add("single repetition: no spread known for some points");
        }
        if (index.rows().stream().anyMatch(r -> r.cpuSource() != null && r.cpuSource().startsWith("JVM"))) {
            out.add("CPU time from JVM thread CPU time (perf task-clock unavailable)");
        }
        if (env.virtualisation().contains("virtual machine")) {
            out.add("virtual machine: " + env.virtualisation());
        }
        stealCondition().ifPresent(out::add);
        return out;
    }

    /** How the run measured: trials, rounds, seed, interval method, placement, verdict rules. */
    public String method() {
        return paired.methodMarkdown();
    }

    /** What placement alone changed, from the placement study. */
    public String placement() {
        return paired.placementMarkdown();
    }

    /** Everything, in reading order. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# Findings\n\n");
        md.append("Computed from this run's results; measured on ").append(env.host()).append(", JDK ")
                .append(env.jdk()).append(", ").append(env.timestamp()).append(".\n\n");
        md.append(summary()).append('\n');
        md.append(method()).append('\n');
        md.append(crossovers()).append('\n');
        md.append(placement()).append('\n');
        md.append(bestThreads()).append('\n');
        md.append(zeroCopyVerdict()).append('\n');
        md.append(uring()).append('\n');
        md.append(cpuProfile()).append('\n');
        md.append(offLoopback()).append('\n');
        md.append(costPerByte()).append('\n');
        md.append(analysisQuestions()).append('\n');
        md.append(seedComparison()).append('\n');
        md.append("## Measurement conditions\n\n");
        List<String> conditions = measurementConditions();
        if (conditions.isEmpty()) {
            md.append("None noted.\n");
        }
        conditions.forEach(c -> md.append("- ").append(c).append('\n'));
        return md.toString();
    }
}
