package dev.copycost.report.findings;

import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Rows looked up by point, the paired comparisons of the strategy blocks looked up by pair and
 * point, and the sizes, thread counts and strategies a run actually has.
 */
final class RowIndex {
    private final List<ResultRow> rows;
    private final Map<String, ResultRow> byPoint = new HashMap<>();
    private final Map<String, ComparisonRow> byPair = new java.util.LinkedHashMap<>(); // in the blocks' order
    private final List<ComparisonRow> placement;
    /** The run's equivalence margin m, NaN when the results do not say. */
    private final double margin;

    RowIndex(Collection<ResultRow> rows) {
        this(rows, List.of());
    }

    RowIndex(Collection<ResultRow> rows, Collection<ComparisonRow> comparisons) {
        this(rows, comparisons, Double.NaN);
    }

    RowIndex(Collection<ResultRow> rows, Collection<ComparisonRow> comparisons, double margin) {
        this.margin = margin;
        this.rows = ResultsTable.sorted(rows);
        for (ResultRow r : this.rows) {
            byPoint.put(key(r.strategy(), r.size(), r.threads()), r);
        }
        for (ComparisonRow c : comparisons) {
            if (c.kind().equals(dev.copycost.rounds.Block.STRATEGIES)) {
                byPair.put(c.a() + "|" + key(c.b(), c.size(), c.threads()), c);
            }
        }
        this.placement = comparisons.stream()
                .filter(c -> c.kind().equals(dev.copycost.rounds.Block.PLACEMENT)).toList();
    }

    /** A against B at one point, read in that direction, if the two were measured side by side. */
    Optional<ComparisonRow> comparison(String a, String b, int size, int threads) {
        ComparisonRow c = byPair.get(a + "|" + key(b, size, threads));
        if (c != null) {
            return Optional.of(c);
        }
        return Optional.ofNullable(byPair.get(b + "|" + key(a, size, threads))).map(ComparisonRow::reversed);
    }

    /** The run's equivalence margin m (a difference below it is not one worth stating), NaN if unknown. */
    double margin() {
        return margin;
    }

    /** True when the run measured strategies side by side in rounds (results of older runs did not). */
    boolean paired() {
        return !byPair.isEmpty();
    }

    List<ComparisonRow> comparisons() {
        return byPair.values().stream().sorted(java.util.Comparator.comparingInt(ComparisonRow::size)
                .thenComparingInt(ComparisonRow::threads)).toList();
    }

    /** The placement study's comparisons, if the run made one. */
    List<ComparisonRow> placementComparisons() {
        return placement;
    }

    List<ResultRow> rows() {
        return rows;
    }

    Optional<ResultRow> get(String strategy, int size, int threads) {
        return Optional.ofNullable(byPoint.get(key(strategy, size, threads)));
    }

    boolean has(String strategy) {
        return rows.stream().anyMatch(r -> r.strategy().equals(strategy));
    }

    List<Integer> sizes() {
        return List.copyOf(new TreeSet<>(rows.stream().map(ResultRow::size).toList()));
    }

    List<Integer> threads() {
        return List.copyOf(new TreeSet<>(rows.stream().map(ResultRow::threads).toList()));
    }

    List<Integer> threads(String strategy) {
        return List.copyOf(new TreeSet<>(rows.stream().filter(r -> r.strategy().equals(strategy))
                .map(ResultRow::threads).toList()));
    }

    /** Strategies in report order. */
    List<String> strategies() {
        return rows.stream().map(ResultRow::strategy).distinct().toList();
    }

    /** The fewest repetitions of any point; 1 means no spread is known anywhere. */
    int minRepetitions() {
        return rows.stream().mapToInt(ResultRow::repetitions).min().orElse(0);
    }

    private static String key(String strategy, int size, int threads) {
        return strategy + "|" + size + "|" + threads;
    }
}
