package dev.copycost.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (CallCost c : costs) {
            csv.append(String.join(",", c.binding(), String.valueOf(c.callsPerRound()), num(c.median()), num(c.min()), num(c.max()),
                    c.nsPerCall().stream().map(CallCostCsv::num).collect(Collectors.joining(";")))).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot write the call costs " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    public static List<CallCost> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " does not start with the call-cost header: " + HEADER);
        }
        List<CallCost> costs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 6) {
                throw new IOException(file + ": a row needs 6 columns, not " + f.length + ": " + line);
            }
            try {
                costs.add(new CallCost(f[0], Long.parseLong(f[1]),
                        Arrays.stream(f[5].split(";")).map(Double::parseDouble).toList()));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": rounds that are not numbers in: " + line, e);
            }
        }
        return costs;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
