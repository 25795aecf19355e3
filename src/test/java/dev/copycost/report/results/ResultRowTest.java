package dev.copycost.report.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.copycost.experiment.PointResult;
import dev.copycost.report.TestPoints;
import dev.copycost.strategy.StrategyName;
import dev.copycost.strategy.ZeroCopyCounts;
import org.junit.jupiter.api.Test;

class ResultRowTest {

    @Test
    void flattensTheSpreadOfThroughputAndCpuPerByte() {
        ResultRow row = ResultRow.from(TestPoints.sendmsg(10, 12, 11));

        assertThat(row.strategy()).isEqualTo("sendmsg");
        assertThat(row.size()).isEqualTo(4096);
        assertThat(row.threads()).isEqualTo(2);
        assertThat(row.repetitions()).isEqualTo(3);
        assertThat(row.gbpsMedian()).isCloseTo(11, within(0.01));
        assertThat(row.gbpsMin()).isCloseTo(10, within(0.01));
        assertThat(row.gbpsMax()).isCloseTo(12, within(0.01));
        assertThat(row.gbpsPerRepetition()).hasSize(3);
        assertThat(row.senderCpuNsPerByte()).isEqualTo(2.0);
        assertThat(row.senderCpuNsPerByteMin()).isEqualTo(1.0);
        assertThat(row.senderCpuNsPerByteMax()).isEqualTo(3.0);
        assertThat(row.receiverCpuNsPerByte()).isCloseTo(0.5, within(1e-9));
        assertThat(row.senderCtxSwitches()).isEqualTo(13); // windows: 10, 13, 16 switches
        assertThat(row.senderInvoluntarySwitches()).isEqualTo(2);
        assertThat(row.gcInWindow()).isTrue();
        assertThat(row.corruptMessages()).isZero();
        assertThat(row.perRepetition()).hasSize(3);
        assertThat(row.perRepetition().get(1).gcCollections()).isEqualTo(1);
    }

    @Test
    void hardwareCountersWithoutAPmuAreNaNNotZero() {
        ResultRow row = ResultRow.from(TestPoints.sendmsg(10, 12, 11));

        assertThat(row.cycles()).isNaN();
        assertThat(row.instructions()).isNaN();
        assertThat(row.cacheMisses()).isNaN();
        assertThat(row.cacheReferences()).isNaN();
        assertThat(row.cyclesPerByte()).isNaN();
        assertThat(row.cacheMissesPerByte()).isNaN();
        assertThat(row.perRepetition().get(0).senderCounters().get("cycles")).isNaN();
        assertThat(row.counterMode()).isEqualTo("kernel+user");
    }

    @Test
    void hardwareCountersAppearWhenThePmuHasThem() {
        ResultRow row = ResultRow.from(TestPoints.point(StrategyName.SEND, 4096, 1, true, ZeroCopyCounts.NONE, 8, 8));

        assertThat(row.cyclesPerByte()).isEqualTo(3.0);
        assertThat(row.cycles()).isPositive();
        assertThat(row.cacheMissesPerByte()).isCloseTo(1 / 64.0, within(1e-9));
        assertThat(row.counterMode()).isEqualTo("kernel+user, user");
    }

    @Test
    void aCounterMissingInOneWindowIsUnavailableForThePoint() {
        PointResult withPmu = TestPoints.point(StrategyName.SEND, 4096, 1, true, ZeroCopyCounts.NONE, 8, 8, 8);
        PointResult withoutPmu = TestPoints.point(StrategyName.SEND, 4096, 1, false, ZeroCopyCounts.NONE, 8, 8, 8);
        // two windows could read cycles, one could not: a median of the two would hide the gap
        java.util.List<dev.copycost.experiment.Repetition> mixed = java.util.List.of(withPmu.repetitions().get(0),
                withPmu.repetitions().get(1), withoutPmu.repetitions().get(2));
        PointResult p = new PointResult(withPmu.spec(), mixed, withPmu.gbps(), withPmu.messagesPerSecond(), false,
                withPmu.sentMessages(), withPmu.verifiedMessages(), ZeroCopyCounts.NONE, 0, withPmu.socketOptions(), PointResult.LOOPBACK);

        ResultRow row = ResultRow.from(p);

        assertThat(row.cycles()).isNaN();
        assertThat(row.cyclesPerByte()).isNaN();
        assertThat(ResultRow.from(withPmu).cycles()).isPositive();
    }

    @Test
    void zeroCopyRatiosAreNaNForCopyingStrategies() {
        ResultRow row = ResultRow.from(TestPoints.sendmsg(10, 12, 11));

        assertThat(row.copiedShare()).isNaN();
        assertThat(row.sendsPerNotification()).isNaN();
        assertThat(row.zeroCopyStrategy()).isFalse();
    }

    @Test
    void zeroCopyRatiosComeFromTheLedger() {
        ResultRow row = ResultRow.from(TestPoints.zeroCopyAllCopied());

        assertThat(row.copiedShare()).isEqualTo(1.0);
        assertThat(row.sendsPerNotification()).isEqualTo(4.0);
        assertThat(row.enobufs()).isEqualTo(3);
        assertThat(row.zcIssued()).isEqualTo(1000);
        assertThat(row.nativeBytesPerConnection()).isEqualTo(8L * 65536 * 16);
    }

    @Test
    void theRowCannotBeChangedThroughItsArray() {
        PointResult p = TestPoints.sendmsg(10, 12, 11);
        ResultRow row = ResultRow.from(p);

        row.gbpsPerRepetition()[0] = -1;

        assertThat(row.gbpsPerRepetition()[0]).isPositive();
    }
}
