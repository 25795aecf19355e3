package dev.copycost.report.results;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The host a run was measured on, as far as it can be learned cheaply and without privileges. Every
 * conclusion of the report is marked with it, because none of them carries over to another machine.
 * A fact that could not be read is the text {@code unavailable (<reason>)}, never an exception.
 *
 * @param memlockLimit     RLIMIT_MEMLOCK ({@code ulimit -l}), which bounds pinned zero-copy pages
 * @param optmemMax        net.core.optmem_max, which bounds the zero-copy completions a socket can queue
 * @param counters         the counter probe's own summary
 * @param counterMode      the mode of the available perf events, e.g. {@code kernel+user}
 * @param counterEvents    per perf event: {@code available (mode)} or {@code unavailable: reason}
 * @param virtualisation   what hints at a virtual machine: DMI product name, cpuinfo's hypervisor flag
 * @param ci               CI executor facts from well-known environment variables; empty outside CI
 * @param timestamp        ISO-8601 instant of the capture
 * @param irqTimeAccounting CONFIG_IRQ_TIME_ACCOUNTING of the running kernel ({@code y}, {@code not set}, or
 *                          unavailable with the reason): it decides whether softirq work done in a thread's
 *                          context (on loopback, the whole receive path of a send) is charged to that thread
 */
public record EnvironmentFacts(String kernel, String cpuModel, int cores, String jdk, String optmemMax,
        String memlockLimit, String perfEventParanoid, String counters, String counterMode,
        Map<String, String> counterEvents, String cpuGovernor, String virtualisation, String hostname,
        Map<String, String> ci, String timestamp, String irqTimeAccounting) {

    /** Facts of a file written before the softirq accounting was recorded. */
    public EnvironmentFacts(String kernel, String cpuModel, int cores, String jdk, String optmemMax,
            String memlockLimit, String perfEventParanoid, String counters, String counterMode,
            Map<String, String> counterEvents, String cpuGovernor, String virtualisation, String hostname,
            Map<String, String> ci, String timestamp) {
        this(kernel, cpuModel, cores, jdk, optmemMax, memlockLimit, perfEventParanoid, counters, counterMode,
                counterEvents, cpuGovernor, virtualisation, hostname, ci, timestamp, null);
    }

    public EnvironmentFacts {
        irqTimeAccounting = irqTimeAccounting == null ? "unavailable (not recorded)" : irqTimeAccounting;
        counterEvents = counterEvents == null ? Map.of() : new LinkedHashMap<>(counterEvents);
        ci = ci == null ? Map.of() : new LinkedHashMap<>(ci);
    }

    /** Reads this host's facts; never throws. */
    public static EnvironmentFacts capture() {
        return EnvironmentProbe.system().capture();
    }

    /** A one-line name of the host for "measured on" marks: kernel, CPU model, cores. */
    public String host() {
        return "kernel " + kernel + ", " + cpuModel + ", " + cores + " logical CPUs";
    }

    /**
     * The CPU vendor as far as the model name tells it: {@code AMD}, {@code Intel}, or an empty string
     * when the name names neither (other architectures, or no model name read).
     */
    public String cpuVendor() {
        String model = cpuModel == null ? "" : cpuModel;
        if (model.matches("(?s).*\\bAMD\\b.*")) {
            return "AMD";
        }
        return model.matches("(?s).*\\bIntel\\b.*") ? "Intel" : "";
    }

    /** The perf events that could not be opened, each with its reason. */
    public Map<String, String> unavailableCounters() {
        Map<String, String> out = new LinkedHashMap<>();
        counterEvents.forEach((event, state) -> {
            if (!state.startsWith("available")) {
                out.put(event, state.replaceFirst("^unavailable:?\\s*", ""));
            }
        });
        return out;
    }

    /** Key/value pairs for Allure's environment.properties; keys without spaces, values on one line. */
    public Map<String, String> asProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kernel", kernel);
        p.put("cpu.model", cpuModel);
        p.put("cpu.cores", Integer.toString(cores));
        p.put("cpu.governor", cpuGovernor);
        p.put("kernel.irq_time_accounting", irqTimeAccounting);
        p.put("virtualisation", virtualisation);
        p.put("jdk", jdk);
        p.put("net.core.optmem_max", optmemMax);
        p.put("ulimit.l", memlockLimit);
        p.put("perf_event_paranoid", perfEventParanoid);
        p.put("perf.counters", counters);
        p.put("perf.mode", counterMode);
        counterEvents.forEach((event, state) -> p.put("perf." + event, state));
        p.put("hostname", hostname);
        p.put("timestamp", timestamp);
        ci.forEach((key, value) -> p.put("ci." + key, value));
        // a multi-line probe summary would break the one-line-per-fact widget
        p.replaceAll((key, value) -> value == null ? "" : value.strip().replaceAll("\\s*\\R\\s*", "; "));
        return p;
    }
}
