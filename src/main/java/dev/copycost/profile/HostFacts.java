package dev.copycost.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What decides whether a profile can show the kernel: the perf and kernel-pointer restrictions and
 * who we run as. Read from /proc; a fake in tests plays the stricter hosts this VM is not.
 *
 * @param perfParanoid {@code /proc/sys/kernel/perf_event_paranoid}, or {@link #UNKNOWN}
 * @param kptrRestrict {@code /proc/sys/kernel/kptr_restrict}, or {@link #UNKNOWN}
 * @param uid          effective user id, or {@link #UNKNOWN}
 * @param platform     {@code os.name/os.arch}, e.g. {@code linux/amd64}
 */
public record HostFacts(int perfParanoid, int kptrRestrict, int uid, String platform) {
    public static final int UNKNOWN = Integer.MIN_VALUE;

    public static HostFacts read() {
        return new HostFacts(readInt(Path.of("/proc/sys/kernel/perf_event_paranoid")),
                readInt(Path.of("/proc/sys/kernel/kptr_restrict")), effectiveUid(),
                System.getProperty("os.name", "?").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch", "?"));
    }

    /** True where the shipped native library exists: Linux on x86_64 or aarch64. */
    public boolean supportedPlatform() {
        return platform.startsWith("linux/") && (platform.endsWith("/amd64") || platform.endsWith("/x86_64")
                || platform.endsWith("/aarch64"));
    }

    /**
     * Why kernel frames may be missing, as far as these facts tell: empty when nothing here stands in
     * the way (root, or paranoid below 2 with kernel pointers shown).
     */
    public String kernelRestriction() {
        boolean root = uid == 0;
        StringBuilder why = new StringBuilder();
        if (!root && perfParanoid != UNKNOWN && perfParanoid >= 2) {
            why.append("perf_event_paranoid=").append(perfParanoid).append(" lets a user other than root sample user code only");
        }
        if (!root && kptrRestrict != UNKNOWN && kptrRestrict >= 1 || kptrRestrict >= 2) {
            why.append(why.length() == 0 ? "" : "; ").append("kptr_restrict=").append(kptrRestrict)
                    .append(" hides kernel symbol addresses").append(root ? "" : " from a user other than root");
        }
        return why.toString();
    }

    /** e.g. {@code perf_event_paranoid=2, kptr_restrict=0, uid 0}. */
    public String describe() {
        return "perf_event_paranoid=" + show(perfParanoid) + ", kptr_restrict=" + show(kptrRestrict) + ", uid "
                + show(uid);
    }

    private static String show(int v) {
        return v == UNKNOWN ? "unknown" : Integer.toString(v);
    }

    private static int readInt(Path p) {
        try {
            return Integer.parseInt(Files.readString(p).trim());
        } catch (IOException | NumberFormatException e) {
            return UNKNOWN;
        }
    }

    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable
        }
        return UNKNOWN;
    }
}
