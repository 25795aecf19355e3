package dev.copycost.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictTest {

    @ParameterizedTest(name = "[{0}, {1}] with m = 3% is {2}")
    @CsvSource({
        // equivalent: inside [1/(1+m), 1+m], the bounds included
        "0.970873787, 1.03, equivalent",
        "0.970873787, 1.0300001, undecided",
        "0.9708737, 1.02, undecided",
        "0.97, 1.02, undecided",       // 0.97 is more than 3% below 1 read the other way round
        "1.01, 1.02, equivalent",      // excludes 1 but lies within the margin
        "1.00, 1.03, equivalent",
        // ahead: the lower bound above 1 (and not inside the margin)
        "1.0000001, 1.2, ahead",
        "1.00, 1.2, undecided",        // touching 1 is not above it
        "1.5, 9.0, ahead",
        // behind: the upper bound below 1
        "0.5, 0.9999999, behind",
        "0.5, 1.00, undecided",
        // wide intervals that straddle 1
        "0.5, 2.0, undecided",
    })
    void rulesAtTheirEdges(double low, double high, String expected) {
        Interval i = new Interval(Math.sqrt(low * high), low, high, 5, 0.95);
        assertThat(Verdict.of(i, 0.03).word()).isEqualTo(expected);
    }

    @Test
    void readingARatioTheOtherWayRoundMirrorsItsVerdict() {
        org.quicktheories.QuickTheory.qt().forAll(
                org.quicktheories.generators.SourceDSL.doubles().between(0.5, 2.0),
                org.quicktheories.generators.SourceDSL.doubles().between(1.0, 1.2))
                .checkAssert((center, spread) -> {
                    Interval ab = new Interval(center, center / spread, center * spread, 8, 0.95);
                    Interval ba = new Interval(1 / center, 1 / ab.high(), 1 / ab.low(), 8, 0.95);
                    assertThat(Verdict.of(ba, 0.03)).isEqualTo(Verdict.of(ab, 0.03).reversed());
                });
    }

    @Test
    void anIntervalWithoutBoundsIsUndecided() {
        assertThat(Verdict.of(LogTInterval.ofValues(2.0), 0.03)).isEqualTo(Verdict.UNDECIDED);
        assertThat(Verdict.of(LogTInterval.ofPairedRatios(new double[] {2}, new double[] {1}), 0.03))
                .isEqualTo(Verdict.UNDECIDED);
    }

    @Test
    void reversingSwapsAheadAndBehindOnly() {
        assertThat(Verdict.AHEAD.reversed()).isEqualTo(Verdict.BEHIND);
        assertThat(Verdict.BEHIND.reversed()).isEqualTo(Verdict.AHEAD);
        assertThat(Verdict.EQUIVALENT.reversed()).isEqualTo(Verdict.EQUIVALENT);
        assertThat(Verdict.UNDECIDED.reversed()).isEqualTo(Verdict.UNDECIDED);
    }

    @Test
    void aMarginOutsideItsRangeIsRefused() {
        Interval i = new Interval(1, 0.9, 1.1, 5, 0.95);
        assertThatThrownBy(() -> Verdict.of(i, -0.1)).hasMessageContaining("equivalence margin -0.1");
        assertThatThrownBy(() -> Verdict.parse("faster")).hasMessageContaining("verdict 'faster'");
    }
}
