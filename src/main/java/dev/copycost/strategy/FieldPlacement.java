package dev.copycost.strategy;

import java.util.Arrays;

/**
 * Where a message's eight fields lie in the sender's memory. Always eight separate buffers and eight
 * iovec entries; what changes is how many pages a message touches, which is what zero-copy pins per
 * send and so explains its cost at small sizes.
 */
public enum FieldPlacement {
    /**
     * Every field its own allocation, as the seed's programs allocate: page-aligned for zero-copy (a
     * 64 B message then pins 8 pages per send), a cache line for the copying strategies.
     */
    PAGE_PER_FIELD("page-per-field"),
    /** The eight fields of a buffer set carved one after another from one page-aligned region. */
    PACKED("packed");

    private final String label;

    FieldPlacement(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static FieldPlacement parse(String text) {
        for (FieldPlacement p : values()) {
            if (p.label.equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("field placement '" + text + "' is not allowed: use one of "
                + String.join(", ", Arrays.stream(values()).map(FieldPlacement::label).toList()));
    }
}
