package dev.copycost.calibration;

/**
 * One trial of a reference program: its throughput, and for the C twin what its receiver verified
 * and what its zero-copy ledger counted (0 where the strategy does not use zero-copy, or the
 * reference does not report it).
 *
 * @param gbps     gigabits per second over the measured window
 * @param verified messages the reference's receiver checked (stamps and payload); 0 if it checks nothing
 * @param issued   zero-copy sends issued
 * @param completed zero-copy sends the kernel reported complete
 * @param copied   of those, sends the kernel flagged as copied
 * @param perMessage each thread's CPU time and waits per message in the window; {@link PerMessageCosts#UNKNOWN}
 *                 where the reference does not report them
 */
public record ReferenceTrial(double gbps, long verified, long issued, long completed, long copied,
        PerMessageCosts perMessage) {

    public ReferenceTrial {
        if (!(gbps > 0) || Double.isInfinite(gbps)) {
            throw new IllegalArgumentException("a reference trial measured " + gbps + " Gbps: a trial must move data");
        }
    }

    /** A reference that only reports throughput. */
    static ReferenceTrial throughputOnly(double gbps) {
        return new ReferenceTrial(gbps, 0, 0, 0, 0, PerMessageCosts.UNKNOWN);
    }
}
