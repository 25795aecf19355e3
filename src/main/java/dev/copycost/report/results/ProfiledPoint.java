package dev.copycost.report.results;

import dev.copycost.profile.PointProfile;
import dev.copycost.profile.Role;
import java.util.List;

/**
 * What results.json records of one point's profile beside its attribution rows: the files, the
 * samples, what it cannot show and why, or why there is none.
 *
 * @param flameGraph the profiler's HTML flame graph, relative to the output directory; empty if none
 * @param collapsed  the collapsed stacks beside it; empty if none
 * @param failure    why there is no profile; empty when there is one
 */
public record ProfiledPoint(String strategy, int size, int threads, String topology, String event, long senderSamples,
        long receiverSamples, String flameGraph, String collapsed, List<String> limitations, String failure) {
    public ProfiledPoint {
        limitations = limitations == null ? List.of() : List.copyOf(limitations);
        flameGraph = flameGraph == null ? "" : flameGraph;
        collapsed = collapsed == null ? "" : collapsed;
        failure = failure == null ? "" : failure;
    }

    public static ProfiledPoint of(PointProfile p, java.nio.file.Path outputDir) {
        return new ProfiledPoint(p.strategy(), p.size(), p.threads(), p.topology(), p.event(),
                p.roles().get(Role.SENDER).total(), p.roles().get(Role.RECEIVER).total(),
                p.flameGraph().map(f -> relative(outputDir, f)).orElse(""),
                p.collapsed().map(f -> relative(outputDir, f)).orElse(""), p.limitations(), p.failure().orElse(""));
    }

    private static String relative(java.nio.file.Path dir, java.nio.file.Path file) {
        try {
            return dir.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
        } catch (IllegalArgumentException e) {
            return file.toString();
        }
    }
}
