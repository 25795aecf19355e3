package dev.copycost.report.results;

/**
 * One trial of a point as results.json keeps it: when it ran and what it measured.
 *
 * @param round    1-based round of its block
 * @param position 0-based place in that round's random order
 * @param seconds  the measured window
 * @param wallSeconds the whole trial: setup, warm-up, window, release
 */
public record TrialRow(int round, int position, double gbps, double senderCpuNsPerByte,
        double receiverCpuNsPerByte, long messages, double seconds, double wallSeconds) {
}
