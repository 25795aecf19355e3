package dev.copycost.counters;

import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.LibC;
import dev.copycost.nativeio.NativeBuffer;

/**
 * The system calls behind {@link ThreadCounters}, returning the result or the negative errno so no
 * failure costs an exception. An interface so tests can play a stricter kernel (e.g. one that
 * answers EACCES unless the kernel is excluded) while still getting real file descriptors.
 */
interface PerfSyscalls {
    int IOC_ENABLE = 0x2400;
    int IOC_DISABLE = 0x2401;
    int IOC_RESET = 0x2403;

    /** perf_event_open for thread {@code tid} on any CPU, no group: the fd, or -errno. */
    int open(NativeBuffer attr, int tid);

    /** ioctl without argument: 0, or -errno. */
    int ioctl(int fd, int request);

    /** read into {@code buffer}: the byte count, or -errno. */
    long read(int fd, NativeBuffer buffer, int length);

    /** close; never retried. */
    void close(int fd);

    /** The real calls through {@link LibC}. */
    PerfSyscalls LINUX = new PerfSyscalls() {
        private static final long SYS_PERF_EVENT_OPEN = 298;
        private static final long PERF_FLAG_FD_CLOEXEC = 8;

        @Override
        public int open(NativeBuffer attr, int tid) {
            long fd = LibC.syscall(SYS_PERF_EVENT_OPEN, attr.address(), tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
            return fd >= 0 ? (int) fd : -Errno.last();
        }

        @Override
        public int ioctl(int fd, int request) {
            return LibC.ioctl(fd, request, 0) == 0 ? 0 : -Errno.last();
        }

        @Override
        public long read(int fd, NativeBuffer buffer, int length) {
            while (true) {
                long n = LibC.read(fd, buffer.address(), length);
                if (n >= 0) {
                    return n;
                }
                int errno = Errno.last();
                if (errno != Errno.EINTR) {
                    return -errno;
                }
            }
        }

        @Override
        public void close(int fd) {
            // Not retried on EINTR: Linux releases the fd even then, and a retry could close a reused one.
            LibC.close(fd);
        }
    };
}
