package dev.copycost.report.results;

import dev.copycost.counters.CounterAvailability;
import dev.copycost.counters.CounterValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the facts of {@link EnvironmentFacts} from /proc, /sys, system properties and the
 * environment. Every read is guarded: a container may hide /sys, a VM may have no cpufreq, and a
 * missing fact must leave a note in the report rather than fail the run it describes.
 */
final class EnvironmentProbe {
    /**
     * CI variables worth showing, by exact name. An allow-list, not a prefix match: GITHUB_TOKEN and
     * other secrets share the prefixes and must never reach a report.
     */
    static final List<String> CI_VARIABLES = List.of("CI", "GITHUB_ACTIONS", "GITHUB_REPOSITORY", "GITHUB_WORKFLOW",
            "GITHUB_JOB", "GITHUB_RUN_ID", "GITHUB_RUN_NUMBER", "GITHUB_RUN_ATTEMPT", "GITHUB_REF_NAME", "GITHUB_SHA",
            "GITHUB_SERVER_URL", "GITHUB_EVENT_NAME", "RUNNER_OS", "RUNNER_ARCH", "RUNNER_NAME",
            "RUNNER_ENVIRONMENT", "GITLAB_CI", "CI_JOB_ID", "CI_JOB_URL", "CI_PIPELINE_ID", "CI_PROJECT_PATH",
            "CI_RUNNER_DESCRIPTION", "JENKINS_URL", "BUILD_NUMBER", "BUILD_URL", "JOB_NAME", "BUILDKITE_BUILD_URL",
            "CIRCLE_BUILD_URL", "TRAVIS_BUILD_WEB_URL");

    private final Path root;
    private final Map<String, String> env;
    private final Supplier<CounterAvailability> counters;

    EnvironmentProbe(Path root, Map<String, String> env, Supplier<CounterAvailability> counters) {
        this.root = root;
        this.env = env;
        this.counters = counters;
    }

    static EnvironmentProbe system() {
        return new EnvironmentProbe(Path.of("/"), System.getenv(), EnvironmentProbe::probeCounters);
    }

    static CounterAvailability probeCounters() {
        return CounterAvailability.probe();
    }

    EnvironmentFacts capture() {
        List<String> cpuinfo = lines("proc/cpuinfo");
        CounterFacts perf = counterFacts();
        return new EnvironmentFacts(
                firstLine("proc/sys/kernel/osrelease"),
                cpuModel(cpuinfo),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name", "?") + " " + System.getProperty("java.version", "?"),
                firstLine("proc/sys/net/core/optmem_max").transform(v -> v.startsWith("unavailable") ? v : v + " bytes"),
                memlock(),
                firstLine("proc/sys/kernel/perf_event_paranoid"),
                perf.summary, perf.mode, perf.events,
                governor(),
                virtualisation(cpuinfo),
                hostname(),
                ci(),
                Instant.now().toString(),
                irqTimeAccounting());
    }

    // ---- files -------------------------------------------------------------------------------

    private Path file(String relative) {
        return root.resolve(relative);
    }

    /** The trimmed first line, or "unavailable (reason)". */
    private String firstLine(String relative) {
        List<String> lines = lines(relative);
        if (lines.isEmpty()) {
            return unavailable(relative);
        }
        return lines.get(0).trim();
    }

