package dev.copycost.report.findings;

import dev.copycost.profile.Category;
import dev.copycost.report.Fmt;
import dev.copycost.report.results.CpuAttributionRow;
import dev.copycost.report.results.ProfileRun;
import dev.copycost.report.results.ProfiledPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CPU went, from the profiled windows: the seed's Part A ("where do the two copies occur,
 * and is it only two?") answered per point from the samples each copy took, the measured shares of
 * zero-copy's own work for Q1, and a per-message cost breakdown at the smallest size. Every figure is
 * read from the attribution rows; only the rule for "a copy was seen" is fixed, and stated.
 */
final class CpuFindings {
    /**
     * A copy counts as seen on a point's path when its samples make at least this share of the role
     * that ran it: above the stray sample a timer can land anywhere, well below any copy measured
     * here (the smallest, copy-send's own memcpy at 64 KiB, took 8% of its sender).
     */
    static final double SEEN = 0.01;

    /** The copies a message can meet, in the order it meets them, and the role that runs each. */
    private static final List<Category> COPIES = List.of(Category.USER_COPY, Category.COPY_TO_KERNEL,
            Category.DEFERRED_COPY, Category.COPY_TO_USER);

    private final List<CpuAttributionRow> rows;
    private final ProfileRun run;
    private final List<ProfiledPoint> points;
    /** The run's field placement, named in the breakdown: page-per-field or packed. */
    private final String fields;

    CpuFindings(List<CpuAttributionRow> rows, ProfileRun run, List<ProfiledPoint> points, String fields) {
        this.rows = rows.stream().filter(CpuAttributionRow::cpuTime).toList();
        this.run = run;
        this.points = points;
        this.fields = fields;
    }

    /** One point of the attribution: strategy, size, connections. */
    record Point(String strategy, int size, int threads) {
        String label() {
            return strategy + " " + Fmt.size(size) + " × " + threads;
        }
    }

    List<Point> points() {
        Map<Point, Boolean> seen = new LinkedHashMap<>();
        rows.stream().sorted(java.util.Comparator
                        .comparingInt((CpuAttributionRow r) -> r.size())
                        .thenComparingInt(CpuAttributionRow::threads)
                        .thenComparingInt(r -> dev.copycost.report.results.ResultsTable.strategyOrder(r.strategy())))
                .forEach(r -> seen.put(new Point(r.strategy(), r.size(), r.threads()), true));
        return new ArrayList<>(seen.keySet());
    }

    Optional<CpuAttributionRow> row(Point p, String role, Category c) {
        return rows.stream().filter(r -> r.strategy().equals(p.strategy()) && r.size() == p.size()
                && r.threads() == p.threads() && r.role().equals(role) && r.category().equals(c.label())).findFirst();
    }

    double share(Point p, String role, Category c) {
        return row(p, role, c).map(CpuAttributionRow::share).orElse(Double.NaN);
    }

    double nsPerMessage(Point p, String role, Category c) {
        return row(p, role, c).map(CpuAttributionRow::cpuNsPerMessage).orElse(Double.NaN);
    }

    /** The role whose threads run a copy: the sender's for those made at send time, else the receiver's. */
    private static String roleOf(Category copy) {
        return copy == Category.COPY_TO_USER ? "receiver" : "sender";
    }

    /** The copies seen on a point's path; the deferred copy counts where either role ran it. */
    List<Category> copiesSeen(Point p) {
        List<Category> seen = new ArrayList<>();
        for (Category c : COPIES) {
            boolean here = share(p, roleOf(c), c) >= SEEN
                    || c == Category.DEFERRED_COPY && share(p, "receiver", c) >= SEEN;
            if (here) {
                seen.add(c);
            }
        }
        return seen;
    }

    /**
     * "8.5 % of receiver CPU (29 of 340 samples, about 1400 ns per message)": to two significant figures,
     * since a share from a few hundred samples is no more precise than that, with the counts behind it.
     */
    private String cost(Point p, String role, Category c) {
        double ns = nsPerMessage(p, role, c);
        long samples = row(p, role, c).map(CpuAttributionRow::samples).orElse(0L);
        return Fmt.rounded(100 * share(p, role, c), 2) + " % of " + role + " CPU (" + samples + " of "
                + roleSamples(p, role) + " samples" + (Double.isFinite(ns) ? ", about " + Fmt.rounded(ns, 2)
                + " ns per message" : "") + ")";
    }

    /** All samples of one role at one point. */
    private long roleSamples(Point p, String role) {
        return rows.stream().filter(r -> r.strategy().equals(p.strategy()) && r.size() == p.size()
                && r.threads() == p.threads() && r.role().equals(role)).mapToLong(CpuAttributionRow::samples).sum();
    }

