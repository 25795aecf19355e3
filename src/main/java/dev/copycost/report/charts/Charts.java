package dev.copycost.report.charts;

import dev.copycost.report.results.ResultRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;

/**
 * The findings' figures, drawn from the results rows with JFreeChart: throughput, CPU cost per byte,
 * context switches, zero-copy accounting and (where the PMU has them) cycles and cache misses per
 * byte. Only what the rows contain is drawn, so any subset of strategies, sizes and thread counts
 * works, down to a single point; a figure with nothing to show is left out and
 * {@link #unavailableNote} says why, rather than an empty chart suggesting a zero.
 */
public final class Charts {
    /** Sizes the throughput-vs-threads figures are drawn at when the run has them (the seed's two). */
    static final List<Integer> THREAD_CHART_SIZES = List.of(4096, 65536);

    private Charts() {
    }

    /**
     * Every figure the rows support, in reading order.
     *
     * @param hasCycles      whether the PMU counted cycles on this host (false: no cycles figure)
     * @param hasCacheMisses whether it counted cache misses (false: no cache-miss figure)
     */
    public static List<ChartImage> all(List<ResultRow> rows, boolean hasCycles, boolean hasCacheMisses) {
        // Drawn on build machines and in CI: never reach for a display, even if DISPLAY is set.
        System.setProperty("java.awt.headless", "true");
        List<ChartImage> charts = new ArrayList<>();
        if (rows.isEmpty()) {
            return charts;
        }
        String spread = "median of " + windows(rows) + " per point; bars span min–max";
        // the throughput metric plots each point's geometric mean over its trials and its 95% interval
        String interval = rows.stream().allMatch(ResultRow::hasInterval)
                ? "geometric mean over each point's trials; bars span its 95% interval" : spread;
        grid(rows, Dim.THREADS, Dim.SIZE, GBPS, true, "throughput-vs-size", "Throughput vs message size",
                interval + "; log–log axes; one panel per connection count").ifPresent(charts::add);
        for (int size : threadChartSizes(rows)) {
            List<ResultRow> at = rows.stream().filter(r -> r.size() == size).toList();
            grid(at, null, Dim.THREADS, GBPS, false, "throughput-vs-threads-" + Units.bytes(size).replace(" ", ""),
                    "Throughput vs connections at " + Units.bytes(size) + " messages", interval
                            + "; each connection has a sender and a receiver thread")
                    .ifPresent(charts::add);
        }
        grid(rows, Dim.THREADS, Dim.SIZE, SENDER_CPU, true, "sender-cpu-per-byte-vs-size",
                "Sender CPU time per byte vs message size",
                spread + "; CPU time of the sending threads per byte delivered; log–log").ifPresent(charts::add);
        grid(rows, Dim.SIZE, Dim.THREADS, PREEMPTIONS, false, "context-switches-vs-threads",
                "Involuntary context switches per second per thread vs connections",
                "preemptions of the sender and receiver threads (two per connection), median of " + windows(rows)
                        + "; voluntary switches (a thread blocking for data) are idle time, not cost, and left out; "
                        + "one panel per message size")
                .ifPresent(charts::add);
        ZeroCopyChart.draw(rows).ifPresent(charts::add);
        if (hasCycles) {
            grid(rows, Dim.THREADS, Dim.SIZE, CYCLES, true, "cycles-per-byte-vs-size", "Sender CPU cycles per byte vs message size",
                    "PMU cycles counted on the sending threads, median of " + windows(rows) + "; log–log")
                    .ifPresent(charts::add);
        }
        if (hasCacheMisses) {
            grid(rows, Dim.THREADS, Dim.SIZE, CACHE_MISSES, true, "cache-misses-per-byte-vs-size",
                    "Sender cache misses per byte vs message size",
                    "generic PMU cache-misses event (the hardware event it counts is vendor-specific) on the "
                            + "sending threads, median of "
                            + windows(rows) + "; log–log").ifPresent(charts::add);
        }
        return charts;
    }

    /**
     * "Where the sender's CPU goes" and the receiver's: stacked bars of the profiled windows' shares per
     * category, one bar per strategy and one panel per size, at 1 connection on loopback. Empty when
     * the run has no profile of such points.
     */
    public static List<ChartImage> cpuAttribution(List<dev.copycost.report.results.CpuAttributionRow> rows) {
        System.setProperty("java.awt.headless", "true");
        List<ChartImage> charts = new ArrayList<>();
        for (dev.copycost.profile.Role role : dev.copycost.profile.Role.values()) {
            CpuAttributionChart.draw(rows, role).ifPresent(charts::add);
        }
        return charts;
    }

