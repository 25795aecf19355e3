package dev.copycost.statistics;

/**
 * What a ratio's interval says about A against B. The rules, in this order:
 * <ol>
 * <li>{@code equivalent}: the whole interval lies within [1/(1+m), 1+m] (bounds included), m being
 * the equivalence margin: whatever the difference is, it is smaller than m either way round. The
 * band is symmetric on the log scale, so A/B and B/A always get mirrored verdicts;</li>
 * <li>{@code ahead}: the lower bound is above 1;</li>
 * <li>{@code behind}: the upper bound is below 1;</li>
 * <li>{@code undecided}: anything else, including an interval that is not known.</li>
 * </ol>
 * A narrow interval just off 1 (say [1.01–1.02] with m = 3%) is "equivalent", not "ahead": a
 * difference inside the margin is, by the user's own setting, not one worth stating.
 */
public enum Verdict {
    AHEAD("ahead"), BEHIND("behind"), EQUIVALENT("equivalent"), UNDECIDED("undecided");

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    public static Verdict of(Interval ratio, double margin) {
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("equivalence margin " + margin + " is not in [0, 1)");
        }
        if (!ratio.known()) {
            return UNDECIDED;
        }
        if (ratio.low() >= 1 / (1 + margin) && ratio.high() <= 1 + margin) {
            return EQUIVALENT;
        }
        if (ratio.low() > 1) {
            return AHEAD;
        }
        if (ratio.high() < 1) {
            return BEHIND;
        }
        return UNDECIDED;
    }

    /** The word in results and reports: ahead, behind, equivalent, undecided. */
    public String word() {
        return word;
    }

    public boolean decided() {
        return this != UNDECIDED;
    }

    /** The verdict of B against A. */
    public Verdict reversed() {
        return switch (this) {
            case AHEAD -> BEHIND;
            case BEHIND -> AHEAD;
            default -> this;
        };
    }

    public static Verdict parse(String word) {
        for (Verdict v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
        }
        throw new IllegalArgumentException("verdict '" + word + "' is not one of ahead, behind, equivalent, undecided");
    }
}
