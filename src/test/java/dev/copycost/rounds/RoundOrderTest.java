package dev.copycost.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class RoundOrderTest {

    @Test
    void everyRoundIsAPermutationAndTheSeedRepeatsIt() {
        QuickTheory.qt().forAll(SourceDSL.longs().all(), SourceDSL.integers().between(1, 50),
                SourceDSL.integers().between(1, 9)).checkAssert((seed, round, arms) -> {
                    int[] order = RoundOrder.permutation(seed, 12345L, round, arms);
                    assertThat(Arrays.stream(order).sorted().toArray())
                            .isEqualTo(java.util.stream.IntStream.range(0, arms).toArray());
                    assertThat(RoundOrder.permutation(seed, 12345L, round, arms)).isEqualTo(order);
                });
    }

    @Test
    void roundsDrawFreshOrders() {
        Set<String> orders = new HashSet<>();
        for (int round = 1; round <= 40; round++) {
            orders.add(Arrays.toString(RoundOrder.permutation(7, 99, round, 5)));
        }
        // 120 orders of 5 arms: 40 rounds repeating only a handful would mean the round is not mixed in
        assertThat(orders.size()).isGreaterThan(25);
    }

    @Test
    void theFirstPlaceFallsOnEveryArmOverManyRounds() {
        int[] first = new int[4];
        for (int round = 1; round <= 400; round++) {
            first[RoundOrder.permutation(3, 5, round, 4)[0]]++;
        }
        assertThat(Arrays.stream(first).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(60, 140));
    }

    @Test
    void differentSeedsGiveDifferentOrders() {
        int same = 0;
        for (int round = 1; round <= 20; round++) {
            if (Arrays.equals(RoundOrder.permutation(1, 5, round, 5), RoundOrder.permutation(2, 5, round, 5))) {
                same++;
            }
        }
        assertThat(same).isLessThan(5);
    }
}