    /**
     * Markdown naming each figure that {@link #all} could not draw from these rows, and why; empty when
     * every figure was drawn. This stands in the report where the figure would have been.
     */
    public static String unavailableNote(List<ResultRow> rows, boolean hasCycles, boolean hasCacheMisses) {
        List<String> notes = new ArrayList<>();
        if (!hasCycles || noneFinite(rows, ResultRow::cyclesPerByte)) {
            notes.add("**Cycles per byte**: not drawn. The PMU counted no CPU cycles for this run (no hardware "
                    + "`cycles` event available to the process, as on most VMs without a virtual PMU, or blocked by "
                    + "`perf_event_paranoid`). Answering it needs a host where `perf_event_open` of "
                    + "PERF_COUNT_HW_CPU_CYCLES succeeds for the sending threads.");
        }
        if (!hasCacheMisses || noneFinite(rows, ResultRow::cacheMissesPerByte)) {
            notes.add("**Cache misses per byte**: not drawn. The PMU counted no cache misses for this run, so this "
                    + "report makes no claim about cache behaviour. Needs the hardware `cache-misses` event (and, "
                    + "for a per-level answer, L1d/LLC cache events) on the sending threads.");
        }
        if (rows.stream().noneMatch(ResultRow::zeroCopyStrategy)) {
            notes.add("**Zero-copy copied share and sends per notification**: not drawn, the run has no zero-copy points.");
        } else if (noneFinite(rows, ResultRow::copiedShare)) {
            notes.add("**Zero-copy copied share**: not drawn, no zero-copy completions were recorded.");
        }
        if (!rows.isEmpty() && noneFinite(rows, ResultRow::senderCpuNsPerByte)) {
            notes.add("**Sender CPU per byte**: not drawn, no CPU time was recorded for the senders.");
        }
        List<Integer> sizes = rows.stream().map(ResultRow::size).distinct().toList();
        for (int wanted : THREAD_CHART_SIZES) {
            if (!rows.isEmpty() && !sizes.contains(wanted)) {
                notes.add("**Throughput vs connections at " + Units.bytes(wanted) + "**: not drawn, that size was not in "
                        + "this run" + (sizes.stream().noneMatch(THREAD_CHART_SIZES::contains)
                                ? " (drawn at " + Units.bytes(largest(rows)) + " instead)" : "") + ".");
            }
        }
        return notes.isEmpty() ? "" : "### Figures not drawn\n\n" + String.join("\n", notes.stream().map(n -> "- " + n).toList()) + "\n";
    }

    /** The seed's 4 KiB and 64 KiB where present; otherwise the largest size run, so there is always one. */
    static List<Integer> threadChartSizes(List<ResultRow> rows) {
        List<Integer> present = THREAD_CHART_SIZES.stream()
                .filter(s -> rows.stream().anyMatch(r -> r.size() == s)).toList();
        return !present.isEmpty() || rows.isEmpty() ? present : List.of(largest(rows));
    }

    private static int largest(List<ResultRow> rows) {
        return rows.stream().mapToInt(ResultRow::size).max().orElse(0);
    }

    /** A row dimension that can be a panel or an x axis. */
    private enum Dim {
        SIZE("message size", ResultRow::size, Units::bytes, s -> Units.bytes(s) + " messages"),
        THREADS("connections (two threads each)", ResultRow::threads, t -> Units.number(t), t -> Units.connections((int) t));

        final String axisLabel;
        final ToIntFunction<ResultRow> of;
        final DoubleFunction<String> tick;
        final DoubleFunction<String> panelTitle;

        Dim(String axisLabel, ToIntFunction<ResultRow> of, DoubleFunction<String> tick, DoubleFunction<String> panelTitle) {
            this.axisLabel = axisLabel;
            this.of = of;
            this.tick = tick;
            this.panelTitle = panelTitle;
        }
    }

    /** What a figure plots; min and max are null where the rows hold no spread for it. */
    private record Metric(String axisLabel, ToDoubleFunction<ResultRow> median, ToDoubleFunction<ResultRow> min,
            ToDoubleFunction<ResultRow> max) {
        boolean bars() {
            return min != null && max != null;
        }
    }

    private static final Metric GBPS = new Metric("throughput (Gbit/s)", ResultRow::gbpsCenter, ResultRow::gbpsLow,
            ResultRow::gbpsHigh);
    private static final Metric SENDER_CPU = new Metric("sender CPU (ns per byte)", ResultRow::senderCpuNsPerByte,
            ResultRow::senderCpuNsPerByteMin, ResultRow::senderCpuNsPerByteMax);
    private static final Metric PREEMPTIONS = new Metric("involuntary switches / s / thread",
            ResultRow::involuntaryPerThreadSecond, null, null);
    private static final Metric CYCLES = new Metric("cycles per byte", ResultRow::cyclesPerByte, null, null);
    private static final Metric CACHE_MISSES = new Metric("cache misses per byte", ResultRow::cacheMissesPerByte, null, null);

