package dev.copycost.calibration;

/**
 * One trial of a calibration pair, as calibration-trials.csv keeps it: which program ran, whether it
 * ran first in its pair, what it moved and how often its receiver waited for data.
 *
 * @param reference the pair's reference, {@code c-twin} or {@code iperf3}
 * @param pair      the pair's index, from 0
 * @param program   {@link #COPYCOST} or the reference's name
 * @param first     true when this trial ran first in its pair
 * @param receiverSleepsPerMessage the receiver's voluntary context switches in the window per message;
 *                  NaN where the program does not report it (iperf3)
 * @param segmentsPerMessage TCP segments sent during the whole trial (data and acknowledgements, both
 *                  ends) per message verified in it; NaN where the program verifies nothing (iperf3)
 * @param noDelay   TCP_NODELAY on both ends, as the pair's row
 */
public record CalibrationTrial(String reference, String strategy, int size, int pair, String program, boolean first,
        double gbps, double receiverSleepsPerMessage, double segmentsPerMessage, boolean noDelay) {
    public static final String COPYCOST = "copycost";

    public boolean copycost() {
        return program.equals(COPYCOST);
    }
}
