package dev.copycost.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call's cost through JNA and from C, and the file that keeps them for the report. */
class CallCostTest {
    @TempDir
    Path dir;

    @Test
    void aJnaCallIsMeasuredRoundByRound() {
        CallCost jna = CallCost.ofJna(10_000, 3);

        assertThat(jna.binding()).isEqualTo(CallCost.JNA);
        assertThat(jna.callsPerRound()).isEqualTo(10_000);
        assertThat(jna.nsPerCall()).hasSize(3).allSatisfy(ns -> assertThat(ns).isPositive());
        assertThat(jna.min()).isLessThanOrEqualTo(jna.median()).isLessThanOrEqualTo(jna.max());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(new CallCost("x", 1, List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
        assertThat(new CallCost("x", 1, List.of(5.0, 1.0, 3.0)).median()).isEqualTo(3.0);
    }

    @Test
    void noRoundsOrNoCallsAreRefused() {
        assertThatThrownBy(() -> new CallCost("x", 1, List.of())).hasMessageContaining("at least one round");
        assertThatThrownBy(() -> CallCost.ofJna(0, 3)).hasMessageContaining("calls 0");
    }

    @Test
    void rowsSurviveTheRoundTrip() throws Exception {
        List<CallCost> costs = List.of(new CallCost(CallCost.JNA, 1_000_000, List.of(150.5, 142.0, 160.25)),
                new CallCost(CallCost.C, 1_000_000, List.of(3.375, 3.394)));
        Path csv = dir.resolve("call-cost.csv");
        CallCostCsv.write(csv, costs);

        assertThat(Files.readAllLines(csv)).containsExactly(CallCostCsv.HEADER, "jna-direct,1000000,150.500,142.000,160.250,150.500;142.000;160.250",
                "c-pointer,1000000,3.38450,3.37500,3.39400,3.37500;3.39400");
        assertThat(CallCostCsv.read(csv)).containsExactlyElementsOf(costs);
    }

    @Test
    void theTwinsCallsLineIsRead() {
        CallCost c = CTwin.parseCalls("calls=2000000 rounds=3 ns_per_call=3.375,3.394,3.396\n");

        assertThat(c.binding()).isEqualTo(CallCost.C);
        assertThat(c.nsPerCall()).containsExactly(3.375, 3.394, 3.396);
        assertThat(c.callsPerRound()).isEqualTo(2_000_000);
        assertThatThrownBy(() -> CTwin.parseCalls("calls=2 rounds=1\n")).hasMessageContaining("no ns_per_call");
    }
}
