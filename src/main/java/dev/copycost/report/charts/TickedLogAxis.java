package dev.copycost.report.charts;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A log axis whose ticks are given, not computed. JFreeChart's own log ticks sit on powers of the base
 * only, so a throughput axis spanning 5..40 Gbps would show a single tick, and a size axis would label
 * sizes that were never measured; here the size axis labels exactly the measured sizes and value axes
 * get 1-2-5 ticks.
 */
final class TickedLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private final double[] ticks;
    private final transient DoubleFunction<String> format;

    TickedLogAxis(String label, double base, double[] ticks, DoubleFunction<String> format, double lo, double hi) {
        super(label);
        this.ticks = ticks.clone();
        this.format = format;
        setBase(base);
        setSmallestValue(Math.min(lo, 1e-12));
        setRange(lo, hi);
        setMinorTickMarksVisible(false);
    }

    /** An axis over the given measured positions (sizes, thread counts) with a margin either side. */
    static TickedLogAxis over(String label, double[] positions, DoubleFunction<String> format) {
        double lo = min(positions);
        double hi = max(positions);
        return new TickedLogAxis(label, 2, positions, format, lo / 1.5, hi * 1.5);
    }

    /** A value axis covering lo..hi (both > 0) with a margin and 1-2-5 ticks. */
    static TickedLogAxis values(String label, double lo, double hi) {
        double from = lo / 1.35;
        double to = hi * 1.35;
        return new TickedLogAxis(label, 10, niceTicks(from, to), Units::number, from, to);
    }

    /**
     * The densest of 1..9, 1-2-5, 1-3, 1 per decade that gives at most 8 ticks in the range; a range
     * too narrow for that to give 3 ticks gets evenly stepped ones (e.g. 12, 14, 16, 18).
     */
    static double[] niceTicks(double lo, double hi) {
        double[][] mantissas = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}, {1, 3}, {1}};
        List<Double> chosen = List.of();
        for (double[] m : mantissas) {
            chosen = ticks(lo, hi, m, 1);
            if (chosen.size() <= 8) {
                break;
            }
        }
        for (int stride = 2; chosen.size() > 8; stride++) {
            chosen = ticks(lo, hi, new double[] {1}, stride);
        }
        if (chosen.size() < 3) {
            return linearTicks(lo, hi);
        }
        return chosen.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] linearTicks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : 5);
        List<Double> out = new ArrayList<>();
        for (long k = (long) Math.ceil(lo / step); k * step <= hi; k++) {
            // Rounded through a decimal string for clean labels (0.6, not 0.6000000000000001).
            out.add(Double.parseDouble(Units.number(k * step)));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Double> ticks(double lo, double hi, double[] mantissas, int decadeStride) {
        List<Double> out = new ArrayList<>();
        int first = (int) Math.floor(Math.log10(lo));
        int last = (int) Math.ceil(Math.log10(hi));
        for (int e = first; e <= last; e++) {
            if (Math.floorMod(e, decadeStride) != 0) {
                continue;
            }
            for (double m : mantissas) {
                // Built from a decimal string so 0.3 is 0.3 and its label does not read 0.30000000000000004.
                double v = Double.parseDouble(m + "e" + e);
                if (v >= lo && v <= hi) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    @Override
    public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        // RectangleEdge is a class of constants, not an enum, so no switch.
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER
                : edge == RectangleEdge.BOTTOM ? TextAnchor.TOP_CENTER
                : edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        List<ValueTick> out = new ArrayList<>();
        for (double t : ticks) {
            if (getRange().contains(t)) {
                out.add(new NumberTick(t, format.apply(t), anchor, TextAnchor.CENTER, 0.0));
            }
        }
        return out;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
