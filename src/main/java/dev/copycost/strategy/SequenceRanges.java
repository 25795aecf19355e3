package dev.copycost.strategy;

import java.util.Arrays;

/**
 * A sorted set of disjoint, non-adjacent inclusive ranges of sequence numbers, kept in two parallel
 * {@code long} arrays: out-of-order completions are few and short-lived, so a sorted array with
 * binary search beats a tree of boxed keys and allocates only when it grows.
 */
final class SequenceRanges {
    private long[] starts = new long[8];
    private long[] ends = new long[8];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long firstStart() {
        return starts[0];
    }

    long lastEnd() {
        return ends[size - 1];
    }

    /** Removes the first range and returns its end. */
    long removeFirst() {
        long end = ends[0];
        System.arraycopy(starts, 1, starts, 0, size - 1);
        System.arraycopy(ends, 1, ends, 0, size - 1);
        size--;
        return end;
    }

    boolean contains(long value) {
        int i = firstEndingAtOrAfter(value);
        return i < size && starts[i] <= value;
    }

    /** Whether one range covers all of {@code [from, to]}; ranges never touch, so one must. */
    boolean containsAll(long from, long to) {
        int i = firstEndingAtOrAfter(from);
        return i < size && starts[i] <= from && ends[i] >= to;
    }

    /**
     * Adds {@code [from, to]}, merging with every range it overlaps or touches.
     *
     * @return how many of its values were not in the set before
     */
    long add(long from, long to) {
        int first = firstEndingAtOrAfter(from - 1);
        int past = first;
        long start = from;
        long end = to;
        long overlap = 0;
        while (past < size && starts[past] <= to + 1) {
            overlap += Math.max(0, Math.min(to, ends[past]) - Math.max(from, starts[past]) + 1);
            start = Math.min(start, starts[past]);
            end = Math.max(end, ends[past]);
            past++;
        }
        replace(first, past, start, end);
        return to - from + 1 - overlap;
    }

    /** Replaces ranges {@code [first, past)} by the single range {@code [start, end]}. */
    private void replace(int first, int past, long start, long end) {
        int removed = past - first;
        if (removed == 0) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            System.arraycopy(starts, first, starts, first + 1, size - first);
            System.arraycopy(ends, first, ends, first + 1, size - first);
            size++;
        } else if (removed > 1) {
            System.arraycopy(starts, past, starts, first + 1, size - past);
            System.arraycopy(ends, past, ends, first + 1, size - past);
            size -= removed - 1;
        }
        starts[first] = start;
        ends[first] = end;
    }

    /** Index of the first range whose end is at least {@code value}, or {@code size}. */
    private int firstEndingAtOrAfter(long value) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
