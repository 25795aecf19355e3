package dev.copycost.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogTIntervalTest {

    @Test
    void knownValuesGiveTheTextbookInterval() {
        // logs 0, ln 2, ln 4: mean ln 2 (geometric mean 2), sd ln 2, t(0.975, 2) = 4.3027
        Interval i = LogTInterval.ofValues(1, 2, 4);
        double half = 4.302652729911275 * Math.log(2) / Math.sqrt(3);
        assertThat(i.estimate()).isCloseTo(2, within(1e-12));
        assertThat(i.low()).isCloseTo(2 * Math.exp(-half), within(1e-9));
        assertThat(i.high()).isCloseTo(2 * Math.exp(half), within(1e-9));
        assertThat(i.n()).isEqualTo(3);
    }

    @Test
    void aRatioReadTheOtherWayIsTheSameIntervalUpsideDown() {
        double[] a = {10, 12, 9, 14, 11};
        double[] b = {5, 7, 4, 6, 6.5};
        Interval ab = LogTInterval.ofPairedRatios(a, b);
        Interval ba = LogTInterval.ofPairedRatios(b, a);
        assertThat(ab.estimate()).isCloseTo(1 / ba.estimate(), within(1e-12));
        assertThat(ab.low()).isCloseTo(1 / ba.high(), within(1e-12));
        assertThat(ab.high()).isCloseTo(1 / ba.low(), within(1e-12));
    }

    @Test
    void pairingCancelsWhatARoundSharesWhileUnpairedCannot() {
        // both arms slowed alike by each round's phase: the paired ratio is exactly 2 every round
        double[] b = {5, 10, 7, 14, 6};
        double[] a = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = 2 * b[i];
        }
        Interval paired = LogTInterval.ofPairedRatios(a, b);
        Interval unpaired = LogTInterval.ofUnpairedRatio(a, b);
        assertThat(paired.low()).isCloseTo(2, within(1e-12));
        assertThat(paired.high()).isCloseTo(2, within(1e-12));
        assertThat(unpaired.estimate()).isCloseTo(2, within(1e-12));
        assertThat(unpaired.widthFactor()).isGreaterThan(2);
    }

    @Test
    void nonPositiveOrMismatchedSamplesAreRefused() {
        assertThatThrownBy(() -> LogTInterval.ofValues(1, 0, 2)).hasMessageContaining("value 0.0 at position 1");
        assertThatThrownBy(() -> LogTInterval.ofPairedRatios(new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("differ in length: 2 and 1");
    }
}
