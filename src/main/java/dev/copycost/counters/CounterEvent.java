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
