package dev.copycost.strategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code net.core.optmem_max} of this process's network namespace, as a zero-copy failure names it:
 * every {@code MSG_ZEROCOPY} send in flight holds a completion notification charged to the socket's
 * option memory, which this bounds, so a figure too small for one makes every send fail with ENOBUFS.
 */
final class OptmemLimit {
    private static final Path SYSCTL = Path.of("/proc/sys/net/core/optmem_max");

    private OptmemLimit() {
    }

    /**
     * E.g. {@code net.core.optmem_max is 0 bytes in this network namespace; raise it: sysctl -w
     * net.core.optmem_max=131072}. Read when a failure is described, never on the send path.
     */
    static String describe() {
        String figure;
        try {
            figure = Files.readString(SYSCTL).trim() + " bytes";
        } catch (IOException | RuntimeException e) {
            return "net.core.optmem_max could not be read (" + e.getMessage() + ")";
        }
        return "net.core.optmem_max is " + figure + " in this network namespace (zero-copy completions are"
                + " charged to it); raise it: sysctl -w net.core.optmem_max=131072";
    }
}
