package dev.copycost.calibration;

import dev.copycost.experiment.PointResult;

/**
 * What a trial's sender and receiver threads each spent per message verified in its window: CPU time,
 * and voluntary context switches (each a wait: the sender's for send-buffer space or completions,
 * the receiver's for data). Each thread's CPU time as the scheduler counts it (copycost: perf
 * task-clock, or the JVM's thread CPU time where perf cannot be read; the C twin: the thread's CPU
 * clock), its switches from {@code /proc/self/task/TID/status}. NaN where a program does not report
 * them (iperf3).
 *
 * <p>Throughput alone cannot say why two programs differ; these can. A sender that spends more CPU per
 * message did more work per message, its own or the kernel's in its system calls; one that sleeps
 * more waited on its receiver or on completions.
 */
public record PerMessageCosts(double senderCpuMicros, double receiverCpuMicros, double senderSleeps,
        double receiverSleeps) {

    /** A program that reports none of them. */
    public static final PerMessageCosts UNKNOWN = new PerMessageCosts(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** copycost's trial: each a median over the trial's windows. */
    public static PerMessageCosts of(PointResult r) {
        return new PerMessageCosts(r.senderCpuMicrosPerMessage().median(), r.receiverCpuMicrosPerMessage().median(),
                r.senderSleepsPerMessage().median(), r.receiverSleepsPerMessage().median());
    }
}
