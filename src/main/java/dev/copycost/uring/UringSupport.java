package dev.copycost.uring;

import static dev.copycost.nativeio.SocketConstants.MSG_NOSIGNAL;
import static dev.copycost.uring.UringAbi.*;

import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.IovecArray;
import dev.copycost.nativeio.MsgHdr;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Whether the io_uring strategies can run here, found once by really trying, never from a kernel
 * version: set up a ring (fails if {@code kernel.io_uring_disabled} forbids it, a seccomp filter
 * blocks the call, or the kernel predates io_uring), ask {@code IORING_REGISTER_PROBE} for the two
 * opcodes, then send one real {@code SENDMSG} and one real {@code SENDMSG_ZC} with
 * {@code IORING_SEND_ZC_REPORT_USAGE} over a loopback TCP connection and check the result, the
 * {@code F_MORE} flag and the notification. An unavailable strategy is skipped with this reason.
 */
public final class UringSupport {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final int PAYLOAD = 64;
    private static volatile UringSupport probed;

    private final Availability send;
    private final Availability zeroCopy;
    private final Availability singleIssuer;

    /** @param reason what was tried and what happened, in the words of the failed call where one failed */
    public record Availability(boolean available, String reason) {
        @Override
        public String toString() {
            return (available ? "available: " : "unavailable: ") + reason;
        }
    }

    private UringSupport(Availability send, Availability zeroCopy, Availability singleIssuer) {
        this.send = send;
        this.zeroCopy = zeroCopy;
        this.singleIssuer = singleIssuer;
    }

    public static UringSupport probe() {
        UringSupport result = probed;
        if (result == null) {
            result = tryIt();
            probed = result;
        }
        return result;
    }

    /** For {@code uring-send}: IORING_OP_SENDMSG. */
    public Availability send() {
        return send;
    }

    /** For {@code uring-zc}: IORING_OP_SENDMSG_ZC with IORING_SEND_ZC_REPORT_USAGE. */
    public Availability zeroCopy() {
        return zeroCopy;
    }

    /**
     * Whether rings can be set up for one thread (SINGLE_ISSUER | DEFER_TASKRUN, Linux 6.1): the
     * senders use that setup where it works, else a plain ring.
     */
    public Availability singleIssuer() {
        return singleIssuer;
    }

    private static UringSupport tryIt() {
        try (Ring ring = Ring.create(new RingSize(2, 4))) {
            String missing = unsupportedOps(ring);
            Availability oneThread = trySingleIssuer();
            if (missing != null) {
                Availability no = new Availability(false, missing);
                return new UringSupport(no, no, oneThread);
            }
            return new UringSupport(trySend(ring, IORING_OP_SENDMSG), trySend(ring, IORING_OP_SENDMSG_ZC), oneThread);
        } catch (NativeIoException e) {
            Availability no = unavailable(e);
            return new UringSupport(no, no, no);
        }
    }

    private static Availability trySingleIssuer() {
        try (Ring ring = Ring.createForOneThread(new RingSize(2, 4))) {
            ring.enableOnThisThread();
            return new Availability(true, "a ring with IORING_SETUP_SINGLE_ISSUER | DEFER_TASKRUN | R_DISABLED was "
                    + "set up and enabled");
        } catch (NativeIoException e) {
            return new Availability(false, e.getMessage());
        }
    }

    /** What a failed setup means: the call's words and, for the usual errnos, the usual cause. */
    static Availability unavailable(NativeIoException setupFailure) {
        return new Availability(false, setupFailure.getMessage() + hint(setupFailure.errno()));
    }

    private static String hint(int errno) {
        if (errno == 1 /* EPERM */) {
            return " (kernel.io_uring_disabled forbids it, or a seccomp filter, as in many containers)";
        }
        if (errno == Errno.ENOSYS) {
            return " (no io_uring in this kernel, or a seccomp filter hides it)";
        }
        return "";
    }

    /** Null if SENDMSG and SENDMSG_ZC are both supported, else which is not. */
    private static String unsupportedOps(Ring ring) throws NativeIoException {
        try (NativeBuffer probe = NativeBuffer.allocate(PROBE_HEADER + PROBE_OPS * PROBE_OP_SIZE)) {
            int result = ring.register(IORING_REGISTER_PROBE, probe.address(), PROBE_OPS);
            if (result < 0) {
                throw new NativeIoException("io_uring_register(IORING_REGISTER_PROBE)", -result);
            }
            ByteBuffer p = probe.view();
            int lastOp = p.get(0) & 0xff;
            StringBuilder missing = new StringBuilder();
            for (int op : new int[] {IORING_OP_SENDMSG, IORING_OP_SENDMSG_ZC}) {
                boolean supported = op <= lastOp
                        && (p.getShort(PROBE_HEADER + op * PROBE_OP_SIZE + 2) & IO_URING_OP_SUPPORTED) != 0;
                if (!supported) {
                    missing.append(missing.length() == 0 ? "" : ", ").append(opName(op));
                }
            }
            return missing.length() == 0 ? null : "IORING_REGISTER_PROBE: the kernel does not support " + missing
                    + " (last opcode " + lastOp + ")";
        }
    }

