package dev.copycost.nativeio;

import java.util.ArrayList;
import java.util.List;

/**
 * Which CPUs a thread may run on: {@code sched_getaffinity} and {@code sched_setaffinity} for the
 * calling thread. Used only at thread start, never in a hot loop, so a small native mask is
 * allocated per call.
 */
public final class CpuAffinity {
    /** 1024 CPUs, glibc's {@code CPU_SETSIZE}. */
    private static final int MASK_BYTES = 128;

    private CpuAffinity() {
    }

    /** The CPUs the calling thread may run on now, ascending (a process started under taskset has fewer). */
    public static List<Integer> allowed() throws NativeIoException {
        try (NativeBuffer mask = NativeBuffer.allocate(MASK_BYTES)) {
            if (LibC.sched_getaffinity(0, MASK_BYTES, mask.address()) != 0) {
                throw Errno.failure("sched_getaffinity(0, " + MASK_BYTES + ", ..)");
            }
            List<Integer> cpus = new ArrayList<>();
            for (int cpu = 0; cpu < MASK_BYTES * 8; cpu++) {
                if ((mask.view().get(cpu / 8) & (1 << (cpu % 8))) != 0) {
                    cpus.add(cpu);
                }
            }
            return List.copyOf(cpus);
        }
    }

    /** Pins the calling thread to one CPU. */
    public static void pinCurrentThread(int cpu) throws NativeIoException {
        if (cpu < 0 || cpu >= MASK_BYTES * 8) {
            throw new IllegalArgumentException("CPU " + cpu + " is not in 0.." + (MASK_BYTES * 8 - 1));
        }
        try (NativeBuffer mask = NativeBuffer.allocate(MASK_BYTES)) {
            mask.view().put(cpu / 8, (byte) (1 << (cpu % 8)));
            if (LibC.sched_setaffinity(0, MASK_BYTES, mask.address()) != 0) {
                throw Errno.failure("sched_setaffinity(0, CPU " + cpu + ")");
            }
        }
    }
}
