package dev.copycost.strategy;

import static dev.copycost.uring.UringAbi.IORING_CQE_F_MORE;
import static dev.copycost.uring.UringAbi.IORING_CQE_F_NOTIF;
import static dev.copycost.uring.UringAbi.IORING_NOTIF_USAGE_ZC_COPIED;

import dev.copycost.nativeio.Errno;

/**
 * Accounts for one io_uring sender's requests: every request gets a result completion; a result
 * flagged {@code IORING_CQE_F_MORE} promises a notification ({@code IORING_CQE_F_NOTIF}, same
 * {@code user_data}), and only then may its buffer set be reused. Results and notifications are
 * paired by that flag, never by assumption: a failed request may still carry F_MORE and get a
 * notification, and the ledger accepts them in any order, a notification even before its result.
 *
 * <p>Request {@code n} (the message number, also its {@code user_data}) lives in buffer set
 * {@code n % sets}; a set is given to a new request only once its old one is settled (result seen, and
 * its notification if one was promised), so the state of every unsettled request fits in one slot per
 * set and nothing is allocated per completion. A notification's {@code res} carries
 * {@code IORING_NOTIF_USAGE_ZC_COPIED} (bit 31) when the kernel copied instead of sending from the
 * pages: read as a flag, never as a negative error. Each notification covers exactly one request, so
 * the copied count is exact per request, unlike MSG_ZEROCOPY's merged ranges.
 *
 * <p>Anomalies (unknown or duplicate completions, a notification nobody was promised) are counted and
 * remembered for {@link #verifyComplete()}, never thrown from the reaping path. One thread only.
 */
public final class UringLedger {
    private static final byte RESULT = 1;
    private static final byte MORE = 2;
    private static final byte NOTIF = 4;

    private final long requestBytes;
    private final long[] sequence;
    private final byte[] state;
    private long issued;
    private long results;
    private long failed;
    private long promised;
    private long notifications;
    private long copied;
    private long settled;
    private long duplicates;
    private long unknown;
    private long unpromised;
    private long earlyReuses;
    private String firstFailure;
    private int firstFailureRes;
    private String firstAnomaly;

    /**
     * @param sets         buffer sets: request n uses set n % sets
     * @param requestBytes what a successful result reports: the whole message
     */
    public UringLedger(int sets, long requestBytes) {
        if (sets < 1) {
            throw new IllegalArgumentException("buffer sets " + sets + " must be at least 1");
        }
        this.requestBytes = requestBytes;
        this.sequence = new long[sets];
        this.state = new byte[sets];
        java.util.Arrays.fill(sequence, -1);
    }

    /**
     * Records request {@code n}, the next in order, as submitted.
     *
     * @throws IllegalStateException if {@code n} is out of order: a sender bug, not a kernel event
     */
    public void issue(long n) {
        if (n != issued) {
            throw new IllegalStateException("request " + n + " issued out of order: next is " + issued);
        }
        int slot = slot(n);
        if (sequence[slot] >= 0 && !settledInSlot(slot)) {
            // the honest sender never does this; counted (and its old request's late completions then
            // count as duplicates) so that a test can reuse early on purpose and see the receiver catch it
            earlyReuses++;
            anomaly(false, "buffer set " + slot + " reused by request " + n + " before its request was settled",
                    sequence[slot], 0, state[slot]);
        }
        sequence[slot] = n;
        state[slot] = 0;
        issued++;
    }

    /** Records one completion queue entry. */
    public void record(long userData, int res, int flags) {
        if ((flags & IORING_CQE_F_NOTIF) != 0) {
            notification(userData, res);
        } else {
            result(userData, res, flags);
        }
    }

    private void result(long n, int res, int flags) {
        int slot = known(n, "result", res, flags);
        if (slot < 0) {
            return;
        }
        if ((state[slot] & RESULT) != 0) {
            anomaly(true, "result", n, res, flags);
            return;
        }
        results++;
        if (res != requestBytes) {
            failed++;
            if (firstFailure == null) {
                firstFailureRes = res;
                firstFailure = "request " + n + " completed with " + (res < 0 ? "errno " + -res + " (" + Errno.describe(-res)
                        + ")" : res + " of " + requestBytes + " bytes");
            }
        }
        boolean more = (flags & IORING_CQE_F_MORE) != 0;
        state[slot] |= RESULT | (more ? MORE : 0);
        if (more) {
            promised++;
        } else if ((state[slot] & NOTIF) != 0) {
            unpromised++; // its notification came first, and then the result said there would be none
            anomaly(false, "result without F_MORE after its notification", n, res, flags);
        }
        if (settledInSlot(slot)) {
            settled++;
        }
    }

    private void notification(long n, int res) {
        int slot = known(n, "notification", res, IORING_CQE_F_NOTIF);
        if (slot < 0) {
            return;
        }
        if ((state[slot] & NOTIF) != 0) {
            anomaly(true, "notification", n, res, IORING_CQE_F_NOTIF);
            return;
        }
        notifications++;
        if ((res & IORING_NOTIF_USAGE_ZC_COPIED) != 0) {
            copied++;
        }
        state[slot] |= NOTIF;
        if ((state[slot] & RESULT) != 0) {
            if ((state[slot] & MORE) == 0) {
                unpromised++;
                anomaly(false, "notification without F_MORE on its result", n, res, IORING_CQE_F_NOTIF);
            } else {
                settled++;
            }
        }
    }

