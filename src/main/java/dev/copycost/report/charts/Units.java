package dev.copycost.report.charts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Short, unambiguous labels for sizes, thread counts and measured values on chart axes. */
final class Units {
    private Units() {
    }

    /** 64 → "64 B", 4096 → "4 KiB", 1536 → "1.5 KiB". */
    static String bytes(double v) {
        if (v >= 1 << 20) {
            return number(v / (1 << 20)) + " MiB";
        }
        if (v >= 1 << 10) {
            return number(v / (1 << 10)) + " KiB";
        }
        return number(v) + " B";
    }

    /** A count of connections, each with a sender and a receiver thread. */
    static String connections(int n) {
        return n == 1 ? "1 connection" : n + " connections";
    }

    /** Three significant digits at most, no exponent for the ranges these charts show. */
    static String number(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        if (Math.abs(v) >= 1e7 || Math.abs(v) < 1e-4) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