    /** One real send of {@code opcode} over a fresh loopback connection, checked completion by completion. */
    @SuppressWarnings("try") // the receiving socket is only held open, never used
    private static Availability trySend(Ring ring, int opcode) {
        boolean zc = opcode == IORING_OP_SENDMSG_ZC;
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (TcpSocket listener = TcpSocket.listen(any, 1);
                // the receiving end: it stays open, unread, until the completions are in
                TcpSocket receiver = TcpSocket.connect(new InetSocketAddress(any.getAddress(), listener.localPort()), WAIT);
                TcpSocket server = listener.accept(WAIT);
                NativeBuffer data = NativeBuffer.allocatePageAligned(PAYLOAD);
                IovecArray iov = new IovecArray(1);
                MsgHdr msg = new MsgHdr()) {
            iov.set(0, data.address(), PAYLOAD);
            msg.iov(iov);
            SubmissionQueue sq = ring.sq();
            int at = sq.prepare();
            sq.sendmsg(at, opcode, server.fd(), msg.address(), MSG_NOSIGNAL, zc ? IORING_SEND_ZC_REPORT_USAGE : 0, 0, 7);
            sq.publish();
            long deadline = System.nanoTime() + WAIT.toNanos();
            int expected = zc ? 2 : 1;
            int submitted = 0;
            while (ring.cq().ready() < expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Availability(false, opName(opcode) + " on a loopback TCP socket: " + ring.cq().ready()
                            + " of " + expected + " completions within " + WAIT.toMillis() + " ms");
                }
                int r = ring.submitAndWait(1 - submitted, expected, left);
                if (r > 0) {
                    submitted += r;
                } else if (r < 0 && r != -Errno.ETIME && r != -Errno.EINTR) {
                    return new Availability(false, new NativeIoException("io_uring_enter", -r,
                            opName(opcode) + " on a loopback TCP socket").getMessage());
                }
            }
            return check(ring.cq(), opcode);
        } catch (NativeIoException e) {
            return new Availability(false, e.getMessage());
        }
    }

    private static Availability check(CompletionQueue cq, int opcode) {
        try {
            int res = cq.res(0);
            int flags = cq.flags(0);
            String what = opName(opcode) + " of " + PAYLOAD + " bytes on a loopback TCP socket";
            if (res != PAYLOAD) {
                String error = res < 0 ? "errno " + -res + " (" + Errno.describe(-res) + ")" : res + " bytes";
                return new Availability(false, what + " completed with " + error
                        + (opcode == IORING_OP_SENDMSG_ZC && res == -Errno.EINVAL
                                ? " (IORING_SEND_ZC_REPORT_USAGE needs Linux 6.2)" : "")
                        + (opcode == IORING_OP_SENDMSG_ZC && res == -Errno.ENOMEM
                                ? dev.copycost.nativeio.ZeroCopyLimits.lockedMemory().map(l -> "; " + l).orElse("")
                                : ""));
            }
            if (opcode == IORING_OP_SENDMSG) {
                return new Availability(true, what + " completed with " + res + " bytes");
            }
            if ((flags & IORING_CQE_F_MORE) == 0 || cq.userData(1) != cq.userData(0)
                    || (cq.flags(1) & IORING_CQE_F_NOTIF) == 0) {
                return new Availability(false, what + ": the result (flags " + flags + ") was not followed by a "
                        + "notification of the same request (flags " + cq.flags(1) + ")");
            }
            boolean copied = (cq.res(1) & IORING_NOTIF_USAGE_ZC_COPIED) != 0;
            return new Availability(true, what + " completed with " + res + " bytes and F_MORE, then its "
                    + "notification (IORING_SEND_ZC_REPORT_USAGE: " + (copied ? "copied" : "sent from the pages") + ")");
        } finally {
            cq.consume(cq.ready());
        }
    }

    static String opName(int opcode) {
        return switch (opcode) {
            case IORING_OP_SENDMSG -> "IORING_OP_SENDMSG";
            case IORING_OP_SENDMSG_ZC -> "IORING_OP_SENDMSG_ZC";
            case IORING_OP_SEND_ZC -> "IORING_OP_SEND_ZC";
            default -> "opcode " + opcode;
        };
    }

    @Override
    public String toString() {
        return "uring-send " + send + "; uring-zc " + zeroCopy + "; one-thread ring setup " + singleIssuer;
    }
}
