package dev.copycost.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.NativeBuffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The paths this root VM never takes by itself, played by a stricter kernel in front of the real
 * one: an unprivileged user under perf_event_paranoid 2, and a kernel that refuses everything.
 */
class FakeKernelTest {

    /** Refuses the kernel part with EACCES like paranoid 2 does for a user; otherwise the real call. */
    static class Paranoid implements PerfSyscalls {
        final List<Long> flagsSeen = new ArrayList<>();

        @Override
        public int open(NativeBuffer attr, int tid) {
            long flags = PerfEventAttr.readFlags(attr);
            flagsSeen.add(flags);
            if ((flags & PerfEventAttr.FLAG_EXCLUDE_KERNEL) == 0) {
                return -Errno.EACCES;
            }
            return LINUX.open(attr, tid);
        }

        @Override
        public int ioctl(int fd, int request) {
            return LINUX.ioctl(fd, request);
        }

        @Override
        public long read(int fd, NativeBuffer buffer, int length) {
            return LINUX.read(fd, buffer, length);
        }

        @Override
        public void close(int fd) {
            LINUX.close(fd);
        }
    }

    @Test
    void refusedKernelPartIsRetriedWithTheKernelExcludedAndLabelled() {
        assumeTrue(CounterAvailability.probe().isAvailable(CounterEvent.TASK_CLOCK), "no perf at all here");
        Paranoid kernel = new Paranoid();
        try (ThreadCounters counters = ThreadCounters.open(Tid.current(), kernel)) {
            counters.resetAndEnable();
            long cpu = Work.spinCpu(30);
            counters.disable();
            Map<CounterEvent, CounterValue> values = counters.read();

            CounterValue taskClock = values.get(CounterEvent.TASK_CLOCK);
            assertThat(taskClock.mode()).as("task-clock counts the kernel even when told not to")
                    .isEqualTo(CounterValue.KERNEL_AND_USER);
            assertThat(taskClock.value()).isGreaterThan(cpu / 2);
            for (CounterValue v : values.values()) {
                if (v.available() && v.event().honoursExcludeKernel()) {
                    assertThat(v.mode()).as(v.event() + " opened with the kernel excluded").isEqualTo(CounterValue.USER_ONLY);
                }
            }
            // Every event was tried twice, the retry with kernel and hypervisor excluded and still disabled.
            assertThat(kernel.flagsSeen).hasSize(2 * CounterEvent.values().length);
            assertThat(kernel.flagsSeen).containsOnly(PerfEventAttr.FLAG_DISABLED,
                    PerfEventAttr.FLAG_DISABLED | PerfEventAttr.FLAG_EXCLUDE_KERNEL | PerfEventAttr.FLAG_EXCLUDE_HV);
            for (CounterValue v : values.values()) {
                if (!v.available()) {
                    // Both refusals are kept: the retry's and the first one's.
                    assertThat(v.reason()).contains("with the kernel excluded").contains("errno 13");
                }
            }
        }
    }

    @Test
    void taskClockCountsKernelTimeEvenWithTheKernelExcluded() throws Exception {
        assumeTrue(CounterAvailability.probe().isAvailable(CounterEvent.TASK_CLOCK), "no perf at all here");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ThreadCounters counters = ThreadCounters.open(Tid.current(), new Paranoid())) {
            long userBefore = threads.getCurrentThreadUserTime();
            counters.resetAndEnable();
            long cpu = Work.kernelCpu(300);
            counters.disable();
            long user = threads.getCurrentThreadUserTime() - userBefore;
            long kernel = cpu - user;
            CounterValue taskClock = counters.read().get(CounterEvent.TASK_CLOCK);

            // the premise: the work ran mostly in the kernel (the JVM's user/system split says so)
            assertThat(kernel).as("kernel part of %d ns of CPU", cpu).isGreaterThan(cpu / 3);
            // the kernel adds the thread's whole run time to task-clock, exclude_kernel or not
            assertThat(taskClock.value()).as("task-clock opened with the kernel excluded, against %d ns in user space", user)
                    .isGreaterThan(user + kernel / 2);
            assertThat(taskClock.mode()).as("task-clock's label").isEqualTo(CounterValue.KERNEL_AND_USER);
        }
    }

    @Test
    void userOnlyContextSwitchesMissTheSwitches() throws Exception {
        assumeTrue(CounterAvailability.probe().isAvailable(CounterEvent.CONTEXT_SWITCHES), "no context-switches here");
        try (ThreadCounters counters = ThreadCounters.open(Tid.current(), new Paranoid())) {
            counters.resetAndEnable();
            ThreadSchedStats before = ThreadSchedStats.read(Tid.current());
            Work.pingPong(20);
            ThreadSchedStats switches = ThreadSchedStats.read(Tid.current()).minus(before);
            counters.disable();

            // The switch happens in the kernel, which user-only counting excludes: why the mode is kept.
            assertThat(switches.voluntary()).isGreaterThanOrEqualTo(10);
            CounterValue contextSwitches = counters.read().get(CounterEvent.CONTEXT_SWITCHES);
            assertThat(contextSwitches.value()).isZero();
            assertThat(contextSwitches.mode()).as("an event that honours exclude_kernel keeps its label")
                    .isEqualTo(CounterValue.USER_ONLY);
        }
    }

    @Test
    void aKernelThatRefusesEverythingGivesReasonsNotExceptions() {
        PerfSyscalls refusing = new Paranoid() {
            @Override
            public int open(NativeBuffer attr, int tid) {
                return -Errno.ENOENT;
            }
        };
        try (ThreadCounters counters = ThreadCounters.open(Tid.current(), refusing)) {
            counters.resetAndEnable();
            counters.disable();
            Map<CounterEvent, CounterValue> values = counters.read();

            assertThat(values).containsOnlyKeys(CounterEvent.values());
            assertThat(values.get(CounterEvent.CYCLES).reason())
                    .isEqualTo("perf_event_open(cycles) failed: errno 2 (No such file or directory)");
            assertThat(values.values()).allSatisfy(v -> {
                assertThat(v.available()).isFalse();
                assertThat(v.value()).isZero();
                assertThat(v.mode()).isEmpty();
            });
        }
    }

    @Test
    void theAttrIsWrittenWithTheLayoutTheKernelExpects() {
        try (NativeBuffer attr = NativeBuffer.allocate(PerfEventAttr.SIZE)) {
            attr.view().putLong(48, -1L);
            PerfEventAttr.write(attr, CounterEvent.CACHE_MISSES, true);

            assertThat(PerfEventAttr.readType(attr)).isZero();
            assertThat(attr.view().getInt(4)).isEqualTo(PerfEventAttr.SIZE);
            assertThat(PerfEventAttr.readConfig(attr)).isEqualTo(3);
            assertThat(attr.view().getLong(32)).isEqualTo(3L);
            assertThat(PerfEventAttr.readFlags(attr)).isEqualTo(0b110_0001L);
            assertThat(attr.view().getLong(48)).as("stale bytes from an earlier event are cleared").isZero();
        }
    }
}
