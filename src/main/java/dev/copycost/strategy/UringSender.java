package dev.copycost.strategy;

import static dev.copycost.nativeio.SocketConstants.MSG_NOSIGNAL;
import static dev.copycost.nativeio.SocketConstants.MSG_WAITALL;
import static dev.copycost.uring.UringAbi.*;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.IovecArray;
import dev.copycost.nativeio.MsgHdr;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.uring.CompletionQueue;
import dev.copycost.uring.Ring;
import dev.copycost.uring.RingSize;
import dev.copycost.uring.SubmissionQueue;
import dev.copycost.uring.UringSupport;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code uring-send} and {@code uring-zc}: messages go to the kernel as io_uring requests, up to
 * {@code depth} of them submitted together by one {@code io_uring_enter}.
 *
 * <p>One {@code IORING_OP_SENDMSG} (or {@code SENDMSG_ZC}) per message over the same eight-entry iovec
 * as {@code sendmsg}, not eight linked {@code SEND}s: the comparison with {@code sendmsg} should show
 * what io_uring changes about submitting, not multiply the requests by eight (eight SENDs would also
 * be eight results to reap and, for zero-copy, eight notifications per message).
 *
 * <p>Order on the one stream socket: the requests of a batch are linked ({@code IOSQE_IO_LINK}), so
 * each starts only after the one before it finished, and carry {@code MSG_WAITALL}, so that finished
 * means all of it: without it a short send completes the request and the next one in the chain would
 * go on after a hole. A chain cannot span two {@code io_uring_enter} calls, so the next batch is
 * submitted only once every result of the last one is in: the receiver's stamp check proves the order
 * either way. A result short of the message, or negative, fails the sender naming it.
 *
 * <p>Buffer sets: {@code sets} of them ({@code copycost.ring}, as for {@code zerocopy}), message n in
 * set n % sets. For {@code uring-send} a set is free once its result is in (the kernel copied the
 * data); for {@code uring-zc} once its notification is in ({@code IORING_CQE_F_MORE} on the result
 * promised one), as the {@link UringLedger} decides. Every wait is bounded by the I/O timeout.
 */
final class UringSender extends NativeSocketSender {
    /** Longest single wait in the kernel, so that an abort from another thread is seen soon. */
    private static final long WAIT_SLICE_NANOS = 100_000_000L;

    private final boolean zeroCopy;
    private final int depth;
    private final Duration bound;
    private final ReuseGate gate;
    private final Ring ring;
    private final UringLedger ledger;
    private final IovecArray[] iovs;
    private final MsgHdr[] msgs;
    private final int opcode;
    private final int ioprio;
    private int batched;
    private int lastEntry;
    private boolean enabled;

    /**
     * Decides whether a buffer set may be stamped again. The honest gate asks the ledger; a test
     * passes one that lies, to show that the receiver's stamp check catches the early reuse.
     */
    @FunctionalInterface
    interface ReuseGate {
        boolean mayReuse(int set);
    }

    UringSender(TcpSocket socket, MessageLayout layout, boolean zeroCopy, int sets, int depth, Duration bound)
            throws NativeIoException {
        this(socket, layout, zeroCopy, sets, depth, bound, FieldPlacement.PAGE_PER_FIELD, null);
    }

    UringSender(TcpSocket socket, MessageLayout layout, boolean zeroCopy, int sets, int depth, Duration bound,
            FieldPlacement fields) throws NativeIoException {
        this(socket, layout, zeroCopy, sets, depth, bound, fields, null);
    }

    /** With a reuse gate of the test's (null: the ledger decides). */
    UringSender(TcpSocket socket, MessageLayout layout, boolean zeroCopy, int sets, int depth, Duration bound,
            ReuseGate gate) throws NativeIoException {
        this(socket, layout, zeroCopy, sets, depth, bound, FieldPlacement.PAGE_PER_FIELD, gate);
    }

