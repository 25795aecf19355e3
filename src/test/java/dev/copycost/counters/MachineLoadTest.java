package dev.copycost.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MachineLoadTest {
    /** A shell loop that keeps one CPU busy for two seconds. */
    private static final String SPIN = "timeout 2 sh -c 'while :; do :; done'";
    /** A fixed amount of shell work, about 0.6 s of CPU here whatever else runs. */
    private static final String WORK = "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done";

    @Test
    void anotherProcessBurningACpuShowsAsOtherLoadAndOurOwnWorkDoesNot() throws Exception {
        // our own busy loop, until this thread has had 0.4 s of CPU (bounded in wall time): its ticks are ours
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        MachineLoad.Sample a = MachineLoad.sample();
        long cpuEnd = threads.getCurrentThreadCpuTime() + 400_000_000L;
        long wallEnd = System.nanoTime() + 30_000_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < cpuEnd && System.nanoTime() < wallEnd) {
            x += System.nanoTime() % 7;
        }
        MachineLoad.Sample b = MachineLoad.sample();
        assertThat(x).isPositive();
        assertThat(b.ownTicks() - a.ownTicks()).as("our busy loop's ticks are ours").isGreaterThan(20);

        // a process that is not ours (orphaned at once, so not our descendant): its ticks are the others'
        Process launcher = new ProcessBuilder("sh", "-c", SPIN + " >/dev/null 2>&1 & echo $!").start();
        long pid = Long.parseLong(new String(launcher.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
        ProcessHandle spinner = ProcessHandle.of(pid).orElseThrow();
        long spinnerBefore = ticksOfTree(spinner);
        MachineLoad.Sample c = MachineLoad.sample();
        spinner.onExit().completeOnTimeout(null, 1, TimeUnit.SECONDS).join();
        long spinnerTicks = ticksOfTree(spinner) - spinnerBefore;
        MachineLoad.Sample d = MachineLoad.sample();
        MachineLoad other = MachineLoad.between(c, d);

        assertThat(spinner.isAlive()).as("the spinner still runs (2 s)").isTrue();
        assertThat(spinnerTicks).as("the spinner used CPU, however busy this machine is").isGreaterThan(3);
        long othersTicks = (d.busyTicks() - c.busyTicks()) - (d.ownTicks() - c.ownTicks());
        assertThat(othersTicks).as("the spinner's ticks are counted as another process's").isGreaterThanOrEqualTo(spinnerTicks - 3);
        assertThat(d.ownTicks() - c.ownTicks()).as("and not as ours").isLessThan(spinnerTicks);
        assertThat(other.otherCpus()).isPositive();
        assertThat(other.stealShare()).isBetween(0.0, 1.0);
        assertThat(other.seconds()).isGreaterThan(0.5);
        end(spinner);
    }

    /**
     * Ends a spinner and the shell timeout(1) runs: killing timeout alone would orphan that shell,
     * spinning on.
     */
    private static void end(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Ticks of a process (timeout) and of its children (the spinning shell), from /proc. */
    private static long ticksOfTree(ProcessHandle p) throws java.io.IOException {
        long ticks = 0;
        for (ProcessHandle h : java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()).toList()) {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + h.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks;
    }

    @Test
    void aChildProcessOfThisRunIsOurOwnWorkNotANeighbour() throws Exception {
        MachineLoad.Sample a = MachineLoad.sample();
        Process child = new ProcessBuilder("sh", "-c", WORK).start(); // like the receive agent in a namespace
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        MachineLoad.Sample b = MachineLoad.sample();

        // the child's fixed work (about 60 ticks here) lands on our side of the ledger once it was waited for
        assertThat(b.ownTicks() - a.ownTicks()).as("ticks counted as this run's own").isGreaterThan(25);
    }

    @Test
    void aLiveChildsTicksCountAsOursWhileItRuns() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", SPIN).start();
        try {
            long before = ticksOfTree(child.toHandle());
            MachineLoad.Sample a = MachineLoad.sample();
            child.onExit().completeOnTimeout(null, 1, TimeUnit.SECONDS).join();
            MachineLoad.Sample b = MachineLoad.sample();
            long childTicks = ticksOfTree(child.toHandle()) - before;
            // still running (it spins for 2 s): its ticks so far come from /proc/PID/stat, not from cutime
            assertThat(child.isAlive()).isTrue();
            assertThat(childTicks).isGreaterThan(3);
            assertThat(b.ownTicks() - a.ownTicks()).as("a running child's ticks").isGreaterThanOrEqualTo(childTicks - 3);
        } finally {
            end(child.toHandle());
        }
    }

    @Test
    void irqAndSoftirqTicksCountAsBusyWhereTheKernelChargesThemToTasks() {
        // cpu user nice system idle iowait irq softirq steal
        String[] line = "cpu 100 5 50 1000 3 7 40 2".split(" ");

        assertThat(MachineLoad.busyTicks(line, true)).as("charged to tasks: our stime holds them too").isEqualTo(202);
        assertThat(MachineLoad.busyTicks(line, false)).as("CONFIG_IRQ_TIME_ACCOUNTING=y: in no task's time").isEqualTo(155);
    }

    /** A receive agent in a container is no descendant of ours, yet our work: registered, its ticks are ours. */
    @Test
    void aRegisteredProcessOutsideOurTreeCountsAsOurOwnWork() throws Exception {
        Process launcher = new ProcessBuilder("sh", "-c", SPIN + " >/dev/null 2>&1 & echo $!").start();
        long pid = Long.parseLong(new String(launcher.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
        ProcessHandle spinner = ProcessHandle.of(pid).orElseThrow();
        MachineLoad.countAsOwn(pid);
        try {
            long spinnerBefore = ticksOfTree(spinner);
            MachineLoad.Sample a = MachineLoad.sample();
            spinner.onExit().completeOnTimeout(null, 1, TimeUnit.SECONDS).join();
            long spinnerTicks = ticksOfTree(spinner) - spinnerBefore;
            MachineLoad.Sample b = MachineLoad.sample();

            assertThat(spinnerTicks).as("the spinner used CPU").isGreaterThan(3);
            assertThat(b.ownTicks() - a.ownTicks()).as("its ticks are counted as ours").isGreaterThanOrEqualTo(spinnerTicks - 3);
        } finally {
            MachineLoad.forget(pid);
            end(spinner);
        }
    }
}
