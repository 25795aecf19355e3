package dev.copycost.uring;

import static dev.copycost.uring.UringAbi.*;

import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.NativeIoException;
import java.nio.ByteBuffer;

/**
 * One io_uring instance with one owner: its fd and its mappings (both rings, then the submission
 * entries), set up with the offsets the kernel reports in {@code io_uring_params}, never assumed.
 * {@link #close()} unmaps and closes, once; closing the fd also makes the kernel cancel whatever is
 * still in flight. No SQPOLL: every submission is this thread's {@code io_uring_enter}.
 *
 * <p>Every wait is bounded: {@link #submitAndWait} passes a timeout through IORING_ENTER_EXT_ARG, so
 * a lost peer ends as ETIME within the bound instead of a hang. A ring is used by one thread.
 */
public final class Ring implements AutoCloseable {
    private static final int WAIT_ARG = 0;
    private static final int TIMESPEC = 24;

    private final RingSize size;
    private int fd;
    private Mapping rings;
    private Mapping completionRing; // null when the kernel maps both rings as one (IORING_FEAT_SINGLE_MMAP)
    private Mapping entries;
    private NativeBuffer waitArgument;
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    private final int features;
    private final boolean singleIssuer;

    private Ring(RingSize size, boolean singleIssuer) throws NativeIoException {
        this.singleIssuer = singleIssuer;
        this.size = size;
        this.fd = -1;
        try (NativeBuffer params = NativeBuffer.allocate(PARAMS_SIZE)) {
            ByteBuffer p = params.view();
            p.putInt(P_FLAGS, IORING_SETUP_CQSIZE | (singleIssuer ? SINGLE_ISSUER_FLAGS : 0));
            p.putInt(P_CQ_ENTRIES, size.cqEntries());
            int result = UringNative.setup(size.sqEntries(), params.address());
            if (result < 0) {
                throw new NativeIoException("io_uring_setup", -result, "entries " + size.sqEntries()
                        + ", completion entries " + size.cqEntries());
            }
            fd = result;
            try {
                features = p.getInt(P_FEATURES);
                if ((features & IORING_FEAT_EXT_ARG) == 0) {
                    throw new NativeIoException("io_uring_setup", Errno.EOPNOTSUPP, "the kernel lacks "
                            + "IORING_FEAT_EXT_ARG (Linux 5.11), which every bounded wait here needs");
                }
                int sqEntries = p.getInt(P_SQ_ENTRIES);
                int cqEntries = p.getInt(P_CQ_ENTRIES);
                int sqArray = p.getInt(P_SQ_OFF + SQ_OFF_ARRAY);
                int cqes = p.getInt(P_CQ_OFF + CQ_OFF_CQES);
                long sqRingLength = sqArray + 4L * sqEntries;
                long cqRingLength = cqes + (long) CQE_SIZE * cqEntries;
                boolean single = (features & IORING_FEAT_SINGLE_MMAP) != 0;
                rings = Mapping.of("rings", fd, single ? Math.max(sqRingLength, cqRingLength) : sqRingLength,
                        IORING_OFF_SQ_RING);
                if (!single) {
                    completionRing = Mapping.of("completion ring", fd, cqRingLength, IORING_OFF_CQ_RING);
                }
                entries = Mapping.of("submission entries", fd, (long) SQE_SIZE * sqEntries, IORING_OFF_SQES);
                waitArgument = NativeBuffer.allocate(TIMESPEC + TIMESPEC_SIZE);
                ByteBuffer w = waitArgument.view();
                w.putLong(WAIT_ARG, 0); // no signal mask
                w.putInt(WAIT_ARG + 8, 8);
                w.putLong(WAIT_ARG + 16, waitArgument.address() + TIMESPEC);
                sq = new SubmissionQueue(rings.view(), entries.view(), p.getInt(P_SQ_OFF + SQ_OFF_HEAD),
                        p.getInt(P_SQ_OFF + SQ_OFF_TAIL), p.getInt(P_SQ_OFF + SQ_OFF_RING_MASK), sqArray, sqEntries);
                ByteBuffer c = single ? rings.view() : completionRing.view();
                cq = new CompletionQueue(c, p.getInt(P_CQ_OFF + CQ_OFF_HEAD), p.getInt(P_CQ_OFF + CQ_OFF_TAIL),
                        p.getInt(P_CQ_OFF + CQ_OFF_RING_MASK), p.getInt(P_CQ_OFF + CQ_OFF_OVERFLOW), cqes, cqEntries);
            } catch (NativeIoException | RuntimeException | Error e) {
                close();
                throw e;
            }
        }
    }

