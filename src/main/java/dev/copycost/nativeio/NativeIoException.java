package dev.copycost.nativeio;

import java.io.IOException;

/**
 * A native call that failed: names the call, the errno number and its text, e.g.
 * {@code sendmsg(..) failed: errno 105 (No buffer space available)}. The errno stays readable so
 * callers and tests can react to it rather than parse the message.
 */
public class NativeIoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public NativeIoException(String call, int errno) {
        this(call, errno, null);
    }

    /** With {@code detail} appended, to say what the failure means in context (e.g. a timeout). */
    public NativeIoException(String call, int errno, String detail) {
        super(call + "(..) failed: errno " + errno + " (" + Errno.describe(errno) + ")"
                + (detail == null ? "" : ": " + detail));
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