    /** The slot of request {@code n} if it is the one holding its set; else counts it and returns -1. */
    private int known(long n, String kind, int res, int flags) {
        if (n < 0 || n >= issued) {
            unknown++;
            anomaly(false, kind + " for a request never issued", n, res, flags);
            return -1;
        }
        int slot = slot(n);
        if (sequence[slot] != n) {
            // its set was reused, which happens only once it was settled: this one is extra
            duplicates++;
            anomaly(false, kind + " for a request settled before", n, res, flags);
            return -1;
        }
        return slot;
    }

    private void anomaly(boolean duplicate, String kind, long n, int res, int flags) {
        if (duplicate) {
            duplicates++;
            kind = kind + " seen twice";
        }
        if (firstAnomaly == null) {
            firstAnomaly = kind + ": user_data " + n + ", res " + res + " (0x" + Integer.toHexString(res) + "), flags 0x"
                    + Integer.toHexString(flags);
        }
    }

    private int slot(long n) {
        return (int) (n % sequence.length);
    }

    private boolean settledInSlot(int slot) {
        byte s = state[slot];
        return (s & RESULT) != 0 && ((s & MORE) == 0 || (s & NOTIF) != 0);
    }

    /** Whether request {@code n} is settled: its result seen, and its notification if one was promised. */
    public boolean isSettled(long n) {
        if (n < 0) {
            return true;
        }
        if (n >= issued) {
            return false;
        }
        int slot = slot(n);
        return sequence[slot] != n || settledInSlot(slot);
    }

    /** Whether buffer set {@code slot} may be stamped again. */
    public boolean setFree(int slot) {
        return sequence[slot] < 0 || settledInSlot(slot);
    }

    public long issued() {
        return issued;
    }

    public long results() {
        return results;
    }

    /** Results still to come. */
    public long resultsOwed() {
        return issued - results;
    }

    /** Notifications promised by F_MORE and not yet seen. */
    public long notificationsOwed() {
        return promised - (notifications - unpromised);
    }

    /** Buffer sets given to a new request before their old one was settled: 0 for an honest sender. */
    public long earlyReuses() {
        return earlyReuses;
    }

    public long failed() {
        return failed;
    }

    /** The first failed result, e.g. "request 12 completed with errno 32 (Broken pipe)"; null if none. */
    public String firstFailure() {
        return firstFailure;
    }

    /** The errno of the first failed result; EPIPE for a short one (what a vanished peer leaves); 0 if none. */
    public int firstFailureErrno() {
        return firstFailure == null ? 0 : firstFailureRes < 0 ? -firstFailureRes : Errno.EPIPE;
    }

    public long notifications() {
        return notifications;
    }

    /** Notifications flagged IORING_NOTIF_USAGE_ZC_COPIED. */
    public long copied() {
        return copied;
    }

    public long settled() {
        return settled;
    }

    public boolean allSettled() {
        return settled == issued;
    }

    /**
     * As the zero-copy columns count them: issued requests, settled requests (buffers released),
     * requests whose notification said COPIED, notifications, no ENOBUFS, duplicates, unknown (a
     * notification nobody was promised counts as unknown), and the copied notifications.
     */
    public ZeroCopyCounts counts() {
        return new ZeroCopyCounts(issued, settled, copied, notifications, 0, duplicates, unknown + unpromised, copied);
    }

    /**
     * Checks that every request got its result, every F_MORE its notification, nothing failed and
     * nothing else was reported.
     *
     * @throws ZeroCopyAccountingException with all the numbers and the first failure or anomaly
     */
    public void verifyComplete() throws ZeroCopyAccountingException {
        if (settled == issued && results == issued && notificationsOwed() == 0 && failed == 0 && duplicates == 0
                && unknown == 0 && unpromised == 0 && earlyReuses == 0) {
            return;
        }
        StringBuilder text = new StringBuilder("io_uring completions do not add up: ").append(this);
        if (resultsOwed() > 0) {
            text.append("; ").append(resultsOwed()).append(" of ").append(issued).append(" requests never got a result");
        }
        if (notificationsOwed() > 0) {
            text.append("; ").append(notificationsOwed()).append(" results flagged F_MORE never got their notification");
        }
        if (firstFailure != null) {
            text.append("; first failure: ").append(firstFailure);
        }
        if (firstAnomaly != null) {
            text.append("; first anomaly: ").append(firstAnomaly);
        }
        throw new ZeroCopyAccountingException(text.toString(), counts());
    }

    @Override
    public String toString() {
        return "issued " + issued + ", results " + results + " (" + failed + " failed), notifications " + notifications
                + " of " + promised + " promised by F_MORE (" + copied + " flagged COPIED), settled " + settled
                + ", duplicates " + duplicates + ", unknown " + unknown + ", unpromised notifications " + unpromised
                + (earlyReuses > 0 ? ", buffer sets reused before settled " + earlyReuses : "");
    }
}
