package dev.copycost.report.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** Builds one XY panel from series of points, styled the same way in every chart. */
final class Plots {
    static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color GRID = new Color(0xD9D9D9);

    private Plots() {
    }

    /** One measured point: x, the median, and the min–max of the repetitions (lo = hi = y when there is no spread). */
    record Point(double x, double y, double lo, double hi) {
        static Point single(double x, double y) {
            return new Point(x, y, y, y);
        }
    }

    /** A line of points drawn in one style. */
    record Series(SeriesStyle style, List<Point> points) {
    }

    /**
     * A panel with lines and markers; with {@code bars}, min–max error bars as well. On a log axis a
     * bar end at or below zero cannot be drawn, so it is clamped to the median (callers filter y > 0).
     */
    static XYPlot xy(List<Series> series, ValueAxis x, ValueAxis y, boolean bars) {
        style(x);
        style(y);
        XYLineAndShapeRenderer renderer = bars ? errorRenderer() : new XYLineAndShapeRenderer(true, true);
        XYDataset data = bars ? intervals(series, y instanceof TickedLogAxis) : lines(series);
        for (int i = 0; i < series.size(); i++) {
            SeriesStyle s = series.get(i).style();
            renderer.setSeriesPaint(i, s.color());
            renderer.setSeriesShape(i, s.shape());
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            // Hollow markers: strategies that perform alike overlap, and a filled marker would hide the other.
            renderer.setSeriesShapesFilled(i, Boolean.FALSE);
            renderer.setSeriesOutlineStroke(i, new BasicStroke(2f));
        }
        renderer.setDrawOutlines(true);
        renderer.setUseOutlinePaint(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(Color.GRAY);
        return plot;
    }

    /** A linear axis starting at zero, so bar lengths and gaps are read honestly. */
    static NumberAxis linearFromZero(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        return axis;
    }

    private static XYErrorRenderer errorRenderer() {
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setCapLength(7);
        r.setErrorStroke(new BasicStroke(1.3f));
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        return r;
    }

    private static XYDataset intervals(List<Series> series, boolean logAxis) {
        YIntervalSeriesCollection c = new YIntervalSeriesCollection();
        for (Series s : series) {
            YIntervalSeries out = new YIntervalSeries(s.style().label());
            for (Point p : s.points()) {
                double lo = Double.isFinite(p.lo()) && (!logAxis || p.lo() > 0) ? Math.min(p.lo(), p.y()) : p.y();
                double hi = Double.isFinite(p.hi()) ? Math.max(p.hi(), p.y()) : p.y();
                out.add(p.x(), p.y(), lo, hi);
            }
            c.addSeries(out);
        }
        return c;
    }

    private static XYDataset lines(List<Series> series) {
        XYSeriesCollection c = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries out = new XYSeries(s.style().label());
            s.points().forEach(p -> out.add(p.x(), p.y()));
            c.addSeries(out);
        }
        return c;
    }

    private static void style(ValueAxis axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICK_LABEL);
        axis.setTickLabelPaint(Color.DARK_GRAY);
    }
}
