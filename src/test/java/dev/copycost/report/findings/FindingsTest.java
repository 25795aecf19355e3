package dev.copycost.report.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.copycost.report.TestRows;
import dev.copycost.report.results.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FindingsTest {
    private static final int[] SIZES = {64, 512, 4096, 65536};
    private static final int[] THREADS = {1, 2, 4, 8};
    private static final Map<Integer, Double> BASE = Map.of(64, 1.0, 512, 5.0, 4096, 20.0, 65536, 60.0);
    /** Total throughput rises to 4 connections and falls clearly at 8. */
    private static final Map<Integer, Double> SCALE = Map.of(1, 1.0, 2, 1.8, 4, 2.5, 8, 1.2);
    /** Per strategy, the multiplier over send at each size; ±5 % ranges make the crossovers known. */
    private static final Map<String, double[]> SHAPE = Map.of(
            "send", new double[] {1, 1, 1, 1},
            "copy-send", new double[] {1.3, 1.1, 0.9, 0.8},
            "sendmsg", new double[] {1.02, 1.05, 1.5, 1.3},
            "zerocopy", new double[] {0.5, 0.6, 0.9, 1.2},
            "nio-gather", new double[] {0.9, 0.9, 0.9, 0.9});

    /** The full default matrix with the shapes above; {@code tweak} may change any row's builder. */
    static List<ResultRow> matrix(long copied, Consumer<TestRows.Row> tweak) {
        List<ResultRow> rows = new ArrayList<>();
        SHAPE.forEach((strategy, shape) -> {
            for (int i = 0; i < SIZES.length; i++) {
                for (int t : THREADS) {
                    double median = BASE.get(SIZES[i]) * SCALE.get(t) * shape[i];
                    TestRows.Row r = TestRows.Row.of(strategy, SIZES[i], t).gbps(median * 0.95, median, median * 1.05);
                    r.senderCpu = 100.0 / SIZES[i] + 0.2;
                    r.involuntary = t * 10;
                    if (strategy.equals("zerocopy")) {
                        r.zeroCopy(1000, copied, 100);
                    }
                    tweak.accept(r);
                    rows.add(r.build());
                }
            }
        });
        return rows;
    }

    private static Findings deferred() {
        return Findings.from(matrix(1000, r -> { }), TestRows.ENV);
    }

    private static Findings real() {
        return Findings.from(matrix(0, r -> { }), TestRows.ENV);
    }

    @Test
    void crossoversAreComputedFromTheRows() {
        Findings f = deferred();

        assertThat(f.crossover("sendmsg", "send", 1).text()).startsWith("sendmsg beats send from 4 KiB on");
        assertThat(f.crossover("zerocopy", "send", 2).text()).startsWith("zerocopy beats send from 64 KiB on");
        assertThat(f.crossover("zerocopy", "sendmsg", 4).text()).startsWith("no crossover shown within the tested sizes: sendmsg ahead at 64 B–4 KiB")
                .contains("ranges overlap at 64 KiB");
        assertThat(f.crossover("sendmsg", "nio-gather", 8).text()).contains("at every tested size");
        assertThat(f.crossover("copy-send", "send", 1).text()).startsWith("send overtakes copy-send from 4 KiB on (send/copy-send 1.11× [1.01–1.23], range over windows): copy-send was last ahead at 64 B, so the reversal lies in (64 B, 4 KiB]")
                .contains("copy-send ahead at 64 B (1.3× [1.18–1.44]; range over windows)")
                .contains("send ahead at 4 KiB–64 KiB");
        assertThat(f.crossovers()).contains("### sendmsg vs send").contains("### copy-send vs send")
                .contains("| 8 | sendmsg beats send from 4 KiB on (1.5× [1.36–1.66], range over windows), so the crossover "
                        + "lies at or below 4 KiB").contains("ranges overlap at 64 B–512 B")
                .contains("zerocopy beats send from 64 KiB on (1.2× [1.09–1.33], range over windows), so the crossover "
                        + "lies in (4 KiB, 64 KiB]");
    }

    @Test
    void theMarkdownNeverClaimsDma() {
        for (Findings f : List.of(deferred(), real())) {
            assertThat(Pattern.compile("\\bDMA\\b", Pattern.CASE_INSENSITIVE).matcher(f.markdown()).find()).isFalse();
        }
    }

    @Test
    void aFullyCopiedLedgerIsCalledDeferredAndNeverRealZeroCopy() {
        Findings f = deferred();

        assertThat(f.zeroCopyVerdict()).contains("deferred copy, not zero-copy").contains("skb_orphan_frags_rx")
                .contains("100 %");
        assertThat(f.markdown()).doesNotContainIgnoringCase("real zero-copy");
        assertThat(f.analysisQuestions()).contains("did not get there by avoiding a copy");
    }

    @Test
    void anUncopiedLedgerIsRealZeroCopy() {
        Findings f = real();

        assertThat(f.zeroCopyVerdict()).contains("zero-copy as far as the kernel reported").doesNotContain("deferred copy");
        assertThat(f.measurementConditions()).noneMatch(c -> c.startsWith("zero-copy"));
    }

    @Test
    void aPartlyCopiedLedgerSaysSo() {
        assertThat(Findings.from(matrix(400, r -> { }), TestRows.ENV).zeroCopyVerdict())
                .contains("partly deferred copy: 40 %").contains("an estimate");
    }

    @Test
    void aPartlyCopiedShareOfOnePointIsAnEstimate() {
        assertThat(ZeroCopyFindings.meaning(0.4, 0)).contains("40 %").contains("an estimate")
                .contains("merges adjacent completion ranges");
    }

    @Test
    void everyAnalysisQuestionIsMarkedWithTheHostAndItsEvidence() {
        String md = deferred().analysisQuestions();

        for (int q = 1; q <= 6; q++) {
            assertThat(md).contains("### Q" + q + ". " + AnalysisQuestions.QUESTIONS.get(q - 1));
        }
        assertThat(count(md, "*Measured on:* kernel 6.1.0-test, Test CPU 9000, 4 logical CPUs")).isEqualTo(6);
        assertThat(count(md, "*Evidence:* ")).isEqualTo(6);
    }

    @Test
    void cacheLevelsAreNotClaimedWithoutCacheCounters() {
        String md = deferred().analysisQuestions();
        String q2 = md.substring(md.indexOf("### Q2"), md.indexOf("### Q3"));

        assertThat(q2).contains("cannot tell").contains("ENOENT (no PMU)").contains("L1-dcache-load-misses")
                .contains("cannot separate L1, L2 and LLC");
    }

    @Test
    void evenWithCacheMissesTheCacheLevelStaysOpen() {
        Findings f = Findings.from(matrix(1000, r -> r.cacheMisses = 1e6), TestRows.ENV);
        String md = f.analysisQuestions();
        String q2 = md.substring(md.indexOf("### Q2"), md.indexOf("### Q3"));

        assertThat(q2).contains("Only the generic cache-misses event").contains("stays open")
                .contains("cannot separate L1, L2 and LLC");
    }

    @Test
    void theCacheMissesEventIsNamedPerVendorNeverAssumedLastLevel() {
        // issue 16, item 6: on AMD Zen the kernel maps cache-misses to an L2 miss event
        for (String model : List.of("AMD EPYC 7B13", "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", "Test CPU 9000")) {
            dev.copycost.report.results.EnvironmentFacts env = withModel(model);
            String md = Findings.from(matrix(1000, r -> r.cacheMisses = 1e6), env).analysisQuestions();
            String q2 = md.substring(md.indexOf("### Q2"), md.indexOf("### Q3"));

            assertThat(q2).as(model).contains("vendor-specific").doesNotContain("usually counting last-level");
            if (model.startsWith("AMD")) {
                assertThat(q2).contains("this host's CPU is AMD").contains("0x0964")
                        .contains("l2_cache_req_stat.ic_dc_miss_in_l2").contains("an L2 miss event");
            } else if (model.startsWith("Intel")) {
                assertThat(q2).contains("this host's CPU is Intel").contains("0x412e")
                        .contains("LONGEST_LAT_CACHE.MISS");
            } else {
                assertThat(q2).contains("the CPU vendor is not known from the model name (Test CPU 9000)");
            }
        }
    }

    private static dev.copycost.report.results.EnvironmentFacts withModel(String model) {
        dev.copycost.report.results.EnvironmentFacts e = TestRows.ENV;
        return new dev.copycost.report.results.EnvironmentFacts(e.kernel(), model, e.cores(), e.jdk(), e.optmemMax(),
                e.memlockLimit(), e.perfEventParanoid(), e.counters(), e.counterMode(), e.counterEvents(),
                e.cpuGovernor(), e.virtualisation(), e.hostname(), e.ci(), e.timestamp());
    }

    @Test
    void theUnexpectedResultIsTheComputedThroughputDropAtMoreThreads() {
        String md = deferred().analysisQuestions();
        String q6 = md.substring(md.indexOf("### Q6"));

        // every strategy falls from 2.5× to 1.2×; the first listed is reported, with the cores and switches
        assertThat(q6).contains("More connections, less total throughput").contains("with 8 connections")
                .contains("with 4 (0.48×").contains("on 4 core(s)").contains("rose (80 → 160)");
    }

    @Test
    void aDropWithoutMorePreemptionsGivesWayToTheExplainedZeroCopyResult() {
        Findings f = Findings.from(matrix(1000, r -> r.involuntary = 100.0 / r.threads), TestRows.ENV);
        String q6 = f.analysisQuestions().substring(f.analysisQuestions().indexOf("### Q6"));

        assertThat(q6).contains("Asking the kernel not to copy made it copy later").contains("skb_orphan_frags_rx")
                .doesNotContain("More connections");
    }

    @Test
    void q6GivesTheDocumentedReasonLoopbackCopiesNotACircularOne() {
        // issue 16, item 3: the kernel copies because a local receiver may never read, and an unbounded
        // notification latency is not acceptable; not because the queue "must not hold" the pages
        Findings f = Findings.from(matrix(1000, r -> r.involuntary = 100.0 / r.threads), TestRows.ENV);
        String q6 = f.analysisQuestions().substring(f.analysisQuestions().indexOf("### Q6"));

        assertThat(q6).contains("can be queued indefinitely if the receiving process does not read its socket")
                .contains("an unbounded notification latency is not acceptable")
                .contains("rather than hold the completion until the receiving application reads")
                .contains("copies the pinned user pages before the data is queued at the receiving socket "
                        + "(skb_orphan_frags_rx)")
                .doesNotContain("must not hold pages the sender is free to overwrite");
        assertThat(f.zeroCopyVerdict()).contains("an unbounded notification latency is not acceptable");
        assertThat(ZeroCopyFindings.meaning(0.995, 0)).contains("can be queued indefinitely");
    }

    @Test
    void aDropTheDataCannotExplainIsReportedAsUnexplained() {
        Findings f = Findings.from(matrix(0, r -> r.involuntary = 100.0 / r.threads), TestRows.ENV);
        String q6 = f.analysisQuestions().substring(f.analysisQuestions().indexOf("### Q6"));

        assertThat(q6).contains("More connections, less total throughput").contains("did not rise (50 → 25)")
                .contains("does not identify its cause").doesNotContain("OS reading");
    }

    @Test
    void oneCopyVersusTwoCopySaysWhatSendReallyDoes() {
        String md = deferred().analysisQuestions();
        String q4 = md.substring(md.indexOf("### Q4"), md.indexOf("### Q5"));

        assertThat(q4).contains("1, 2, 4, 8 connection(s): sendmsg beats send from 4 KiB on").contains("number of system calls");
    }

    @Test
    void bestThreadsNamesTheWinnerItsGainAndTheCores() {
        String md = deferred().bestThreads();

        assertThat(md).contains("The host has 4 logical CPU(s)").contains("from 3 connection(s) on they outnumber the CPUs")
                .contains("| sendmsg | 64 KiB | 4 | 195 [185–205] | 2.5× [2.26–2.76] vs 1 connection(s) | 2 connection(s), 140 (clearly behind) |");
    }

    /** Review of issue 16: "sendmsg 2 (1.19× [0.82–1.73], tie)" read as if 2 connections were best. */
    @Test
    void aGainThatSpansOneAndAnOverlappingRunnerUpAreNotCalledBest() {
        ThreadScaling.Best b = new ThreadScaling.Best("sendmsg", 65536,
                dev.copycost.report.TestRows.Row.of("sendmsg", 65536, 2).trials(9, 12, 15).build(),
                dev.copycost.report.TestRows.Row.of("sendmsg", 65536, 1).trials(8, 10, 13).build(),
                java.util.Optional.of(dev.copycost.report.TestRows.Row.of("sendmsg", 65536, 4).trials(8, 11, 14).build()));

        assertThat(b.phrase()).startsWith("2 (gain ").contains(", undecided; not separated from 4)");
    }

    @Test
    void costPerByteTablesBothSidesAndSaysWhenCyclesAreMissing() {
        String md = deferred().costPerByte();

        assertThat(md).contains("| sendmsg | 64 B | 1.76 / 1.2 |").contains("No cycles per byte")
                .contains("ENOENT (no PMU)").contains("sender CPU per byte at 64 B is 8.75× that at 64 KiB");
    }

    @Test
    void theSeedTableNamesBothHostsAndComputesRatiosFromThisRun() {
        String md = deferred().seedComparison();

        assertThat(md).contains("Intel desktop, Ubuntu 22.04").contains("single run")
                .contains("kernel 6.1.0-test, Test CPU 9000, 4 logical CPUs")
                // sendmsg 64 KiB × 1 is 60 × 1.3 = 78 Gbps here, 75.6 in the seed
                .contains("| A2 | sendmsg | 64 KiB | 1 | 75.6 | 78 [74.1–81.9] | 1.03× |")
                .contains("information only");
    }

    @Test
    void theSummaryHasFiveToEightBullets() {
        String summary = deferred().summary();

        assertThat(count(summary, "\n- ")).isBetween(5, 8);
        assertThat(summary).contains("80 points").contains("Fastest at 64 B with 1 connection(s): copy-send");
    }

    @Test
    void measurementConditionsNameWhatLimitsTheData() {
        Findings f = Findings.from(matrix(1000, r -> r.noisy = r.size == 64), TestRows.ENV);

        assertThat(f.measurementConditions()).contains("counters unavailable: cycles (ENOENT (no PMU))",
                "zero-copy deferred to copy: copied share 100 %", "noisy points: 20")
                .anyMatch(c -> c.startsWith("virtual machine"));
    }

    @Test
    void anEmptyOrPartialRunStillGivesAReport() {
        assertThatCode(() -> Findings.from(List.of(), TestRows.ENV).markdown()).doesNotThrowAnyException();
        Findings one = Findings.from(List.of(TestRows.row("sendmsg", 4096, 1, 9, 10, 11)), TestRows.ENV);

        assertThat(one.markdown()).contains("Not both measured").contains("zerocopy was not measured");
        assertThat(one.measurementConditions()).noneMatch(c -> c.startsWith("zero-copy"));
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
