package dev.copycost.report.results;

/**
 * A matrix point that produced no result: its experiment failed (integrity, accounting, a stalled
 * peer) or could not be set up. Kept in results.json so a failure is reported beside the data, not
 * silently missing from it.
 *
 * @param message why it failed, as the experiment said
 */
public record FailedPoint(String strategy, int size, int threads, String message) {
}
