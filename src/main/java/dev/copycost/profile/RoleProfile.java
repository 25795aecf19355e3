package dev.copycost.profile;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The samples of one role's threads (all senders, or all receivers, of a point) counted per
 * {@link Category}.
 *
 * @param kernelSamples samples with at least one kernel frame: zero means the kernel was not seen
 */
public record RoleProfile(Role role, Map<Category, Long> samples, long kernelSamples) {
    public RoleProfile {
        EnumMap<Category, Long> copy = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            copy.put(c, samples.getOrDefault(c, 0L));
        }
        samples = Collections.unmodifiableMap(copy);
    }

    public long total() {
        return samples.values().stream().mapToLong(Long::longValue).sum();
    }

    public long samples(Category c) {
        return samples.get(c);
    }

    /** The category's share of this role's samples; NaN when the role has no samples. */
    public double share(Category c) {
        long total = total();
        return total == 0 ? Double.NaN : samples(c) / (double) total;
    }
}
