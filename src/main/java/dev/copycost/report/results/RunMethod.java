package dev.copycost.report.results;

import dev.copycost.experiment.Durations;
import dev.copycost.experiment.MatrixSpec;
import dev.copycost.experiment.TopologyPlan;
import dev.copycost.report.Fmt;
import dev.copycost.statistics.LogTInterval;
import dev.copycost.strategy.FieldPlacement;
import java.util.stream.Collectors;

/**
 * How a run measured, as results.json records it and the report's method note states it: enough to
 * repeat the run (the seed) and to judge its intervals.
 *
 * @param seed            seeds every round's random order; {@code -Dcopycost.seed=} repeats it
 * @param budgetSeconds   time budget of one block
 * @param equivalence     margin m of the verdict "equivalent"
 * @param placement       where the matrix' threads ran
 * @param intervalMethod  how the 95% intervals were computed
 * @param stopLevel       the confidence level every comparison must reach for a block to stop before its budget
 * @param maxSteal        a block under more steal than this was measured again
 * @param maxOtherCpus    a block during which other processes used more CPUs than this was measured again
 * @param attempts        times a block was measured at most to get a quiet measurement
 * @param topologies      where the data went, and the points measured off loopback, e.g.
 *                        {@code loopback; netns: 4 KiB, 64 KiB × 1 connection(s), link unshaped}
 * @param fields          where a message's fields lay in the sender's memory: page-per-field or packed
 */
public record RunMethod(long seed, int minRounds, int maxRounds, double budgetSeconds, double equivalence,
        String placement, String warmup, String duration, String intervalMethod, double stopLevel, double maxSteal,
        double maxOtherCpus, int attempts, String topologies, String fields) {

    /** A run recorded before the field placement was: every field its own allocation. */
    public RunMethod {
        fields = fields == null || fields.isBlank() ? FieldPlacement.PAGE_PER_FIELD.label() : fields;
    }

    /** As recorded before the field placement: every field its own allocation. */
    public RunMethod(long seed, int minRounds, int maxRounds, double budgetSeconds, double equivalence,
            String placement, String warmup, String duration, String intervalMethod, double stopLevel, double maxSteal,
            double maxOtherCpus, int attempts, String topologies) {
        this(seed, minRounds, maxRounds, budgetSeconds, equivalence, placement, warmup, duration, intervalMethod,
                stopLevel, maxSteal, maxOtherCpus, attempts, topologies, FieldPlacement.PAGE_PER_FIELD.label());
    }

    /** A loopback-only run's method (and that of files written before topologies). */
    public RunMethod(long seed, int minRounds, int maxRounds, double budgetSeconds, double equivalence,
            String placement, String warmup, String duration, String intervalMethod, double stopLevel, double maxSteal,
            double maxOtherCpus, int attempts) {
        this(seed, minRounds, maxRounds, budgetSeconds, equivalence, placement, warmup, duration, intervalMethod,
                stopLevel, maxSteal, maxOtherCpus, attempts, "loopback");
    }

    public static RunMethod of(MatrixSpec m) {
        return new RunMethod(m.rounds().seed(), m.rounds().minRounds(), m.rounds().maxRounds(),
                m.rounds().budget().toMillis() / 1000.0, m.rounds().equivalence(), m.placement().label(),
                Durations.format(m.warmup()), Durations.format(m.duration()), LogTInterval.METHOD,
                m.rounds().stopLevel(), m.rounds().maxSteal(), m.rounds().maxOtherCpus(), m.rounds().attempts(),
                topologies(m), m.fields().label());
    }

    private static String topologies(MatrixSpec m) {
        StringBuilder text = new StringBuilder(TopologyPlan.LOOPBACK);
        for (String t : m.topologies()) {
            if (t.equals(TopologyPlan.LOOPBACK)) {
                continue;
            }
            text.append("; ").append(t).append(": ")
                    .append(m.links().sizes().stream().map(Fmt::size).collect(Collectors.joining(", "))).append(" × ")
                    .append(m.links().threads().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(" connection(s)");
            if (t.equals(TopologyPlan.NETNS)) {
                text.append(", link ").append(m.links().netem().map(n -> "shaped by netem " + n).orElse("unshaped"));
            }
            if (t.equals(TopologyPlan.REMOTE)) {
                m.links().peer().ifPresent(p -> text.append(", agent at ").append(p.getHostString()).append(':')
                        .append(p.getPort()));
            }
        }
        return text.toString();
    }
}
