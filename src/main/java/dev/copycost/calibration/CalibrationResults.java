package dev.copycost.calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run's calibration left for the report: the ratios, every trial behind them, and one call's
 * cost through JNA and from C. Each list is empty where its file was not written (the calibration
 * skipped, or not selected).
 */
public record CalibrationResults(List<CalibrationRow> rows, List<CalibrationTrial> trials, List<CallCost> callCosts) {
    public static final String ROWS = "calibration.csv";
    public static final String TRIALS = "calibration-trials.csv";
    public static final String CALL_COSTS = "call-cost.csv";

    public CalibrationResults {
        rows = List.copyOf(rows);
        trials = List.copyOf(trials);
        callCosts = List.copyOf(callCosts);
    }

    public static final CalibrationResults NONE = new CalibrationResults(List.of(), List.of(), List.of());

    /** Reads the three files from {@code dir}, each if it is there. */
    public static CalibrationResults read(Path dir) throws IOException {
        Path rows = dir.resolve(ROWS);
        Path trials = dir.resolve(TRIALS);
        Path calls = dir.resolve(CALL_COSTS);
        return new CalibrationResults(Files.isRegularFile(rows) ? CalibrationCsv.read(rows) : List.of(),
                Files.isRegularFile(trials) ? CalibrationTrialsCsv.read(trials) : List.of(),
                Files.isRegularFile(calls) ? CallCostCsv.read(calls) : List.of());
    }
}
