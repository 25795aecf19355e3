package dev.copycost.profile;

/** The annotation suffixes the profiler puts on frame names in collapsed stacks. */
final class Frames {
    private Frames() {
    }

    /** True for a frame the profile marks as kernel code. */
    static boolean kernel(String annotated) {
        return annotated.endsWith("_[k]");
    }

    /**
     * The name without its annotation: {@code _[k]} (kernel), {@code _[j]} (JIT-compiled Java),
     * {@code _[i]} (inlined), {@code _[0]} (interpreted), {@code _[1]} (C1-compiled).
     */
    static String bare(String annotated) {
        int n = annotated.length();
        if (n > 4 && annotated.charAt(n - 4) == '_' && annotated.charAt(n - 3) == '[' && annotated.charAt(n - 1) == ']') {
            return annotated.substring(0, n - 4);
        }
        return annotated;
    }
}
