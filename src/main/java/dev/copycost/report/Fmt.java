package dev.copycost.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Number formatting for the report. Two styles on purpose: data files keep every digit a double
 * holds (and an empty cell for "unavailable"), prose and tables show a few significant digits,
 * always with a dot, whatever the JVM's locale.
 */
public final class Fmt {
    private Fmt() {
    }

    /** Full precision, plain notation, "" for NaN or infinity: the CSV cell of a number. */
    public static String plain(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Three significant digits (integers above 1000 in full), "n/a" for NaN. */
    public static String num(double value) {
        return sig(value, 3);
    }

    public static String sig(double value, int digits) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if (Math.abs(value) >= Math.pow(10, digits)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /**
     * Rounded to {@code digits} significant digits however large ("15000" for 14950 at 2): for figures
     * whose precision is far below their size, such as ns counted from a few hundred profile samples.
     */
    public static String rounded(double value, int digits) {
        if (!Double.isFinite(value) || value == 0) {
            return sig(value, digits);
        }
        return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /** "1.23 [1.20–1.31]": a median with the range seen over repetitions. */
    public static String spread(double median, double min, double max) {
        return num(median) + " [" + num(min) + "–" + num(max) + "]";
    }

    /** A ratio such as "1.52×". */
    public static String times(double ratio) {
        return num(ratio) + "×";
    }

    /** A share as a percentage, "n/a" for NaN. */
    public static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : sig(share * 100, 3) + " %";
    }

    /** Message sizes as the report names them: 64 B, 512 B, 4 KiB, 64 KiB. */
    public static String size(int bytes) {
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }

    /** Escapes the characters that would break a Markdown table cell. */
    public static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
