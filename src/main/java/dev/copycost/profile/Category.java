package dev.copycost.profile;

import java.util.Arrays;

/**
 * Where a CPU sample of a sender or receiver thread went. The names are the ones the report, the
 * CSV and the frame table use; {@link FrameTable} assigns every sample to exactly one.
 */
public enum Category {
    /** The sender's own memcpy: copy-send assembling the message in user space. */
    USER_COPY("user-copy"),
    /** The kernel copying user data into socket buffers at send time. */
    COPY_TO_KERNEL("copy-to-kernel"),
    /** Copying pinned zero-copy pages later, when the data is delivered locally ({@code skb_copy_ubufs}). */
    DEFERRED_COPY("deferred-copy"),
    /** Pinning and releasing the user pages zero-copy sends from. */
    PAGE_PINNING("page-pinning"),
    /** Producing and reading zero-copy notifications: the error queue and the ledger. */
    COMPLETION("completion"),
    /** The receiver's kernel copy out to user space. */
    COPY_TO_USER("copy-to-user"),
    /** The receiver's own checks of stamps and payload. */
    VERIFY("verify"),
    /** The rest of the protocol stack and loopback or veth delivery. */
    TCP_IP("tcp-ip"),
    /** Entry, exit and the rest of the system call path. */
    SYSCALL("syscall"),
    /** Switches, wake-ups, idle. */
    SCHEDULER("scheduler"),
    /**
     * JNA's way from Java into C and back: the JNI stub of a {@code native} method, JNA's dispatch,
     * which receives the arguments through a libffi closure and passes them on with a second libffi
     * call, and the errno it saves after every call. The C twin has no such layer.
     */
    NATIVE_CALL("native-call"),
    /** The JVM and our own Java code in the loops. */
    HARNESS("harness"),
    /** No frame of the sample is named by the table. */
    OTHER("other");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True for the categories that only kernel frames can show. */
    public boolean kernelOnly() {
        return this == COPY_TO_KERNEL || this == DEFERRED_COPY || this == PAGE_PINNING || this == COPY_TO_USER
                || this == TCP_IP || this == SCHEDULER;
    }

    public static Category parse(String label) {
        for (Category c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown CPU category '" + label + "': use one of "
                + String.join(", ", Arrays.stream(values()).map(Category::label).toList()));
    }
}
