package dev.copycost.calibration;

import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code calibration.csv}: one row per reference, strategy, size and connection count. */
public final class CalibrationCsv {
    public static final String HEADER =
            "reference,strategy,size,threads,copycost_gbps,reference_gbps,ratio,ci_low,ci_high,pairs,"
            + "copycost_min,copycost_max,reference_min,reference_max,"
            + "copycost_receiver_sleeps_per_message,reference_receiver_sleeps_per_message,nodelay";

    private CalibrationCsv() {
    }

    public static void write(Path file, List<CalibrationRow> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        for (CalibrationRow r : rows) {
            lines.add(String.join(",", r.reference(), r.strategy(), String.valueOf(r.size()),
                    String.valueOf(r.threads()), num(r.copycostGbps()), num(r.referenceGbps()), num(r.ratio().estimate()),
                    num(r.ratio().low()), num(r.ratio().high()), String.valueOf(r.ratio().n()), num(r.copycostTrials().min()),
                    num(r.copycostTrials().max()), num(r.referenceTrials().min()), num(r.referenceTrials().max()),
                    num(r.copycostReceiverSleeps()), num(r.referenceReceiverSleeps()), String.valueOf(r.noDelay())));
        }
        CsvTable.write(file, HEADER, lines, "calibration table");
    }

    public static List<CalibrationRow> read(Path file) throws IOException {
        List<CalibrationRow> rows = new ArrayList<>();
        for (String[] f : CsvTable.read(file, HEADER, "calibration")) {
            rows.add(new CalibrationRow(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), new Interval(Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]), Double.parseDouble(f[8]), Integer.parseInt(f[9]), LogTInterval.LEVEL),
                    new CalibrationRow.Spread(Double.parseDouble(f[10]), Double.parseDouble(f[11])),
                    new CalibrationRow.Spread(Double.parseDouble(f[12]), Double.parseDouble(f[13])),
                    Double.parseDouble(f[14]), Double.parseDouble(f[15]), Boolean.parseBoolean(f[16])));
        }
        return rows;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "NaN";
    }
}
