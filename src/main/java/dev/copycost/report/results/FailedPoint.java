package dev.copycost.report.results;

import dev.copycost.experiment.PointResult;

/**
 * A matrix point that produced no result: its experiment failed (integrity, accounting, a stalled
 * peer) or could not be set up. Kept in results.json so a failure is reported beside the data, not
 * silently missing from it.
 *
 * @param message why it failed, as the experiment said
 */
public record FailedPoint(String strategy, int size, int threads, String message, String topology) {
    public FailedPoint {
        topology = topology == null ? PointResult.LOOPBACK : topology; // files written before topologies
    }

    /** A failed loopback point. */
    public FailedPoint(String strategy, int size, int threads, String message) {
        this(strategy, size, threads, message, PointResult.LOOPBACK);
    }
}