    private List<String> lines(String relative) {
        try {
            return Files.readAllLines(file(relative));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The reason a file gave no value, worded for a reader of the report. */
    private String unavailable(String relative) {
        Path path = file(relative);
        String reason;
        if (!Files.exists(path)) {
            reason = "/" + relative + " does not exist";
        } else if (!Files.isReadable(path)) {
            reason = "/" + relative + " is not readable";
        } else {
            try {
                reason = Files.size(path) == 0 && Files.readAllLines(path).isEmpty() ? "/" + relative + " is empty"
                        : "/" + relative + " could not be read";
            } catch (IOException | RuntimeException e) {
                reason = "/" + relative + ": " + e.getClass().getSimpleName();
            }
        }
        return "unavailable (" + reason + ")";
    }

    // ---- facts -------------------------------------------------------------------------------

    private String cpuModel(List<String> cpuinfo) {
        // x86 says "model name"; some ARM kernels only have "Hardware" or "CPU part"
        for (String key : List.of("model name", "Hardware", "cpu model", "CPU part")) {
            Optional<String> value = field(cpuinfo, key);
            if (value.isPresent()) {
                return value.get();
            }
        }
        return cpuinfo.isEmpty() ? unavailable("proc/cpuinfo") : "unavailable (no model name in /proc/cpuinfo)";
    }

    private static Optional<String> field(List<String> cpuinfo, String key) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(key)) {
                String value = line.substring(colon + 1).trim();
                if (!value.isEmpty()) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    /** "Max locked memory  8388608  8388608  bytes" -> the soft and hard limit in ulimit -l's KiB. */
    /** CONFIG_IRQ_TIME_ACCOUNTING from /proc/config.gz (see {@link dev.copycost.counters.IrqTimeAccounting}). */
    private String irqTimeAccounting() {
        return dev.copycost.counters.IrqTimeAccounting.read(file("proc/config.gz"));
    }

    private String memlock() {
        for (String line : lines("proc/self/limits")) {
            if (line.startsWith("Max locked memory")) {
                String[] parts = line.substring("Max locked memory".length()).trim().split("\\s+");
                if (parts.length >= 2) {
                    return kib(parts[0]) + " (soft), " + kib(parts[1]) + " (hard)";
                }
            }
        }
        return lines("proc/self/limits").isEmpty() ? unavailable("proc/self/limits")
                : "unavailable (no 'Max locked memory' in /proc/self/limits)";
    }

    private static String kib(String bytes) {
        try {
            return Long.parseLong(bytes) / 1024 + " KiB";
        } catch (NumberFormatException e) {
            return bytes; // "unlimited"
        }
    }

    private String governor() {
        String relative = "sys/devices/system/cpu/cpu0/cpufreq/scaling_governor";
        List<String> lines = lines(relative);
        if (lines.isEmpty()) {
            return Files.exists(file(relative)) ? unavailable(relative) : "unknown (no cpufreq)";
        }
        return lines.get(0).trim();
    }

    private String virtualisation(List<String> cpuinfo) {
        List<String> hints = new java.util.ArrayList<>();
        List<String> product = lines("sys/class/dmi/id/product_name");
        if (!product.isEmpty() && !product.get(0).isBlank()) {
            hints.add("DMI product: " + product.get(0).trim());
        }
        if (!cpuinfo.isEmpty()) {
            boolean hypervisor = cpuinfo.stream()
                    .filter(l -> l.startsWith("flags"))
                    .anyMatch(l -> (" " + l + " ").contains(" hypervisor "));
            hints.add(hypervisor ? "cpuinfo hypervisor flag: yes (virtual machine)" : "cpuinfo hypervisor flag: no");
        }
        return hints.isEmpty() ? "unknown (no DMI product name, no /proc/cpuinfo)" : String.join("; ", hints);
    }

    private String hostname() {
        List<String> lines = lines("proc/sys/kernel/hostname");
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
            return lines.get(0).trim();
        }
        String fromEnv = env.get("HOSTNAME");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : unavailable("proc/sys/kernel/hostname");
    }

    private Map<String, String> ci() {
        Map<String, String> out = new LinkedHashMap<>();
        String ci = env.get("CI");
        if (ci == null || !ci.trim().toLowerCase(Locale.ROOT).matches("true|1|yes")) {
            return out;
        }
        for (String name : CI_VARIABLES) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                out.put(name, value);
            }
        }
        return out;
    }

    // ---- counters ----------------------------------------------------------------------------

    private record CounterFacts(String summary, String mode, Map<String, String> events) {
    }

    private CounterFacts counterFacts() {
        CounterAvailability probe;
        try {
            probe = counters.get();
        } catch (RuntimeException | LinkageError e) {
            // no JNA, no perf_event_open: the report still needs its environment
            String reason = "unavailable (counter probe failed: " + e + ")";
            return new CounterFacts(reason, reason, Map.of());
        }
        Map<String, String> events = new LinkedHashMap<>();
        Set<String> modes = new TreeSet<>();
        String summary;
        try {
            for (CounterValue v : probe.events().values()) {
                String name = RepetitionRow.eventName(v.event());
                if (v.available()) {
                    String mode = v.mode() == null || v.mode().isBlank() ? "mode unknown" : v.mode();
                    modes.add(mode);
                    events.put(name, "available (" + mode + ")");
                } else {
                    events.put(name, "unavailable: " + (v.reason() == null || v.reason().isBlank()
                            ? "no reason given" : v.reason()));
                }
            }
            summary = probe.summary();
        } catch (RuntimeException e) {
            summary = "unavailable (counter probe failed: " + e + ")";
        }
        String mode = modes.isEmpty() ? "unavailable (no perf event could be opened)" : String.join(", ", modes);
        return new CounterFacts(summary, mode, events);
    }
}
