package dev.copycost.rounds;

import dev.copycost.experiment.ExperimentSpec;

/**
 * One of the things a block compares: a strategy, or a strategy under one placement.
 *
 * @param name what the report calls it, e.g. {@code sendmsg} or {@code same-core}
 */
public record Arm(String name, ExperimentSpec spec) {
    public Arm {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an arm needs a name");
        }
    }
}
