package dev.copycost.calibration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code calibration-trials.csv}: every trial of every calibration pair, both programs'. */
public final class CalibrationTrialsCsv {
    public static final String HEADER = "reference,strategy,size,pair,program,first,gbps,"
            + "sender_cpu_us_per_message,receiver_cpu_us_per_message,sender_sleeps_per_message,receiver_sleeps_per_message,"
            + "segments_per_message,nodelay";

    private CalibrationTrialsCsv() {
    }

    public static void write(Path file, List<CalibrationTrial> trials) throws IOException {
        List<String> lines = new ArrayList<>();
        for (CalibrationTrial t : trials) {
            lines.add(String.join(",", t.reference(), t.strategy(), String.valueOf(t.size()), String.valueOf(t.pair()),
                    t.program(), String.valueOf(t.first()), num(t.gbps()), num(t.perMessage().senderCpuMicros()),
                    num(t.perMessage().receiverCpuMicros()), num(t.perMessage().senderSleeps()),
                    num(t.perMessage().receiverSleeps()), num(t.segmentsPerMessage()), String.valueOf(t.noDelay())));
        }
        CsvTable.write(file, HEADER, lines, "calibration trials");
    }

    public static List<CalibrationTrial> read(Path file) throws IOException {
        List<CalibrationTrial> trials = new ArrayList<>();
        for (String[] f : CsvTable.read(file, HEADER, "calibration-trials")) {
            try {
                trials.add(new CalibrationTrial(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4],
                        Boolean.parseBoolean(f[5]), Double.parseDouble(f[6]), new PerMessageCosts(Double.parseDouble(f[7]),
                        Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10])),
                        Double.parseDouble(f[11]), Boolean.parseBoolean(f[12])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": a number that is not one in: " + String.join(",", f), e);
            }
        }
        return trials;
    }

    /** Every digit Java needs to read the same double back. */
    private static String num(double v) {
        return Double.toString(v);
    }
}
