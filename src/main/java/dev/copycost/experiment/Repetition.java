package dev.copycost.experiment;

/**
 * One measured window. {@code seconds} is the window as timed by the monotonic clock, and
 * {@code messages} what the receivers verified inside it: throughput never counts bytes that did not
 * arrive intact, and never divides by the nominal duration.
 *
 * @param stealShare share of the machine's CPU time the hypervisor gave to other guests during the
 *                   window (/proc/stat's steal), NaN where it could not be read: on a VM, "2 cores" are
 *                   two vCPUs that may not run when the workload wants them
 */
public record Repetition(int index, double seconds, long messages, long bytes, RoleMeasure sender,
        RoleMeasure receiver, long gcCollections, long gcMillis, long jitMillis, double stealShare) {

    /** A window whose steal was not measured. */
    public Repetition(int index, double seconds, long messages, long bytes, RoleMeasure sender,
            RoleMeasure receiver, long gcCollections, long gcMillis, long jitMillis) {
        this(index, seconds, messages, bytes, sender, receiver, gcCollections, gcMillis, jitMillis, Double.NaN);
    }

    public double gbps() {
        return bytes * 8.0 / seconds / 1e9;
    }

    public double messagesPerSecond() {
        return messages / seconds;
    }
}
