package dev.copycost.rounds;

import dev.copycost.experiment.PointResult;

/**
 * One independent trial of an arm: fresh connections and threads, warmed up, measured, released.
 *
 * @param round    1-based round it ran in
 * @param position 0-based place in that round's order
 * @param wallSeconds the whole trial as the clock saw it: setup, warm-up, window, release
 */
public record Trial(int round, int position, PointResult result, double wallSeconds) {
    public double gbps() {
        return result.gbps().median();
    }
}
