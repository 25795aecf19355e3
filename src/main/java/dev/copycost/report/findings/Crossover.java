package dev.copycost.report.findings;

import dev.copycost.report.Fmt;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where strategy A starts to beat strategy B at one thread count. "Beats" means the paired verdict
 * is {@code ahead}: the 95% interval of A/B, from the per-round ratios of A and B measured side by
 * side, lies above 1 (and is not within the equivalence margin). Results of a run without paired
 * comparisons fall back to the min/max ranges over windows, and say so. The crossover is the
 * smallest tested size from which A beats B at that size and every larger tested size; a lead that is
 * lost again at a larger size is not a crossover.
 *
 * @param size    the crossover size for {@link Verdict#CROSSOVER} and {@link Verdict#AHEAD_AT_ALL_SIZES}, else -1
 * @param bySize  the comparison at every size both strategies were measured at, ascending
 */
record Crossover(String a, String b, int threads, Verdict verdict, int size, List<Comparison> bySize) {

    /** What the comparison over all sizes says. */
    enum Verdict {
        /** A beats B from {@code size} on, and did not at the next smaller size. */
        CROSSOVER,
        /** A beats B at every tested size. */
        AHEAD_AT_ALL_SIZES,
        /** At the largest tested size the ranges overlap, so no crossover can be claimed. */
        NOT_DISTINGUISHABLE,
        /** At the largest tested size B beats A. */
        NOT_WITHIN_TESTED_SIZES,
        /** The two strategies share no measured size at this thread count. */
        NO_DATA
    }

    /** Who is ahead at one size; OVERLAP is an undecided comparison (or overlapping ranges). */
    enum Order { A_AHEAD, B_AHEAD, EQUIVALENT, OVERLAP }

    /**
     * A against B at one size: the ratio A/B with its 95% interval and the number of rounds behind
     * it ({@code rounds} > 0), or, for results without paired comparisons ({@code rounds} = 0), the
     * ratio of medians with the range the windows allow, from A's slowest over B's fastest to A's
     * fastest over B's slowest.
     */
    record Comparison(int size, double ratio, double ratioLow, double ratioHigh, Order order, int rounds) {
        static Comparison of(ResultRow a, ResultRow b) {
            Order order = a.gbpsMin() > b.gbpsMax() ? Order.A_AHEAD
                    : b.gbpsMin() > a.gbpsMax() ? Order.B_AHEAD : Order.OVERLAP;
            return new Comparison(a.size(), a.gbpsMedian() / b.gbpsMedian(), a.gbpsMin() / b.gbpsMax(),
                    a.gbpsMax() / b.gbpsMin(), order, 0);
        }

        static Comparison of(ComparisonRow c) {
            Order order = switch (c.verdictValue()) {
                case AHEAD -> Order.A_AHEAD;
                case BEHIND -> Order.B_AHEAD;
                case EQUIVALENT -> Order.EQUIVALENT;
                case UNDECIDED -> Order.OVERLAP;
            };
            return new Comparison(c.size(), c.ratio(), c.ciLow(), c.ciHigh(), order, c.rounds());
        }

        boolean paired() {
            return rounds > 0;
        }

        String ratioText() {
            return Fmt.times(ratio) + " [" + Fmt.num(ratioLow) + "–" + Fmt.num(ratioHigh) + "]";
        }

        /** The evidence in words: "1.02× [0.95–1.10], 95% interval over 7 rounds". */
        String evidence() {
            return ratioText() + (paired() ? ", 95% interval over " + rounds + " rounds" : ", range over windows");
        }
    }

    static Crossover find(RowIndex index, String a, String b, int threads) {
        List<Comparison> bySize = new ArrayList<>();
        for (int size : index.sizes()) {
            Optional<ComparisonRow> paired = index.comparison(a, b, size, threads);
            Optional<ResultRow> ra = index.get(a, size, threads);
            Optional<ResultRow> rb = index.get(b, size, threads);
            if (paired.isPresent()) {
                bySize.add(Comparison.of(paired.get()));
            } else if (ra.isPresent() && rb.isPresent() && !index.paired()) {
                bySize.add(Comparison.of(ra.get(), rb.get()));
            }
        }
        if (bySize.isEmpty()) {
            return new Crossover(a, b, threads, Verdict.NO_DATA, -1, bySize);
        }
        // walk down from the largest size while A stays ahead: what remains is the crossover suffix
        int first = bySize.size();
        while (first > 0 && bySize.get(first - 1).order() == Order.A_AHEAD) {
            first--;
        }
        if (first == 0) {
            return new Crossover(a, b, threads, Verdict.AHEAD_AT_ALL_SIZES, bySize.get(0).size(), bySize);
        }
        if (first < bySize.size()) {
            return new Crossover(a, b, threads, Verdict.CROSSOVER, bySize.get(first).size(), bySize);
        }
        Order last = bySize.get(bySize.size() - 1).order();
        return new Crossover(a, b, threads,
                last == Order.B_AHEAD ? Verdict.NOT_WITHIN_TESTED_SIZES : Verdict.NOT_DISTINGUISHABLE, -1, bySize);
    }

    Optional<Comparison> at(int size) {
        return bySize.stream().filter(c -> c.size() == size).findFirst();
    }

    /** The verdict in words, with the ratio that supports it. */
    String text() {
        switch (verdict) {
            case CROSSOVER: {
                Comparison c = at(size).orElseThrow();
                return a + " beats " + b + " from " + Fmt.size(size) + " on (" + c.evidence() + ")" + bracket();
            }
            case AHEAD_AT_ALL_SIZES: {
                Comparison c = at(size).orElseThrow();
                return a + " beats " + b + " at every tested size, already at " + Fmt.size(size) + " ("
                        + c.evidence() + "): the crossover, if any, is below the tested sizes";
            }
            case NOT_DISTINGUISHABLE: {
                Comparison c = bySize.get(bySize.size() - 1);
                if (!c.paired()) {
                    return "not distinguishable from noise: at " + Fmt.size(c.size()) + " the ranges overlap ("
                            + c.ratioText() + ")" + leadsElsewhere();
                }
                return (c.order() == Order.EQUIVALENT ? "equivalent" : "undecided") + " at " + Fmt.size(c.size())
                        + " (" + c.evidence() + ")" + leadsElsewhere();
            }
            case NOT_WITHIN_TESTED_SIZES: {
                Comparison c = bySize.get(bySize.size() - 1);
                return "not within the tested sizes: at " + Fmt.size(c.size()) + " " + b + " is ahead ("
                        + c.evidence() + ")" + leadsElsewhere();
            }
            default:
                return "no data: " + a + " and " + b + " were not both measured with " + threads + " thread(s)";
        }
    }

    /**
     * Where the crossover lies between the tested sizes: in (previous, size] when A was behind or
     * level at the size below; possibly lower when that size stayed undecided.
     */
    private String bracket() {
        int i = bySize.indexOf(at(size).orElseThrow());
        Comparison below = bySize.get(i - 1);
        return switch (below.order()) {
            case B_AHEAD, EQUIVALENT -> "; at " + Fmt.size(below.size()) + " it was not ahead (" + below.ratioText()
                    + "), so the crossover lies in (" + Fmt.size(below.size()) + ", " + Fmt.size(size) + "]";
            default -> "; at " + Fmt.size(below.size()) + " the comparison stayed undecided (" + below.ratioText()
                    + "), so the crossover may lie lower";
        };
    }

    /** Names sizes where A led but lost the lead later, so a reversed crossover is visible, not hidden. */
    private String leadsElsewhere() {
        List<String> ahead = bySize.stream().filter(c -> c.order() == Order.A_AHEAD)
                .map(c -> Fmt.size(c.size())).toList();
        return ahead.isEmpty() ? "" : "; " + a + " was ahead at " + String.join(", ", ahead)
                + " but not at every larger size";
    }

    /** A short cell for per-size tables: the ratio and who is ahead. */
    static String cell(Comparison c) {
        String who = switch (c.order()) {
            case A_AHEAD -> "ahead";
            case B_AHEAD -> "behind";
            case EQUIVALENT -> "equivalent";
            case OVERLAP -> c.paired() ? "undecided" : "overlap";
        };
        return c.ratioText() + " " + who;
    }
}
