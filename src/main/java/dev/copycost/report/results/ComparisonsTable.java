package dev.copycost.report.results;

import dev.copycost.report.Fmt;
import java.util.List;

/** The paired comparisons of a run as comparisons.csv and as a Markdown table for people. */
public final class ComparisonsTable {
    private ComparisonsTable() {
    }

    public static String csv(List<ComparisonRow> rows) {
        return ComparisonRow.csv(rows);
    }

    public static String markdown(List<ComparisonRow> rows) {
        StringBuilder md = new StringBuilder("| block | size | connections | A | B | A/B [95% interval] | verdict | rounds |\n"
                + "|---|---:|---:|---|---|---|---|---:|\n");
        for (ComparisonRow c : rows) {
            md.append("| ").append(c.kind()).append(" | ").append(Fmt.size(c.size())).append(" | ").append(c.threads())
                    .append(" | ").append(c.a()).append(" | ").append(c.b()).append(" | ").append(c.ratioText())
                    .append(" | ").append(c.verdict().equals("undecided") ? "*undecided*" : "**" + c.verdict() + "**")
                    .append(" | ").append(c.rounds()).append(" |\n");
        }
        return md.toString();
    }
}
