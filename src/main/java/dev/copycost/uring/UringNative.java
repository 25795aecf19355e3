package dev.copycost.uring;

import static dev.copycost.uring.UringAbi.*;

import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.LibC;

/**
 * The only native calls io_uring needs, as a thin layer in the manner of a native transport: the
 * three system calls (through {@code LibC.syscall}, whose fixed signatures direct mapping accepts; Debian's liburing makes every {@code io_uring_prep_*} static inline, so there is
 * no library to bind), {@code mmap}, {@code munmap} and {@code close}. Each returns what the kernel
 * returned, or the negative errno, so that callers decide what a failure means (ETIME from a bounded
 * wait is not an error) without the cost of an exception per EINTR. Nothing here allocates.
 */
final class UringNative {
    private UringNative() {
    }

    /** {@code io_uring_setup(entries, params)}: the ring's fd, or -errno. */
    static int setup(int entries, long params) {
        return (int) orErrno(LibC.syscall(SYS_IO_URING_SETUP, entries, params, 0, 0, 0));
    }

    /** {@code io_uring_enter(fd, toSubmit, minComplete, flags, arg, argSize)}: SQEs consumed, or -errno. */
    static int enter(int fd, int toSubmit, int minComplete, int flags, long arg, long argSize) {
        return (int) orErrno(LibC.syscall(SYS_IO_URING_ENTER, fd, toSubmit, minComplete, flags, arg, argSize));
    }

    /** {@code io_uring_register(fd, opcode, arg, nrArgs)}: 0 or a count, or -errno. */
    static int register(int fd, int opcode, long arg, int nrArgs) {
        return (int) orErrno(LibC.syscall(SYS_IO_URING_REGISTER, fd, opcode, arg, nrArgs, 0));
    }

    /** Maps {@code length} bytes of the ring at {@code offset}, shared and populated: the address, or -errno. */
    static long map(int fd, long length, long offset) {
        long address = LibC.mmap(0, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
        return address == -1 ? -Errno.last() : address;
    }

    static int unmap(long address, long length) {
        return LibC.munmap(address, length) == 0 ? 0 : -Errno.last();
    }

    static int close(int fd) {
        return LibC.close(fd) == 0 ? 0 : -Errno.last();
    }

    private static long orErrno(long result) {
        return result == -1 ? -Errno.last() : result;
    }
}
