package dev.copycost.report.results;

import dev.copycost.profile.Category;
import dev.copycost.profile.PointProfile;
import dev.copycost.profile.Role;
import dev.copycost.profile.RoleProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One category of one role of one profiled point, as cpu-attribution.csv and results.json carry it.
 *
 * @param share           share of the role's samples in the window (the shares of a point and role sum to 1)
 * @param samples         the samples behind the share
 * @param cpuNsPerMessage share × the role's CPU per message as the point's measured trials found it; NaN if unknown
 * @param event           what was sampled: cpu (the perf cpu-clock), cycles, cache-misses or itimer
 */
public record CpuAttributionRow(String strategy, int size, int threads, String topology, String role, String category,
        double share, long samples, double cpuNsPerMessage, String event) {

    public static final String CSV_HEADER = "strategy,size,threads,topology,role,category,share,samples,cpu_ns_per_message,event";

    /** Every category of every role that has samples, zeros included, so that absence is explicit. */
    public static List<CpuAttributionRow> of(PointProfile p) {
        List<CpuAttributionRow> rows = new ArrayList<>();
        if (p.failure().isPresent()) {
            return rows;
        }
        for (Role role : Role.values()) {
            RoleProfile r = p.roles().get(role);
            if (r == null || r.total() == 0) {
                continue;
            }
            double perMessage = p.cpuNsPerMessage().getOrDefault(role, Double.NaN);
            for (Category c : Category.values()) {
                double share = r.share(c);
                rows.add(new CpuAttributionRow(p.strategy(), p.size(), p.threads(), p.topology(), role.label(),
                        c.label(), share, r.samples(c), share * perMessage, p.event()));
            }
        }
        return rows;
    }

    public static String csv(List<CpuAttributionRow> rows) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (CpuAttributionRow r : rows) {
            out.append(r.strategy).append(',').append(r.size).append(',').append(r.threads).append(',')
                    .append(r.topology).append(',').append(r.role).append(',').append(r.category).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", r.share)).append(',').append(r.samples).append(',')
                    .append(Double.isFinite(r.cpuNsPerMessage) ? String.format(Locale.ROOT, "%.1f", r.cpuNsPerMessage) : "")
                    .append(',').append(r.event).append('\n');
        }
        return out.toString();
    }

    /** True for the rows of the event that stands for CPU time (not the cache-misses profile). */
    public boolean cpuTime() {
        return !event.equals(dev.copycost.profile.Profiler.CACHE_MISSES);
    }
}
