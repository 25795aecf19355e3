package dev.copycost.strategy;

import static dev.copycost.nativeio.SocketConstants.*;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.IovecArray;
import dev.copycost.nativeio.MsgHdr;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.nativeio.ZeroCopyLimits;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code zerocopy}: {@code SO_ZEROCOPY} on the socket and {@code sendmsg(MSG_ZEROCOPY)} over the
 * eight fields. The kernel pins the pages and reports when it is done with them; until then the
 * buffer set belongs to the kernel, so messages cycle through a ring of sets and a set is stamped
 * again only once every send that carried it has completed. Completions are read only when the next
 * set is not known to be free, which reaps often enough that pending notifications (charged to
 * optmem) rarely cause ENOBUFS; when one does, it is reaped, retried and counted.
 */
final class ZeroCopySender extends NativeSocketSender {
    private final IovecArray[] iovs;
    private final MsgHdr msg;
    private final CompletionLedger ledger;
    private final ErrorQueueReader reader;
    private final long[] slotFirst;
    private final long[] slotLast;
    private final Duration completionBound;
    private final ReuseGate gate;
    /**
     * When the sends began to be refused with ENOBUFS without a success since, or 0: written only
     * when that changes, read by the experiment's thread to say why a window made no progress.
     */
    private volatile long refusedSince;

    /**
     * Decides whether a buffer set may be stamped again. The honest gate asks the ledger; a test
     * passes one that lies, to show that the receiver's stamp check catches the early reuse.
     */
    @FunctionalInterface
    interface ReuseGate {
        boolean mayReuse(long firstSend, long lastSend);
    }

    ZeroCopySender(TcpSocket socket, MessageLayout layout, int ringSlots, Duration completionBound,
            FieldPlacement fields) throws NativeIoException {
        this(socket, layout, ringSlots, completionBound, new CompletionLedger(), null, fields);
    }

    /** With a given ledger and reuse gate (null: the ledger decides), every field its own page. */
    ZeroCopySender(TcpSocket socket, MessageLayout layout, int ringSlots, Duration completionBound,
            CompletionLedger ledger, ReuseGate gate) throws NativeIoException {
        this(socket, layout, ringSlots, completionBound, ledger, gate, FieldPlacement.PAGE_PER_FIELD);
    }

