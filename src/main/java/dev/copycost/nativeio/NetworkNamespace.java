package dev.copycost.nativeio;

import java.nio.file.Path;

/**
 * Moves the calling thread into a network namespace and back. A socket belongs to the namespace of
 * the thread that created it, for life, so a coordinator that enters a namespace, creates its
 * sockets and leaves again runs an experiment across that namespace's links while its worker
 * threads (which only use the descriptors) stay where they are.
 */
public final class NetworkNamespace {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int CLONE_NEWNET = 0x40000000;

    private NetworkNamespace() {
    }

    /** The calling thread's stay in a namespace; {@link #close()} returns it to where it was. */
    public static final class Entered implements AutoCloseable {
        private final int home;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private Entered(int home) {
            this.home = home;
        }

        /** Returns the thread that entered to its original namespace; only that thread may. */
        @Override
        public void close() throws NativeIoException {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("a namespace entered by " + owner.getName()
                        + " can only be left by that thread, not by " + Thread.currentThread().getName());
            }
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (LibC.setns(home, CLONE_NEWNET) != 0) {
                    // the thread is stranded: every socket it makes from now on is in the other namespace
                    throw Errno.failure("setns(back to the original network namespace) on thread " + owner.getName()
                            + ", which stays in the namespace it entered");
                }
            } finally {
                LibC.close(home);
            }
        }
    }

    /** Enters the namespace whose file is {@code nsFile} (e.g. /var/run/netns/NAME) on this thread. */
    public static Entered enter(Path nsFile) throws NativeIoException {
        int home = open(Path.of("/proc/thread-self/ns/net"));
        int target;
        try {
            target = open(nsFile);
        } catch (NativeIoException e) {
            LibC.close(home);
            throw e;
        }
        try {
            if (LibC.setns(target, CLONE_NEWNET) != 0) {
                NativeIoException failure = Errno.failure("setns(" + nsFile + ", CLONE_NEWNET)");
                LibC.close(home);
                throw failure;
            }
            return new Entered(home);
        } finally {
            LibC.close(target);
        }
    }

    private static int open(Path file) throws NativeIoException {
        int fd = LibC.open(file.toString(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw Errno.failure("open(" + file + ")");
        }
        return fd;
    }
}