    private UringSender(TcpSocket socket, MessageLayout layout, boolean zeroCopy, int sets, int depth, Duration bound,
            FieldPlacement fields, ReuseGate gate) throws NativeIoException {
        // zero-copy pins whole pages, as for MSG_ZEROCOPY; the copying send aligns to a cache line
        super(socket, new MessageBuffers(layout, sets, zeroCopy, fields));
        try {
            this.zeroCopy = zeroCopy;
            this.depth = depth;
            this.bound = bound;
            this.opcode = zeroCopy ? IORING_OP_SENDMSG_ZC : IORING_OP_SENDMSG;
            this.ioprio = zeroCopy ? IORING_SEND_ZC_REPORT_USAGE : 0;
            this.ledger = new UringLedger(sets, layout.messageSize());
            this.gate = gate != null ? gate : ledger::setFree;
            this.iovs = new IovecArray[sets];
            this.msgs = new MsgHdr[sets];
            for (int s = 0; s < sets; s++) {
                iovs[s] = GatherList.over(buffers, s);
                msgs[s] = new MsgHdr();
                // each set keeps its own header and iovec until its result: a request in flight reads them
                msgs[s].iov(iovs[s]);
            }
            // the setup for one thread where the kernel has it (6.1+): enabled by the sender's thread on its first send
            RingSize size = RingSize.of(depth, sets);
            this.ring = UringSupport.probe().singleIssuer().available() ? Ring.createForOneThread(size) : Ring.create(size);
        } catch (NativeIoException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public StrategyName name() {
        return zeroCopy ? StrategyName.URING_ZC : StrategyName.URING_SEND;
    }

    @Override
    public void send(long message) throws IOException {
        if (!enabled) {
            ring.enableOnThisThread(); // the sender's thread becomes the ring's one submitter
            enabled = true;
        }
        int set = (int) (message % iovs.length);
        if (!gate.mayReuse(set)) {
            awaitSettled(set, message);
        }
        buffers.stamp(set, message);
        SubmissionQueue sq = ring.sq();
        int entry = sq.prepare();
        sq.sendmsg(entry, opcode, socket.fd(), msgs[set].address(), MSG_WAITALL | MSG_NOSIGNAL, ioprio, IOSQE_IO_LINK,
                message);
        ledger.issue(message);
        lastEntry = entry;
        if (++batched == depth) {
            submitBatch();
        }
    }

    /** Submits the queued requests as one chain and waits for all their results. */
    private void submitBatch() throws IOException {
        SubmissionQueue sq = ring.sq();
        sq.clearFlag(lastEntry, IOSQE_IO_LINK); // the chain ends with the batch
        int toSubmit = sq.publish();
        batched = 0;
        long deadline = System.nanoTime() + bound.toNanos();
        int submitted = 0;
        while (true) {
            reap();
            if (submitted == toSubmit && ledger.resultsOwed() == 0) {
                break;
            }
            if (socket.aborted()) {
                throw aborted("awaiting the results of " + ledger.resultsOwed() + " requests");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new NativeIoException("io_uring_enter", Errno.ETIME, (toSubmit - submitted)
                        + " requests not submitted and " + ledger.resultsOwed() + " results missing after "
                        + bound.toMillis() + " ms: the peer stopped reading; " + ledger);
            }
            int r = ring.submitAndWait(toSubmit - submitted, (int) Math.min(ledger.resultsOwed(), Integer.MAX_VALUE),
                    Math.min(left, WAIT_SLICE_NANOS));
            if (r >= 0) {
                submitted += r;
            } else if (r != -Errno.ETIME && r != -Errno.EINTR && r != -Errno.EBUSY && r != -Errno.EAGAIN) {
                // EBUSY/EAGAIN: completions must be reaped first, or the kernel is short of memory for a moment
                throw new NativeIoException("io_uring_enter", -r, "submitting " + (toSubmit - submitted) + " requests");
            }
        }
        if (ledger.failed() > 0) {
            if (socket.aborted()) {
                throw aborted("sending; " + ledger.firstFailure());
            }
            throw new NativeIoException("io_uring " + (zeroCopy ? "SENDMSG_ZC" : "SENDMSG"), ledger.firstFailureErrno(),
                    ledger.firstFailure() + "; " + ledger);
        }
    }

    /** Reads every completion ready now into the ledger. */
    private void reap() {
        CompletionQueue cq = ring.cq();
        int ready = cq.ready();
        for (int i = 0; i < ready; i++) {
            ledger.record(cq.userData(i), cq.res(i), cq.flags(i));
        }
        cq.consume(ready);
    }

    /**
     * Reaps and waits, at most the bound, until buffer set {@code set} is settled (its result, and
     * its notification for zero-copy), or with {@code set} = -1 every request; allocates nothing
     * unless it fails. {@code message} is the one waiting for the set (-1 at the end of the run).
     */
    private void awaitSettled(int set, long message) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            reap();
            if (set < 0 ? ledger.allSettled() : ledger.setFree(set)) {
                return;
            }
            if (socket.aborted()) {
                throw aborted("awaiting " + awaited(set, message));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ZeroCopyAccountingException(awaited(set, message) + " not released within " + bound.toMillis()
                        + " ms; " + ledger, ledger.counts());
            }
            int r = ring.submitAndWait(0, 1, Math.min(left, WAIT_SLICE_NANOS));
            if (r < 0 && r != -Errno.ETIME && r != -Errno.EINTR && r != -Errno.EBUSY && r != -Errno.EAGAIN) {
                throw new NativeIoException("io_uring_enter", -r, "awaiting " + awaited(set, message));
            }
        }
    }

    private static String awaited(int set, long message) {
        return set < 0 ? "every request's result and notification (at the end of the run)"
                : "buffer set " + set + " (awaited to stamp message " + message + ")";
    }

    /** As the other native senders', with the ledger: what was still owed when it was aborted. */
    @Override
    protected SenderAbortedException aborted(String doing) {
        return new SenderAbortedException(name() + " sender aborted while " + doing + "; " + ledger);
    }

    @Override
    public void finish(Duration finishBound) throws IOException {
        if (socket.aborted()) {
            throw aborted("finishing, with " + ledger.resultsOwed() + " results and " + ledger.notificationsOwed()
                    + " notifications still owed");
        }
        if (batched > 0) {
            submitBatch();
        }
        awaitSettled(-1, -1);
        ledger.verifyComplete();
        super.finish(finishBound);
    }

    @Override
    public ZeroCopyCounts zeroCopyCounts() {
        return zeroCopy ? ledger.counts() : ZeroCopyCounts.NONE;
    }

    /** The ledger, for tests. */
    UringLedger ledger() {
        return ledger;
    }

    int depth() {
        return depth;
    }

    /** Whether the ring was set up for this sender's thread alone (SINGLE_ISSUER | DEFER_TASKRUN). */
    boolean oneThreadRing() {
        return ring.singleIssuer();
    }

    @Override
    public long allocatedNativeBytes() {
        long total = super.allocatedNativeBytes() + ring.allocatedBytes() + ring.mappedBytes();
        for (int s = 0; s < iovs.length; s++) {
            total += iovs[s].allocatedBytes() + msgs[s].allocatedBytes();
        }
        return total;
    }

    @Override
    public void close() {
        // the ring first: closing it cancels whatever is still in flight before the buffers are freed
        if (ring != null) {
            ring.close();
        }
        super.close();
        if (iovs != null) {
            for (int s = 0; s < iovs.length; s++) {
                if (iovs[s] != null) {
                    iovs[s].close();
                }
                if (msgs[s] != null) {
                    msgs[s].close();
                }
            }
        }
    }
}
