package dev.copycost.counters;

import static dev.copycost.counters.CounterEvent.CONTEXT_SWITCHES;
import static dev.copycost.counters.CounterEvent.PAGE_FAULTS;
import static dev.copycost.counters.CounterEvent.TASK_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadCountersTest {
    private static final long MS = 1_000_000L;

    @BeforeEach
    void taskClockIsCountable() {
        CounterValue taskClock = CounterAvailability.probe().events().get(TASK_CLOCK);
        assumeTrue(taskClock.available(), () -> "perf refuses even task-clock here: " + taskClock.reason());
    }

    @Test
    void taskClockOfASpinningThreadIsItsCpuTime() {
        try (ThreadCounters counters = ThreadCounters.open(Tid.current())) {
            counters.resetAndEnable();
            long wallStart = System.nanoTime();
            long cpu = Work.spinCpu(50);
            long wall = System.nanoTime() - wallStart;
            counters.disable();

            CounterValue taskClock = counters.read().get(TASK_CLOCK);
            assertThat(taskClock.value()).isGreaterThan(10 * MS).isLessThan((long) (wall * 1.5));
            // Both clocks are the scheduler's runtime of this thread; they differ by the syscalls around the window.
            assertThat((double) taskClock.value()).isCloseTo(cpu, within(0.2 * cpu + 2 * MS));
            assertThat(taskClock.runningShare()).isEqualTo(1.0);
        }
    }

    @Test
    void countersOpenDisabledAndStopWhenDisabled() {
        try (ThreadCounters counters = ThreadCounters.open(Tid.current())) {
            Work.spinCpu(20);
            assertThat(counters.read().get(TASK_CLOCK).value()).as("never enabled").isZero();

            counters.resetAndEnable();
            Work.spinCpu(20);
            counters.disable();
            Map<CounterEvent, CounterValue> atDisable = counters.read();
            Work.spinCpu(30);
            touchNewPages(64);
            Map<CounterEvent, CounterValue> later = counters.read();

            assertThat(atDisable.get(TASK_CLOCK).value()).isGreaterThan(10 * MS);
            assertThat(later.get(TASK_CLOCK).value()).isEqualTo(atDisable.get(TASK_CLOCK).value());
            assertThat(later.get(PAGE_FAULTS).value()).isEqualTo(atDisable.get(PAGE_FAULTS).value());
        }
    }

    @Test
    void resetStartsANewWindow() {
        try (ThreadCounters counters = ThreadCounters.open(Tid.current())) {
            counters.resetAndEnable();
            Work.spinCpu(40);
            counters.disable();

            counters.resetAndEnable();
            counters.disable();
            CounterValue taskClock = counters.read().get(TASK_CLOCK);

            // Two ioctls' worth of task-clock, not the 40 ms of the window before.
            assertThat(taskClock.value()).isLessThan(5 * MS);
            assertThat(taskClock.runningShare()).isEqualTo(1.0);
        }
    }

    @Test
    void pageFaultsCountTouchedPages() {
        try (ThreadCounters counters = ThreadCounters.open(Tid.current())) {
            counters.resetAndEnable();
            touchNewPages(256);
            counters.disable();

            assertThat(counters.read().get(PAGE_FAULTS).value()).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void countersOpenedForAnotherThreadCountThatThreadOnly() throws Exception {
        try (Worker worker = new Worker("spinner", () -> Work.spinCpu(60));
                ThreadCounters theirs = ThreadCounters.open(worker.tid());
                ThreadCounters mine = ThreadCounters.open(Tid.current())) {
            assertThat(worker.tid()).isNotEqualTo(Tid.current());
            theirs.resetAndEnable();
            mine.resetAndEnable();
            long workerCpu = worker.runToEnd();
            mine.disable();
            theirs.disable();

            long theirClock = theirs.read().get(TASK_CLOCK).value();
            assertThat((double) theirClock).isCloseTo(workerCpu, within(0.2 * workerCpu + 2 * MS));
            // This thread only waited for the worker.
            assertThat(mine.read().get(TASK_CLOCK).value()).isLessThan(workerCpu / 2);
        }
    }

    @Test
    void countersOfAnEndedThreadStayReadable() throws Exception {
        try (Worker worker = new Worker("short-lived", () -> Work.spinCpu(20));
                ThreadCounters counters = ThreadCounters.open(worker.tid())) {
            counters.resetAndEnable();
            long workerCpu = worker.runToEnd();
            counters.disable();

            assertThat(counters.read().get(TASK_CLOCK).value()).isGreaterThan(workerCpu / 2);
        }
    }

    @Test
    void contextSwitchesCountBlockingInKernelPlusUserMode() throws Exception {
        try (ThreadCounters counters = ThreadCounters.open(Tid.current())) {
            CounterValue probe = counters.read().get(CONTEXT_SWITCHES);
            assumeTrue(CounterValue.KERNEL_AND_USER.equals(probe.mode()), "context-switches is " + probe);
            counters.resetAndEnable();
            Work.pingPong(20);
            counters.disable();

            assertThat(counters.read().get(CONTEXT_SWITCHES).value()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void hardwareEventsCountOrSayWhyNot() {
        try (ThreadCounters counters = ThreadCounters.open(Tid.current())) {
            counters.resetAndEnable();
            Work.spinCpu(20);
            counters.disable();

            Map<CounterEvent, CounterValue> values = counters.read();
            assertThat(values).containsOnlyKeys(CounterEvent.values());
            Stream.of(CounterEvent.values()).filter(CounterEvent::isHardware).map(values::get).forEach(v -> {
                if (v.available()) {
                    assertThat(v.mode()).isIn(CounterValue.KERNEL_AND_USER, CounterValue.USER_ONLY);
                    assertThat(v.reason()).isEmpty();
                    if (v.event() != CounterEvent.CACHE_MISSES) {
                        // 20 ms of a tight loop: hard to miss nothing, but zero misses would not be wrong.
                        assertThat(v.value()).as(v.toString()).isPositive();
                    }
                } else {
                    assertThat(v.value()).isZero();
                    assertThat(v.mode()).isEmpty();
                    assertThat(v.reason()).startsWith("perf_event_open(" + v.event().perfName() + ") failed: errno ")
                            .matches(".*errno \\d+ \\(.+\\).*");
                }
            });
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsRefused() {
        ThreadCounters counters = ThreadCounters.open(Tid.current());
        counters.close();
        counters.close();

        assertThatThrownBy(counters::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("after close");
        assertThatThrownBy(counters::resetAndEnable).isInstanceOf(IllegalStateException.class);
        assertThat(counters.toString()).contains("closed");
    }

    @Test
    void openingAndClosingLeaksNoFileDescriptors() throws IOException {
        int available = (int) CounterAvailability.probe().events().values().stream().filter(CounterValue::available).count();
        // Once through everything below first, so class loading cannot open a jar between the counts.
        ThreadCounters.open(Tid.current()).close();
        List.of(ThreadCounters.open(Tid.current())).forEach(ThreadCounters::close);
        openFds();
        long before = openFds();
        List<ThreadCounters> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(ThreadCounters.open(Tid.current()));
        }
        long whileOpen = openFds();
        all.forEach(ThreadCounters::close);
        long after = openFds();

        assertThat(whileOpen - before).as("one fd per available event").isEqualTo(20L * available);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aThreadIdMustBeAThreadId() {
        assertThatThrownBy(() -> ThreadCounters.open(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadCounters.open(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aThreadThatDoesNotExistGivesUnavailableEventsNotAnException() {
        // pid_max is at most 2^22, so this id names no thread.
        try (ThreadCounters counters = ThreadCounters.open(Integer.MAX_VALUE)) {
            assertThat(counters.read().values()).allSatisfy(v -> {
                assertThat(v.available()).isFalse();
                assertThat(v.reason()).contains("errno");
            });
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * Writes one byte into each page of a fresh file mapping: every page is a new minor fault. (Malloc'd
     * memory may come back already mapped once glibc raises its mmap threshold.)
     */
    private static void touchNewPages(int pages) {
        try {
            Path file = Files.createTempFile("copycost-faults", ".bin");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, pages * 4096L);
                for (int page = 0; page < pages; page++) {
                    map.put(page * 4096, (byte) 1);
                }
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
