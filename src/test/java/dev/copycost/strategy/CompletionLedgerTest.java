package dev.copycost.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for {@link CompletionLedger} and {@link ZeroCopyCounts}. */
class CompletionLedgerTest {
    private static CompletionLedger issued(CompletionLedger ledger, int sends) {
        for (int i = 0; i < sends; i++) {
            assertThat(ledger.issue()).isEqualTo(ledger.issued() - 1);
        }
        return ledger;
    }

    @Test
    void notificationsAreCountedByCodeAsWellAsSends() {
        CompletionLedger ledger = issued(new CompletionLedger(), 10);
        // a merged range carries one code for all its sends: only the notifications are exact
        ledger.complete(0, 6, true);
        ledger.complete(7, 7, false);
        ledger.complete(8, 9, false);

        ZeroCopyCounts counts = ledger.counts();
        assertThat(counts.copied()).isEqualTo(7);
        assertThat(counts.notifications()).isEqualTo(3);
        assertThat(counts.copiedNotifications()).isEqualTo(1);
        assertThat(counts.uncopiedNotifications()).isEqualTo(2);
        assertThat(counts.toString()).contains("notifications 3 (1 flagged COPIED)");
    }

    @Test
    void countsNotToldApartByCodeStayUnknownInSumsAndDifferences() {
        ZeroCopyCounts byCode = new ZeroCopyCounts(10, 10, 6, 4, 0, 0, 0, 3);
        ZeroCopyCounts withoutCodes = new ZeroCopyCounts(10, 10, 6, 4, 0, 0, 0);

        assertThat(byCode.plus(byCode).copiedNotifications()).isEqualTo(6);
        assertThat(byCode.plus(byCode).minus(byCode)).isEqualTo(byCode);
        assertThat(withoutCodes.notificationsCountedByCode()).isFalse();
        assertThat(byCode.plus(withoutCodes).copiedNotifications()).isEqualTo(ZeroCopyCounts.NOT_COUNTED);
        assertThat(byCode.minus(withoutCodes).uncopiedNotifications()).isEqualTo(ZeroCopyCounts.NOT_COUNTED);
        assertThat(ZeroCopyCounts.NONE.plus(byCode)).isEqualTo(byCode);
    }

    @Test
    void sequencesCountFromZeroAndInOrderRangesComplete() throws Exception {
        CompletionLedger ledger = new CompletionLedger();
        assertThat(ledger.issue()).isZero();
        assertThat(ledger.issue()).isEqualTo(1);
        issued(ledger, 8);
        ledger.complete(0, 3, false);
        assertThat(ledger.isCompleted(3)).isTrue();
        assertThat(ledger.isCompleted(4)).isFalse();
        assertThat(ledger.outstanding()).isEqualTo(6);
        ledger.complete(4, 9, true);
        assertThat(ledger.counts()).isEqualTo(new ZeroCopyCounts(10, 10, 6, 2, 0, 0, 0, 1));
        assertThat(ledger.allCompleted(0, 9)).isTrue();
        ledger.verifyComplete();
    }

    @Test
    void rangeAcrossTheThirtyTwoBitWrapHasHiBelowLo() throws Exception {
        CompletionLedger ledger = issued(CompletionLedger.startingAt(-3), 6); // ids 0xfffffffd .. 2
        ledger.complete(0xffff_fffe, 1, true); // sequences 1..4
        assertThat(ledger.completed()).isEqualTo(4);
        assertThat(ledger.copied()).isEqualTo(4);
        assertThat(ledger.isCompleted(0)).isFalse();
        assertThat(ledger.allCompleted(1, 4)).isTrue();
        assertThat(ledger.isCompleted(5)).isFalse();
        ledger.complete(2, 2, false);
        ledger.complete(0xffff_fffd, 0xffff_fffd, false);
        assertThat(ledger.allCompleted(0, 5)).isTrue();
        ledger.verifyComplete();
    }

    @Test
    void rangeAcrossTheSignedIntBoundaryIsOneRange() throws Exception {
        CompletionLedger ledger = issued(CompletionLedger.startingAt(Integer.MAX_VALUE - 1), 4);
        ledger.complete(Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1, false); // 0x7ffffffe .. 0x80000001
        assertThat(ledger.completed()).isEqualTo(4);
        assertThat(ledger.unknown()).isZero();
        ledger.verifyComplete();
    }

    @Test
    void outOfOrderRangesAreHeldAboveTheWatermarkUntilTheGapCloses() throws Exception {
        CompletionLedger ledger = issued(new CompletionLedger(), 20);
        ledger.complete(10, 14, false);
        ledger.complete(16, 19, false);
        assertThat(ledger.isCompleted(9)).isFalse();
        assertThat(ledger.isCompleted(10)).isTrue();
        assertThat(ledger.isCompleted(15)).isFalse();
        assertThat(ledger.allCompleted(10, 14)).isTrue();
        assertThat(ledger.allCompleted(10, 16)).isFalse();
        ledger.complete(15, 15, false); // joins 10..19
        assertThat(ledger.allCompleted(10, 19)).isTrue();
        assertThat(ledger.allCompleted(9, 19)).isFalse();
        ledger.complete(0, 9, false);
        assertThat(ledger.allCompleted(0, 19)).isTrue();
        assertThat(ledger.toString()).contains("all below 20 complete, 0 range(s) above");
        ledger.verifyComplete();
    }

