package dev.copycost.report.charts;

import java.util.Objects;

/**
 * One rendered chart: the same drawing as PNG (for the report and people) and as SVG (for zooming and
 * print).
 *
 * @param name  a stable file-name stem, e.g. {@code throughput-vs-size}; attachments and screenshots use it
 * @param title the human title drawn on the chart and used as the attachment name
 * @param png   the PNG bytes
 * @param svg   a complete SVG document
 */
public record ChartImage(String name, String title, byte[] png, String svg) {
    public ChartImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(svg, "svg");
    }
}
