package dev.copycost.experiment;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations people type: {@code 2s}, {@code 0.5s}, {@code 200ms}, {@code 1m}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 2s, 0.5s or 200ms");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            default -> amount * 60_000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** The inverse, for labels: {@code 500ms}, {@code 2s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    /** Like {@link #format}, keeping fractions of a millisecond: {@code 0.5ms}, {@code 1ms}, {@code 2s}. */
    public static String formatFine(Duration d) {
        if (d.toNanos() % 1_000_000 == 0) {
            return format(d);
        }
        return java.math.BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString() + "ms";
    }
}