    @Test
    void missingSendsAreNamedWithSequenceAndKernelId() {
        CompletionLedger ledger = issued(CompletionLedger.startingAt(-2), 10);
        ledger.complete(-2, 1, false); // sequences 0..3
        ledger.complete(4, 5, false); // sequences 6..7
        assertThatThrownBy(ledger::verifyComplete).isInstanceOf(ZeroCopyAccountingException.class)
                .hasMessageContaining("issued 10, completed 6, copied 0, notifications 2")
                .hasMessageContaining("4 of 10 sends never completed, in 2 gap(s), first missing sequence 4"
                        + " (kernel id 2)")
                .satisfies(e -> assertThat(((ZeroCopyAccountingException) e).counts().completed()).isEqualTo(6));
    }

    @Test
    void repeatedAndOverlappingRangesCountDuplicatesPerSend() {
        CompletionLedger ledger = issued(new CompletionLedger(), 10);
        ledger.complete(0, 4, false);
        ledger.complete(3, 9, true); // 3 and 4 again
        assertThat(ledger.duplicates()).isEqualTo(2);
        assertThat(ledger.completed()).isEqualTo(10);
        assertThat(ledger.copied()).as("only the newly completed sends count as copied").isEqualTo(5);
        ledger.complete(7, 7, false);
        assertThat(ledger.duplicates()).isEqualTo(3);
        assertThatThrownBy(ledger::verifyComplete).hasMessageContaining("duplicates 3")
                .hasMessageContaining("first in notification [lo=3, hi=9] (sequences 3..9, copied)")
                .hasMessageNotContaining("never completed");
    }

    @Test
    void completionsForSendsNeverIssuedAreUnknown() {
        CompletionLedger ledger = new CompletionLedger();
        ledger.complete(0, 0, false); // before any send
        assertThat(ledger.unknown()).isEqualTo(1);
        issued(ledger, 3);
        ledger.complete(1, 5, false); // 1, 2 real; 3..5 never issued
        assertThat(ledger.unknown()).isEqualTo(4);
        assertThat(ledger.completed()).isEqualTo(2);
        assertThat(ledger.isCompleted(3)).isFalse();
        ledger.complete(0, 0, false);
        assertThat(ledger.completed()).isEqualTo(3);
        assertThatThrownBy(ledger::verifyComplete).hasMessageContaining("unknown 4")
                .hasMessageContaining("never issued, first in notification [lo=0, hi=0]");
    }

    @Test
    void questionsOutsideTheIssuedSequencesAnswerNo() {
        CompletionLedger ledger = issued(new CompletionLedger(), 5);
        ledger.complete(0, 4, false);
        assertThat(ledger.isCompleted(-1)).isFalse();
        assertThat(ledger.isCompleted(5)).isFalse();
        assertThat(ledger.allCompleted(-1, 2)).isFalse();
        assertThat(ledger.allCompleted(2, 5)).isFalse();
        assertThat(ledger.allCompleted(3, 2)).as("empty range").isTrue();
    }

    @Test
    void enobufsRetriesAreCountedAndDoNotAffectCompleteness() {
        CompletionLedger ledger = issued(new CompletionLedger(), 1);
        ledger.countEnobufsRetry();
        ledger.countEnobufsRetry();
        ledger.complete(0, 0, false);
        assertThat(ledger.enobufsRetries()).isEqualTo(2);
        assertThat(ledger.counts().enobufsRetries()).isEqualTo(2);
        assertThatCode(ledger::verifyComplete).doesNotThrowAnyException();
    }

    @Test
    void inOrderAccountingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CompletionLedger ledger = CompletionLedger.startingAt(-1000);
        long before = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up
            if (round == 1) {
                before = threads.getCurrentThreadAllocatedBytes();
            }
            for (int i = 0; i < 200_000; i++) {
                long first = ledger.issue();
                ledger.issue();
                ledger.issue();
                int id = (int) (-1000 + first);
                ledger.complete(id, id + 2, (i & 1) == 0);
                if (!ledger.isCompleted(first + 2) || !ledger.allCompleted(first, first + 2)) {
                    throw new AssertionError("sequence " + first + " not complete");
                }
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(ledger.completed()).isEqualTo(1_200_000);
        assertThat(allocated).as("bytes allocated by 200000 in-order rounds").isLessThan(16 * 1024);
    }

    @Test
    void countsDeriveSharesAndSubtract() {
        ZeroCopyCounts earlier = new ZeroCopyCounts(10, 8, 2, 2, 1, 0, 0);
        ZeroCopyCounts later = new ZeroCopyCounts(110, 108, 27, 6, 3, 1, 2);
        ZeroCopyCounts delta = later.minus(earlier);
        assertThat(delta).isEqualTo(new ZeroCopyCounts(100, 100, 25, 4, 2, 1, 2));
        assertThat(delta.copiedShare()).isEqualTo(0.25);
        assertThat(delta.sendsPerNotification()).isEqualTo(25.0);
        assertThat(earlier.plus(delta)).isEqualTo(later);
        assertThat(ZeroCopyCounts.NONE.plus(later)).isEqualTo(later);
        assertThat(ZeroCopyCounts.NONE.copiedShare()).isNaN();
        assertThat(ZeroCopyCounts.NONE.sendsPerNotification()).isNaN();
        assertThat(later.toString()).isEqualTo("issued 110, completed 108, copied 27, notifications 6,"
                + " ENOBUFS retries 3, duplicates 1, unknown 2");
    }
}