    ZeroCopySender(TcpSocket socket, MessageLayout layout, int ringSlots, Duration completionBound,
            CompletionLedger ledger, ReuseGate gate, FieldPlacement fields) throws NativeIoException {
        // SO_ZEROCOPY first, in the argument list: if the kernel refuses it, nothing is allocated yet
        super(enableZeroCopy(socket), new MessageBuffers(layout, ringSlots, true, fields));
        // everything from here is inside the try: an allocation that fails (OutOfMemoryError included)
        // must free the buffer sets and whatever else was allocated before it
        try {
            this.ledger = ledger;
            this.gate = gate != null ? gate : ledger::allCompleted;
            this.completionBound = completionBound;
            this.iovs = new IovecArray[ringSlots];
            this.slotFirst = new long[ringSlots];
            this.slotLast = new long[ringSlots];
            this.msg = new MsgHdr();
            this.reader = new ErrorQueueReader(socket, ledger);
            for (int s = 0; s < ringSlots; s++) {
                iovs[s] = GatherList.over(buffers, s);
                slotFirst[s] = -1;
                slotLast[s] = -1;
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private static TcpSocket enableZeroCopy(TcpSocket socket) throws NativeIoException {
        socket.setInt(SOL_SOCKET, SO_ZEROCOPY, 1, "SO_ZEROCOPY");
        return socket;
    }

    @Override
    public StrategyName name() {
        return StrategyName.ZEROCOPY;
    }

    @Override
    public void send(long message) throws IOException {
        int slot = (int) (message % iovs.length);
        if (slotLast[slot] >= 0 && !gate.mayReuse(slotFirst[slot], slotLast[slot])) {
            awaitCompletion(slotFirst[slot], slotLast[slot], message, completionBound);
        }
        buffers.stamp(slot, message);
        IovecArray iov = iovs[slot];
        long first = -1;
        long last = -1;
        long enobufsSince = 0;
        while (iov.remainingBytes() > 0) {
            msg.iov(iov);
            long sent = socket.trySendmsg(msg.address(), MSG_ZEROCOPY);
            if (sent > 0) {
                // each call that sent bytes takes one id from the kernel's counter; a failed one takes none
                last = ledger.issue();
                if (first < 0) {
                    first = last;
                }
                iov.advance(sent);
                if (enobufsSince != 0) {
                    enobufsSince = 0;
                    refusedSince = 0;
                }
            } else if (sent == -Errno.ENOBUFS) {
                if (socket.aborted()) {
                    // an aborted socket polls as hung up at once, and a send that cannot get option
                    // memory says ENOBUFS before it sees the shutdown: waiting again would spin
                    throw aborted("sending message " + message + " (refused with ENOBUFS)");
                }
                // pending notifications are charged to optmem: reap them, and if there were none
                // to reap, wait for one, but never longer than the completion bound in all
                ledger.countEnobufsRetry();
                if (enobufsSince == 0) {
                    enobufsSince = System.nanoTime();
                    refusedSince = enobufsSince;
                }
                if (reader.drain() == 0) {
                    long left = completionBound.toNanos() - (System.nanoTime() - enobufsSince);
                    if (left <= 0 || !socket.awaitEvent(POLLERR, left)) {
                        throw new ZeroCopyAccountingException("sendmsg(MSG_ZEROCOPY) kept failing with ENOBUFS for "
                                + completionBound.toMillis() + " ms with no completion to reap; "
                                + ZeroCopyLimits.describe() + "; " + ledger.counts());
                    }
                }
            } else if (sent == 0) {
                if (socket.aborted()) {
                    throw aborted("sending message " + message);
                }
                throw new NativeIoException("sendmsg", Errno.EPIPE, "sent 0 bytes of a message");
            } else {
                if (socket.aborted()) {
                    throw aborted("sending message " + message);
                }
                throw new NativeIoException("sendmsg", (int) -sent,
                        -sent == Errno.EAGAIN ? "no progress for " + socket.ioTimeout().toMillis() + " ms: the peer stopped reading" : null);
            }
        }
        iov.rewind();
        slotFirst[slot] = first;
        slotLast[slot] = last;
    }

    /**
     * Reaps until sends {@code first..last} have completed, at most {@code bound}. Ends at once, saying
     * why, when the socket was aborted or shut down in both directions: {@code poll} then reports
     * POLLHUP on every call, and waiting again would spin until the bound.
     */
    private void awaitCompletion(long first, long last, long message, Duration bound) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            reader.drain();
            if (ledger.allCompleted(first, last)) {
                return;
            }
            if (socket.aborted()) {
                throw aborted("awaiting " + awaited(first, last, message));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ZeroCopyAccountingException(awaited(first, last, message) + " did not complete within "
                        + bound.toMillis() + " ms; " + ledger.counts());
            }
            short events = socket.poll(POLLERR, left);
            if ((events & POLLHUP) != 0) {
                reader.drain();
                if (ledger.allCompleted(first, last)) {
                    return;
                }
                if (socket.aborted()) {
                    throw aborted("awaiting " + awaited(first, last, message));
                }
                throw new ZeroCopyAccountingException(awaited(first, last, message)
                        + " were still owed when the connection was shut down in both directions (POLLHUP, socket error "
                        + socket.getInt(SOL_SOCKET, SO_ERROR, "SO_ERROR") + "); " + ledger.counts());
            }
        }
    }

    private static String awaited(long first, long last, long message) {
        return "zero-copy sends " + first + ".." + last + (message < 0 ? " (awaited at the end of the run)"
                : " (awaited to reuse the buffer set for message " + message + ")");
    }

    /** As the other native senders', with the ledger's counts: what was still owed when it was aborted. */
    @Override
    protected SenderAbortedException aborted(String doing) {
        return new SenderAbortedException(name() + " sender aborted while " + doing + "; " + ledger.counts());
    }

    @Override
    public void finish(Duration bound) throws IOException {
        if (socket.aborted()) {
            throw aborted("finishing, with " + ledger.outstanding() + " sends still owed");
        }
        long issued = ledger.issued();
        if (issued > 0) {
            awaitCompletion(0, issued - 1, -1, bound);
        }
        reader.drain();
        ledger.verifyComplete();
        super.finish(bound);
    }

    @Override
    public ZeroCopyCounts zeroCopyCounts() {
        return ledger.counts();
    }

    @Override
    public java.util.Optional<String> stall() {
        long since = refusedSince;
        if (since == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("sendmsg(MSG_ZEROCOPY) refused with ENOBUFS for the last "
                + (System.nanoTime() - since) / 1_000_000 + " ms; " + ZeroCopyLimits.describe());
    }

    @Override
    public long allocatedNativeBytes() {
        long total = super.allocatedNativeBytes() + msg.allocatedBytes() + reader.allocatedBytes();
        for (IovecArray iov : iovs) {
            total += iov.allocatedBytes();
        }
        return total;
    }

    @Override
    public void close() {
        super.close();
        if (reader != null) {
            reader.close();
        }
        if (msg != null) {
            msg.close();
        }
        if (iovs != null) {
            for (IovecArray iov : iovs) {
                if (iov != null) {
                    iov.close();
                }
            }
        }
    }
}
