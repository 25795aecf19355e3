package dev.copycost.calibration;

/**
 * One trial of a calibration pair, as calibration-trials.csv keeps it: which program ran, whether it
 * ran first in its pair, what it moved, and what its threads spent and waited per message.
 *
 * @param reference the pair's reference, {@code c-twin} or {@code iperf3}
 * @param pair      the pair's index, from 0
 * @param program   {@link #COPYCOST} or the reference's name
 * @param first     true when this trial ran first in its pair
 * @param perMessage each thread's CPU time and waits per message in the window; NaN where the program
 *                  does not report them (iperf3)
 * @param segmentsPerMessage TCP segments sent during the whole trial (data and acknowledgements, both
 *                  ends) per message verified in it; NaN where the program verifies nothing (iperf3)
 * @param noDelay   TCP_NODELAY on both ends, as the pair's row
 */
public record CalibrationTrial(String reference, String strategy, int size, int pair, String program, boolean first,
        double gbps, PerMessageCosts perMessage, double segmentsPerMessage, boolean noDelay) {
    public static final String COPYCOST = "copycost";

    /** The receiver's waits for data per message; NaN where not reported. */
    public double receiverSleepsPerMessage() {
        return perMessage.receiverSleeps();
    }

    /**
     * The share of the window the sender spent on a CPU: its CPU time per message times the messages it
     * moved per second. Below 1 the sender was preempted or waited; NaN where its CPU is not reported.
     */
    public double senderShare() {
        double messagesPerSecond = gbps * 1e9 / 8 / size;
        return perMessage.senderCpuMicros() * 1e-6 * messagesPerSecond;
    }

    public boolean copycost() {
        return program.equals(COPYCOST);
    }
}