    /** One sentence per point: each copy with where it ran and its share, as the example reads. */
    String sentence(Point p) {
        List<Category> seen = copiesSeen(p);
        List<String> parts = new ArrayList<>();
        for (Category c : seen) {
            parts.add(switch (c) {
                case USER_COPY -> "1 copy in user space (" + cost(p, "sender", c) + ")";
                case COPY_TO_KERNEL -> "1 copy into the kernel at send time (" + cost(p, "sender", c) + ")";
                case DEFERRED_COPY -> "1 copy deferred to delivery, of the pinned pages (" + cost(p, "sender", c)
                        + ", " + cost(p, "receiver", c) + ")";
                default -> "1 copy out to the receiver (" + cost(p, "receiver", c) + ")";
            });
        }
        if (!seen.contains(Category.COPY_TO_KERNEL) && share(p, "sender", Category.COPY_TO_KERNEL) >= 0) {
            parts.add(Fmt.percent(share(p, "sender", Category.COPY_TO_KERNEL)) + " copying at send time");
        }
        // every strategy's receiver copies out with recv(); a profile that did not see it resolved too little
        if (!seen.contains(Category.COPY_TO_USER) && row(p, "receiver", Category.COPY_TO_USER).isPresent()) {
            parts.add("the receiver's copy out was below what its " + roleSamples(p, "receiver") + " samples resolve ("
                    + row(p, "receiver", Category.COPY_TO_USER).map(CpuAttributionRow::samples).orElse(0L)
                    + " samples), not absent");
        }
        return "**" + p.label() + "**: " + seen.size() + " cop" + (seen.size() == 1 ? "y" : "ies") + " seen — "
                + String.join("; ", parts) + ".";
    }

    /** Why there is nothing to say, or empty when there are profiles. */
    Optional<String> missing() {
        if (run == null) {
            return Optional.of("This run recorded no CPU profile (it predates them).");
        }
        if (!run.enabled()) {
            return Optional.of("No CPU profile: " + run.reason() + ".");
        }
        if (!run.available()) {
            return Optional.of("No CPU profile could be taken on this host: " + run.reason() + ".");
        }
        if (rows.isEmpty()) {
            List<String> failures = points.stream().filter(p -> !p.failure().isEmpty())
                    .map(p -> p.strategy() + " " + Fmt.size(p.size()) + " × " + p.threads() + ": " + p.failure()).toList();
            return Optional.of("No profiled window gave samples" + (failures.isEmpty() ? "."
                    : ": " + String.join("; ", failures) + "."));
        }
        return Optional.empty();
    }

