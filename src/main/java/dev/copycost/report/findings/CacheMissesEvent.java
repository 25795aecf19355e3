package dev.copycost.report.findings;

import dev.copycost.report.results.EnvironmentFacts;

/**
 * What the generic {@code cache-misses} perf event counts on the host a run measured. The kernel
 * maps it to a hardware event per CPU vendor and family, so it is not "last-level misses"
 * everywhere: its Intel table (arch/x86/events/intel/core.c) maps it to raw event 0x412e, which
 * perf's Intel event lists name LONGEST_LAT_CACHE.MISS; its AMD table for family 17h and later
 * (arch/x86/events/amd/core.c) maps it to raw event 0x0964, which perf's Zen event list names
 * l2_cache_req_stat.ic_dc_miss_in_l2, and for earlier AMD families to 0x077e.
 */
final class CacheMissesEvent {
    private CacheMissesEvent() {
    }

    /** One sentence: the mapping is vendor-specific, then what it is for this host's vendor if known. */
    static String mapping(EnvironmentFacts env) {
        String general = "Which hardware event the generic cache-misses event counts is vendor-specific: the kernel "
                + "maps it per CPU vendor and family";
        return switch (env.cpuVendor()) {
            case "Intel" -> general + ", and this host's CPU is Intel, where it maps to raw event 0x412e "
                    + "(LONGEST_LAT_CACHE.MISS, misses of the last-level cache).";
            case "AMD" -> general + ", and this host's CPU is AMD, where for family 17h (Zen) and later it maps to "
                    + "raw event 0x0964 (l2_cache_req_stat.ic_dc_miss_in_l2), an L2 miss event, not a last-level "
                    + "one (before family 17h it maps to 0x077e, also an L2 miss event).";
            default -> general + " (on Intel to a last-level-cache miss event, on AMD Zen to an L2 miss event), and "
                    + "the CPU vendor is not known from the model name (" + env.cpuModel() + ").";
        };
    }
}
