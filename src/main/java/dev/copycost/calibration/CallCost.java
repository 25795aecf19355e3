package dev.copycost.calibration;

import dev.copycost.experiment.Summary;
import dev.copycost.nativeio.LibC;
import java.util.Arrays;
import java.util.List;

/**
 * What one call of a C function that returns at once ({@code free(NULL)}) costs through one binding,
 * in nanoseconds, round by round: through JNA's direct mapping from Java, or through a function
 * pointer from C (the C twin's {@code calls} mode). The difference is the price of JNA's layer per
 * call with everything in cache; the send loops pay it once per system call.
 *
 * @param binding       {@link #JNA} or {@link #C}
 * @param callsPerRound calls timed together in one round
 * @param nsPerCall     each measured round's mean cost of one call
 */
public record CallCost(String binding, long callsPerRound, List<Double> nsPerCall) {
    public static final String JNA = "jna-direct";
    public static final String C = "c-pointer";

    public CallCost {
        nsPerCall = List.copyOf(nsPerCall);
        if (nsPerCall.isEmpty()) {
            throw new IllegalArgumentException("a call cost of " + binding + " needs at least one round");
        }
    }

    /**
     * Calls {@code free(NULL)} through JNA {@code calls} times per round, {@code rounds} rounds after as
     * many unmeasured ones, which leave the loop compiled as the send loops are.
     */
    public static CallCost ofJna(long calls, int rounds) {
        if (calls < 1 || rounds < 1) {
            throw new IllegalArgumentException("calls " + calls + " and rounds " + rounds + ": both at least 1");
        }
        Double[] ns = new Double[rounds];
        for (int r = -rounds; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (long i = 0; i < calls; i++) {
                LibC.free(0);
            }
            long elapsed = System.nanoTime() - t0;
            if (r >= 0) {
                ns[r] = (double) elapsed / calls;
            }
        }
        return new CallCost(JNA, calls, Arrays.asList(ns));
    }

    public double median() {
        return rounds().median();
    }

    public double min() {
        return rounds().min();
    }

    public double max() {
        return rounds().max();
    }

    private Summary rounds() {
        return Summary.of(nsPerCall.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
