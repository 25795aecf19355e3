package dev.copycost.report.results;

import dev.copycost.experiment.Durations;
import dev.copycost.experiment.MatrixSpec;
import dev.copycost.statistics.LogTInterval;
import dev.copycost.strategy.FieldPlacement;

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
 * @param fields          where a message's fields lay in the sender's memory: page-per-field or packed
 */
public record RunMethod(long seed, int minRounds, int maxRounds, double budgetSeconds, double equivalence,
        String placement, String warmup, String duration, String intervalMethod, double stopLevel, double maxSteal,
        double maxOtherCpus, int attempts, String fields) {

    /** A run recorded before the field placement was: every field its own allocation. */
    public RunMethod {
        fields = fields == null || fields.isBlank() ? FieldPlacement.PAGE_PER_FIELD.label() : fields;
    }

    public RunMethod(long seed, int minRounds, int maxRounds, double budgetSeconds, double equivalence,
            String placement, String warmup, String duration, String intervalMethod, double stopLevel, double maxSteal,
            double maxOtherCpus, int attempts) {
        this(seed, minRounds, maxRounds, budgetSeconds, equivalence, placement, warmup, duration, intervalMethod,
                stopLevel, maxSteal, maxOtherCpus, attempts, FieldPlacement.PAGE_PER_FIELD.label());
    }

    public static RunMethod of(MatrixSpec m) {
        return new RunMethod(m.rounds().seed(), m.rounds().minRounds(), m.rounds().maxRounds(),
                m.rounds().budget().toMillis() / 1000.0, m.rounds().equivalence(), m.placement().label(),
                Durations.format(m.warmup()), Durations.format(m.duration()), LogTInterval.METHOD,
                m.rounds().stopLevel(), m.rounds().maxSteal(), m.rounds().maxOtherCpus(), m.rounds().attempts(),
                m.fields().label());
    }
}
