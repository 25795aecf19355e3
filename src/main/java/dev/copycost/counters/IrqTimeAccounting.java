package dev.copycost.counters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The kernel's CONFIG_IRQ_TIME_ACCOUNTING, from /proc/config.gz. It decides where the scheduler's own
 * CPU times (/proc/stat, /proc/[pid]/stat) put interrupt and softirq work: without it, a tick that
 * lands in an interrupt or softirq is charged to the task it interrupted (its stime) and also to the
 * irq or softirq column of /proc/stat; with it, that time is kept apart, in neither the task's times
 * nor the system column. perf's task-clock counts time on a CPU either way.
 */
public final class IrqTimeAccounting {
    private static final Path CONFIG = Path.of("/proc/config.gz");
    private static final String READ = read(CONFIG);

    private IrqTimeAccounting() {
    }

    /** "y", "not set", "not set (absent from /proc/config.gz)" or "unavailable (why)". */
    public static String read(Path configGz) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(configGz)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("CONFIG_IRQ_TIME_ACCOUNTING=y")) {
                    return "y";
                }
                if (line.equals("# CONFIG_IRQ_TIME_ACCOUNTING is not set")) {
                    return "not set";
                }
            }
            return "not set (absent from " + configGz + ")";
        } catch (IOException | RuntimeException e) {
            return "unavailable (" + (Files.exists(configGz) ? configGz + " unreadable: " + e.getMessage()
                    : "no " + configGz + ": the kernel was built without IKCONFIG_PROC") + ")";
        }
    }

    /** This kernel's setting, read once. */
    public static String thisKernel() {
        return READ;
    }

    /**
     * Whether interrupt and softirq ticks are charged to the interrupted task: true unless the kernel
     * says CONFIG_IRQ_TIME_ACCOUNTING=y (without the config, the default of most builds is assumed).
     */
    public static boolean chargedToTasks() {
        return !READ.equals("y");
    }
}
