package dev.copycost.calibration;

import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final int COLUMNS = HEADER.split(",").length;

    private CalibrationCsv() {
    }

    public static void write(Path file, List<CalibrationRow> rows) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (CalibrationRow r : rows) {
            csv.append(String.join(",", r.reference(), r.strategy(), String.valueOf(r.size()),
                    String.valueOf(r.threads()), num(r.copycostGbps()), num(r.referenceGbps()), num(r.ratio().estimate()),
                    num(r.ratio().low()), num(r.ratio().high()), String.valueOf(r.ratio().n()), num(r.copycostTrials().min()),
                    num(r.copycostTrials().max()), num(r.referenceTrials().min()), num(r.referenceTrials().max()),
                    num(r.copycostReceiverSleeps()), num(r.referenceReceiverSleeps()), String.valueOf(r.noDelay())))
                    .append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot write the calibration table " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    public static List<CalibrationRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " does not start with the calibration header: " + HEADER);
        }
        List<CalibrationRow> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != COLUMNS) {
                throw new IOException(file + ": a row needs " + COLUMNS + " columns, not " + f.length + ": " + line);
            }
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
