package dev.copycost.report.findings;

import dev.copycost.report.results.ComparisonRow;
import dev.copycost.statistics.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether this run's paired comparisons say what the baseline's said: the test a reader applies before
 * trusting any of them. For every comparison made in both runs (the same two strategies, or
 * placements, at the same topology, size and threads): decided the same way in both; equivalent in
 * one and ahead or behind in the other (a difference near the margin, not a contradiction); decided in
 * one only; undecided in both; or contradicted, ahead in one run and behind in the other. Every
 * contradiction is named with both intervals.
 */
public record VerdictAgreement(int common, int agreed, int equivalentInOne, int decidedInOneOnly,
        int undecidedInBoth, List<String> contradictions, int overlapping) {

    public static VerdictAgreement of(List<ComparisonRow> now, List<ComparisonRow> baseline) {
        Map<String, ComparisonRow> before = new LinkedHashMap<>();
        baseline.forEach(c -> before.put(key(c), c));
        int common = 0;
        int agreed = 0;
        int equivalentInOne = 0;
        int oneOnly = 0;
        int neither = 0;
        int overlapping = 0;
        List<String> contradictions = new ArrayList<>();
        for (ComparisonRow c : now) {
            ComparisonRow b = before.get(key(c));
            if (b == null) {
                continue;
            }
            common++;
            if (Math.max(c.ciLow(), b.ciLow()) <= Math.min(c.ciHigh(), b.ciHigh())) {
                overlapping++;
            }
            Verdict v = c.verdictValue();
            Verdict w = b.verdictValue();
            if (v.decided() && w.decided()) {
                if (v == w) {
                    agreed++;
                } else if (v == Verdict.EQUIVALENT || w == Verdict.EQUIVALENT) {
                    equivalentInOne++;
                } else {
                    contradictions.add(c.kind() + " " + c.topology() + " " + c.size() + " B × " + c.threads() + ": "
                            + c.a() + " vs " + c.b() + " " + v.word() + " " + c.ratioText() + " now, " + w.word() + " "
                            + b.ratioText() + " before");
                }
            } else if (v.decided() || w.decided()) {
                oneOnly++;
            } else {
                neither++;
            }
        }
        return new VerdictAgreement(common, agreed, equivalentInOne, oneOnly, neither, List.copyOf(contradictions),
                overlapping);
    }

    public String markdown() {
        if (common == 0) {
            return "No paired comparison was made in both runs.\n";
        }
        StringBuilder md = new StringBuilder("Of the " + common + " paired comparisons made in both runs, " + agreed
                + " were decided the same way in both, " + contradictions.size() + " the opposite way, "
                + equivalentInOne + " equivalent in one and ahead or behind in the other, " + decidedInOneOnly
                + " decided in one run only and " + undecidedInBoth + " in neither; "
                + overlapping + " of the " + common + " pairs of 95% intervals overlap.");
        if (contradictions.isEmpty()) {
            md.append(" No comparison was ahead in one run and behind in the other.\n");
        } else {
            md.append(" Ahead in one run and behind in the other:\n\n");
            contradictions.forEach(c -> md.append("- ").append(c).append('\n'));
        }
        return md.toString();
    }

    private static String key(ComparisonRow c) {
        return c.kind() + "|" + c.topology() + "|" + c.size() + "|" + c.threads() + "|" + c.a() + "|" + c.b();
    }
}
