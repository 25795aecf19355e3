package dev.copycost.report.charts;

import dev.copycost.profile.Category;
import dev.copycost.profile.Role;
import dev.copycost.report.results.CpuAttributionRow;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Where a role's CPU goes: one stacked bar per strategy (its samples' shares by category, summing to
 * 100%), one panel per message size, at one connection on loopback, from the profiled windows.
 */
final class CpuAttributionChart {
    /** One colour per category, copies warm, kernel plumbing cool, our own code grey. */
    private static final Color[] COLOURS = {
        new Color(0xE69F00), // user-copy
        new Color(0xD55E00), // copy-to-kernel
        new Color(0xCC79A7), // deferred-copy
        new Color(0x882255), // page-pinning
        new Color(0xAA4499), // completion
        new Color(0xF0E442), // copy-to-user
        new Color(0x009E73), // verify
        new Color(0x56B4E9), // tcp-ip
        new Color(0x0072B2), // syscall
        new Color(0x332288), // scheduler
        new Color(0x666666), // native-call
        new Color(0x999999), // harness
        new Color(0xDDDDDD), // other
    };

    private CpuAttributionChart() {
    }

    static Optional<ChartImage> draw(List<CpuAttributionRow> all, Role role) {
        List<CpuAttributionRow> rows = all.stream().filter(CpuAttributionRow::cpuTime)
                .filter(r -> r.role().equals(role.label()) && r.threads() == 1 && r.topology().equals("loopback"))
                .toList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Category> shown = new ArrayList<>();
        for (Category c : Category.values()) {
            if (rows.stream().anyMatch(r -> r.category().equals(c.label()) && r.share() > 0)) {
                shown.add(c);
            }
        }
        List<String> strategies = SeriesStyle.ordered(rows.stream().map(CpuAttributionRow::strategy).distinct().toList());
        List<Figure.Panel> panels = new ArrayList<>();
        for (int size : rows.stream().map(CpuAttributionRow::size).distinct().sorted().toList()) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Category c : shown) {
                for (String s : strategies) {
                    rows.stream().filter(r -> r.size() == size && r.strategy().equals(s) && r.category().equals(c.label()))
                            .findFirst().ifPresent(r -> data.addValue(r.share(), c.label(), s));
                }
            }
            if (data.getColumnCount() > 0) {
                panels.add(new Figure.Panel(Units.bytes(size) + " messages", plot(data, shown)));
            }
        }
        List<SeriesStyle> legend = shown.stream().map(c -> new SeriesStyle(c.label(), COLOURS[c.ordinal()],
                new Rectangle2D.Double(-5, -5, 10, 10))).toList();
        String event = rows.get(0).event();
        return Optional.of(new Figure("Where the " + role.label() + "'s CPU goes",
                "share of the " + role.label() + " threads' samples (" + event + ") in one profiled window per point, "
                        + "after its measured trials; 1 connection, loopback; each sample named by its nearest "
                        + "frame in the frame table", panels, legend)
                .render(role.label() + "-cpu-attribution"));
    }

    private static CategoryPlot plot(DefaultCategoryDataset data, List<Category> shown) {
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setMaximumBarWidth(0.12);
        for (int i = 0; i < data.getRowCount(); i++) {
            Category c = Category.parse((String) data.getRowKey(i));
            renderer.setSeriesPaint(i, COLOURS[c.ordinal()]);
        }
        NumberAxis share = new NumberAxis("share of samples");
        share.setRange(0, 1.0);
        share.setTickUnit(new NumberTickUnit(0.2, NumberFormat.getPercentInstance(Locale.ROOT)));
        CategoryAxis strategies = new CategoryAxis(null);
        strategies.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        CategoryPlot plot = new CategoryPlot(data, strategies, share, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
