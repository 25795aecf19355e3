package dev.copycost.report.charts;

import dev.copycost.report.results.ResultRow;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;

/**
 * Zero-copy accounting vs message size: the share of completions the kernel flagged COPIED (on
 * loopback the data is copied when it reaches the local receiver, so this says whether "zero-copy"
 * was real), and how many sends one completion notification covered. One series per zero-copy
 * strategy ({@code zerocopy}, {@code uring-zc} at each depth) and thread count: the strategy's colour,
 * the thread count's marker.
 */
final class ZeroCopyChart {
    private ZeroCopyChart() {
    }

    static Optional<ChartImage> draw(List<ResultRow> rows) {
        List<ResultRow> zc = rows.stream().filter(ResultRow::zeroCopyStrategy).toList();
        List<Figure.Panel> panels = new ArrayList<>();
        panel(zc, ResultRow::copiedShare, "copied share", "Completions flagged COPIED", true).ifPresent(panels::add);
        panel(zc, ResultRow::sendsPerNotification, "sends per notification", "Sends covered by one notification", false)
                .ifPresent(panels::add);
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        List<SeriesStyle> legend = new ArrayList<>();
        for (String strategy : strategies(zc)) {
            List<Integer> threads = threadCounts(zc);
            for (int i = 0; i < threads.size(); i++) {
                legend.add(style(strategy, threads.get(i), i));
            }
        }
        return Optional.of(new Figure("Zero-copy: copied share and sends per notification",
                "whole run per point (all windows); COPIED = the kernel copied the data after all", panels, legend)
                .render("zerocopy-copied-share"));
    }

    private static Optional<Figure.Panel> panel(List<ResultRow> zc, ToDoubleFunction<ResultRow> f, String axisLabel,
            String title, boolean share) {
        List<ResultRow> usable = zc.stream().filter(r -> Charts.drawable(f.applyAsDouble(r), false)).toList();
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        double[] sizes = usable.stream().mapToDouble(ResultRow::size).distinct().sorted().toArray();
        List<Integer> threads = threadCounts(zc);
        List<Plots.Series> series = new ArrayList<>();
        for (String strategy : strategies(zc)) {
            for (int i = 0; i < threads.size(); i++) {
                int t = threads.get(i);
                List<Plots.Point> points = usable.stream().filter(r -> r.threads() == t && r.strategy().equals(strategy))
                        .sorted(Comparator.comparingInt(ResultRow::size))
                        .map(r -> Plots.Point.single(r.size(), f.applyAsDouble(r))).toList();
                if (!points.isEmpty()) {
                    series.add(new Plots.Series(style(strategy, t, i), points));
                }
            }
        }
        NumberAxis y = Plots.linearFromZero(axisLabel);
        if (share) {
            // A share is 0..100 %; a fixed range keeps "all copied" visibly at the top, not mid-axis.
            y.setRange(0, 1.05);
            y.setTickUnit(new NumberTickUnit(0.1, NumberFormat.getPercentInstance(Locale.ROOT)));
        }
        return Optional.of(new Figure.Panel(title,
                Plots.xy(series, TickedLogAxis.over("message size", sizes, Units::bytes), y, false)));
    }

    private static List<String> strategies(List<ResultRow> zc) {
        return SeriesStyle.ordered(zc.stream().map(ResultRow::strategy).toList());
    }

    /** The strategy's colour, the thread count's marker, both in the label. */
    private static SeriesStyle style(String strategy, int threads, int threadIndex) {
        return new SeriesStyle(strategy + ", " + Units.connections(threads), SeriesStyle.forStrategy(strategy).color(),
                SeriesStyle.forThreads(threads, threadIndex).shape());
    }

    private static List<Integer> threadCounts(List<ResultRow> zc) {
        return zc.stream().map(ResultRow::threads).distinct().sorted().toList();
    }
}
