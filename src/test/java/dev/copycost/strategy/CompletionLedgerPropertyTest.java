package dev.copycost.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link CompletionLedger} against a reference model (a BitSet of completed sequences) for random
 * partitions of the sends into notification ranges, delivered shuffled, starting just below the
 * 32-bit wrap (or the signed-int wrap at 2^31, where Java's {@code int} jumps) so that ranges cross it.
 */
class CompletionLedgerPropertyTest {
    /** Notification ranges as sequence numbers, inclusive, in delivery order, plus their COPIED flags. */
    record Plan(int sends, int firstKernelId, List<long[]> ranges, long seed) {
        @Override
        public String toString() {
            return "Plan[sends=" + sends + ", firstKernelId=" + Integer.toUnsignedString(firstKernelId) + ", ranges="
                    + ranges.size() + ", seed=" + seed + "]";
        }
    }

    /**
     * {@code sends} sends cut into at most {@code maxRanges} contiguous ranges, shuffled; the first kernel
     * id sits up to {@code sends} below 2^32 or 2^31, so the wrap falls anywhere in the run.
     */
    private static Gen<Plan> plans(int maxSends, int maxRanges) {
        return integers().between(1, maxSends).zip(integers().between(0, maxSends), booleans().all(), longs().all(),
                (sends, belowWrap, signedWrap, seed) -> plan(sends, belowWrap, signedWrap, maxRanges, seed));
    }

    private static Plan plan(int sends, int belowWrap, boolean signedWrap, int maxRanges, long seed) {
        Random random = new Random(seed);
        int ranges = 1 + random.nextInt(Math.min(sends, maxRanges));
        TreeSet<Integer> cuts = new TreeSet<>();
        while (cuts.size() < ranges - 1) {
            cuts.add(1 + random.nextInt(sends - 1));
        }
        List<long[]> list = new ArrayList<>();
        int start = 0;
        for (int cut : cuts) {
            list.add(new long[] {start, cut - 1, random.nextInt(4) == 0 ? 1 : 0});
            start = cut;
        }
        list.add(new long[] {start, sends - 1, random.nextInt(4) == 0 ? 1 : 0});
        Collections.shuffle(list, random);
        int wrap = signedWrap ? Integer.MIN_VALUE : 0;
        return new Plan(sends, wrap - 1 - belowWrap, list, seed);
    }

    private static int kernelId(Plan plan, long sequence) {
        return (int) (plan.firstKernelId() + sequence);
    }

    /**
     * Delivers every range of the plan, issuing sends only as far as the range needs (the kernel cannot
     * report a send before it is made), and compares the ledger with the model after every step.
     */
    private static CompletionLedger deliver(Plan plan, List<long[]> ranges, boolean fullChecks) {
        CompletionLedger ledger = CompletionLedger.startingAt(plan.firstKernelId());
        BitSet model = new BitSet();
        Random probes = new Random(plan.seed() ^ 0x5eed);
        for (long[] range : ranges) {
            while (ledger.issued() <= range[1]) {
                ledger.issue();
            }
            ledger.complete(kernelId(plan, range[0]), kernelId(plan, range[1]), range[2] == 1);
            model.set((int) range[0], (int) range[1] + 1);
            agree(ledger, model, plan.sends(), range, probes, fullChecks);
        }
        return ledger;
    }

    private static void agree(CompletionLedger ledger, BitSet model, int sends, long[] range, Random probes,
            boolean fullChecks) {
        if (fullChecks) {
            for (long s = -1; s <= sends; s++) {
                sameAnswer(ledger, model, s);
            }
        } else {
            for (long s : new long[] {range[0] - 1, range[0], range[1], range[1] + 1, probes.nextInt(sends)}) {
                sameAnswer(ledger, model, s);
            }
        }
        List<long[]> windows = new ArrayList<>(List.of(range, new long[] {0, ledger.issued() - 1},
                new long[] {range[0] - 1, range[1]}, new long[] {range[0], range[1] + 1}));
        for (int i = 0; i < 8; i++) {
            long a = probes.nextInt(sends);
            windows.add(new long[] {a, a + probes.nextInt(Math.max(1, sends / 4))});
        }
        for (long[] w : windows) {
            boolean expected = w[0] >= 0 && w[1] < ledger.issued() && model.nextClearBit((int) w[0]) > w[1];
            assertThat(ledger.allCompleted(w[0], w[1])).as("allCompleted(%d, %d)", w[0], w[1]).isEqualTo(expected);
        }
    }

    /** A plain comparison first: this runs hundreds of millions of times per test. */
    private static void sameAnswer(CompletionLedger ledger, BitSet model, long s) {
        boolean expected = s >= 0 && model.get((int) s);
        if (ledger.isCompleted(s) != expected) {
            assertThat(ledger.isCompleted(s)).as("isCompleted(%d) of %s", s, ledger).isEqualTo(expected);
        }
    }

    private static long copiedSends(List<long[]> ranges) {
        return ranges.stream().filter(r -> r[2] == 1).mapToLong(r -> r[1] - r[0] + 1).sum();
    }

    @Test
    void anyShuffledPartitionCompletesExactlyOnce() {
        qt().withExamples(200).forAll(plans(5000, 200)).checkAssert(plan -> {
            CompletionLedger ledger = deliver(plan, plan.ranges(), true);
            assertThat(ledger.issued()).isEqualTo(plan.sends());
            assertThat(ledger.completed()).isEqualTo(plan.sends());
            assertThat(ledger.outstanding()).isZero();
            assertThat(ledger.copied()).isEqualTo(copiedSends(plan.ranges()));
            assertThat(ledger.notifications()).isEqualTo(plan.ranges().size());
            assertThat(ledger.copiedNotifications()).isEqualTo(plan.ranges().stream().filter(r -> r[2] == 1).count());
            assertThat(ledger.duplicates()).isZero();
            assertThat(ledger.unknown()).isZero();
            try {
                ledger.verifyComplete();
            } catch (ZeroCopyAccountingException e) {
                throw new AssertionError(plan + ": " + e.getMessage(), e);
            }
        });
    }

    @Test
    void manySmallRangesInAnyOrder() {
        // Every send its own notification or nearly: the out-of-order set grows and shrinks the most.
        qt().withExamples(100).forAll(plans(5000, 5000)).checkAssert(plan -> {
            CompletionLedger ledger = deliver(plan, plan.ranges(), plan.ranges().size() <= 200);
            assertThat(ledger.completed()).isEqualTo(plan.sends());
            assertThat(ledger.copied()).isEqualTo(copiedSends(plan.ranges()));
            assertThat(ledger.allCompleted(0, plan.sends() - 1)).isTrue();
        });
    }

    @Test
    void droppedRangeIsReportedAsTheFirstMissingSequence() {
        qt().withExamples(200).forAll(plans(5000, 200), integers().allPositive()).checkAssert((plan, pick) -> {
            List<long[]> ranges = new ArrayList<>(plan.ranges());
            long[] dropped = ranges.remove(pick % ranges.size());
            CompletionLedger ledger = deliver(plan, ranges, false);
            while (ledger.issued() < plan.sends()) {
                ledger.issue(); // the dropped range may have been the last one
            }
            long missing = dropped[1] - dropped[0] + 1;
            assertThat(ledger.completed()).isEqualTo(plan.sends() - missing);
            assertThat(ledger.outstanding()).isEqualTo(missing);
            assertThat(ledger.isCompleted(dropped[0])).isFalse();
            assertThat(ledger.allCompleted(dropped[0], dropped[1])).isFalse();
            assertThatThrownBy(ledger::verifyComplete).isInstanceOf(ZeroCopyAccountingException.class)
                    .hasMessageContaining(missing + " of " + plan.sends() + " sends never completed, in 1 gap(s),"
                            + " first missing sequence " + dropped[0] + " (kernel id "
                            + Integer.toUnsignedString(kernelId(plan, dropped[0])) + ")");
        });
    }

    @Test
    void rangeDeliveredTwiceCountsDuplicates() {
        qt().withExamples(200).forAll(plans(5000, 200), integers().allPositive()).checkAssert((plan, pick) -> {
            List<long[]> ranges = new ArrayList<>(plan.ranges());
            long[] twice = ranges.get(pick % ranges.size());
            ranges.add(pick % (ranges.size() + 1), twice); // anywhere: delivery order is free
            CompletionLedger ledger = deliverAllowingRepeats(plan, ranges);
            assertThat(ledger.duplicates()).isEqualTo(twice[1] - twice[0] + 1);
            assertThat(ledger.completed()).isEqualTo(plan.sends());
            assertThat(ledger.unknown()).isZero();
            assertThatThrownBy(ledger::verifyComplete).isInstanceOf(ZeroCopyAccountingException.class)
                    .hasMessageContaining("duplicates " + (twice[1] - twice[0] + 1))
                    .hasMessageContaining("[lo=" + Integer.toUnsignedString(kernelId(plan, twice[0])) + ", hi="
                            + Integer.toUnsignedString(kernelId(plan, twice[1])) + "]")
                    .hasMessageNotContaining("never completed");
        });
    }

    private static CompletionLedger deliverAllowingRepeats(Plan plan, List<long[]> ranges) {
        CompletionLedger ledger = CompletionLedger.startingAt(plan.firstKernelId());
        BitSet model = new BitSet();
        for (long[] range : ranges) {
            while (ledger.issued() <= range[1]) {
                ledger.issue();
            }
            ledger.complete(kernelId(plan, range[0]), kernelId(plan, range[1]), range[2] == 1);
            model.set((int) range[0], (int) range[1] + 1);
            for (long s = range[0] - 1; s <= range[1] + 1; s++) {
                sameAnswer(ledger, model, s);
            }
        }
        return ledger;
    }

    @Test
    void rangeBeyondTheIssuedSendsIsUnknown() {
        qt().withExamples(200).forAll(plans(5000, 200), integers().between(1, 100), integers().between(0, 100))
                .checkAssert((plan, extra, overlap) -> {
                    CompletionLedger ledger = deliver(plan, plan.ranges(), false);
                    // A range reaching `extra` ids past the last issued send, starting up to `overlap` before it.
                    long from = Math.max(0, plan.sends() - overlap);
                    long to = plan.sends() - 1 + extra;
                    ledger.complete(kernelId(plan, from), kernelId(plan, to), false);
                    assertThat(ledger.unknown()).isEqualTo((long) extra);
                    assertThat(ledger.duplicates()).isEqualTo(plan.sends() - from);
                    assertThat(ledger.completed()).isEqualTo(plan.sends());
                    assertThat(ledger.isCompleted(plan.sends())).isFalse();
                    assertThatThrownBy(ledger::verifyComplete).isInstanceOf(ZeroCopyAccountingException.class)
                            .hasMessageContaining("unknown " + extra).hasMessageContaining("never issued");
                });
    }
}
