package dev.copycost.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the rest of the machine did while a block ran: CPU time spent outside this process and its
 * children (user, nice and system time of the whole machine from /proc/stat, less this process's own
 * and its children's: a receive agent this run started in a network namespace is part of the
 * experiment, not a neighbour), and the share of time the hypervisor gave to other guests (steal). A busy
 * neighbour does not only slow every strategy alike: it changes which one wins (measured here, a
 * build running beside the suite moved zerocopy against send at 64 KiB × 2 from about 0.95× in three
 * quiet runs to about 1.5× in two busy ones, each with a 95% interval clear of the others'), so
 * the report shows it beside each block rather than pretending the machine was quiet.
 *
 * <p>Interrupt and softirq time: without CONFIG_IRQ_TIME_ACCOUNTING a tick that lands in softirq work
 * (on loopback, the receive path our own sends start) is charged both to the task it interrupted and
 * to /proc/stat's softirq column, so the machine's busy time must include the irq and softirq columns,
 * or our own softirq ticks would cancel other processes' time (measured: "other processes" read 0.00
 * in every block before). With it, that time is in neither, and the columns are left out.
 * Approximate by construction: both files count in clock ticks.
 *
 * @param otherCpus  CPUs' worth of time used by other processes on average, e.g. 0.9
 * @param stealShare share of all CPU time stolen by the hypervisor, 0..1
 * @param seconds    the span measured
 */
public record MachineLoad(double otherCpus, double stealShare, double seconds) {
    /** /proc/stat and /proc/[pid]/stat count in USER_HZ, which Linux fixes at 100 for user space. */
    private static final double TICKS_PER_SECOND = 100;

    public static final MachineLoad UNKNOWN = new MachineLoad(Double.NaN, Double.NaN, 0);

    /**
     * Processes outside this process's tree that are part of the experiment all the same: a receive
     * agent in a container is a child of the container runtime, not of this JVM, and its CPU time
     * would otherwise count as a neighbour's (measured: 0.37–0.56 "other" CPUs in every container block,
     * each then measured three times). Registered by whoever starts them, for as long as they run.
     */
    private static final java.util.Set<Long> EXPERIMENT_PROCESSES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Counts {@code pid} and its descendants as this run's own work until {@link #forget}. */
    public static void countAsOwn(long pid) {
        EXPERIMENT_PROCESSES.add(pid);
    }

    public static void forget(long pid) {
        EXPERIMENT_PROCESSES.remove(pid);
    }

    /** One reading of the counters. */
    public record Sample(long nanos, long busyTicks, long stealTicks, long allTicks, long ownTicks) {
    }

    public static Sample sample() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal ...
            long busy = busyTicks(f, IrqTimeAccounting.chargedToTasks());
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long all = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                all += Long.parseLong(f[i]);
            }
            String[] s = statFields(Files.readString(Path.of("/proc/self/stat")));
            // utime, stime, and cutime, cstime of children already waited for: fields 14 to 17
            long own = Long.parseLong(s[11]) + Long.parseLong(s[12]) + Long.parseLong(s[13]) + Long.parseLong(s[14]);
            own += ProcessHandle.current().descendants().mapToLong(MachineLoad::ticksOf).sum();
            for (long pid : EXPERIMENT_PROCESSES) {
                Optional<ProcessHandle> p = ProcessHandle.of(pid);
                if (p.isPresent()) {
                    own += ticksOf(p.get()) + p.get().descendants().mapToLong(MachineLoad::ticksOf).sum();
                }
            }
            return new Sample(System.nanoTime(), busy, steal, all, own);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat or /proc/self/stat: " + e.getMessage(), e);
        }
    }

    /**
     * user + nice + system of a /proc/stat cpu line, plus irq and softirq where the kernel charges those
     * ticks to the interrupted task too (so that our own tasks' times, which then include them, are
     * subtracted from a total that includes them).
     */
    static long busyTicks(String[] cpuLine, boolean irqChargedToTasks) {
        long busy = Long.parseLong(cpuLine[1]) + Long.parseLong(cpuLine[2]) + Long.parseLong(cpuLine[3]);
        if (irqChargedToTasks && cpuLine.length > 7) {
            busy += Long.parseLong(cpuLine[6]) + Long.parseLong(cpuLine[7]);
        }
        return busy;
    }

    /**
     * A running descendant's user and system ticks, with those of its own children it already waited
     * for; 0 if it ended meanwhile (its parent's cutime has them once it is waited for).
     */
    private static long ticksOf(ProcessHandle p) {
        try {
            String[] s = statFields(Files.readString(Path.of("/proc/" + p.pid() + "/stat")));
            return Long.parseLong(s[11]) + Long.parseLong(s[12]) + Long.parseLong(s[13]) + Long.parseLong(s[14]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** The fields after the command name, which may itself contain spaces; [0] is field 3, the state. */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    public static MachineLoad between(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        if (seconds <= 0) {
            return UNKNOWN;
        }
        double other = Math.max(0, (b.busyTicks() - a.busyTicks()) - (b.ownTicks() - a.ownTicks())) / TICKS_PER_SECOND;
        long all = b.allTicks() - a.allTicks();
        return new MachineLoad(other / seconds, all > 0 ? (b.stealTicks() - a.stealTicks()) / (double) all : Double.NaN,
                seconds);
    }
}