    /**
     * One panel per value of {@code panelBy} (a single panel when null), x = {@code xDim} on a log2 axis
     * labelled at the measured values, one series per strategy. Rows whose value cannot be drawn (NaN,
     * or not positive on a log axis) are left out; empty when none is left.
     */
    private static Optional<ChartImage> grid(List<ResultRow> rows, Dim panelBy, Dim xDim, Metric m, boolean logY,
            String name, String title, String subtitle) {
        List<ResultRow> usable = rows.stream().filter(r -> drawable(m.median().applyAsDouble(r), logY)).toList();
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        double[] xs = usable.stream().mapToDouble(r -> xDim.of.applyAsInt(r)).distinct().sorted().toArray();
        double lo = usable.stream().mapToDouble(r -> low(r, m)).min().orElseThrow();
        double hi = usable.stream().mapToDouble(r -> high(r, m)).max().orElseThrow();
        List<String> strategies = SeriesStyle.ordered(usable.stream().map(ResultRow::strategy).toList());
        List<Integer> panelValues = panelBy == null ? List.of(0)
                : usable.stream().map(r -> panelBy.of.applyAsInt(r)).distinct().sorted().toList();
        List<Figure.Panel> panels = new ArrayList<>();
        for (int pv : panelValues) {
            List<ResultRow> inPanel = usable.stream().filter(r -> panelBy == null || panelBy.of.applyAsInt(r) == pv).toList();
            List<Plots.Series> series = new ArrayList<>();
            for (String strategy : strategies) {
                List<Plots.Point> points = inPanel.stream().filter(r -> r.strategy().equals(strategy))
                        .sorted(Comparator.comparingInt(xDim.of))
                        .map(r -> point(r, xDim, m)).toList();
                if (!points.isEmpty()) {
                    series.add(new Plots.Series(SeriesStyle.forStrategy(strategy), points));
                }
            }
            ValueAxis x = TickedLogAxis.over(xDim.axisLabel, xs, xDim.tick);
            // Log panels share one range so heights compare across panels; linear ones start at zero each.
            ValueAxis y = logY ? TickedLogAxis.values(m.axisLabel(), lo, hi) : linear(m.axisLabel());
            panels.add(new Figure.Panel(panelBy == null ? null : panelBy.panelTitle.apply(pv),
                    Plots.xy(series, x, y, m.bars())));
        }
        List<SeriesStyle> legend = strategies.stream().map(SeriesStyle::forStrategy).toList();
        return Optional.of(new Figure(title, subtitle, panels, legend).render(name));
    }

    private static NumberAxis linear(String label) {
        return Plots.linearFromZero(label);
    }

    private static Plots.Point point(ResultRow r, Dim xDim, Metric m) {
        double y = m.median().applyAsDouble(r);
        return m.bars() ? new Plots.Point(xDim.of.applyAsInt(r), y, m.min().applyAsDouble(r), m.max().applyAsDouble(r))
                : Plots.Point.single(xDim.of.applyAsInt(r), y);
    }

    private static double low(ResultRow r, Metric m) {
        double y = m.median().applyAsDouble(r);
        double min = m.bars() ? m.min().applyAsDouble(r) : y;
        return Double.isFinite(min) && min > 0 ? Math.min(min, y) : y;
    }

    private static double high(ResultRow r, Metric m) {
        double y = m.median().applyAsDouble(r);
        double max = m.bars() ? m.max().applyAsDouble(r) : y;
        return Double.isFinite(max) ? Math.max(max, y) : y;
    }

    static boolean drawable(double v, boolean log) {
        return Double.isFinite(v) && (log ? v > 0 : v >= 0);
    }

    private static boolean noneFinite(List<ResultRow> rows, ToDoubleFunction<ResultRow> f) {
        return rows.stream().mapToDouble(f).noneMatch(Double::isFinite);
    }

    /** "3 windows" or "2–3 windows" when points differ. */
    static String windows(List<ResultRow> rows) {
        IntSummaryStatistics s = rows.stream().mapToInt(ResultRow::repetitions).summaryStatistics();
        String n = s.getMin() == s.getMax() ? String.valueOf(s.getMin()) : s.getMin() + "–" + s.getMax();
        return n + (s.getMax() == 1 ? " window" : " windows");
    }
}
