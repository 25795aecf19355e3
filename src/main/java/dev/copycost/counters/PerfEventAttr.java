package dev.copycost.counters;

import dev.copycost.nativeio.NativeBuffer;
import java.nio.ByteBuffer;

/**
 * Writes a {@code struct perf_event_attr} (x86_64 layout) into native memory owned by the caller.
 * Only the fields copycost sets; everything else stays zero, which the kernel requires of fields
 * beyond the ones it knows.
 */
final class PerfEventAttr {
    static final int TYPE_HARDWARE = 0;
    static final int TYPE_SOFTWARE = 1;

    /**
     * PERF_ATTR_SIZE_VER7. Kernels that know a shorter struct accept it as long as the tail they do
     * not know is zero; newer ones treat the missing tail as zero.
     */
    static final int SIZE = 128;

    static final long FORMAT_TOTAL_TIME_ENABLED = 1L;
    static final long FORMAT_TOTAL_TIME_RUNNING = 1L << 1;

    static final long FLAG_DISABLED = 1L;
    static final long FLAG_EXCLUDE_KERNEL = 1L << 5;
    static final long FLAG_EXCLUDE_HV = 1L << 6;

    private static final int OFF_TYPE = 0;
    private static final int OFF_SIZE = 4;
    private static final int OFF_CONFIG = 8;
    private static final int OFF_READ_FORMAT = 32;
    private static final int OFF_FLAGS = 40;

    private PerfEventAttr() {
    }

    /**
     * Fills {@code attr} for {@code event}: opened disabled (else it counts from the open on) and
     * read as value, time enabled, time running. With {@code userOnly} the kernel and hypervisor
     * are excluded, which is what {@code perf_event_paranoid} >= 2 demands of unprivileged users.
     */
    static void write(NativeBuffer attr, CounterEvent event, boolean userOnly) {
        ByteBuffer view = attr.view();
        for (int i = 0; i < SIZE; i += Long.BYTES) {
            view.putLong(i, 0L);
        }
        view.putInt(OFF_TYPE, event.type());
        view.putInt(OFF_SIZE, SIZE);
        view.putLong(OFF_CONFIG, event.config());
        view.putLong(OFF_READ_FORMAT, FORMAT_TOTAL_TIME_ENABLED | FORMAT_TOTAL_TIME_RUNNING);
        // The flags are one u64 bit field: written whole, so no reserved bit is ever set by accident.
        view.putLong(OFF_FLAGS, flags(userOnly));
    }

    static long flags(boolean userOnly) {
        return userOnly ? FLAG_DISABLED | FLAG_EXCLUDE_KERNEL | FLAG_EXCLUDE_HV : FLAG_DISABLED;
    }

    /** The flags word as written, for tests and for fakes standing in for the kernel. */
    static long readFlags(NativeBuffer attr) {
        return attr.view().getLong(OFF_FLAGS);
    }

    static int readType(NativeBuffer attr) {
        return attr.view().getInt(OFF_TYPE);
    }

    static long readConfig(NativeBuffer attr) {
        return attr.view().getLong(OFF_CONFIG);
    }
}
