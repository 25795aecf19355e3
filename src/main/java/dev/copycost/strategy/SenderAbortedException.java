package dev.copycost.strategy;

import java.io.IOException;

/**
 * A sender was aborted from another thread (its experiment is already failing or being released)
 * while it still had work to do. Thrown instead of waiting out a bound, so that an abort ends the
 * sender at once and the failure says why it ended.
 */
public class SenderAbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    public SenderAbortedException(String message) {
        super(message);
    }
}
