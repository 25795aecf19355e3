package dev.copycost.nativeio;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The libc calls copycost makes, declared once with JNA direct mapping.
 *
 * <p>Direct mapping ({@link Native#register}) allocates nothing per call, which matters in the send
 * and receive loops (interface mapping boxes arguments: about +440 ns a call, measured). Pointers are
 * passed as raw {@code long} addresses owned by {@link NativeBuffer}s, so no JNA object is touched per
 * call. Functions return -1 and leave errno to {@link Native#getLastError()}: a {@code throws
 * LastErrorException} signature costs about 5 µs more on every failure, and the zero-copy reaper ends
 * every drain in EAGAIN. Callers go through {@link TcpSocket} or {@link Errno}, never straight here
 * from experiment code. x86_64 Linux layout: {@code ssize_t}/{@code size_t} are {@code long},
 * {@code socklen_t} is {@code int}.
 */
public final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    public static native int socket(int domain, int type, int protocol);

    public static native int setsockopt(int fd, int level, int optname, long optval, int optlen);

    /** {@code optlen} is the address of a {@code socklen_t} in and out. */
    public static native int getsockopt(int fd, int level, int optname, long optval, long optlen);

    public static native int bind(int fd, long addr, int addrlen);

    public static native int listen(int fd, int backlog);

    public static native int accept(int fd, long addr, long addrlen);

    public static native int connect(int fd, long addr, int addrlen);

    public static native int getsockname(int fd, long addr, long addrlen);

    public static native int getpeername(int fd, long addr, long addrlen);

    public static native long send(int fd, long buf, long len, int flags);

    public static native long sendmsg(int fd, long msghdr, int flags);

    public static native long recv(int fd, long buf, long len, int flags);

    public static native long recvmsg(int fd, long msghdr, int flags);

    public static native int poll(long fds, long nfds, int timeoutMillis);

    public static native int shutdown(int fd, int how);

    public static native int close(int fd);

    public static native long read(int fd, long buf, long count);

    /** ioctl is variadic in C; on x86_64 one fixed {@code long} argument is passed the same way. */
    public static native int ioctl(int fd, long request, long arg);

    /**
     * The raw system call with a fixed six-{@code long} signature: direct mapping rejects Java
     * varargs, and on x86_64 unused argument registers are harmless.
     */
    public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    /**
     * The same with a sixth argument, which glibc's {@code syscall} takes from the stack: what
     * {@code io_uring_enter} needs (its sixth is the size of the extended argument).
     */
    public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /** {@code flags} as open(2): O_RDONLY | O_CLOEXEC for a namespace file. */
    public static native int open(String path, int flags);

    /** Moves the calling thread into the namespace {@code fd} refers to. */
    public static native int setns(int fd, int nstype);

    /** {@code pid} 0 is the calling thread; {@code mask} the address of a {@code cpu_set_t} of {@code size} bytes. */
    public static native int sched_setaffinity(int pid, long size, long mask);

    public static native int sched_getaffinity(int pid, long size, long mask);

    /** Returns the mapping's address, or MAP_FAILED (-1) with errno set. */
    public static native long mmap(long address, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long address, long length);

    public static native long aligned_alloc(long alignment, long size);

    public static native void free(long address);

    public static native String strerror(int errnum);
}