    /** The seed's Part A: where each copy happened and what it took, per point. */
    String partA() {
        StringBuilder md = new StringBuilder("## Where each copy happened (the seed's Part A, from this run's profiles)\n\n");
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            return md.append(missing.get()).append('\n').toString();
        }
        md.append("One extra trial per point, after its measured trials, was profiled (").append(run.events().get(0))
                .append(" sampling every ").append(run.interval())
                .append(") on the experiment's sender and receiver threads only; each sample is named by the nearest "
                        + "frame the frame table knows, from the leaf up. A copy counts as seen when it took at least ")
                .append(Fmt.percent(SEEN)).append(" of the role that ran it; ns per message = share × the role's CPU "
                        + "per message in the measured (unprofiled) trials. A profiled trial gives a few hundred samples "
                        + "per role, so shares are given to two significant figures with their sample counts, and a copy "
                        + "not seen was below what those samples resolve, not shown to be absent.\n\n");
        for (Point p : points()) {
            md.append("- ").append(sentence(p)).append('\n');
        }
        md.append('\n').append(table());
        if (!run.limitations().isEmpty()) {
            md.append("\nWhat these profiles cannot show: ").append(String.join("; ", run.limitations())).append(".\n");
        }
        List<String> failed = points.stream().filter(p -> !p.failure().isEmpty())
                .map(p -> p.strategy() + " " + Fmt.size(p.size()) + " × " + p.threads() + " (" + p.event() + "): "
                        + p.failure()).toList();
        if (!failed.isEmpty()) {
            md.append("\nNot profiled: ").append(String.join("; ", failed)).append(".\n");
        }
        return md.toString();
    }

    /** Every point's copy shares side by side. */
    private String table() {
        StringBuilder md = new StringBuilder("| point | user-copy (sender) | copy-to-kernel (sender) | deferred-copy "
                + "(sender, receiver) | page-pinning (sender) | completion (sender) | copy-to-user (receiver) | other "
                + "(sender, receiver) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Point p : points()) {
            md.append("| ").append(p.label())
                    .append(" | ").append(Fmt.percent(share(p, "sender", Category.USER_COPY)))
                    .append(" | ").append(Fmt.percent(share(p, "sender", Category.COPY_TO_KERNEL)))
                    .append(" | ").append(Fmt.percent(share(p, "sender", Category.DEFERRED_COPY))).append(", ")
                    .append(Fmt.percent(share(p, "receiver", Category.DEFERRED_COPY)))
                    .append(" | ").append(Fmt.percent(share(p, "sender", Category.PAGE_PINNING)))
                    .append(" | ").append(Fmt.percent(share(p, "sender", Category.COMPLETION)))
                    .append(" | ").append(Fmt.percent(share(p, "receiver", Category.COPY_TO_USER)))
                    .append(" | ").append(Fmt.percent(share(p, "sender", Category.OTHER))).append(", ")
                    .append(Fmt.percent(share(p, "receiver", Category.OTHER))).append(" |\n");
        }
        return md.toString();
    }

    /** For Q1: what pinning, completion and the deferred copy took of zero-copy's sender, per size. */
    Optional<String> zeroCopyShares() {
        List<Point> zc = points().stream().filter(p -> p.strategy().equals("zerocopy")).toList();
        if (zc.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (Point p : zc) {
            parts.add(p.label() + ": page pinning " + cost(p, "sender", Category.PAGE_PINNING) + ", completion handling "
                    + cost(p, "sender", Category.COMPLETION) + ", the deferred copy "
                    + cost(p, "sender", Category.DEFERRED_COPY) + " and " + cost(p, "receiver", Category.DEFERRED_COPY));
        }
        return Optional.of("Measured in the profiled windows: " + String.join("; ", parts) + ".");
    }

    /**
     * For Q1: where zerocopy's extra CPU per message went at the smallest profiled size, against
     * sendmsg at the same connection count, both roles together (softirq work lands in either). The
     * named per-send costs (pinning, completion, the deferred copy) are given with the categories that
     * made most of the difference, so the text names what was measured rather than what is expected.
     */
    Optional<String> zeroCopyExtraAtSmallest() {
        Optional<Point> zc = points().stream().filter(p -> p.strategy().equals("zerocopy")).findFirst();
        if (zc.isEmpty()) {
            return Optional.empty();
        }
        Point z = zc.get();
        Point m = new Point("sendmsg", z.size(), z.threads());
        if (row(m, "sender", Category.TCP_IP).isEmpty()) {
            return Optional.empty();
        }
        Map<Category, Double> extra = new LinkedHashMap<>();
        double total = 0;
        for (Category c : Category.values()) {
            double d = both(z, c) - both(m, c);
            extra.put(c, d);
            total += d;
        }
        if (!(total > 0)) {
            return Optional.empty();
        }
        double named = extra.get(Category.PAGE_PINNING) + extra.get(Category.COMPLETION) + extra.get(Category.DEFERRED_COPY);
        List<Category> top = extra.entrySet().stream().sorted(Map.Entry.<Category, Double>comparingByValue().reversed())
                .limit(2).map(Map.Entry::getKey).toList();
        List<String> largest = new ArrayList<>();
        for (Category c : top) {
            largest.add(c.label() + " " + Fmt.rounded(both(z, c), 2) + " against " + Fmt.rounded(both(m, c), 2) + " ns");
        }
        return Optional.of("Measured in the profiled windows at " + Fmt.size(z.size()) + " × " + z.threads()
                + " (sender and receiver together, " + samples(z) + " and " + samples(m) + " samples): zerocopy took "
                + Fmt.rounded(total, 2) + " ns more CPU per message than sendmsg. Page pinning, completion handling and the "
                + "deferred copy together made " + Fmt.rounded(named, 2) + " ns of it (" + Fmt.rounded(100 * named / total, 2) + " %"
                + "); the largest differences were " + String.join(" and ", largest) + " per message. "
                + (named / total < 0.5 ? "So those named per-send costs account for less than half of the loss; most of "
                        + "it is in the categories named, which this profile does not break down further."
                        : "So those named per-send costs account for most of the loss."));
    }

    private double both(Point p, Category c) {
        double s = nsPerMessage(p, "sender", c);
        double r = nsPerMessage(p, "receiver", c);
        return (Double.isFinite(s) ? s : 0) + (Double.isFinite(r) ? r : 0);
    }

    private long samples(Point p) {
        return rows.stream().filter(r -> r.strategy().equals(p.strategy()) && r.size() == p.size()
                && r.threads() == p.threads()).mapToLong(CpuAttributionRow::samples).sum();
    }

    /** The smallest size's points, per message: every category's ns for sender and receiver. */
    String smallestBreakdown() {
        StringBuilder md = new StringBuilder();
        if (missing().isPresent()) {
            return md.toString();
        }
        int smallest = points().stream().mapToInt(Point::size).min().orElse(0);
        List<Point> at = points().stream().filter(p -> p.size() == smallest).toList();
        md.append("## Per-message CPU at ").append(Fmt.size(smallest)).append(", by category\n\n")
                .append("ns per message = the category's share of the profiled window × the role's CPU per message in "
                        + "the measured trials; sender / receiver. Fields placed ").append(fieldsNote()).append(".\n\n");
        md.append("| category |");
        at.forEach(p -> md.append(' ').append(p.strategy()).append(" × ").append(p.threads()).append(" |"));
        md.append("\n|---|");
        at.forEach(p -> md.append("---:|"));
        md.append('\n');
        for (Category c : Category.values()) {
            md.append("| ").append(c.label()).append(" |");
            for (Point p : at) {
                md.append(' ').append(Fmt.num(nsPerMessage(p, "sender", c))).append(" / ")
                        .append(Fmt.num(nsPerMessage(p, "receiver", c))).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private String fieldsNote() {
        return fields;
    }
}
