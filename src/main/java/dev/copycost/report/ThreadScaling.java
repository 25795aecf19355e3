package dev.copycost.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The best thread count per strategy and size, and how much it gains over the fewest threads. Each
 * connection has its own sender and receiver thread, so the number of cores matters for reading it.
 */
final class ThreadScaling {

    /**
     * The best point of one strategy and size.
     *
     * @param base     the point with the fewest threads measured (normally 1)
     * @param runnerUp the second best, if any; when its range overlaps the best one's the best is a tie
     */
    record Best(String strategy, int size, ResultRow best, ResultRow base, Optional<ResultRow> runnerUp) {
        boolean clear() {
            return runnerUp.isEmpty() || best.gbpsMin() > runnerUp.get().gbpsMax();
        }

        double factor() {
            return best.gbpsMedian() / base.gbpsMedian();
        }

        String factorText() {
            return Fmt.times(factor()) + " [" + Fmt.num(best.gbpsMin() / base.gbpsMax()) + "–"
                    + Fmt.num(best.gbpsMax() / base.gbpsMin()) + "]";
        }
    }

    private final RowIndex index;
    private final EnvironmentFacts env;

    ThreadScaling(RowIndex index, EnvironmentFacts env) {
        this.index = index;
        this.env = env;
    }

    Optional<Best> best(String strategy, int size) {
        List<ResultRow> points = new ArrayList<>();
        for (int t : index.threads(strategy)) {
            index.get(strategy, size, t).ifPresent(points::add);
        }
        if (points.isEmpty()) {
            return Optional.empty();
        }
        ResultRow base = points.get(0);
        points.sort(Comparator.comparingDouble(ResultRow::gbpsMedian).reversed());
        return Optional.of(new Best(strategy, size, points.get(0), base,
                points.size() > 1 ? Optional.of(points.get(1)) : Optional.empty()));
    }

    /** The fewest connections at which sender and receiver threads outnumber the cores. */
    int sharingFrom() {
        return env.cores() / 2 + 1;
    }

    String coresNote() {
        return "The host has " + env.cores() + " core(s) (" + env.cpuModel() + "). Each connection has its own sender "
                + "and receiver thread, so T connections keep up to 2T threads busy: from " + sharingFrom()
                + " connection(s) on they outnumber the cores and must share them.";
    }

    String markdown() {
        StringBuilder md = new StringBuilder("## Best thread count\n\n");
        md.append(coresNote()).append(" Throughput is the total of all connections. \"Tie\" means the runner-up's "
                + "range overlaps the best one's, so the data cannot rank them.\n\n");
        md.append("| strategy | size | best threads | Gbps median [min–max] | vs fewest threads | runner-up |\n")
                .append("|---|---:|---:|---|---|---|\n");
        for (String s : index.strategies()) {
            for (int size : index.sizes()) {
                best(s, size).ifPresent(b -> md.append("| ").append(s).append(" | ").append(Fmt.size(size))
                        .append(" | ").append(b.best().threads())
                        .append(" | ").append(Fmt.spread(b.best().gbpsMedian(), b.best().gbpsMin(), b.best().gbpsMax()))
                        .append(" | ").append(b.factorText()).append(" vs ").append(b.base().threads()).append(" thread(s)")
                        .append(" | ").append(b.runnerUp().map(r -> r.threads() + " thread(s), "
                                + Fmt.num(r.gbpsMedian()) + (b.clear() ? " (clearly behind)" : " (**tie**)"))
                                .orElse("–"))
                        .append(" |\n"));
            }
        }
        return md.append('\n').toString();
    }
}
