package dev.copycost.experiment;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Where an experiment's threads run: a controlled variable, because on a small VM the scheduler's
 * choice alone moves throughput between two modes (measured: a C program of the same workload at
 * 64 KiB ran at about 14 or about 22 Gbps depending on where its threads landed).
 *
 * <ul>
 * <li>{@code os}: not pinned; the kernel places and migrates threads, as the seed's programs ran.</li>
 * <li>{@code spread}: connection i's sender on CPU 2i and its receiver on CPU 2i+1 (modulo the CPUs
 * allowed), so sender and receiver of one connection never share a core while two are available.</li>
 * <li>{@code same-core}: connection i's sender and receiver both on CPU i (modulo the CPUs allowed).</li>
 * </ul>
 * Loopback's receive path runs in softirq context mostly on the sending CPU, so pinning the threads
 * fixes most, not all, of where the work lands.
 */
public enum Placement {
    OS("os"), SPREAD("spread"), SAME_CORE("same-core");

    private final String label;

    Placement(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The CPU the given thread is pinned to, or empty for {@link #OS}; {@code cpus} are the allowed CPUs. */
    public OptionalInt cpuFor(boolean sender, int connection, List<Integer> cpus) {
        if (this == OS || cpus.isEmpty()) {
            return OptionalInt.empty();
        }
        int slot = this == SPREAD ? 2 * connection + (sender ? 0 : 1) : connection;
        return OptionalInt.of(cpus.get(Math.floorMod(slot, cpus.size())));
    }

    public static Placement parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Placement p : values()) {
            if (p.label.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("placement '" + text + "' is not one of os, spread, same-core");
    }

    @Override
    public String toString() {
        return label;
    }
}
