package dev.copycost.strategy;

/**
 * Accounts for MSG_ZEROCOPY completions on one socket: which sends the kernel has released, how many
 * it copied anyway, and whether anything went missing or was reported twice.
 *
 * <p>The kernel numbers each successful {@code sendmsg(MSG_ZEROCOPY)} with a 32-bit counter that wraps,
 * and reports releases as inclusive id ranges {@code [ee_info, ee_data]}, usually coalesced over
 * thousands of sends and usually, not always, in order. The ledger turns ids back into 64-bit sequence
 * numbers (0, 1, 2, ... in {@link #issue()} order) so a sender can ask whether the buffers of a given
 * send may be reused.
 *
 * <p>Completed sequences are a watermark (everything below is complete), which is all there is while
 * notifications arrive in order, plus a small sorted set of ranges above it for those that arrive early.
 * Anomalies are counted and remembered for {@link #verifyComplete()}, never thrown from the reaping path.
 * Not thread-safe: one sender thread issues and reaps.
 */
public final class CompletionLedger {
    private static final long ID_MASK = 0xffff_ffffL;

    private final int firstKernelId;
    private final SequenceRanges above = new SequenceRanges();
    private long watermark;
    private long issued;
    private long completed;
    private long copied;
    private long notifications;
    private long copiedNotifications;
    private long enobufsRetries;
    private long duplicates;
    private long unknown;
    private String firstDuplicate;
    private String firstUnknown;

    /** A ledger for a fresh socket: the kernel numbers its first zero-copy send 0. */
    public CompletionLedger() {
        this(0);
    }

    private CompletionLedger(int firstKernelId) {
        this.firstKernelId = firstKernelId;
    }

    /** A ledger whose first send has kernel id {@code firstKernelId}, e.g. just below the 32-bit wrap. */
    public static CompletionLedger startingAt(int firstKernelId) {
        return new CompletionLedger(firstKernelId);
    }

    /** Records one more successful zero-copy send call and returns its sequence number. */
    public long issue() {
        return issued++;
    }

    /**
     * Records one error-queue notification releasing kernel ids {@code lo..hi} inclusive (32-bit,
     * wrapping, so {@code hi} may be numerically below {@code lo}). Ids that were never issued or were
     * already completed are counted as unknown or duplicates.
     *
     * @param copied whether the kernel copied these sends after all (SO_EE_CODE_ZEROCOPY_COPIED)
     */
    public void complete(int lo, int hi, boolean copied) {
        notifications++;
        if (copied) {
            // counted by notification as well as by send: a notification's code is exact, the sends it
            // covers may include merged completions whose own code the kernel did not keep
            copiedNotifications++;
        }
        long length = (((long) hi - lo) & ID_MASK) + 1;
        long first = sequenceOf(lo);
        long last = first + length - 1;
        long validFirst = Math.max(first, 0);
        long validLast = Math.min(last, issued - 1);
        long valid = Math.max(0, validLast - validFirst + 1);
        if (valid < length) {
            unknown += length - valid;
            if (firstUnknown == null) {
                firstUnknown = describe(lo, hi, first, last, copied);
            }
        }
        if (valid == 0) {
            return;
        }
        long fresh = markComplete(validFirst, validLast);
        if (fresh < valid) {
            duplicates += valid - fresh;
            if (firstDuplicate == null) {
                firstDuplicate = describe(lo, hi, first, last, copied);
            }
        }
        completed += fresh;
        if (copied) {
            this.copied += fresh;
        }
    }

    /**
     * The newest send that had {@code kernelId}: the kernel only reports sends already made, and far
     * fewer than 2^32 are ever outstanding. Negative if no issued send had that id.
     */
    private long sequenceOf(int kernelId) {
        long lastId = firstKernelId + issued - 1;
        return issued - 1 - ((lastId - kernelId) & ID_MASK);
    }

    /** Marks {@code [from, to]} (all issued) complete; returns how many were not complete before. */
    private long markComplete(long from, long to) {
        if (to < watermark) {
            return 0;
        }
        long start = Math.max(from, watermark);
        if (start == watermark && above.isEmpty()) {
            watermark = to + 1; // the in-order case: no search, no allocation
            return to - start + 1;
        }
        long fresh = above.add(start, to);
        if (above.firstStart() == watermark) {
            watermark = above.removeFirst() + 1;
        }
        return fresh;
    }

