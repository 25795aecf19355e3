package dev.copycost.strategy;

/**
 * A snapshot of a {@link CompletionLedger}'s counters; all counts are sends, except
 * {@code notifications} (error-queue messages) and {@code enobufsRetries} (sendmsg calls refused with
 * ENOBUFS and retried).
 *
 * @param duplicates sends reported complete more than once
 * @param unknown    sends reported complete that were never issued
 */
public record ZeroCopyCounts(long issued, long completed, long copied, long notifications, long enobufsRetries,
        long duplicates, long unknown) {

    public static final ZeroCopyCounts NONE = new ZeroCopyCounts(0, 0, 0, 0, 0, 0, 0);

    /** Share of completed sends the kernel copied after all; NaN if none completed. */
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
                duplicates + other.duplicates, unknown + other.unknown);
    }

    /** What happened since {@code earlier}, a snapshot of the same ledger. */
    public ZeroCopyCounts minus(ZeroCopyCounts earlier) {
        return new ZeroCopyCounts(issued - earlier.issued, completed - earlier.completed, copied - earlier.copied,
                notifications - earlier.notifications, enobufsRetries - earlier.enobufsRetries,
                duplicates - earlier.duplicates, unknown - earlier.unknown);
    }

    @Override
    public String toString() {
        return "issued " + issued + ", completed " + completed + ", copied " + copied + ", notifications "
                + notifications + ", ENOBUFS retries " + enobufsRetries + ", duplicates " + duplicates
                + ", unknown " + unknown;
    }
}
