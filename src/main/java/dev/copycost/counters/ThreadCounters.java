package dev.copycost.counters;

import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.NativeIoException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every {@link CounterEvent} opened for one thread: {@code perf_event_open(pid = tid, cpu = -1)}, one
 * fd per event and no group, so one event the PMU cannot schedule does not stop the others.
 *
 * <p>The fds belong to the process, so any thread may enable, disable and read them: a coordinator
 * can start the window of a sender thread. Events the kernel refuses stay in the set as unavailable
 * with the failed call and errno; {@link #open(int)} never throws for them. When the kernel part is
 * refused (EACCES/EPERM, {@code perf_event_paranoid} >= 2 without privilege) the event is retried
 * with the kernel excluded and marked "user-only": in that mode kernel-side events such as
 * context-switches read 0, which is why the mode travels with every value. task-clock is the
 * exception: the kernel counts its kernel time even then, so it stays marked "kernel+user".
 *
 * <p>Not for hot loops: every call is one or more system calls per event and {@link #read()}
 * allocates its map. Measured on the 2-core test VM with 4 events open: resetAndEnable plus disable
 * about 40 µs, read about 11 µs, so start and stop windows outside the timed loop. Methods are
 * synchronized because the read buffer is shared and close frees it.
 */
public final class ThreadCounters implements AutoCloseable {
    private static final CounterEvent[] EVENTS = CounterEvent.values();
    /** read_format TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING: value, time enabled, time running. */
    private static final int READ_SIZE = 3 * Long.BYTES;
    private static final int EPERM = 1;

    private final int tid;
    private final PerfSyscalls sys;
    private final int[] fds = new int[EVENTS.length];
    private final String[] modes = new String[EVENTS.length];
    private final String[] reasons = new String[EVENTS.length];
    /*
     * RESET zeroes the count but not the kernel's enabled/running times, which keep adding up from
     * the open (checked: 0, 16.6 ms, 16.6 ms right after a RESET). Taken at resetAndEnable so scaling
     * and the running share describe this window only.
     */
    private final long[] enabledAtReset = new long[EVENTS.length];
    private final long[] runningAtReset = new long[EVENTS.length];
    private final NativeBuffer readBuffer;
    private boolean closed;

    private ThreadCounters(int tid, PerfSyscalls sys) {
        this.tid = tid;
        this.sys = sys;
        Arrays.fill(fds, -1);
        this.readBuffer = NativeBuffer.allocate(READ_SIZE);
    }

    /** Opens every event for thread {@code tid} of this process ({@link Tid#current()} for the caller), disabled. */
    public static ThreadCounters open(int tid) {
        return open(tid, PerfSyscalls.LINUX);
    }

    static ThreadCounters open(int tid, PerfSyscalls sys) {
        if (tid <= 0) {
            // pid 0 would silently mean "the calling thread", -1 "every thread on a CPU".
            throw new IllegalArgumentException("thread id " + tid + " is not a kernel thread id");
        }
        ThreadCounters counters = new ThreadCounters(tid, sys);
        // The attr is only read by the kernel during the open, so it does not outlive it.
        try (NativeBuffer attr = NativeBuffer.allocate(PerfEventAttr.SIZE)) {
            for (int i = 0; i < EVENTS.length; i++) {
                counters.openEvent(i, attr);
            }
        } catch (RuntimeException | Error e) {
            counters.close();
            throw e;
        }
        return counters;
    }

    private void openEvent(int i, NativeBuffer attr) {
        CounterEvent event = EVENTS[i];
        PerfEventAttr.write(attr, event, false);
        int fd = sys.open(attr, tid);
        if (fd >= 0) {
            accept(i, fd, CounterValue.KERNEL_AND_USER);
            return;
        }
        int errno = -fd;
        if (errno != Errno.EACCES && errno != EPERM) {
            reject(i, openFailure(event, errno));
            return;
        }
        PerfEventAttr.write(attr, event, true);
        int userFd = sys.open(attr, tid);
        if (userFd >= 0) {
            // labelled by what the value counts, not by the flag it was opened with
            accept(i, userFd, event.honoursExcludeKernel() ? CounterValue.USER_ONLY : CounterValue.KERNEL_AND_USER);
        } else {
            reject(i, openFailure(event, -userFd) + " with the kernel excluded, and "
                    + describe(errno) + " without");
        }
    }

    private void accept(int i, int fd, String mode) {
        fds[i] = fd;
        modes[i] = mode;
        reasons[i] = "";
    }

    private void reject(int i, String reason) {
        fds[i] = -1;
        modes[i] = "";
        reasons[i] = reason;
    }

    private static String openFailure(CounterEvent event, int errno) {
        return "perf_event_open(" + event.perfName() + ") failed: " + describe(errno);
    }

    private static String describe(int errno) {
        return "errno " + errno + " (" + Errno.describe(errno) + ")";
    }

    /** The thread these counters count. */
    public int tid() {
        return tid;
    }

    /**
     * Zeroes and starts every open event. Callable from any thread; the counted thread need not be
     * the caller. Throws only if the kernel refuses an ioctl on an fd it gave us.
     */
    public synchronized void resetAndEnable() {
        ensureOpen();
        ByteBuffer view = readBuffer.view();
        for (int i = 0; i < EVENTS.length; i++) {
            if (fds[i] >= 0) {
                ioctl(i, PerfSyscalls.IOC_RESET, "PERF_EVENT_IOC_RESET");
                // Still disabled (or just zeroed), so this read costs the window nothing.
                if (readRaw(i) == READ_SIZE) {
                    enabledAtReset[i] = view.getLong(Long.BYTES);
                    runningAtReset[i] = view.getLong(2 * Long.BYTES);
                }
            }
        }
        // Enabled in a second pass so the reads above fall outside every event's window.
        for (int i = 0; i < EVENTS.length; i++) {
            if (fds[i] >= 0) {
                ioctl(i, PerfSyscalls.IOC_ENABLE, "PERF_EVENT_IOC_ENABLE");
            }
        }
    }

    /** Stops every open event; values stay readable. */
    public synchronized void disable() {
        ensureOpen();
        for (int i = 0; i < EVENTS.length; i++) {
            if (fds[i] >= 0) {
                ioctl(i, PerfSyscalls.IOC_DISABLE, "PERF_EVENT_IOC_DISABLE");
            }
        }
    }

    /** Every event's value since the last {@link #resetAndEnable()}; unavailable ones with their reason. */
    public synchronized Map<CounterEvent, CounterValue> read() {
        ensureOpen();
        Map<CounterEvent, CounterValue> values = new EnumMap<>(CounterEvent.class);
        for (int i = 0; i < EVENTS.length; i++) {
            values.put(EVENTS[i], readEvent(i));
        }
        return values;
    }

    private CounterValue readEvent(int i) {
        CounterEvent event = EVENTS[i];
        if (fds[i] < 0) {
            return CounterValue.unavailable(event, reasons[i]);
        }
        long n = readRaw(i);
        if (n != READ_SIZE) {
            String why = n < 0 ? describe((int) -n) : "got " + n + " of " + READ_SIZE + " bytes";
            return CounterValue.unavailable(event, "read(" + event.perfName() + ") failed: " + why);
        }
        ByteBuffer view = readBuffer.view();
        long value = view.getLong(0);
        long enabled = view.getLong(Long.BYTES) - enabledAtReset[i];
        long running = view.getLong(2 * Long.BYTES) - runningAtReset[i];
        return new CounterValue(event, true, scale(value, enabled, running), modes[i],
                runningShare(enabled, running), "");
    }

    /** The kernel's own extrapolation (as perf stat does) when the event was multiplexed. */
    static long scale(long value, long enabled, long running) {
        if (running > 0 && running < enabled) {
            // In double: value * enabled overflows a long for a few seconds of cycles.
            return Math.round(value * ((double) enabled / running));
        }
        return value;
    }

    static double runningShare(long enabled, long running) {
        if (enabled <= 0) {
            return 1.0;
        }
        return Math.min(1.0, (double) running / enabled);
    }

    private long readRaw(int i) {
        return sys.read(fds[i], readBuffer, READ_SIZE);
    }

    private void ioctl(int i, int request, String name) {
        int result = sys.ioctl(fds[i], request);
        if (result != 0) {
            throw new UncheckedIOException(new NativeIoException("ioctl", -result,
                    name + " on " + EVENTS[i].perfName() + " of thread " + tid));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("counters of thread " + tid + " used after close");
        }
    }

    /** Closes every fd and frees the read buffer; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < EVENTS.length; i++) {
            if (fds[i] >= 0) {
                sys.close(fds[i]);
                fds[i] = -1;
            }
        }
        readBuffer.close();
    }

    @Override
    public synchronized String toString() {
        if (closed) {
            return "ThreadCounters[tid=" + tid + ", closed]";
        }
        StringBuilder text = new StringBuilder("ThreadCounters[tid=").append(tid);
        for (int i = 0; i < EVENTS.length; i++) {
            text.append(", ").append(EVENTS[i].perfName()).append('=')
                    .append(fds[i] >= 0 ? modes[i] : "unavailable");
        }
        return text.append(']').toString();
    }
}
