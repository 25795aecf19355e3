package dev.copycost.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copycost.rounds.Arm;
import dev.copycost.rounds.Block;
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
        assertThat(m.warmup()).isEqualTo(Duration.ofMillis(150));
        assertThat(m.duration()).isEqualTo(Duration.ofMillis(350));
        assertThat(m.rounds().minRounds()).isEqualTo(5);
        assertThat(m.rounds().maxRounds()).isEqualTo(30);
        assertThat(m.rounds().equivalence()).isEqualTo(0.03);
        assertThat(m.placement()).isEqualTo(ExperimentSpec.DEFAULT_PLACEMENT);
        assertThat(m.uringDepths()).containsExactly(1, 16);
        // five strategies, and the two io_uring ones at each of two queue depths
        assertThat(m.pointNames()).containsExactly("send", "copy-send", "sendmsg", "zerocopy", "nio-gather",
                "uring-send-qd1", "uring-send-qd16", "uring-zc-qd1", "uring-zc-qd16");
        assertThat(m.points()).hasSize(9 * 4 * 4);
        assertThat(m.points()).allSatisfy(p -> assertThat(p.repetitions()).as("one window per trial").isEqualTo(1));
    }

    @Test
    void blocksGroupEveryStrategyOfOneSizeAndThreadCount() {
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.strategies", "send,sendmsg,zerocopy",
                "copycost.sizes", "64,4096", "copycost.threads", "1,2", "copycost.topologies", "loopback"));
        assertThat(m.blocks()).hasSize(4).allSatisfy(b -> {
            assertThat(b.arms()).extracting(a -> a.name()).containsExactly("send", "sendmsg", "zerocopy");
            assertThat(b.arms()).allSatisfy(a -> {
                assertThat(a.spec().messageSize()).isEqualTo(b.size());
                assertThat(a.spec().threads()).isEqualTo(b.threads());
            });
        });
        assertThat(m.placementBlock()).hasValueSatisfying(b -> {
            assertThat(b.threads()).isEqualTo(1);
            assertThat(b.size()).isEqualTo(4096);
            assertThat(b.arms()).extracting(a -> a.spec().placement()).containsExactly(Placement.values());
            assertThat(b.arms()).allSatisfy(a -> assertThat(a.spec().strategy()).isEqualTo(StrategyName.SENDMSG));
        });
    }

    @Test
    void topologiesOtherThanLoopbackMeasureTheReducedSetOfPoints() {
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.strategies", "sendmsg,zerocopy",
                "copycost.sizes", "64,4096,65536", "copycost.threads", "1,2", "copycost.topologies", "loopback,netns",
                "copycost.link-sizes", "65536", "copycost.link-threads", "1", "copycost.peer", "10.0.0.2:7300"));
        assertThat(m.topologies()).containsExactly("loopback", "netns", "remote");
        assertThat(m.blocks()).extracting(b -> b.topology() + " " + b.size() + "×" + b.threads()).containsExactly(
                "loopback 64×1", "loopback 64×2", "loopback 4096×1", "loopback 4096×2", "loopback 65536×1",
                "loopback 65536×2", "netns 65536×1", "remote 65536×1");
        assertThat(m.links().peer()).hasValueSatisfying(p -> {
            assertThat(p.getHostString()).isEqualTo("10.0.0.2");
            assertThat(p.getPort()).isEqualTo(7300);
        });
        assertThat(m.placementBlock()).hasValueSatisfying(b -> assertThat(b.topology()).isEqualTo("loopback"));
    }

    @Test
    void badTopologySettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.topologies", "loopback,wifi")))
                .hasMessageContaining("copycost.topologies=loopback,wifi").hasMessageContaining("loopback, netns, remote");
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.topologies", "loopback,remote")))
                .hasMessageContaining("copycost.peer=HOST:PORT");
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.topologies", "netns")))
                .hasMessageContaining("must include loopback");
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.peer", "agent-host")))
                .hasMessageContaining("copycost.peer=agent-host").hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.peer", "agent-host:70000")))
                .hasMessageContaining("70000").hasMessageContaining("1..65535");
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.link-threads", "0")))
                .hasMessageContaining("copycost.link-threads=0");
    }

    @Test
    void roundsSeedAndPlacementAreProperties() {
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.rounds-min", "3", "copycost.rounds-max", "9",
                "copycost.budget", "12s", "copycost.seed", "42", "copycost.equivalence", "0.05",
                "copycost.placement", "same-core", "copycost.placement-study", "false"));
        assertThat(m.rounds().minRounds()).isEqualTo(3);
        assertThat(m.rounds().maxRounds()).isEqualTo(9);
        assertThat(m.rounds().budget()).isEqualTo(Duration.ofSeconds(12));
        assertThat(m.rounds().seed()).isEqualTo(42);
        assertThat(m.rounds().equivalence()).isEqualTo(0.05);
        assertThat(m.points()).allSatisfy(p -> assertThat(p.placement()).isEqualTo(Placement.SAME_CORE));
        assertThat(m.placementBlock()).isEmpty();
    }

    @Test
    void anUnsetSeedIsDrawnAndDiffersBetweenRuns() {
        assertThat(MatrixSpec.defaults().rounds().seed()).isNotEqualTo(MatrixSpec.defaults().rounds().seed());
    }

    @Test
    void theOldRepetitionsPropertyNamesWhatReplacedIt() {
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.repetitions", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("copycost.repetitions=3 is no longer read")
                .hasMessageContaining("copycost.rounds-min");
    }

    @Test
    void propertiesChooseTheMatrix() {
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.strategies", "send,sendmsg", "copycost.sizes", "64,4k",
                "copycost.threads", "1,2", "copycost.warmup", "0.2s", "copycost.duration", "1s",
                "copycost.verify", "0.25"));
        assertThat(m.strategies()).containsExactly(StrategyName.SEND, StrategyName.SENDMSG);
        assertThat(m.sizes()).containsExactly(64, 4096);
        assertThat(m.threads()).containsExactly(1, 2);
        assertThat(m.warmup()).isEqualTo(Duration.ofMillis(200));
        assertThat(m.payloadEvery()).isEqualTo(4);
        assertThat(m.points()).hasSize(8);
    }

    @Test
    void emptyValuesMeanTheDefault() {
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.duration", "", "copycost.rounds-min", " "));
        assertThat(m.duration()).isEqualTo(Duration.ofMillis(350));
        assertThat(m.rounds().minRounds()).isEqualTo(5);
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
        "copycost.rounds-min|1|minimum rounds 1 is not allowed: use 2 or more",
        "copycost.rounds-max|3|maximum rounds 3 is not in 5..1000",
        "copycost.budget|0s|block time budget PT0S must be positive",
        "copycost.equivalence|0.7|equivalence margin 0.7 is not allowed",
        "copycost.seed|x1|copycost.seed=x1 is not allowed: not a number",
        "copycost.placement|pinned|placement 'pinned' is not one of os, spread, same-core",
        "copycost.placement-study|maybe|'maybe' is not true or false",
        "copycost.baseline|/nonexistent/results.json|no such file: /nonexistent/results.json",
        "copycost.verify|1.5|copycost.verify=1.5 is not allowed",
        "copycost.nodelay|yes|'yes' is not true or false",
        "copycost.ring|0|zero-copy ring 0 is not in 1..1024",
        "copycost.ring|1024|native memory of about 64.3 MiB is more than the 64 MiB allowed (zerocopy 64 B × 1, ring 1024: per connection sender",
        "copycost.timeout|0.5ms|use at least 1ms",
    })
    void badValuesAreRefusedWithTheValueAndWhatIsAllowed(String property, String value, String expected) {
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props(property, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void theMemoryBoundCountsPagesNotBytes() {
        // 64 B messages, ring 1024, 256 threads: 16 MiB of message bytes, but every 8-byte field of the
        // zero-copy ring sits on its own page: gigabytes, which the bound must refuse
        assertThatThrownBy(() -> ExperimentSpec.of(StrategyName.ZEROCOPY, 64, 1).withRingAndThreads(1024, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is more than the 64 MiB allowed")
                .hasMessageContaining("zerocopy 64 B × 256, ring 1024");
        // the same ring and threads with the copying strategies' single buffer set stay well inside
        assertThat(ExperimentSpec.of(StrategyName.SENDMSG, 64, 1).withRingAndThreads(1024, 64).memoryFootprint()
                .residentEstimate()).isLessThan(ExperimentSpec.MAX_NATIVE_MEMORY);
    }

    @Test
    void eachQueueDepthIsAnArmOfItsOwnInEveryBlock() {
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.strategies", "sendmsg,uring-send,uring-zc",
                "copycost.uring-depth", "16,1,4", "copycost.sizes", "4096", "copycost.threads", "2"));
        assertThat(m.pointNames()).containsExactly("sendmsg", "uring-send-qd16", "uring-send-qd1", "uring-send-qd4",
                "uring-zc-qd16", "uring-zc-qd1", "uring-zc-qd4");
        Block block = m.blockOf(4096, 2);
        assertThat(block.arms()).extracting(Arm::name).containsExactlyElementsOf(m.pointNames());
        for (Arm arm : block.arms()) {
            assertThat(arm.spec().pointName()).isEqualTo(arm.name());
            assertThat(arm.spec().queueDepth()).isEqualTo(StrategyName.queueDepthOf(arm.name()));
            assertThat(arm.spec().senderSettings().uringDepth()).isEqualTo(Math.max(1, arm.spec().queueDepth()));
        }
        assertThat(m.point("uring-zc-qd4", 4096, 2).uringDepth()).isEqualTo(4);
        assertThat(m.point("sendmsg", 4096, 2).queueDepth()).as("no queue depth").isZero();
    }

    @Test
    void aQueueDepthBeyondTheRingIsRefusedNamingBoth() {
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.strategies", "uring-send",
                "copycost.uring-depth", "32", "copycost.ring", "16")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io_uring queue depth 32 is not in 1..16")
                .hasMessageContaining("the ring (copycost.ring) has 16");
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.uring-depth", "0")))
                .hasMessageContaining("copycost.uring-depth=0 is not allowed: queue depth 0 is not in 1..1024");
    }

    @Test
    void theMemoryBoundCoversTheRingAndTheBufferSets() {
        ExperimentSpec deep = ExperimentSpec.of(StrategyName.URING_ZC, 65536, 8).withUringDepth(16);
        // 16 sets of 8 fields of 8 KiB, a page-aligned block each, per connection, plus the ring's mappings
        assertThat(deep.memoryFootprint().senderMessageBytesPerConnection()).isEqualTo(16L * 8 * 8192);
        assertThat(deep.memoryFootprint().senderBytesPerConnection() - deep.memoryFootprint()
                .senderMessageBytesPerConnection()).as("iovecs, headers, ring").isGreaterThan(2 * 4096);
        assertThat(deep.memoryFootprint().describe()).contains("uring-zc 65536 B × 8, ring 16, queue depth 16");
        // a page per field for zero-copy, as for zerocopy: 1024 sets × 64 connections is refused with the count
        assertThatThrownBy(() -> ExperimentSpec.of(StrategyName.URING_ZC, 64, 1).withRingAndThreads(1024, 64))
                .hasMessageContaining("is more than the 64 MiB allowed")
                .hasMessageContaining("uring-zc 64 B × 64, ring 1024, queue depth 1");
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

    @Test
    void fieldPlacementAndTheProfileAreProperties() {
        MatrixSpec d = MatrixSpec.defaults();
        assertThat(d.fields()).isEqualTo(dev.copycost.strategy.FieldPlacement.PAGE_PER_FIELD);
        assertThat(d.profile()).as("profiled by default").isTrue();
        assertThat(d.profileInterval()).isEqualTo(java.time.Duration.ofMillis(1));
        MatrixSpec m = MatrixSpec.fromProperties(props("copycost.fields", "packed", "copycost.profile", "off",
                "copycost.profile-interval", "0.5ms"));
        assertThat(m.fields()).isEqualTo(dev.copycost.strategy.FieldPlacement.PACKED);
        assertThat(m.points()).allSatisfy(p -> assertThat(p.fields()).isEqualTo(m.fields()));
        assertThat(m.profile()).isFalse();
        assertThat(m.profileInterval()).isEqualTo(java.time.Duration.ofNanos(500_000));
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.fields", "dense")))
                .hasMessageContaining("copycost.fields=dense").hasMessageContaining("packed");
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.profile", "maybe")))
                .hasMessageContaining("copycost.profile=maybe").hasMessageContaining("on or off");
        assertThatThrownBy(() -> MatrixSpec.fromProperties(props("copycost.profile-interval", "0.001ms")))
                .hasMessageContaining("copycost.profile-interval=0.001ms").hasMessageContaining("0.01ms");
    }
}
