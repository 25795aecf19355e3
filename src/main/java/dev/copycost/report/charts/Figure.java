package dev.copycost.report.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.Size2D;
import org.jfree.data.Range;
import org.jfree.svg.SVGGraphics2D;

/**
 * A titled figure of one or more panels in a grid with one shared legend, rendered to PNG and SVG.
 * JFreeChart has no grid of plots, and one legend per panel would repeat five entries four times, so
 * the figure lays the panels out itself and draws each as a legend-less chart.
 */
final class Figure {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    /** One panel: its own small title (may be null for a single-panel figure) and its plot (XY or category). */
    record Panel(String title, Plot plot) {
    }

    private final String title;
    private final String subtitle;
    private final List<JFreeChart> panels;
    private final List<SeriesStyle> legend;

    Figure(String title, String subtitle, List<Panel> panels, List<SeriesStyle> legend) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one panel: " + title);
        }
        this.title = title;
        this.subtitle = subtitle;
        this.legend = List.copyOf(legend);
        this.panels = panels.stream().map(Figure::chart).toList();
    }

    private static JFreeChart chart(Panel p) {
        JFreeChart c = new JFreeChart(p.title(), PANEL_TITLE, p.plot(), false);
        c.setBackgroundPaint(Color.WHITE);
        c.setPadding(new RectangleInsets(4, 4, 4, 8));
        return c;
    }

    ChartImage render(String name) {
        int cols = columns();
        int rows = (panels.size() + cols - 1) / cols;
        int width = cols == 1 ? 900 : cols == 2 ? 1000 : 1200;
        int panelHeight = rows == 1 ? (cols == 1 ? 460 : 420) : 330;
        int height = 140 + rows * panelHeight;
        return new ChartImage(name, title, png(width, height), svg(width, height));
    }

    private int columns() {
        int n = panels.size();
        return n == 1 ? 1 : n <= 4 ? 2 : 3;
    }

    private byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart " + title + " as PNG", e);
        }
        return out.toByteArray();
    }

    private String svg(int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        draw(g, new Rectangle2D.Double(0, 0, width, height));
        return g.getSVGDocument();
    }

    private void draw(Graphics2D g, Rectangle2D area) {
        g.setPaint(Color.WHITE);
        g.fill(area);
        double top = area.getY() + 10;
        top += drawTitle(g, new TextTitle(title, TITLE), area, top);
        if (subtitle != null && !subtitle.isBlank()) {
            TextTitle sub = new TextTitle(subtitle, SUBTITLE);
            sub.setPaint(Color.DARK_GRAY);
            top += drawTitle(g, sub, area, top);
        }
        double legendHeight = drawLegend(g, area);
        Rectangle2D grid = new Rectangle2D.Double(area.getX() + 6, top + 4, area.getWidth() - 12,
                area.getMaxY() - legendHeight - top - 8);
        drawPanels(g, grid);
    }

    private static double drawTitle(Graphics2D g, TextTitle t, Rectangle2D area, double top) {
        t.setHorizontalAlignment(HorizontalAlignment.CENTER);
        // TextTitle only implements a fixed width with free height.
        Size2D size = t.arrange(g, new RectangleConstraint(area.getWidth() - 20, null, LengthConstraintType.FIXED, 0,
                null, LengthConstraintType.NONE));
        t.draw(g, new Rectangle2D.Double(area.getX() + 10, top, area.getWidth() - 20, size.getHeight()));
        return size.getHeight() + 2;
    }

    /** Draws the shared legend along the bottom edge; returns the height it took. */
    private double drawLegend(Graphics2D g, Rectangle2D area) {
        if (legend.isEmpty()) {
            return 0;
        }
        LegendItemCollection items = new LegendItemCollection();
        for (SeriesStyle s : legend) {
            // Hollow like the plotted markers, so the legend looks like the lines it names.
            items.add(new LegendItem(s.label(), null, null, null, true, s.shape(), false, s.color(), true, s.color(),
                    new BasicStroke(2f), true, new Line2D.Double(-10, 0, 10, 0), new BasicStroke(2f), s.color()));
        }
        LegendTitle title = new LegendTitle(() -> items);
        title.setItemFont(LEGEND);
        title.setBackgroundPaint(Color.WHITE);
        title.setItemLabelPadding(new RectangleInsets(2, 4, 2, 14));
        double width = area.getWidth() - 20;
        // A width range (not fixed) makes the flow take only the width it needs, so it can be centred.
        Size2D size = title.arrange(g, new RectangleConstraint(0, new Range(0, width), LengthConstraintType.RANGE, 0,
                null, LengthConstraintType.NONE));
        double x = area.getX() + (area.getWidth() - size.getWidth()) / 2;
        double y = area.getMaxY() - size.getHeight() - 8;
        title.draw(g, new Rectangle2D.Double(x, y, size.getWidth(), size.getHeight()));
        return size.getHeight() + 12;
    }

    private void drawPanels(Graphics2D g, Rectangle2D grid) {
        int cols = columns();
        int rows = (panels.size() + cols - 1) / cols;
        double w = grid.getWidth() / cols;
        double h = grid.getHeight() / rows;
        for (int i = 0; i < panels.size(); i++) {
            Rectangle2D cell = new Rectangle2D.Double(grid.getX() + (i % cols) * w, grid.getY() + (i / cols) * h, w, h);
            panels.get(i).draw(g, cell);
        }
    }
}
