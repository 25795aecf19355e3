package dev.copycost.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copycost.experiment.Experiment;
import dev.copycost.experiment.ExperimentSpec;
import dev.copycost.strategy.StrategyName;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OutSegs, read from this machine and from the file's own layout. */
class TcpSegmentsTest {

    @Test
    void aLoopbackRunSendsSegmentsThatTheCounterSees() throws Exception {
        long before = TcpSegments.sent();
        var r = Experiment.run(ExperimentSpec.of(StrategyName.parse("sendmsg"), 4096, 1)
                .withTiming(Duration.ofMillis(20), Duration.ofMillis(50), 1));
        long after = TcpSegments.sent();

        // every verified message of 4 KiB needs at least a share of a segment; there were thousands
        assertThat(r.verifiedMessages()).isPositive();
        assertThat(after - before).isGreaterThan(r.verifiedMessages() * 4096L / 65536);
    }

    @Test
    void outSegsIsFoundByItsName() throws Exception {
        List<String> snmp = List.of("Ip: Forwarding DefaultTTL", "Ip: 1 64",
                "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs",
                "Tcp: 1 200 120000 -1 10 10 0 0 2 5000 4321 0");

        assertThat(TcpSegments.outSegs(snmp)).isEqualTo(4321);
        assertThatThrownBy(() -> TcpSegments.outSegs(List.of("Tcp: A B", "Tcp: 1 2"))).hasMessageContaining("no OutSegs");
    }
}
