package dev.copycost.report.findings;

import dev.copycost.report.Fmt;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.ResultRow;
import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
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
     * The best point of one strategy and size. Thread counts are measured in different blocks, so
     * no round pairs them: "clear" needs the two points' own 95% intervals to be apart, and the gain
     * over the fewest threads is an unpaired (Welch) interval on the trials of both. Results without
     * trials fall back to min–max over windows.
     *
     * @param base     the point with the fewest threads measured (normally 1)
     * @param runnerUp the second best, if any; when its interval overlaps the best one's the best is a tie
     */
    record Best(String strategy, int size, ResultRow best, ResultRow base, Optional<ResultRow> runnerUp) {
        boolean clear() {
            return runnerUp.isEmpty() || best.gbpsLow() > runnerUp.get().gbpsHigh();
        }

        double factor() {
            return best.gbpsCenter() / base.gbpsCenter();
        }

        /**
         * "2 (gain 1.19× [0.82–1.73], undecided; not separated from 4)": the count with the highest
         * estimate, whether its gain over the fewest connections is decided, and whether the runner-up is
         * apart from it. Overlapping intervals do not show two counts are equal, only that this check
         * does not rank them; so "highest estimate", never "best", where they overlap.
         */
        String phrase() {
            boolean undecidedGain = best.threads() != base.threads() && gainSpansOne();
            return best.threads() + " (gain " + factorText() + (undecidedGain ? ", undecided" : "")
                    + runnerUp.filter(r -> !clear()).map(r -> "; not separated from " + r.threads()).orElse("") + ")";
        }

        boolean gainSpansOne() {
            if (best.hasInterval() && base.hasInterval()) {
                Interval gain = LogTInterval.ofUnpairedRatio(best.trialGbps(), base.trialGbps());
                return !gain.known() || gain.contains(1);
            }
            return best.gbpsMin() / base.gbpsMax() <= 1;
        }

        String factorText() {
            if (best.hasInterval() && base.hasInterval()) {
                Interval gain = LogTInterval.ofUnpairedRatio(best.trialGbps(), base.trialGbps());
                return gain.ratioText();
            }
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
        points.sort(Comparator.comparingDouble(ResultRow::gbpsCenter).reversed());
        return Optional.of(new Best(strategy, size, points.get(0), base,
                points.size() > 1 ? Optional.of(points.get(1)) : Optional.empty()));
    }

    /** The fewest connections at which sender and receiver threads outnumber the cores. */
    int sharingFrom() {
        return env.cores() / 2 + 1;
    }

    String coresNote() {
        return "The host has " + env.cores() + " logical CPU(s) (" + env.cpuModel() + "). Each connection has its own sender "
                + "and receiver thread, so T connections keep up to 2T threads busy: from " + sharingFrom()
                + " connection(s) on they outnumber the CPUs and must share them.";
    }

    String markdown() {
        StringBuilder md = new StringBuilder("## Best connection count\n\n");
        md.append(coresNote()).append(" Throughput is the total of all connections. \"Highest estimate\" is "
                + "the connection count with the highest geometric-mean throughput; \"not separated\" means the "
                + "runner-up's 95% interval overlaps it, so this check does not rank the two (which is not evidence that "
                + "they are equal). The gain over the fewest connections is an unpaired 95% interval (connection counts "
                + "run in different blocks).\n\n");
        md.append("| strategy | size | highest estimate at (connections) | Gbps [95% interval] | vs fewest connections | runner-up |\n")
                .append("|---|---:|---:|---|---|---|\n");
        for (String s : index.strategies()) {
            for (int size : index.sizes()) {
                best(s, size).ifPresent(b -> md.append("| ").append(s).append(" | ").append(Fmt.size(size))
                        .append(" | ").append(b.best().threads())
                        .append(" | ").append(Fmt.spread(b.best().gbpsCenter(), b.best().gbpsLow(), b.best().gbpsHigh()))
                        .append(" | ").append(b.factorText()).append(" vs ").append(b.base().threads()).append(" connection(s)")
                        .append(" | ").append(b.runnerUp().map(r -> r.threads() + " connection(s), "
                                + Fmt.num(r.gbpsCenter()) + (b.clear() ? " (clearly behind)" : " (**not separated**)"))
                                .orElse("–"))
                        .append(" |\n"));
            }
        }
        return md.append('\n').toString();
    }
}
