package dev.copycost.report.findings;

import dev.copycost.experiment.PointResult;
import dev.copycost.report.Fmt;
import dev.copycost.report.results.EnvironmentFacts;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The findings of each topology, kept apart: a topology's points are compared only with points of
 * the same topology, measured side by side in its own blocks. Across topologies nothing is paired
 * (they ran in different blocks, minutes apart), so this section never divides one topology's Gbps
 * by another's; it states each one's own verdicts and its zero-copy ledger.
 */
final class TopologyFindings {
    /** One topology's rows with their own verdicts (per size, as the summary states loopback's) and zero-copy ledger. */
    record Part(String topology, RowIndex index, Headline headline, ZeroCopyFindings zeroCopy) {
    }

    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final EnvironmentFacts env;
    private final Map<String, String> hosts;

    TopologyFindings(ResultsTable.ResultsFile results) {
        this.env = results.environment();
        this.hosts = results.receiverHosts();
        for (String topology : results.topologies()) {
            ResultsTable.ResultsFile one = results.ofTopology(topology);
            RowIndex index = new RowIndex(one.rows(), one.comparisons(),
                    one.method() == null ? Double.NaN : one.method().equivalence());
            parts.put(topology, new Part(topology, index, new Headline(index, one.method()),
                    new ZeroCopyFindings(index, env)));
        }
    }

    /** True when the run measured more than loopback. */
    boolean beyondLoopback() {
        return parts.keySet().stream().anyMatch(t -> !t.equals(PointResult.LOOPBACK));
    }

    /**
     * The zero-copy verdict per topology in one line, topologies with the same verdict named
     * together: "loopback, netns: every send copied (deferred) ...; remote: 97.1 % of sends completed
     * without a copy ...".
     */
    String zeroCopyLine() {
        Map<ZeroCopyFindings.Kind, List<Part>> byKind = new LinkedHashMap<>();
        for (Part p : parts.values()) {
            if (p.zeroCopy().kind() != ZeroCopyFindings.Kind.NOT_MEASURED) {
                byKind.computeIfAbsent(p.zeroCopy().kind(), k -> new ArrayList<>()).add(p);
            }
        }
        List<String> phrases = new ArrayList<>();
        for (Map.Entry<ZeroCopyFindings.Kind, List<Part>> e : byKind.entrySet()) {
            List<Part> same = e.getValue();
            if (e.getKey() == ZeroCopyFindings.Kind.DEFERRED) {
                long completed = same.stream().mapToLong(p -> p.zeroCopy().completed()).sum();
                long copied = same.stream().mapToLong(p -> p.zeroCopy().copied()).sum();
                phrases.add(names(same) + ": every send copied (deferred): " + Fmt.percent(copied / (double) completed)
                        + " of " + completed + " completions flagged COPIED");
            } else {
                same.forEach(p -> phrases.add(p.topology() + ": " + p.zeroCopy().phrase()));
            }
        }
        return phrases.isEmpty() ? "zerocopy was not measured on any topology" : String.join("; ", phrases);
    }

    private static String names(List<Part> parts) {
        return parts.stream().map(Part::topology).collect(Collectors.joining(", "));
    }

    /** One section per topology other than loopback: its points, its verdicts, its zero-copy ledger. */
    String markdown() {
        StringBuilder md = new StringBuilder("## Off loopback\n\n");
        if (!beyondLoopback()) {
            return md.append("Only loopback was measured in this run (copycost.topologies).\n").toString();
        }
        md.append("Zero-copy by topology: ").append(zeroCopyLine()).append(".\n\n");
        md.append("Each topology's strategies were measured side by side in blocks of their own; the ratios below "
                + "compare strategies within one topology. Figures of different topologies were measured in different "
                + "blocks, minutes apart, and are not compared with each other.\n\n");
        for (Part p : parts.values()) {
            if (p.topology().equals(PointResult.LOOPBACK)) {
                continue;
            }
            md.append("### ").append(p.topology()).append(": ").append(description(p.topology())).append("\n\n");
            md.append("Receivers' host, as their agent reported it: ").append(hosts.getOrDefault(p.topology(),
                    "not reported (no run reached the agent's final report)")).append(".\n\n");
            List<ResultRow> rows = p.index().rows();
            if (rows.isEmpty()) {
                md.append("No point was measured over ").append(p.topology()).append(" (see the failed points).\n\n");
                continue;
            }
            List<String> verdicts = p.headline().bullets();
            verdicts.forEach(b -> md.append("- ").append(b).append('\n'));
            if (!verdicts.isEmpty()) {
                md.append('\n');
            }
            md.append(ResultsTable.toMarkdown(rows)).append('\n');
            if (p.zeroCopy().kind() != ZeroCopyFindings.Kind.NOT_MEASURED) {
                md.append(p.zeroCopy().markdown("#### Zero-copy over " + p.topology())).append('\n');
            }
        }
        return md.toString();
    }

    /** What a topology is, for its heading. */
    static String description(String topology) {
        return switch (topology) {
            case "netns" -> "a receive agent in a network namespace of its own, across a veth pair";
            case "remote" -> "a receive agent on another host (copycost.peer)";
            case "container" -> "a receive agent in a container started by Testcontainers, across the Docker bridge";
            default -> "a receive agent";
        };
    }
}
