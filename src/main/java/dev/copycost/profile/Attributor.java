package dev.copycost.profile;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a collapsed profile into one {@link RoleProfile} per role: each sample goes to the role of
 * its thread (by kernel thread id; threads the experiment did not name are left out) and to the
 * category {@link FrameTable} gives its stack.
 */
public final class Attributor {
    private final FrameTable table;

    public Attributor(FrameTable table) {
        this.table = table;
    }

    /**
     * @param roles the role of every thread that counts, by its kernel thread id
     * @return one profile per role, sender and receiver, each possibly empty
     */
    public Map<Role, RoleProfile> attribute(List<CollapsedStack> stacks, Map<Integer, Role> roles) {
        Map<Role, Map<Category, Long>> counts = new EnumMap<>(Role.class);
        Map<Role, Long> kernel = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            counts.put(r, new EnumMap<>(Category.class));
            kernel.put(r, 0L);
        }
        for (CollapsedStack s : stacks) {
            if (s.tid().isEmpty()) {
                continue;
            }
            Role role = roles.get(s.tid().getAsInt());
            if (role == null) {
                continue;
            }
            counts.get(role).merge(table.classify(s.frames()), s.samples(), Long::sum);
            if (s.hasKernelFrame()) {
                kernel.merge(role, s.samples(), Long::sum);
            }
        }
        Map<Role, RoleProfile> out = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            out.put(r, new RoleProfile(r, counts.get(r), kernel.get(r)));
        }
        return out;
    }
}
