package dev.copycost.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the trial before leaves behind, read off back-to-back trials of one program. */
class CarryoverTest {

    /** Six pairs of one point: the twin at 12 Gbps right after copycost, 24 otherwise; copycost always 20. */
    private static List<CalibrationTrial> sixPairsTwinSlowedByCopycost() {
        List<CalibrationTrial> trials = new ArrayList<>();
        for (int pair = 0; pair < 6; pair++) {
            boolean copycostFirst = pair % 2 == 0;
            trials.add(new CalibrationTrial("c-twin", "sendmsg", 65536, pair, "copycost", copycostFirst, 20, waits(0.3), 0.1, false));
            // the twin right after a copycost trial: second in an even pair
            trials.add(new CalibrationTrial("c-twin", "sendmsg", 65536, pair, "c-twin", !copycostFirst,
                    copycostFirst ? 12 : 24, waits(0.3), 0.1, false));
        }
        return trials;
    }

    @Test
    void aTwinTrialAfterCopycostIsSetAgainstTheTwinTrialRightAfterIt() {
        Carryover c = Carryover.of(sixPairsTwinSlowedByCopycost());

        // runs R R at pairs (0,1), (2,3), (4,5): 12 against 24 each time
        assertThat(c.referenceAfterCopycost().estimate()).isCloseTo(0.5, within(1e-9));
        assertThat(c.referenceAfterCopycost().n()).isEqualTo(3);
        // runs C C at pairs (1,2), (3,4): 20 against 20
        assertThat(c.copycostAfterReference().estimate()).isCloseTo(1, within(1e-9));
        assertThat(c.copycostAfterReference().n()).isEqualTo(2);
    }

    @Test
    void theOrderTheTrialsAreGivenInDoesNotMatter() {
        List<CalibrationTrial> shuffled = new ArrayList<>(sixPairsTwinSlowedByCopycost());
        java.util.Collections.reverse(shuffled);

        assertThat(Carryover.of(shuffled)).isEqualTo(Carryover.of(sixPairsTwinSlowedByCopycost()));
    }

    /** A trial whose only per-message figure is its receiver's waits for data. */
    private static PerMessageCosts waits(double receiverSleeps) {
        return new PerMessageCosts(Double.NaN, Double.NaN, Double.NaN, receiverSleeps);
    }
}
