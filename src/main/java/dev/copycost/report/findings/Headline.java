package dev.copycost.report.findings;

import dev.copycost.report.Fmt;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.RunMethod;
import dev.copycost.statistics.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The opening of the summary, from the paired verdicts: at each message size the strongest decided
 * claims with their 95% intervals, then, apart, what stayed undecided and why. Sizes are never
 * pooled: sendmsg 8× ahead of send at 64 B and undecided at 64 KiB are two findings, and one verdict
 * line across sizes would let the undecided one stand for both (it did, in an earlier summary).
 */
final class Headline {
    /** Differences named at one size before the rest are counted: the summary is read, not searched. */
    static final int NAMED_DIFFERENCES = 3;
    /** Equivalences named at one size before the rest are counted. */
    static final int NAMED_EQUIVALENCES = 2;
    /** Undecided comparisons named at one size before the rest are counted. */
    static final int NAMED_UNDECIDED = 3;

    private final RowIndex index;
    private final RunMethod method;

    Headline(RowIndex index, RunMethod method) {
        this.index = index;
        this.method = method;
    }

    /** The two bullets: decided per size, then undecided per size; empty for results without paired comparisons. */
    List<String> bullets() {
        if (!index.paired()) {
            return List.of();
        }
        List<String> bullets = new ArrayList<>();
        bullets.add("Decided, at each message size (A/B is the ratio of throughput measured side by side in the same "
                + "rounds, geometric mean with its 95% interval; strongest claims first, strength being how far the "
                + "interval stays from 1; each at the connection count where it is strongest):"
                + index.sizes().stream().map(s -> "\n  - " + decidedAt(s)).collect(Collectors.joining()));
        List<ComparisonRow> open = undecided(index.comparisons());
        String share = decidedShare();
        if (open.isEmpty()) {
            bullets.add(share + ": nothing stayed undecided.");
        } else {
            bullets.add(share + ". Undecided, and why: each interval below includes 1 and reaches beyond the ±"
                    + margin() + " equivalence margin (or is unknown), so these data show neither a difference nor "
                    + "an equivalence; each comes with its rounds and the reason its block stopped:"
                    + index.sizes().stream().map(this::undecidedAt).flatMap(Optional::stream)
                            .map(line -> "\n  - " + line).collect(Collectors.joining()));
        }
        return bullets;
    }

    /** "**64 B**, 3 of 3 comparisons decided: sendmsg ahead of send by 8.00× [7.40–8.60] at 1 connection (8 rounds); ...". */
    String decidedAt(int size) {
        List<ComparisonRow> here = at(size);
        List<Claim> differences = differences(here);
        List<Claim> equivalences = equivalences(here);
        long decided = here.stream().filter(c -> c.verdictValue().decided()).count();
        StringBuilder line = new StringBuilder("**" + Fmt.size(size) + "**, " + decided + " of " + here.size()
                + " comparisons decided");
        if (decided == 0) {
            return line.append(here.isEmpty() ? " (none made)" : " (see the undecided below)").append('.').toString();
        }
        List<String> parts = new ArrayList<>();
        differences.stream().limit(NAMED_DIFFERENCES).map(Claim::difference).forEach(parts::add);
        if (differences.size() > NAMED_DIFFERENCES) {
            parts.add("and " + (differences.size() - NAMED_DIFFERENCES) + " more difference(s) (crossovers below)");
        }
        if (!equivalences.isEmpty()) {
            parts.add("equivalent within ±" + margin() + ": " + equivalences.stream().limit(NAMED_EQUIVALENCES)
                    .map(Claim::equivalence).collect(Collectors.joining(", "))
                    + (equivalences.size() > NAMED_EQUIVALENCES
                            ? " and " + (equivalences.size() - NAMED_EQUIVALENCES) + " more pair(s)" : ""));
        }
        return line.append(": ").append(String.join("; ", parts)).append('.').toString();
    }