    public boolean isCompleted(long sequence) {
        if (sequence < 0 || sequence >= issued) {
            return false;
        }
        return sequence < watermark || !above.isEmpty() && above.contains(sequence);
    }

    /** Whether every sequence in {@code [fromSequence, toSequenceInclusive]} is complete; true for an empty range. */
    public boolean allCompleted(long fromSequence, long toSequenceInclusive) {
        if (fromSequence > toSequenceInclusive) {
            return true;
        }
        if (fromSequence < 0 || toSequenceInclusive >= issued) {
            return false;
        }
        if (toSequenceInclusive < watermark) {
            return true;
        }
        // The watermark itself is never complete, so a range reaching from below it to above it is not either.
        return fromSequence >= watermark && above.containsAll(fromSequence, toSequenceInclusive);
    }

    /** Counts one sendmsg that failed with ENOBUFS (out of optmem for notifications) and was retried. */
    public void countEnobufsRetry() {
        enobufsRetries++;
    }

    public long issued() {
        return issued;
    }

    /** Sends released by the kernel, each counted once. */
    public long completed() {
        return completed;
    }

    /**
     * Completed sends covered by notifications flagged COPIED: the kernel copied them instead of
     * sending from the user pages, as far as it reported (an estimate per send, see {@link ZeroCopyCounts}).
     */
    public long copied() {
        return copied;
    }

    public long notifications() {
        return notifications;
    }

    /** Notifications flagged SO_EE_CODE_ZEROCOPY_COPIED; the rest of {@link #notifications()} were not. */
    public long copiedNotifications() {
        return copiedNotifications;
    }

    public long enobufsRetries() {
        return enobufsRetries;
    }

    public long duplicates() {
        return duplicates;
    }

    public long unknown() {
        return unknown;
    }

    public long outstanding() {
        return issued - completed;
    }

    public ZeroCopyCounts counts() {
        return new ZeroCopyCounts(issued, completed, copied, notifications, enobufsRetries, duplicates, unknown,
                copiedNotifications);
    }

    /**
     * Checks that every issued send was completed exactly once and nothing else was reported.
     *
     * @throws ZeroCopyAccountingException with all counters, the first missing sequence and the first bad ranges
     */
    public void verifyComplete() throws ZeroCopyAccountingException {
        boolean allThere = completed == issued && watermark == issued;
        if (allThere && duplicates == 0 && unknown == 0) {
            return;
        }
        StringBuilder text = new StringBuilder("zero-copy completions do not add up: ").append(counts());
        if (!allThere) {
            text.append("; ").append(issued - completed).append(" of ").append(issued)
                    .append(" sends never completed, in ").append(gaps()).append(" gap(s), first missing sequence ")
                    .append(watermark).append(" (kernel id ").append(kernelIdOf(watermark)).append(')');
        }
        if (duplicates > 0) {
            text.append("; sends completed more than once, first in notification ").append(firstDuplicate);
        }
        if (unknown > 0) {
            text.append("; completions for sends never issued, first in notification ").append(firstUnknown);
        }
        throw new ZeroCopyAccountingException(text.toString(), counts());
    }

    private long gaps() {
        if (above.isEmpty()) {
            return 1;
        }
        return above.size() + (above.lastEnd() < issued - 1 ? 1 : 0);
    }

    private String kernelIdOf(long sequence) {
        return Long.toString((firstKernelId + sequence) & ID_MASK);
    }

    private static String describe(int lo, int hi, long first, long last, boolean copied) {
        return "[lo=" + Integer.toUnsignedString(lo) + ", hi=" + Integer.toUnsignedString(hi) + "] (sequences "
                + first + ".." + last + (copied ? ", copied" : "") + ")";
    }

    @Override
    public String toString() {
        return "CompletionLedger[" + counts() + ", all below " + watermark + " complete, " + above.size()
                + " range(s) above]";
    }
}
