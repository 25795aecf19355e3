package dev.copycost.report;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Rows looked up by point, and the sizes, thread counts and strategies a run actually has. */
final class RowIndex {
    private final List<ResultRow> rows;
    private final Map<String, ResultRow> byPoint = new HashMap<>();

    RowIndex(Collection<ResultRow> rows) {
        this.rows = ResultsTable.sorted(rows);
        for (ResultRow r : this.rows) {
            byPoint.put(key(r.strategy(), r.size(), r.threads()), r);
        }
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
