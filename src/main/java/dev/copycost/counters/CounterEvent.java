package dev.copycost.counters;

/**
 * The perf events copycost counts per thread, with their {@code type} and {@code config} from
 * {@code linux/perf_event.h}. Names are those {@code perf stat} prints, so results read the same.
 */
public enum CounterEvent {
    TASK_CLOCK("task-clock", PerfEventAttr.TYPE_SOFTWARE, 1),
    CONTEXT_SWITCHES("context-switches", PerfEventAttr.TYPE_SOFTWARE, 3),
    CPU_MIGRATIONS("cpu-migrations", PerfEventAttr.TYPE_SOFTWARE, 4),
    PAGE_FAULTS("page-faults", PerfEventAttr.TYPE_SOFTWARE, 2),
    CYCLES("cycles", PerfEventAttr.TYPE_HARDWARE, 0),
    INSTRUCTIONS("instructions", PerfEventAttr.TYPE_HARDWARE, 1),
    CACHE_REFERENCES("cache-references", PerfEventAttr.TYPE_HARDWARE, 2),
    CACHE_MISSES("cache-misses", PerfEventAttr.TYPE_HARDWARE, 3);

    private final String perfName;
    private final int type;
    private final long config;

    CounterEvent(String perfName, int type, long config) {
        this.perfName = perfName;
        this.type = type;
        this.config = config;
    }

    /** The name {@code perf stat} uses, e.g. "task-clock". */
    public String perfName() {
        return perfName;
    }

    /**
     * Whether opening the event with {@code exclude_kernel} really leaves the kernel out. Not for
     * task-clock: the kernel adds the task's whole run time to it (task_clock_event_update) and looks
     * at exclude_kernel only when taking samples, so it counts kernel time either way (measured as an
     * unprivileged user: task-clock 1448 ms, JVM thread CPU 1447.5 ms of which 457 ms in the kernel).
     * The other events are counted where they happen and dropped when that is in the kernel.
     */
    public boolean honoursExcludeKernel() {
        return this != TASK_CLOCK;
    }

    /** True for PMU events, which a VM without a virtual PMU refuses (ENOENT). */
    public boolean isHardware() {
        return type == PerfEventAttr.TYPE_HARDWARE;
    }

    int type() {
        return type;
    }

    long config() {
        return config;
    }

    @Override
    public String toString() {
        return perfName;
    }
}
