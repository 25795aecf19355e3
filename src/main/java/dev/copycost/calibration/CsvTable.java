package dev.copycost.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain comma-separated files the calibration leaves for the report: a header line, then one
 * line per row. Writing names the file and the reason when it fails; reading refuses a file that
 * does not start with the expected header or a row of the wrong width, naming the file and the row.
 */
final class CsvTable {
    private CsvTable() {
    }

    /** Writes {@code header} and {@code rows}, creating the directory; {@code what} names the table in errors. */
    static void write(Path file, String header, List<String> rows, String what) throws IOException {
        StringBuilder csv = new StringBuilder(header).append('\n');
        for (String row : rows) {
            csv.append(row).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot write the " + what + " " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /** The rows after {@code header}, each split into as many fields as the header has; blank lines skipped. */
    static List<String[]> read(Path file, String header, String what) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IOException(file + " does not start with the " + what + " header: " + header);
        }
        int columns = header.split(",").length;
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != columns) {
                throw new IOException(file + ": a row needs " + columns + " columns, not " + f.length + ": " + line);
            }
            rows.add(f);
        }
        return rows;
    }
}
