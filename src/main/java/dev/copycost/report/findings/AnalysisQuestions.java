package dev.copycost.report.findings;

import dev.copycost.report.Fmt;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.ResultRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The six analysis questions of the seed report, answered from this run. Each answer is built from
 * the computed findings, names the host it holds for and the points and figures it rests on, and
 * says plainly where the data cannot answer: no cache-level claim without per-level cache counters,
 * no "zero-copy" where the kernel copied, and no device transfer on loopback, where the kernel
 * copies in software.
 */
final class AnalysisQuestions {
    static final List<String> QUESTIONS = List.of(
            "Why does zero-copy not always give the best throughput?",
            "Which cache level shows the most reduction in misses, and why?",
            "How does thread count interact with cache contention?",
            "At what message size does one-copy outperform two-copy on this system?",
            "At what message size does zero-copy outperform two-copy on this system?",
            "Identify one unexpected result and explain it using OS or hardware concepts.");

    /**
     * The write size from which the kernel documentation expects MSG_ZEROCOPY to pay
     * (msg_zerocopy.rst: "generally only effective at writes over around 10 KB").
     */
    static final int ZEROCOPY_PAYS_FROM = 10_000;

    private final Findings f;
    private final RowIndex index;
    private final EnvironmentFacts env;

    AnalysisQuestions(Findings findings) {
        this.f = findings;
        this.index = findings.index();
        this.env = findings.env();
    }

    String markdown() {
        StringBuilder md = new StringBuilder("## The seed's six analysis questions, answered from this run\n\n");
        List<String[]> answers = List.of(q1(), q2(), q3(), q4(), q5(), q6());
        for (int i = 0; i < QUESTIONS.size(); i++) {
            md.append("### Q").append(i + 1).append(". ").append(QUESTIONS.get(i)).append("\n\n")
                    .append("*Measured on:* ").append(env.host()).append("; ").append(env.virtualisation())
                    .append(".\n\n")
                    .append(answers.get(i)[0]).append("\n\n")
                    .append("*Evidence:* ").append(answers.get(i)[1]).append("\n\n");
        }
        return md.toString();
    }

    private int fewestThreads() {
        return index.threads().isEmpty() ? 1 : index.threads().get(0);
    }

