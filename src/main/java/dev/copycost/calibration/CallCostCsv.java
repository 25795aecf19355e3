package dev.copycost.calibration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code call-cost.csv}: one row per binding, each round's nanoseconds per call in the last column. */
public final class CallCostCsv {
    public static final String HEADER = "binding,calls_per_round,median_ns,min_ns,max_ns,ns_per_round";

    private CallCostCsv() {
    }

    public static void write(Path file, List<CallCost> costs) throws IOException {
        List<String> lines = new ArrayList<>();
        for (CallCost c : costs) {
            lines.add(String.join(",", c.binding(), String.valueOf(c.callsPerRound()), num(c.median()), num(c.min()),
                    num(c.max()), c.nsPerCall().stream().map(CallCostCsv::num).collect(Collectors.joining(";"))));
        }
        CsvTable.write(file, HEADER, lines, "call costs");
    }

    public static List<CallCost> read(Path file) throws IOException {
        List<CallCost> costs = new ArrayList<>();
        for (String[] f : CsvTable.read(file, HEADER, "call-cost")) {
            try {
                costs.add(new CallCost(f[0], Long.parseLong(f[1]),
                        Arrays.stream(f[5].split(";")).map(Double::parseDouble).toList()));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": rounds that are not numbers in: " + String.join(",", f), e);
            }
        }
        return costs;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
