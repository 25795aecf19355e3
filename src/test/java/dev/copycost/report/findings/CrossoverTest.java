package dev.copycost.report.findings;

import static dev.copycost.report.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.copycost.report.findings.Crossover.Order;
import dev.copycost.report.findings.Crossover.Verdict;
import dev.copycost.report.results.ResultRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossoverTest {
    private static final int[] SIZES = {64, 512, 4096, 65536};

    /** Rows for A and B where A's range sits below, on top of, or above B's at each size. */
    private static RowIndex rows(Order... orders) {
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < orders.length; i++) {
            rows.add(row("send", SIZES[i], 1, 9, 10, 11));
            rows.add(switch (orders[i]) {
                case A_AHEAD -> row("sendmsg", SIZES[i], 1, 12, 13, 14);
                case B_AHEAD -> row("sendmsg", SIZES[i], 1, 6, 7, 8);
                case OVERLAP, EQUIVALENT -> row("sendmsg", SIZES[i], 1, 10.5, 11.5, 12.5);
            });
        }
        return new RowIndex(rows);
    }

    private static Crossover find(Order... orders) {
        return Crossover.find(rows(orders), "sendmsg", "send", 1);
    }

    @Test
    void aClearCrossoverIsTheSmallestSizeFromWhichABeatsBEverywhereAbove() {
        Crossover c = find(Order.B_AHEAD, Order.B_AHEAD, Order.A_AHEAD, Order.A_AHEAD);

        assertThat(c.verdict()).isEqualTo(Verdict.CROSSOVER);
        assertThat(c.size()).isEqualTo(4096);
        assertThat(c.text()).contains("from 4 KiB on").contains("1.3×").contains("the crossover lies in (512 B, 4 KiB]")
                .contains("send ahead at 64 B–512 B");
    }

    @Test
    void theRatioRangeComesFromTheOppositeEndsOfTheTwoRanges() {
        Crossover c = find(Order.B_AHEAD, Order.B_AHEAD, Order.A_AHEAD, Order.A_AHEAD);

        Crossover.Comparison at = c.at(4096).orElseThrow();
        assertThat(at.ratio()).isEqualTo(13.0 / 10.0);
        assertThat(at.ratioLow()).isEqualTo(12.0 / 11.0);
        assertThat(at.ratioHigh()).isEqualTo(14.0 / 9.0);
    }

    @Test
    void overlappingRangesShowNoCrossover() {
        Crossover c = find(Order.OVERLAP, Order.OVERLAP, Order.OVERLAP, Order.OVERLAP);

        assertThat(c.verdict()).isEqualTo(Verdict.NOT_DISTINGUISHABLE);
        assertThat(c.size()).isEqualTo(-1);
        assertThat(c.text()).startsWith("no crossover shown within the tested sizes: ranges overlap at 64 B–64 KiB");
    }

    @Test
    void aStrategyThatNeverWinsHasNoCrossoverWithinTheTestedSizes() {
        Crossover c = find(Order.B_AHEAD, Order.B_AHEAD, Order.B_AHEAD, Order.B_AHEAD);

        assertThat(c.verdict()).isEqualTo(Verdict.NOT_WITHIN_TESTED_SIZES);
        assertThat(c.text()).startsWith("not within the tested sizes").contains("send ahead at 64 B–64 KiB");
    }

    @Test
    void aLeadThatIsLostAtALargerSizeIsNotACrossover() {
        Crossover c = find(Order.B_AHEAD, Order.A_AHEAD, Order.A_AHEAD, Order.B_AHEAD);

        assertThat(c.verdict()).isEqualTo(Verdict.NOT_WITHIN_TESTED_SIZES);
        assertThat(c.text()).doesNotContain("from 512 B on").contains("sendmsg ahead at 512 B–4 KiB").contains("send ahead at 64 KiB");
    }

    @Test
    void aLeadThatFadesIntoNoiseAtTheLargestSizeIsNotACrossover() {
        Crossover c = find(Order.A_AHEAD, Order.A_AHEAD, Order.A_AHEAD, Order.OVERLAP);

        assertThat(c.verdict()).isEqualTo(Verdict.NOT_DISTINGUISHABLE);
    }

    @Test
    void aCrossoverAfterAnOverlapStartsWhereTheLeadBecomesPermanent() {
        Crossover c = find(Order.A_AHEAD, Order.OVERLAP, Order.A_AHEAD, Order.A_AHEAD);

        assertThat(c.verdict()).isEqualTo(Verdict.CROSSOVER);
        assertThat(c.size()).isEqualTo(4096);
    }

    @Test
    void aLeadAtEverySizeSaysTheCrossoverIsBelowTheTestedSizes() {
        Crossover c = find(Order.A_AHEAD, Order.A_AHEAD, Order.A_AHEAD, Order.A_AHEAD);

        assertThat(c.verdict()).isEqualTo(Verdict.AHEAD_AT_ALL_SIZES);
        assertThat(c.size()).isEqualTo(64);
        assertThat(c.text()).contains("at every tested size");
    }

    @Test
    void strategiesNotMeasuredTogetherGiveNoData() {
        RowIndex index = new RowIndex(List.of(row("send", 64, 1, 1, 2, 3), row("sendmsg", 64, 2, 1, 2, 3)));

        assertThat(Crossover.find(index, "sendmsg", "send", 1).verdict()).isEqualTo(Verdict.NO_DATA);
    }

    @Test
    void touchingRangesCountAsOverlap() {
        RowIndex index = new RowIndex(List.of(row("send", 64, 1, 9, 10, 11), row("sendmsg", 64, 1, 11, 12, 13)));

        assertThat(Crossover.find(index, "sendmsg", "send", 1).bySize().get(0).order()).isEqualTo(Order.OVERLAP);
    }

    @Test
    void anyReportedCrossoverHoldsAtItsSizeAndEveryLargerOneButNotJustBelow() {
        qt().forAll(lists().of(integers().between(0, 2)).ofSizeBetween(1, 4)).checkAssert(codes -> {
            Order[] orders = codes.stream().map(i -> Order.values()[i]).toArray(Order[]::new);
            Crossover c = find(orders);
            List<Crossover.Comparison> by = c.bySize();
            if (c.verdict() == Verdict.CROSSOVER || c.verdict() == Verdict.AHEAD_AT_ALL_SIZES) {
                int from = by.indexOf(c.at(c.size()).orElseThrow());
                assertThat(by.subList(from, by.size())).allMatch(x -> x.order() == Order.A_AHEAD);
                assertThat(from == 0 || by.get(from - 1).order() != Order.A_AHEAD).isTrue();
            } else {
                assertThat(by.get(by.size() - 1).order()).isNotEqualTo(Order.A_AHEAD);
            }
        });
    }
}
