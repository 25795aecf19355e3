package dev.copycost.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code calibration-trials.csv}: every trial of every calibration pair, both programs'. */
public final class CalibrationTrialsCsv {
    public static final String HEADER = "reference,strategy,size,pair,program,first,gbps,receiver_sleeps_per_message,segments_per_message,nodelay";
    private static final int COLUMNS = HEADER.split(",").length;

    private CalibrationTrialsCsv() {
    }

    public static void write(Path file, List<CalibrationTrial> trials) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (CalibrationTrial t : trials) {
            csv.append(String.join(",", t.reference(), t.strategy(), String.valueOf(t.size()), String.valueOf(t.pair()),
                    t.program(), String.valueOf(t.first()), num(t.gbps()), num(t.receiverSleepsPerMessage()), num(t.segmentsPerMessage()), String.valueOf(t.noDelay())))
                    .append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot write the calibration trials " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    public static List<CalibrationTrial> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " does not start with the calibration-trials header: " + HEADER);
        }
        List<CalibrationTrial> trials = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != COLUMNS) {
                throw new IOException(file + ": a row needs " + COLUMNS + " columns, not " + f.length + ": " + line);
            }
            try {
                trials.add(new CalibrationTrial(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4],
                        Boolean.parseBoolean(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Boolean.parseBoolean(f[9])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": a number that is not one in: " + line, e);
            }
        }
        return trials;
    }

    /** Every digit Java needs to read the same double back. */
    private static String num(double v) {
        return Double.toString(v);
    }
}
