package dev.copycost.report.results;

import dev.copycost.experiment.PointResult;
import dev.copycost.rounds.ArmResult;
import dev.copycost.rounds.Trial;
import dev.copycost.statistics.Interval;
import dev.copycost.statistics.LogTInterval;
import java.util.List;

/**
 * A point's figures over its independent trials: each with its 95% interval (geometric mean and
 * Student-t interval on logs, {@link LogTInterval}), the placement its threads ran under, and every
 * trial's raw figures in round order.
 */
public record PointStatistics(int trials, Interval gbps, Interval senderCpuNsPerByte, Interval receiverCpuNsPerByte,
        String placement, List<TrialRow> perTrial) {

    public PointStatistics {
        perTrial = perTrial == null ? List.of() : List.copyOf(perTrial);
    }

    /** For a row that was not measured in trials (an old results.json, a test's hand-made row). */
    static PointStatistics none() {
        Interval unknown = new Interval(Double.NaN, Double.NaN, Double.NaN, 0, LogTInterval.LEVEL);
        return new PointStatistics(0, unknown, unknown, unknown, "", List.of());
    }

    public static PointStatistics of(ArmResult arm) {
        List<TrialRow> rows = arm.trials().stream().map(PointStatistics::row).toList();
        return new PointStatistics(rows.size(),
                LogTInterval.ofValuesOrUnknown(rows.stream().mapToDouble(TrialRow::gbps).toArray()),
                LogTInterval.ofValuesOrUnknown(rows.stream().mapToDouble(TrialRow::senderCpuNsPerByte).toArray()),
                LogTInterval.ofValuesOrUnknown(rows.stream().mapToDouble(TrialRow::receiverCpuNsPerByte).toArray()),
                arm.arm().spec().placement().label(), rows);
    }

    /** A single trial, as {@code copycost run} measures: no interval. */
    public static PointStatistics ofSingle(PointResult p) {
        TrialRow row = row(new Trial(1, 0, p, Double.NaN));
        return new PointStatistics(1, LogTInterval.ofValuesOrUnknown(row.gbps()),
                LogTInterval.ofValuesOrUnknown(row.senderCpuNsPerByte()),
                LogTInterval.ofValuesOrUnknown(row.receiverCpuNsPerByte()),
                p.spec().placement().label(), List.of(row));
    }

    private static TrialRow row(Trial t) {
        PointResult p = t.result();
        double seconds = p.repetitions().stream().mapToDouble(r -> r.seconds()).sum();
        long messages = p.repetitions().stream().mapToLong(r -> r.messages()).sum();
        return new TrialRow(t.round(), t.position(), p.gbps().median(), p.senderCpuNsPerByte().median(),
                p.receiverCpuNsPerByte().median(), messages, seconds, t.wallSeconds());
    }
}
