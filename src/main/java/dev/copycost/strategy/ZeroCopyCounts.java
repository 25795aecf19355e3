package dev.copycost.strategy;

/**
 * A snapshot of a {@link CompletionLedger}'s counters; all counts are sends, except
 * {@code notifications} and {@code copiedNotifications} (error-queue messages) and
 * {@code enobufsRetries} (sendmsg calls refused with ENOBUFS and retried).
 *
 * <p>{@code copied} counts the sends covered by notifications flagged COPIED, which is exact per
 * notification but an estimate per send: the kernel merges a completion into the previous queued
 * notification when their ranges are adjacent without comparing their codes
 * ({@code skb_zerocopy_notify_extend} in {@code __msg_zerocopy_callback}), so a merged range carries
 * the first one's flag. Hence the notifications are counted by code too.
 *
 * @param duplicates          sends reported complete more than once
 * @param unknown             sends reported complete that were never issued
 * @param copiedNotifications notifications flagged SO_EE_CODE_ZEROCOPY_COPIED, or {@link #NOT_COUNTED}
 */
public record ZeroCopyCounts(long issued, long completed, long copied, long notifications, long enobufsRetries,
        long duplicates, long unknown, long copiedNotifications) {

    /** {@code copiedNotifications} of counts made without telling notifications apart by code. */
    public static final long NOT_COUNTED = -1;

    public static final ZeroCopyCounts NONE = new ZeroCopyCounts(0, 0, 0, 0, 0, 0, 0, 0);

    /** Counts whose notifications were not counted by code ({@code copiedNotifications} = {@link #NOT_COUNTED}). */
    public ZeroCopyCounts(long issued, long completed, long copied, long notifications, long enobufsRetries,
            long duplicates, long unknown) {
        this(issued, completed, copied, notifications, enobufsRetries, duplicates, unknown, NOT_COUNTED);
    }

    /** Whether the notifications were counted by code, so that {@link #uncopiedNotifications()} means something. */
    public boolean notificationsCountedByCode() {
        return copiedNotifications != NOT_COUNTED;
    }

    /** Notifications not flagged COPIED; {@link #NOT_COUNTED} if they were not counted by code. */
    public long uncopiedNotifications() {
        return notificationsCountedByCode() ? notifications - copiedNotifications : NOT_COUNTED;
    }

    /**
     * Share of completed sends the kernel copied after all; NaN if none completed. An estimate when
     * notifications of both codes arrived (see the class comment).
     */
    public double copiedShare() {
        return completed == 0 ? Double.NaN : (double) copied / completed;
    }

    /** Sends per error-queue notification (the kernel coalesces); NaN if there were no notifications. */
    public double sendsPerNotification() {
        return notifications == 0 ? Double.NaN : (double) completed / notifications;
    }

    public ZeroCopyCounts plus(ZeroCopyCounts other) {
        return new ZeroCopyCounts(issued + other.issued, completed + other.completed, copied + other.copied,
                notifications + other.notifications, enobufsRetries + other.enobufsRetries,
                duplicates + other.duplicates, unknown + other.unknown,
                bothCounted(other) ? copiedNotifications + other.copiedNotifications : NOT_COUNTED);
    }

    /** What happened since {@code earlier}, a snapshot of the same ledger. */
    public ZeroCopyCounts minus(ZeroCopyCounts earlier) {
        return new ZeroCopyCounts(issued - earlier.issued, completed - earlier.completed, copied - earlier.copied,
                notifications - earlier.notifications, enobufsRetries - earlier.enobufsRetries,
                duplicates - earlier.duplicates, unknown - earlier.unknown,
                bothCounted(earlier) ? copiedNotifications - earlier.copiedNotifications : NOT_COUNTED);
    }

    /** A sum or difference with counts that were not told apart by code is not told apart either. */
    private boolean bothCounted(ZeroCopyCounts other) {
        return notificationsCountedByCode() && other.notificationsCountedByCode();
    }

    @Override
    public String toString() {
        return "issued " + issued + ", completed " + completed + ", copied " + copied + ", notifications "
                + notifications + (notificationsCountedByCode() ? " (" + copiedNotifications + " flagged COPIED)" : "")
                + ", ENOBUFS retries " + enobufsRetries + ", duplicates " + duplicates + ", unknown " + unknown;
    }
}