    /** "**64 KiB**, 1 undecided: at 1 connection(s) (stopped: ...) sendmsg/send 1.02× [0.91–1.15] over 12 rounds". */
    Optional<String> undecidedAt(int size) {
        List<ComparisonRow> open = undecided(at(size));
        if (open.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, List<ComparisonRow>> byBlock = new LinkedHashMap<>();
        open.stream().limit(NAMED_UNDECIDED).forEach(c -> byBlock.computeIfAbsent(c.threads(), t -> new ArrayList<>()).add(c));
        String blocks = byBlock.entrySet().stream().map(e -> {
            // one block per size and connection count, so one reason it stopped
            return "at " + e.getKey() + " connection(s) (stopped: " + e.getValue().get(0).stopReason() + ") "
                    + e.getValue().stream().map(c -> c.a() + "/" + c.b() + " " + c.ratioText() + " over " + c.rounds()
                            + " rounds").collect(Collectors.joining(", "));
        }).collect(Collectors.joining("; "));
        return Optional.of("**" + Fmt.size(size) + "**, " + open.size() + " undecided: " + blocks
                + (open.size() > NAMED_UNDECIDED ? "; and " + (open.size() - NAMED_UNDECIDED)
                        + " more (test \"Paired comparisons\", comparisons.csv)" : "") + ".");
    }

    /** "9 of 12 comparisons decided (75 %)". */
    String decidedShare() {
        long all = index.comparisons().size();
        long decided = all - undecided(index.comparisons()).size();
        return decided + " of " + all + " comparisons decided ("
                + Fmt.percent(all == 0 ? Double.NaN : decided / (double) all) + ")";
    }

    private List<ComparisonRow> at(int size) {
        return index.comparisons().stream().filter(c -> c.size() == size).toList();
    }

    private static List<ComparisonRow> undecided(List<ComparisonRow> comparisons) {
        return comparisons.stream().filter(c -> c.verdictValue() == Verdict.UNDECIDED).toList();
    }

    private String margin() {
        return Fmt.percent(method == null ? Double.NaN : method.equivalence());
    }

    /**
     * Ahead or behind, read so the ratio is above 1, one claim per winner and loser: the strongest
     * over connection counts (the highest lower bound), with the other counts where it also held and
     * those where the reverse did, so a claim never stands for a connection count that says otherwise.
     */
    private static List<Claim> differences(List<ComparisonRow> here) {
        Map<String, List<ComparisonRow>> byClaim = new LinkedHashMap<>();
        here.stream().filter(c -> c.verdictValue() == Verdict.AHEAD || c.verdictValue() == Verdict.BEHIND)
                .map(c -> c.verdictValue() == Verdict.BEHIND ? c.reversed() : c)
                .forEach(c -> byClaim.computeIfAbsent(c.a() + "|" + c.b(), k -> new ArrayList<>()).add(c));
        return byClaim.values().stream().map(same -> {
            ComparisonRow best = same.stream().max(Comparator.comparingDouble(ComparisonRow::ciLow)).orElseThrow();
            List<Integer> also = same.stream().filter(c -> c != best).map(ComparisonRow::threads).sorted().toList();
            List<Integer> reverse = byClaim.getOrDefault(best.b() + "|" + best.a(), List.of()).stream()
                    .map(ComparisonRow::threads).sorted().toList();
            return new Claim(best, also, reverse);
        }).sorted(Comparator.comparingDouble((Claim c) -> c.row().ciLow()).reversed()).toList();
    }

    /** Equivalent pairs, one per pair: the narrowest interval over connection counts. */
    private static List<Claim> equivalences(List<ComparisonRow> here) {
        Map<String, List<ComparisonRow>> byPair = new LinkedHashMap<>();
        here.stream().filter(c -> c.verdictValue() == Verdict.EQUIVALENT)
                .forEach(c -> byPair.computeIfAbsent(c.a() + "|" + c.b(), k -> new ArrayList<>()).add(c));
        return byPair.values().stream().map(same -> {
            ComparisonRow best = same.stream().min(Comparator.comparingDouble(c -> c.ciHigh() / c.ciLow())).orElseThrow();
            return new Claim(best, same.stream().filter(c -> c != best).map(ComparisonRow::threads).sorted().toList(),
                    List.of());
        }).toList();
    }

    /** One decided claim: its strongest comparison, and the other connection counts it held at or was reversed at. */
    private record Claim(ComparisonRow row, List<Integer> alsoAt, List<Integer> reversedAt) {
        String difference() {
            return row.a() + " ahead of " + row.b() + " by " + row.ratioText() + " at " + row.threads()
                    + " connection(s) (" + row.rounds() + " rounds" + counts("; also ahead at ", alsoAt)
                    + counts("; " + row.b() + " ahead instead at ", reversedAt) + ")";
        }

        String equivalence() {
            return row.a() + " and " + row.b() + " (" + row.ratioText() + " at " + row.threads() + " connection(s), "
                    + row.rounds() + " rounds" + counts("; also at ", alsoAt) + ")";
        }

        private static String counts(String lead, List<Integer> threads) {
            return threads.isEmpty() ? "" : lead + threads.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + " connection(s)";
        }
    }
}
