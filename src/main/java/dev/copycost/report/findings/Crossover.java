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
 * @param unpairedRows for {@link Verdict#NO_DATA}: both were measured, but a run with paired comparisons
 *                     never compared them side by side (a failed arm, say)
 */
record Crossover(String a, String b, int threads, Verdict verdict, int size, List<Comparison> bySize,
        boolean unpairedRows, double margin) {

    Crossover(String a, String b, int threads, Verdict verdict, int size, List<Comparison> bySize) {
        this(a, b, threads, verdict, size, bySize, false, Double.NaN);
    }

    Crossover(String a, String b, int threads, Verdict verdict, int size, List<Comparison> bySize, boolean unpairedRows) {
        this(a, b, threads, verdict, size, bySize, unpairedRows, Double.NaN);
    }

    /** What the comparison over all sizes says. */
    enum Verdict {
        /** A beats B from {@code size} on, and did not at the next smaller size. */
        CROSSOVER,
        /** A beats B at every tested size. */
        AHEAD_AT_ALL_SIZES,
        /** At the largest tested size the comparison is undecided or equivalent (or the ranges overlap). */
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
            boolean both = index.sizes().stream().anyMatch(size -> index.get(a, size, threads).isPresent()
                    && index.get(b, size, threads).isPresent());
            return new Crossover(a, b, threads, Verdict.NO_DATA, -1, bySize, both, index.margin());
        }
        // walk down from the largest size while A stays ahead: what remains is the crossover suffix
        int first = bySize.size();
        while (first > 0 && bySize.get(first - 1).order() == Order.A_AHEAD) {
            first--;
        }
        if (first == 0) {
            return new Crossover(a, b, threads, Verdict.AHEAD_AT_ALL_SIZES, bySize.get(0).size(), bySize, false,
                    index.margin());
        }
        if (first < bySize.size()) {
            return new Crossover(a, b, threads, Verdict.CROSSOVER, bySize.get(first).size(), bySize, false,
                    index.margin());
        }
        Order last = bySize.get(bySize.size() - 1).order();
        return new Crossover(a, b, threads,
                last == Order.B_AHEAD ? Verdict.NOT_WITHIN_TESTED_SIZES : Verdict.NOT_DISTINGUISHABLE, -1, bySize, false,
                index.margin());
    }

    Optional<Comparison> at(int size) {
        return bySize.stream().filter(c -> c.size() == size).findFirst();
    }

    /**
     * The verdict in words, then the verdict at every size, grouped into bands of neighbouring sizes
     * with the same verdict, in both directions: a decided result at some sizes is never hidden by
     * an undecided one at the largest.
     */
    String text() {
        switch (verdict) {
            case CROSSOVER: {
                Comparison c = at(size).orElseThrow();
                return a + " beats " + b + " from " + Fmt.size(size) + " on (" + c.evidence() + "), so " + bracket()
                        + "; by size: " + bands();
            }
            case AHEAD_AT_ALL_SIZES: {
                Comparison c = at(size).orElseThrow();
                return a + " beats " + b + " at every tested size, already at " + Fmt.size(size) + " ("
                        + c.evidence() + "): the crossover, if any, is below the tested sizes; by size: " + bands();
            }
            case NOT_DISTINGUISHABLE: {
                Comparison c = bySize.get(bySize.size() - 1);
                return (c.order() == Order.EQUIVALENT ? "no crossover within the tested sizes: "
                        : "no crossover shown within the tested sizes: ") + bands();
            }
            case NOT_WITHIN_TESTED_SIZES:
                return reversal().map(r -> r + "; by size: " + bands())
                        .orElse("not within the tested sizes: " + bands());
            default:
                return "no data: " + a + " and " + b + (unpairedRows
                        ? " were both measured with " + threads + " connection(s) but never compared side by side, "
                                + "so no verdict is claimed"
                        : " were not both measured with " + threads + " connection(s)");
        }
    }

    /**
     * The crossover the other way round, where A led at smaller sizes and B leads from some size to the
     * largest: "sendmsg overtakes uring-send-qd16 from 64 KiB on (...): uring-send-qd16 was last ahead at
     * 4 KiB, so the reversal lies in (4 KiB, 64 KiB]". Empty when A was never ahead.
     */
    private Optional<String> reversal() {
        int first = bySize.size();
        while (first > 0 && bySize.get(first - 1).order() == Order.B_AHEAD) {
            first--;
        }
        int lastAhead = -1;
        for (int j = first - 1; j >= 0; j--) {
            if (bySize.get(j).order() == Order.A_AHEAD) {
                lastAhead = j;
                break;
            }
        }
        if (lastAhead < 0 || first == bySize.size()) {
            return Optional.empty();
        }
        Comparison from = bySize.get(first);
        return Optional.of(b + " overtakes " + a + " from " + Fmt.size(from.size()) + " on (" + b + "/" + a + " "
                + reversedRatioText(from) + (from.paired() ? ", 95% interval over " + from.rounds() + " rounds"
                : ", range over windows") + "): " + a + " was last ahead at " + Fmt.size(bySize.get(lastAhead).size())
                + ", so the reversal lies in (" + Fmt.size(bySize.get(lastAhead).size()) + ", " + Fmt.size(from.size())
                + "]");
    }

    /**
     * The same verdict for the summary, the sizes first: what each size decided, then what that adds
     * up to. A line that opened on the conclusion ("no crossover shown") would read as "no
     * difference" to someone who stops there, while A may be far ahead at the smaller sizes.
     */
    String bySizeFirst() {
        return switch (verdict) {
            case CROSSOVER -> bands() + "; so " + a + " beats " + b + " from " + Fmt.size(size) + " on, and "
                    + bracket();
            case AHEAD_AT_ALL_SIZES -> bands() + "; so " + a + " beats " + b + " at every tested size: the "
                    + "crossover, if any, is below " + Fmt.size(size);
            case NOT_DISTINGUISHABLE -> bands() + "; so no crossover is shown within the tested sizes";
            case NOT_WITHIN_TESTED_SIZES -> bands() + "; so " + reversal().orElse("no crossover within the tested "
                    + "sizes (" + b + " ahead at the largest)");
            case NO_DATA -> text();
        };
    }

    /**
     * Where the crossover lies between the tested sizes: in (L, size], L being the largest smaller
     * size at which A was decidedly not ahead (B ahead, or equivalent); sizes between L and the
     * crossover stayed undecided or lost the lead again. Without such an L it lies at or below it.
     */
    String bracket() {
        int i = bySize.indexOf(at(size).orElseThrow());
        for (int j = i - 1; j >= 0; j--) {
            Order o = bySize.get(j).order();
            if (o == Order.B_AHEAD || o == Order.EQUIVALENT) {
                return "the crossover lies in (" + Fmt.size(bySize.get(j).size()) + ", " + Fmt.size(size) + "]";
            }
        }
        return "the crossover lies at or below " + Fmt.size(size) + " (no smaller size where " + a
                + " was decidedly not ahead)";
    }

    /**
     * The verdict at every size, neighbouring sizes with the same verdict named as one band:
     * "send ahead at 64 B–4 KiB (5× [4.55–5.56], ...; 95% intervals over 8 rounds each); undecided
     * at 64 KiB (zerocopy/send 1.02× [0.91–1.15]; 95% interval over 12 rounds)". The ratios of a band
     * where one strategy is ahead read as that strategy over the other, so they are above 1.
     */
    String bands() {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= bySize.size(); i++) {
            if (i == bySize.size() || bySize.get(i).order() != bySize.get(from).order()) {
                parts.add(band(bySize.subList(from, i)));
                from = i;
            }
        }
        return String.join("; ", parts);
    }

    private String band(List<Comparison> run) {
        Order order = run.get(0).order();
        String sizes = Fmt.size(run.get(0).size())
                + (run.size() > 1 ? "–" + Fmt.size(run.get(run.size() - 1).size()) : "");
        boolean flip = order == Order.B_AHEAD;
        String ratios = run.stream().map(c -> flip ? reversedRatioText(c) : c.ratioText())
                .collect(java.util.stream.Collectors.joining(", "));
        String head = switch (order) {
            case A_AHEAD -> a + " ahead at ";
            case B_AHEAD -> b + " ahead at ";
            case EQUIVALENT -> "equivalent at ";
            case OVERLAP -> run.get(0).paired() ? "undecided at " : "ranges overlap at ";
        };
        String direction = order == Order.EQUIVALENT || order == Order.OVERLAP ? a + "/" + b + " " : "";
        return head + sizes + " (" + direction + ratios + "; " + evidenceOf(run) + slight(run) + ")";
    }

    /**
     * A lead whose interval excludes 1 but reaches into the equivalence margin is decided, yet may be
     * smaller than the margin the run called not worth stating: say so, at the sizes where it is.
     */
    private String slight(List<Comparison> run) {
        if (!(margin > 0) || !run.get(0).paired()) {
            return "";
        }
        List<String> sizes = run.stream().filter(c -> c.order() == Order.A_AHEAD ? c.ratioLow() < 1 + margin
                        : c.order() == Order.B_AHEAD && 1 / c.ratioHigh() < 1 + margin)
                .map(c -> Fmt.size(c.size())).toList();
        return sizes.isEmpty() ? "" : "; at " + String.join(", ", sizes) + " possibly by less than the "
                + Fmt.percent(margin) + " equivalence margin";
    }

    /** "95% interval over 8 rounds", "95% intervals over 8, 8, 9 rounds", or the fallback's ranges. */
    private static String evidenceOf(List<Comparison> run) {
        if (!run.get(0).paired()) {
            return run.size() == 1 ? "range over windows" : "ranges over windows";
        }
        if (run.size() == 1) {
            return "95% interval over " + run.get(0).rounds() + " rounds";
        }
        List<Integer> rounds = run.stream().map(Comparison::rounds).toList();
        return rounds.stream().distinct().count() == 1 ? "95% intervals over " + rounds.get(0) + " rounds each"
                : "95% intervals over " + rounds.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")) + " rounds";
    }

    /** B/A with its interval: the reciprocal of A/B, bounds swapped. */
    private static String reversedRatioText(Comparison c) {
        return Fmt.times(1 / c.ratio()) + " [" + Fmt.num(1 / c.ratioHigh()) + "–" + Fmt.num(1 / c.ratioLow()) + "]";
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