    /**
     * The setup io_uring's authors recommend for a ring one thread submits to and reaps from:
     * SINGLE_ISSUER (no locking for other submitters) and DEFER_TASKRUN (completion work runs when
     * this thread waits in io_uring_enter, not by interrupting it), Linux 6.1. The submitting task is
     * fixed when the ring is enabled, so it is created disabled (R_DISABLED) on the thread that
     * accepts the connection and {@link #enableOnThisThread() enabled} by the sender's thread.
     */
    static final int SINGLE_ISSUER_FLAGS = IORING_SETUP_R_DISABLED | IORING_SETUP_SINGLE_ISSUER
            | IORING_SETUP_DEFER_TASKRUN;

    /** Sets up a ring of {@code size}, maps it and returns its owner; ready for any one thread. */
    public static Ring create(RingSize size) throws NativeIoException {
        return new Ring(size, false);
    }

    /**
     * A ring for one thread (SINGLE_ISSUER | DEFER_TASKRUN), created disabled: the thread that will
     * submit calls {@link #enableOnThisThread()} before its first submission.
     */
    public static Ring createForOneThread(RingSize size) throws NativeIoException {
        return new Ring(size, true);
    }

    /** Makes the calling thread the ring's one submitter (IORING_REGISTER_ENABLE_RINGS); for {@link #createForOneThread}. */
    public void enableOnThisThread() throws NativeIoException {
        if (!singleIssuer) {
            return;
        }
        int r = register(IORING_REGISTER_ENABLE_RINGS, 0, 0);
        if (r < 0) {
            throw new NativeIoException("io_uring_register(IORING_REGISTER_ENABLE_RINGS)", -r);
        }
    }

    /** Whether the ring was set up for one thread (SINGLE_ISSUER | DEFER_TASKRUN). */
    public boolean singleIssuer() {
        return singleIssuer;
    }

    public SubmissionQueue sq() {
        return sq;
    }

    public CompletionQueue cq() {
        return cq;
    }

    /**
     * Submits {@code toSubmit} published entries and waits until at least {@code minComplete}
     * completions are ready, at most {@code timeoutNanos}. Returns what {@code io_uring_enter}
     * returned: the entries consumed (a wait that timed out after submitting still returns that count;
     * callers look at the completion queue), or the negative errno: -ETIME when the wait timed out,
     * -EINTR when a signal interrupted it.
     */
    public int submitAndWait(int toSubmit, int minComplete, long timeoutNanos) {
        ByteBuffer w = waitArgument.view();
        long nanos = Math.max(0, timeoutNanos);
        w.putLong(TIMESPEC, nanos / 1_000_000_000L);
        w.putLong(TIMESPEC + 8, nanos % 1_000_000_000L);
        return UringNative.enter(fd(), toSubmit, minComplete, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG,
                waitArgument.address() + WAIT_ARG, GETEVENTS_ARG_SIZE);
    }

    /** {@code io_uring_register(fd, opcode, arg, nrArgs)}; the result or the negative errno. */
    int register(int opcode, long arg, int nrArgs) {
        return UringNative.register(fd(), opcode, arg, nrArgs);
    }

    public RingSize size() {
        return size;
    }

    /** IORING_FEAT_* bits the kernel reported. */
    public int features() {
        return features;
    }

    /** Memory the mappings take, in whole pages: what {@link RingSize#mappedBytes()} predicts. */
    public long mappedBytes() {
        long total = 0;
        for (Mapping m : new Mapping[] {rings, completionRing, entries}) {
            total += m == null ? 0 : m.bytes();
        }
        return total;
    }

    /** Native heap memory besides the mappings: the wait argument. */
    public long allocatedBytes() {
        return waitArgument == null ? 0 : waitArgument.allocatedBytes();
    }

    /** Native bytes of a ring of {@code size} besides its mappings, as {@link #allocatedBytes()} reports. */
    public static long allocatedBytes(RingSize size) {
        return NativeBuffer.allocatedBytes(TIMESPEC + TIMESPEC_SIZE, NativeBuffer.DEFAULT_ALIGNMENT);
    }

    public int fd() {
        if (fd < 0) {
            throw new IllegalStateException("io_uring used after close");
        }
        return fd;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    @Override
    public void close() {
        for (Mapping m : new Mapping[] {entries, completionRing, rings}) {
            if (m != null) {
                m.close();
            }
        }
        if (fd >= 0) {
            UringNative.close(fd);
            fd = -1;
        }
        if (waitArgument != null) {
            waitArgument.close();
        }
    }

    @Override
    public String toString() {
        return "Ring[fd " + fd + ", " + size.sqEntries() + " submission / " + size.cqEntries() + " completion entries]";
    }
}
