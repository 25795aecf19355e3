package dev.copycost.nativeio;

import com.sun.jna.Native;

/**
 * errno values copycost reacts to (asm-generic/errno-base.h and errno.h, x86_64) and the one place
 * that turns a failed call into an exception.
 */
public final class Errno {
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EBUSY = 16;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    /** A timer expired, e.g. io_uring_enter's wait. */
    public static final int ETIME = 62;
    public static final int EOPNOTSUPP = 95;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int ECANCELED = 125;
    /** connect(2) on a blocking socket whose send timeout (SO_SNDTIMEO) ran out before an answer came. */
    public static final int EINPROGRESS = 115;

    private Errno() {
    }

    /** The errno of the calling thread's last failed native call; meaningful only right after a -1. */
    public static int last() {
        return Native.getLastError();
    }

    /** The C library's text for an errno value, e.g. "No buffer space available". */
    public static String describe(int errno) {
        String text = LibC.strerror(errno);
        return text == null ? "unknown error" : text;
    }

    /** An exception for {@code call} failing with the calling thread's current errno. */
    public static NativeIoException failure(String call) {
        return new NativeIoException(call, last());
    }
}
