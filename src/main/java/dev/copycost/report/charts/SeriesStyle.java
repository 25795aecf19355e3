package dev.copycost.report.charts;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How one series looks: its legend label, colour and marker. A strategy gets the same colour and
 * marker in every chart, so a reader who learned "green is sendmsg" on one figure can trust it on the next.
 */
record SeriesStyle(String label, Color color, Shape shape) {

    /** The order strategies are listed in everywhere: the project's own, from most copies to fewest. */
    static final List<String> STRATEGY_ORDER = List.of("send", "copy-send", "sendmsg", "zerocopy", "nio-gather");

    // Okabe–Ito: distinguishable with the common colour-vision deficiencies and in greyscale print.
    private static final Map<String, Color> STRATEGY_COLOURS = Map.of(
            "send", new Color(0x0072B2),
            "copy-send", new Color(0xE69F00),
            "sendmsg", new Color(0x009E73),
            "zerocopy", new Color(0xD55E00),
            "nio-gather", new Color(0xCC79A7));
    private static final Color[] SPARE = {new Color(0x56B4E9), Color.DARK_GRAY, new Color(0x8C564B), new Color(0x7F7F7F)};
    private static final Shape[] SHAPES = {circle(), square(), triangle(true), diamond(), triangle(false)};
    // Thread counts are a second, unrelated dimension: a separate (ColorBrewer Dark2) palette avoids
    // suggesting a strategy.
    private static final Color[] THREAD_COLOURS = {new Color(0x1B9E77), new Color(0x7570B3), new Color(0xE7298A),
        new Color(0x66A61E), new Color(0xA6761D), new Color(0x666666), new Color(0xE6AB02), new Color(0xD95F02)};

    // io_uring's points: one colour per strategy (Okabe–Ito's sky blue and black), the queue depth by marker
    private static final Map<String, Color> URING_COLOURS = Map.of("uring-send", new Color(0x56B4E9),
            "uring-zc", Color.BLACK);

    static SeriesStyle forStrategy(String strategy) {
        int mark = strategy.lastIndexOf("-qd");
        if (mark > 0 && URING_COLOURS.containsKey(strategy.substring(0, mark))) {
            boolean single = strategy.endsWith("-qd1");
            return new SeriesStyle(strategy, URING_COLOURS.get(strategy.substring(0, mark)),
                    single ? circle() : square());
        }
        int known = STRATEGY_ORDER.indexOf(strategy);
        int index = known >= 0 ? known : Math.floorMod(strategy.hashCode(), SPARE.length);
        Color colour = known >= 0 ? STRATEGY_COLOURS.get(strategy) : SPARE[index];
        return new SeriesStyle(strategy, colour, SHAPES[index % SHAPES.length]);
    }

    /** Style for the {@code index}-th smallest thread count of a chart. */
    static SeriesStyle forThreads(int threads, int index) {
        return new SeriesStyle(Units.connections(threads), THREAD_COLOURS[index % THREAD_COLOURS.length],
                SHAPES[index % SHAPES.length]);
    }

    /** Known strategies in project order, then any others alphabetically. */
    static List<String> ordered(Collection<String> strategies) {
        return strategies.stream().distinct().sorted(Comparator
                .comparingInt((String s) -> STRATEGY_ORDER.contains(s) ? STRATEGY_ORDER.indexOf(s) : Integer.MAX_VALUE)
                .thenComparing(Comparator.naturalOrder())).toList();
    }

    private static Shape circle() {
        return new Ellipse2D.Double(-4.5, -4.5, 9, 9);
    }

    private static Shape square() {
        return new Rectangle2D.Double(-4, -4, 8, 8);
    }

    private static Shape diamond() {
        Path2D p = new Path2D.Double();
        p.moveTo(0, -5.5);
        p.lineTo(5.5, 0);
        p.lineTo(0, 5.5);
        p.lineTo(-5.5, 0);
        p.closePath();
        return p;
    }

    private static Shape triangle(boolean up) {
        double s = up ? 1 : -1;
        Path2D p = new Path2D.Double();
        p.moveTo(0, -5 * s);
        p.lineTo(5, 4 * s);
        p.lineTo(-5, 4 * s);
        p.closePath();
        return p;
    }
}
