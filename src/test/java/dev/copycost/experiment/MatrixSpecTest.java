package dev.copycost.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copycost.strategy.StrategyName;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatrixSpecTest {

    @Test
    void defaultsAreTheIssuesMatrix() {
        MatrixSpec m = MatrixSpec.defaults();
        assertThat(m.strategies()).containsExactly(StrategyName.values());
        assertThat(m.sizes()).containsExactly(64, 512, 4096, 65536);
        assertThat(m.threads()).containsExactly(1, 2, 4, 8);
        assertThat(m.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(m.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.repetitions()).isEqualTo(3);
        assertThat(m.points()).hasSize(5 * 4 * 4);
    }

    @Test
    void propertiesChooseTheMatrix() {
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.strategies", "send,sendmsg", "copycost.sizes", "64,4k",
                "copycost.threads", "1,2", "copycost.warmup", "0.2s", "copycost.duration", "1s",
                "copycost.repetitions", "2", "copycost.verify", "0.25"));
        assertThat(m.strategies()).containsExactly(StrategyName.SEND, StrategyName.SENDMSG);
        assertThat(m.sizes()).containsExactly(64, 4096);
        assertThat(m.threads()).containsExactly(1, 2);
        assertThat(m.warmup()).isEqualTo(Duration.ofMillis(200));
        assertThat(m.payloadEvery()).isEqualTo(4);
        assertThat(m.points()).hasSize(8);
    }

    @Test
    void emptyValuesMeanTheDefault() {
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.duration", "", "copycost.repetitions", " "));
        assertThat(m.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.repetitions()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}={1} is refused naming {2}")
    @CsvSource(delimiter = '|', value = {
        "copycost.sizes|100|not a multiple of 8",
        "copycost.sizes|56|56",
        "copycost.sizes|abc|copycost.sizes=abc",
        "copycost.threads|0|thread count 0 is not in 1..256",
        "copycost.threads|-2|thread count -2",
        "copycost.strategies|sendfile|unknown strategy 'sendfile': allowed are send, copy-send, sendmsg, zerocopy, nio-gather",
        "copycost.duration|2|'2' is not a duration",
        "copycost.repetitions|0|repetitions 0 is not in 1..1000",
        "copycost.verify|1.5|copycost.verify=1.5 is not allowed",
        "copycost.nodelay|yes|'yes' is not true or false",
        "copycost.ring|0|zero-copy ring 0 is not in 1..1024",
        "copycost.ring|1024|buffer sets × message size × threads = 1024 × 65536 × 2 = 128 MiB is more than the 64 MiB allowed",
        "copycost.timeout|0.5ms|use at least 1ms",
    })
    void badValuesAreRefusedWithTheValueAndWhatIsAllowed(String property, String value, String expected) {
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props(property, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void unknownCopycostPropertyIsReported() {
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.size", "64")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown property copycost.size=64")
                .hasMessageContaining("copycost.sizes");
    }

    @Test
    void durationsParseAndFormat() {
        assertThat(Durations.parse("0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(2))).isEqualTo("2s");
    }

    @Test
    void summaryHasMedianSpreadAndCv() {
        Summary s = Summary.of(3, 1, 2);
        assertThat(s.median()).isEqualTo(2);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(3);
        assertThat(s.cv()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Summary.of(5).cv()).isZero();
        assertThat(Summary.of(1, 2).separatedFrom(Summary.of(3, 4))).isTrue();
        assertThat(Summary.of(1, 3).separatedFrom(Summary.of(2, 4))).isFalse();
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }
}