    /** "1 connection(s): ...; 2 connection(s): ..." for one pair over all shared connection counts. */
    private String perThreads(String a, String b) {
        List<Integer> threads = f.sharedThreads(a, b);
        if (threads.isEmpty()) {
            return a + " and " + b + " were not both measured in this run";
        }
        // thread counts with the same verdict are named together, so the answer stays readable
        Map<String, List<Integer>> byText = new LinkedHashMap<>();
        for (int t : threads) {
            byText.computeIfAbsent(f.crossover(a, b, t).text(), k -> new ArrayList<>()).add(t);
        }
        return byText.entrySet().stream()
                .map(e -> e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + " connection(s): " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    /**
     * Per size at the fewest connections: a's total CPU per byte (sender and receiver threads) over b's,
     * paired by round with its 95% interval. Not the sender's alone: a saturated sender's CPU per byte
     * restates its throughput, and softirq work lands in either role.
     */
    private String cpuRatios(String a, String b) {
        int t = fewestThreads();
        List<String> parts = new ArrayList<>();
        for (int size : index.sizes()) {
            Optional<ResultRow> ra = index.get(a, size, t);
            Optional<ResultRow> rb = index.get(b, size, t);
            if (ra.isPresent() && rb.isPresent()) {
                parts.add(Fmt.size(size) + " " + pairedTotalCpu(ra.get(), rb.get()));
            }
        }
        return parts.isEmpty() ? "" : "Total CPU per byte (sender and receiver threads), " + a + " / " + b + " at " + t
                + " connection(s), paired by round: " + String.join(", ", parts) + ".";
    }

    /** "1.37× [1.1–1.7]" from the rounds both points were measured in, "undecided" where it spans 1. */
    private String pairedTotalCpu(ResultRow a, ResultRow b) {
        Map<Integer, Double> byRound = new LinkedHashMap<>();
        a.statistics().perTrial().forEach(tr -> byRound.put(tr.round(), tr.senderCpuNsPerByte() + tr.receiverCpuNsPerByte()));
        List<double[]> pairs = new ArrayList<>();
        b.statistics().perTrial().forEach(tr -> {
            Double mine = byRound.get(tr.round());
            double theirs = tr.senderCpuNsPerByte() + tr.receiverCpuNsPerByte();
            if (mine != null && mine > 0 && theirs > 0 && Double.isFinite(mine) && Double.isFinite(theirs)) {
                pairs.add(new double[] {mine, theirs});
            }
        });
        if (pairs.size() < 2) {
            return Fmt.times(a.totalCpuNsPerByte() / b.totalCpuNsPerByte()) + " (ratio of medians; no paired rounds)";
        }
        dev.copycost.statistics.Interval i = dev.copycost.statistics.LogTInterval.ofPairedRatios(
                pairs.stream().mapToDouble(p -> p[0]).toArray(), pairs.stream().mapToDouble(p -> p[1]).toArray());
        return Fmt.times(i.estimate()) + " [" + Fmt.num(i.low()) + "–" + Fmt.num(i.high()) + "]"
                + (i.contains(1) || !i.known() ? " (undecided)" : "");
    }

    private String[] q1() {
        ZeroCopyFindings zc = f.zeroCopy();
        if (zc.kind() == ZeroCopyFindings.Kind.NOT_MEASURED) {
            return new String[] {"Not answerable from this run: zerocopy was not measured (skipped or not selected).",
                "none."};
        }
        StringBuilder a = new StringBuilder();
        a.append("zerocopy against sendmsg (the same single sendmsg() per message without MSG_ZEROCOPY): ")
                .append(perThreads("zerocopy", "sendmsg")).append(". Against send: ")
                .append(perThreads("zerocopy", "send")).append(".\n\n");
        a.append(whyBySize(zc)).append(' ');
        a.append(cpuRatios("zerocopy", "sendmsg"));
        Optional<String> measured = f.cpu().zeroCopyShares();
        measured.ifPresent(m -> a.append("\n\n").append(m));
        return new String[] {a.toString(), (measured.isPresent() ? "the profiled windows (section \"Where each copy "
                + "happened\", cpu-attribution.csv); " : "")
                + "points zerocopy, sendmsg and send at every size and connection count (table "
                + "\"Crossovers\"); table \"Zero-copy: real or deferred?\"; figures throughput vs message size, CPU ns "
                + "per byte vs size, and zero-copy copied share and sends per notification."};
    }

    /**
     * Why zerocopy trails, size by size, since two different costs are at work. Below about 10 KB the
     * copy it avoids is a few bytes to a few KiB, cheap next to what every MSG_ZEROCOPY send adds
     * whether or not the kernel copies (pinning and accounting the pages, a completion, the
     * error-queue reads), so a loss there is that fixed cost per send; the deferred copy can only
     * explain why zerocopy gains nothing at the sizes where a saved copy would be worth having.
     */
    private String whyBySize(ZeroCopyFindings zc) {
        Crossover c = f.crossover("zerocopy", "sendmsg", fewestThreads());
        List<Integer> behindSmall = new ArrayList<>();
        List<Integer> large = new ArrayList<>();
        List<Integer> behindLarge = new ArrayList<>();
        for (Crossover.Comparison at : c.bySize()) {
            if (at.size() < ZEROCOPY_PAYS_FROM) {
                if (at.order() == Crossover.Order.B_AHEAD) {
                    behindSmall.add(at.size());
                }
            } else {
                large.add(at.size());
                if (at.order() == Crossover.Order.B_AHEAD) {
                    behindLarge.add(at.size());
                }
            }
        }
        String fixedWork = "pinning and accounting the user pages, completion notifications (on average one per "
                + Fmt.num(zc.sendsPerNotification("zerocopy")) + " sends here) and the error-queue reads "
                + "before a buffer may be reused" + (zc.enobufs() > 0 ? ", and " + zc.enobufs() + " ENOBUFS retries" : "");
        List<String> why = new ArrayList<>();
        if (!behindSmall.isEmpty()) {
            why.add("Where zerocopy trails at " + sizes(behindSmall) + " (" + fewestThreads() + " connection(s)), the "
                    + "copy it would avoid is at most " + Fmt.size(behindSmall.get(behindSmall.size() - 1)) + " per "
                    + "message, which costs little, so the deferred copy does not explain this loss: it is cost paid per "
                    + "send, which does not shrink with the message. Every MSG_ZEROCOPY send adds work a plain sendmsg "
                    + "does not do: " + fixedWork + ". The kernel documentation (Documentation/networking/msg_zerocopy.rst) "
                    + "says of any link, a real NIC included, that page accounting and completion notification replace "
                    + "the per-byte copy cost, so MSG_ZEROCOPY is \"generally only effective at writes over around 10 KB\"."
                    + f.cpu().zeroCopyExtraAtSmallest().map(m -> " " + m).orElse(" Which per-send cost dominated was "
                            + "not measured in this run (no CPU profiles)."));
        }
        switch (zc.kind()) {
            case DEFERRED, PARTLY_DEFERRED -> why.add((large.isEmpty() ? "" : "At " + sizes(large) + ", where a saved "
                    + "copy would be worth having, there was none to save: ") + zc.verdict() + " Zerocopy thus paid for "
                    + "a copy just as sendmsg does" + (large.isEmpty() ? "" : ", on top of its fixed cost per send")
                    + ": there was no saved copy to show.");
            case REAL -> why.add("The kernel did not copy: " + zc.verdict() + (behindLarge.isEmpty() ? "" : " Where "
                    + "zerocopy still trails at " + sizes(behindLarge) + ", the copy it saved did not repay its fixed cost "
                    + "per send (" + fixedWork + ")."));
            default -> why.add(zc.verdict());
        }
        return String.join(" ", why);
    }

    /** "64 B–4 KiB" for neighbouring sizes, else the sizes listed. */
    private String sizes(List<Integer> sizes) {
        List<Integer> all = index.sizes();
        int from = all.indexOf(sizes.get(0));
        int to = all.indexOf(sizes.get(sizes.size() - 1));
        if (sizes.size() > 1 && to - from == sizes.size() - 1) {
            return Fmt.size(sizes.get(0)) + "–" + Fmt.size(sizes.get(sizes.size() - 1));
        }
        return sizes.stream().map(Fmt::size).collect(Collectors.joining(", "));
    }

    private String[] q2() {
        Map<String, String> missing = env.unavailableCounters();
        List<ResultRow> cache = index.rows().stream().filter(r -> Double.isFinite(r.cacheMissesPerByte())).toList();
        String needed = "To answer it, a host whose PMU perf can use (bare metal, or a VM with a virtual PMU), "
                + "perf_event_paranoid low enough for the chosen mode (here: " + env.perfEventParanoid() + "), and "
                + "per-level events: L1-dcache-load-misses, an L2 miss event (named per vendor, e.g. l2_rqsts.miss on "
                + "Intel) and a last-level one: LLC-load-misses on Intel (or mem_load_retired.l1_miss / l2_miss / "
                + "l3_miss); on AMD Zen the L3 is counted by the uncore amd_l3 PMU, per CCX rather than per thread, so "
                + "per-thread LLC misses are not available there. Even with "
                + "cache-misses available, that single generic event cannot separate L1, L2 and LLC. "
                + CacheMissesEvent.mapping(env);
        if (cache.isEmpty()) {
            String reasons = List.of("cache-misses", "cache-references").stream()
                    .map(e -> e + (missing.containsKey(e) ? " (" + missing.get(e) + ")" : " (not read)"))
                    .collect(Collectors.joining(", "));
            return new String[] {"The data here cannot tell: no cache counter could be read on this host: " + reasons
                    + ". No cache-level conclusion is drawn. " + needed + " What this run does show about the cost of "
                    + "moving bytes is CPU time per byte (section \"CPU cost per byte\"), which does not say where "
                    + "that time went.",
                "environment (perf events and perf_event_paranoid); the cycles or cache-misses per byte figure "
                        + "shows only the note that the PMU was unavailable."};
        }
        int largest = index.sizes().get(index.sizes().size() - 1);
        int t = fewestThreads();
        String perStrategy = cache.stream().filter(r -> r.size() == largest && r.threads() == t)
                .map(r -> r.strategy() + " " + Fmt.num(r.cacheMissesPerByte()))
                .collect(Collectors.joining(", "));
        return new String[] {"Only the generic cache-misses event was read (sender threads, mode " + env.counterMode()
                + "). Cache misses per byte at " + Fmt.size(largest) + " with " + t + " connection(s): " + perStrategy
                + ". Which cache level these misses belong to the data cannot tell, so the question stays open. "
                + needed,
            "sender cache-misses per byte of every point (results.csv column cache_misses_per_byte); figure cycles or "
                    + "cache misses per byte vs size."};
    }

    private String[] q3() {
        StringBuilder a = new StringBuilder();
        List<Integer> sizes = index.sizes().stream().filter(s -> s == 4096 || s == 65536).toList();
        if (sizes.isEmpty() && !index.sizes().isEmpty()) {
            sizes = List.of(index.sizes().get(index.sizes().size() - 1));
        }
        if (index.threads().size() < 2) {
            return new String[] {"Not answerable from this run: only one connection count was measured.", "none."};
        }
        a.append(f.scaling().coresNote()).append(" The connection count with the highest throughput estimate, and its "
                + "gain over the fewest connections: ");
        List<String> parts = new ArrayList<>();
        for (int size : sizes) {
            for (String s : index.strategies()) {
                f.scaling().best(s, size).ifPresent(b -> parts.add(s + " at " + Fmt.size(size) + ": " + b.phrase()));
            }
        }
        a.append(String.join("; ", parts)).append(".\n\n");
        int fewest = index.threads().get(0);
        int most = index.threads().get(index.threads().size() - 1);
        int size = sizes.get(sizes.size() - 1);
        boolean cache = index.rows().stream().anyMatch(r -> Double.isFinite(r.cacheMissesPerByte()));
        if (!cache) {
            a.append("Whether the threads contend for caches the data cannot tell: no cache counter was available "
                    + "(see Q2). What it does show is contention for cores. ");
        } else {
            a.append("Cache misses per byte (sender) at ").append(Fmt.size(size)).append(", ").append(fewest)
                    .append(" → ").append(most).append(" connections: ")
                    .append(index.strategies().stream().map(s -> s + " " + index.get(s, size, fewest)
                            .map(r -> Fmt.num(r.cacheMissesPerByte())).orElse("–") + " → "
                            + index.get(s, size, most).map(r -> Fmt.num(r.cacheMissesPerByte())).orElse("–"))
                            .collect(Collectors.joining(", ")))
                    .append(" (one generic event: it cannot say which level). Contention for cores: ");
        }
        a.append("involuntary context switches (preemptions: a thread that wanted to keep running lost its core) per "
                + "second per thread, each connection running two threads, with the total Gbps, at ")
                .append(Fmt.size(size)).append(" by connection count: ");
        List<String> perStrategy = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        for (String s : index.strategies()) {
            List<ResultRow> points = index.threads(s).stream().map(t -> index.get(s, size, t)).flatMap(Optional::stream)
                    .filter(r -> Double.isFinite(r.involuntaryPerThreadSecond())).toList();
            if (points.isEmpty()) {
                continue;
            }
            perStrategy.add(s + " " + points.stream().map(r -> r.threads() + ": " + Fmt.num(r.involuntaryPerThreadSecond())
                    + "/s (" + Fmt.num(r.gbpsCenter()) + " Gbps)").collect(Collectors.joining(", ")));
            ResultRow best = points.stream().max(java.util.Comparator.comparingDouble(ResultRow::gbpsCenter)).get();
            points.stream().filter(r -> r.threads() > best.threads() && r.gbpsHigh() < best.gbpsLow())
                    .filter(r -> r.involuntaryPerThreadSecond() <= best.involuntaryPerThreadSecond())
                    .reduce((x, y) -> y).ifPresent(r -> unexplained.add(s + " fell from " + Fmt.num(best.gbpsCenter())
                            + " Gbps at " + best.threads() + " to " + Fmt.num(r.gbpsCenter()) + " Gbps at " + r.threads()
                            + " connections while preemptions per thread fell too (" + Fmt.num(best.involuntaryPerThreadSecond())
                            + " → " + Fmt.num(r.involuntaryPerThreadSecond()) + "/s)"));
        }
        a.append(String.join("; ", perStrategy)).append('.');
        if (!unexplained.isEmpty()) {
            a.append(" Unexplained by this run: ").append(String.join("; ", unexplained))
                    .append(". Preemption does not explain those falls, and this run does not identify their cause; "
                            + "a scheduler trace or per-level cache counters would be the next measurement.");
        }
        return new String[] {a.toString(), "points of every strategy at " + sizes.stream().map(Fmt::size)
                .collect(Collectors.joining(" and ")) + " over all connection counts (table \"Best connection count\"); "
                + "figures throughput vs connections at 4 KiB and 64 KiB, and context switches vs connections."};
    }

    private static double involuntary(ResultRow r) {
        return r.senderInvoluntarySwitches() + r.receiverInvoluntarySwitches();
    }

    private String[] q4() {
        String a = "Taking sendmsg (one call, one 8-entry iovec) as the seed's one-copy and send (A1) as its two-copy: "
                + perThreads("sendmsg", "send") + ".\n\nWhat the two differ in: send makes 8 send() calls per "
                + "message, each copying its field into the kernel once, as sendmsg does in one call; the difference is "
                + "the number of system calls, not of copies. The path with an extra copy is copy-send (the fields "
                + "are copied into one user buffer, then one send()). sendmsg against copy-send: "
                + perThreads("sendmsg", "copy-send") + ".";
        return new String[] {a, "points sendmsg, send and copy-send at every size and connection count (table "
                + "\"Crossovers\", rows sendmsg vs send); figure throughput vs message size."};
    }

    private String[] q5() {
        ZeroCopyFindings zc = f.zeroCopy();
        if (zc.kind() == ZeroCopyFindings.Kind.NOT_MEASURED) {
            return new String[] {"Not answerable from this run: zerocopy was not measured (skipped or not selected).",
                "none."};
        }
        StringBuilder a = new StringBuilder("zerocopy against send (A1): ").append(perThreads("zerocopy", "send"))
                .append(".\n\n");
        a.append("Against sendmsg, which makes the same single call per message without MSG_ZEROCOPY: ")
                .append(perThreads("zerocopy", "sendmsg")).append(". ");
        if (zc.kind() == ZeroCopyFindings.Kind.DEFERRED || zc.kind() == ZeroCopyFindings.Kind.PARTLY_DEFERRED) {
            a.append("Wherever zerocopy is ahead of send here it did not get there by avoiding a copy: ")
                    .append(zc.verdict());
        } else {
            a.append(zc.verdict());
        }
        return new String[] {a.toString(), "points zerocopy, send and sendmsg at every size and connection count (table "
                + "\"Crossovers\"); table \"Zero-copy: real or deferred?\"; figures throughput vs message size and "
                + "zero-copy copied share."};
    }

    /**
     * Picks the unexpected result the data can also explain: a throughput drop at more threads that
     * came with more preemptions first, then a deferred zero-copy, then a drop the data cannot
     * explain (said so), else nothing.
     */
    private String[] q6() {
        Optional<Drop> drop = threadDrop();
        if (drop.isPresent() && drop.get().preemptionsRose()) {
            return drop.get().answer();
        }
        ZeroCopyFindings zc = f.zeroCopy();
        if (zc.kind() == ZeroCopyFindings.Kind.DEFERRED || zc.kind() == ZeroCopyFindings.Kind.PARTLY_DEFERRED) {
            return new String[] {"Asking the kernel not to copy made it copy later: " + zc.verdict(),
                "table \"Zero-copy: real or deferred?\" (copied share of every zerocopy point); figure zero-copy "
                        + "copied share and sends per notification."};
        }
        if (drop.isPresent()) {
            return drop.get().answer();
        }
        return new String[] {"Nothing in this run's data stood out: no throughput fell clearly as connections were added, "
                + "and zero-copy was not a deferred copy here. An unexpected result cannot be named without one.",
            "all points (table \"Best connection count\", \"Zero-copy: real or deferred?\")."};
    }

    /** More connections giving clearly less total throughput: the fewer-thread best and the largest count. */
    private record Drop(ResultRow best, ResultRow worst, int cores, boolean cacheData) {
        boolean preemptionsRose() {
            return involuntary(worst) > involuntary(best);
        }

        String[] answer() {
            double ratio = worst.gbpsCenter() / best.gbpsCenter();
            String switches = Fmt.num(involuntary(best)) + " → " + Fmt.num(involuntary(worst));
            String answer = "More connections, less total throughput: " + worst.strategy() + " at "
                    + Fmt.size(worst.size()) + " moved " + Fmt.spread(worst.gbpsCenter(), worst.gbpsLow(),
                            worst.gbpsHigh()) + " Gbps with " + worst.threads() + " connections but "
                    + Fmt.spread(best.gbpsCenter(), best.gbpsLow(), best.gbpsHigh()) + " Gbps with " + best.threads()
                    + " (" + Fmt.times(ratio) + ", 95% intervals apart). " + worst.threads() + " connections keep up to "
                    + 2 * worst.threads() + " sender and receiver threads busy on " + cores + " core(s), so they "
                    + (2 * worst.threads() > cores ? "time-share the cores. " : "fit on the cores without sharing them. ");
            if (preemptionsRose()) {
                answer += "OS reading: involuntary context switches per window (sender + receiver) rose (" + switches
                        + "); each is a thread losing its core while it still wanted to run, and a preempted sender "
                        + "or receiver stalls its connection until it runs again. ";
            } else {
                answer += "But involuntary context switches per window (sender + receiver) did not rise (" + switches
                        + "), so preemption does not explain the drop, and this run does not identify its cause. ";
            }
            answer += "Whether cache contention adds to it the data cannot tell"
                    + (cacheData ? " (a single cache-misses event cannot attribute it)" : " (no cache counters)")
                    + "; pinning threads to cores, a scheduler trace, or per-level cache counters on a host with a "
                    + "PMU would test it.";
            return new String[] {answer, "points " + worst.strategy() + " " + Fmt.size(worst.size()) + " × "
                    + best.threads() + " and × " + worst.threads() + " (table \"Best connection count\"); figures "
                    + "throughput vs connections and context switches vs connections."};
        }
    }

    /** The point where more connections gave clearly less total throughput than fewer did, the largest drop. */
    private Optional<Drop> threadDrop() {
        Drop found = null;
        double ratio = 1;
        boolean cacheData = index.rows().stream().anyMatch(r -> Double.isFinite(r.cacheMissesPerByte()));
        for (String s : index.strategies()) {
            List<Integer> threads = index.threads(s);
            for (int size : index.sizes()) {
                Optional<ThreadScaling.Best> b = f.scaling().best(s, size);
                Optional<ResultRow> top = index.get(s, size, threads.get(threads.size() - 1));
                if (b.isEmpty() || top.isEmpty()) {
                    continue;
                }
                ResultRow best = b.get().best();
                ResultRow worst = top.get();
                double r = worst.gbpsCenter() / best.gbpsCenter();
                if (worst.threads() > best.threads() && worst.gbpsHigh() < best.gbpsLow() && r < ratio) {
                    ratio = r;
                    found = new Drop(best, worst, env.cores(), cacheData);
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
