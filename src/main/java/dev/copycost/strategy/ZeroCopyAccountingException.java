package dev.copycost.strategy;

import java.io.IOException;

/** The kernel's MSG_ZEROCOPY completions do not match the sends made: missing, duplicate or unknown. */
public class ZeroCopyAccountingException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient ZeroCopyCounts counts;

    public ZeroCopyAccountingException(String message) {
        this(message, null);
    }

    public ZeroCopyAccountingException(String message, ZeroCopyCounts counts) {
        super(message);
        this.counts = counts;
    }

    /** The ledger's counters when the check failed, or null if the exception did not come from a ledger. */
    public ZeroCopyCounts counts() {
        return counts;
    }
}
