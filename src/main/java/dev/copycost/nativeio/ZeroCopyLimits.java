package dev.copycost.nativeio;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The two kernel limits that make {@code sendmsg(MSG_ZEROCOPY)} fail with ENOBUFS, as a failure names
 * them: every send in flight holds a completion notification charged to the socket's option memory
 * ({@code net.core.optmem_max} of the process's network namespace), and, for a process without
 * {@code CAP_IPC_LOCK} (not root), pins its pages against the locked-memory limit ({@code ulimit -l}).
 * Read when a failure is described, never on the send path.
 */
public final class ZeroCopyLimits {
    private static final Path OPTMEM = Path.of("/proc/sys/net/core/optmem_max");
    private static final int CAP_IPC_LOCK = 14;

    private ZeroCopyLimits() {
    }

    /**
     * E.g. {@code net.core.optmem_max is 0 bytes in this network namespace (each send's completion
     * notification is charged to it; raise it: sysctl -w net.core.optmem_max=131072)}, and for a
     * process without CAP_IPC_LOCK the locked-memory limit with how to raise it.
     */
    public static String describe() {
        StringBuilder s = new StringBuilder();
        try {
            // readAllLines reads in one go: a sysctl file read from an offset other than 0 reads as empty,
            // and Files.readString reads its first byte alone (it would give "1" for 131072)
            s.append("net.core.optmem_max is ").append(Files.readAllLines(OPTMEM).get(0).trim())
                    .append(" bytes in this network namespace");
        } catch (IOException | RuntimeException e) {
            s.append("net.core.optmem_max could not be read (").append(e.getMessage()).append(')');
        }
        s.append(" (each send's completion notification is charged to it; raise it: sysctl -w"
                + " net.core.optmem_max=131072)");
        lockedMemory().ifPresent(limit -> s.append("; ").append(limit));
        return s.toString();
    }

    /**
     * For a process without CAP_IPC_LOCK, e.g. {@code the locked-memory limit is 8192 bytes (ulimit -l;
     * ...: raise it with ulimit -l unlimited, ...)}; empty for one with it (root), whose pinned pages
     * are not counted. io_uring's zero-copy sends are charged the same way.
     */
    public static java.util.Optional<String> lockedMemory() {
        if (hasIpcLock()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("the locked-memory limit is " + memlockLimit() + " (ulimit -l; every zero-copy"
                + " send pins its pages against it in a process without CAP_IPC_LOCK: raise it with ulimit -l"
                + " unlimited, or LimitMEMLOCK=infinity for a systemd service, --ulimit memlock=-1 for a container)");
    }

    /** Whether this process may lock memory beyond its limit (root has it), from /proc/self/status. */
    static boolean hasIpcLock() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return new BigInteger(line.substring("CapEff:".length()).trim(), 16).testBit(CAP_IPC_LOCK);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: name the limit, which is then worth checking
        }
        return false;
    }

    /** The soft locked-memory limit, e.g. {@code 65536 bytes} or {@code unlimited}, from /proc/self/limits. */
    static String memlockLimit() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/limits"));
            for (String line : lines) {
                if (line.startsWith("Max locked memory")) {
                    String soft = line.substring("Max locked memory".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? soft : soft + " bytes";
                }
            }
            return "not listed in /proc/self/limits";
        } catch (IOException | RuntimeException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }
}
