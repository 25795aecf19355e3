package dev.copycost.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Spearman's ρ and its interval, on samples whose answer is known. */
class RankCorrelationTest {

    @Test
    void aMonotoneFallIsMinusOneWhateverItsShape() {
        RankCorrelation r = RankCorrelation.of(new double[] {1, 2, 3, 4, 5}, new double[] {100, 10, 5, 1, 0.5});

        assertThat(r.rho()).isEqualTo(-1);
        assertThat(r.decidedlyNegative()).isTrue();
    }

    @Test
    void tiesShareTheMeanOfTheirRanks() {
        assertThat(RankCorrelation.ranks(new double[] {3, 1, 3, 2})).containsExactly(3.5, 1, 3.5, 2);
    }

    @Test
    void theGbpsAndWaitsOfTwelveTwinTrialsHereGiveAClearlyNegativeRho() {
        // the C twin at sendmsg 64 KiB, twelve runs on this VM: Gbps and receiver waits per message
        double[] gbps = {14.14, 16.70, 21.46, 19.63, 24.15, 12.56, 29.10, 19.96, 21.52, 17.58, 14.91, 24.76};
        double[] waits = {0.526, 0.541, 0.344, 0.354, 0.288, 0.517, 0.215, 0.351, 0.329, 0.282, 0.406, 0.286};

        RankCorrelation r = RankCorrelation.of(gbps, waits);

        // by hand: ranks of Gbps 2,4,8,6,10,1,12,7,9,5,3,11 against waits 11,12,6,8,4,10,1,7,5,2,9,3,
        // so Σd² = 516 and ρ = 1 − 6·516 / (12·143)
        assertThat(r.rho()).isCloseTo(1 - 6 * 516.0 / (12 * 143), within(1e-9));
        assertThat(r.decidedlyNegative()).isTrue();
        assertThat(r.low()).isLessThan(r.rho());
        assertThat(r.high()).isGreaterThan(r.rho()).isNegative();
    }

    @Test
    void unrelatedSamplesAreUndecided() {
        RankCorrelation r = RankCorrelation.of(new double[] {1, 2, 3, 4, 5, 6}, new double[] {2, 5, 1, 6, 3, 4});

        assertThat(r.decidedlyNegative()).isFalse();
        assertThat(r.decidedlyPositive()).isFalse();
    }

    @Test
    void tooFewPairsHaveNoIntervalAndAConstantSampleNoRho() {
        assertThat(RankCorrelation.of(new double[] {1, 2, 3}, new double[] {3, 2, 1}).low()).isNaN();
        assertThat(RankCorrelation.of(new double[] {1, 2, 3, 4}, new double[] {7, 7, 7, 7}).rho()).isNaN();
        assertThatThrownBy(() -> RankCorrelation.of(new double[] {1}, new double[] {1, 2}))
                .hasMessageContaining("1 values against 2");
    }
}
