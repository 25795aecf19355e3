package dev.copycost.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.calibration.CalibrationResults;
import dev.copycost.calibration.Iperf3;
import dev.copycost.report.charts.ChartImage;
import dev.copycost.report.charts.Charts;
import dev.copycost.report.findings.Findings;
import dev.copycost.report.findings.HarnessEfficiency;
import dev.copycost.report.findings.RunOverRun;
import dev.copycost.report.findings.VerdictAgreement;
import dev.copycost.report.results.ComparisonRow;
import dev.copycost.report.results.ComparisonsTable;
import dev.copycost.report.results.CpuAttributionRow;
import dev.copycost.report.results.ProfileRun;
import dev.copycost.report.results.ResultRow;
import dev.copycost.report.results.ResultsTable.ResultsFile;
import dev.copycost.report.results.ResultsTable;
import dev.copycost.report.results.RunMethod;
import dev.copycost.statistics.Verdict;
import io.qameta.allure.Allure;
import io.qameta.allure.Description;
import io.qameta.allure.Epic;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The findings document: reads the matrix' results.json and puts into the Allure report the full
 * results table, every chart, and the conclusions computed from the data, each as a named test so
 * the report's "Findings" suite reads top to bottom. Runs after the matrix ({@code @Order(100)},
 * class order from junit-platform.properties), in the same Failsafe run.
 */
@Epic("Findings")
@DisplayName("Findings")
@Order(100)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FindingsIT {
    private static final Path OUTPUT = Path.of(System.getProperty("copycost.output.dir", "target/copycost"));
    private static final Path RESULTS_JSON = OUTPUT.resolve("results.json");
    private static ResultsFile results;

    @BeforeAll
    static void readResults() {
        // A missing file is reported by each test (with the path), not as one opaque class failure.
        if (Files.isRegularFile(RESULTS_JSON)) {
            results = ResultsTable.read(RESULTS_JSON);
        }
    }

    @Test
    @Order(1)
    @DisplayName("Results table")
    @Description("Every point of the matrix as one row.")
    void resultsTable() {
        List<ResultRow> rows = rows();
        // Shown open at the top of the test: the people-sized table; the CSV holds every column.
        Allure.description(ResultsTable.toMarkdown(rows));
        Allure.step("Attach the results table", () -> {
            Allure.addAttachment("Results table (CSV)", "text/csv", ResultsTable.toCsv(rows), ".csv");
            Allure.addAttachment("Results table", "text/markdown", ResultsTable.toMarkdown(rows), ".md");
        });
        if (!results.failures().isEmpty()) {
            Allure.step("Attach the points that failed", () -> Allure.addAttachment("Failed points", "text/plain",
                    String.join("\n", results.failures().stream().map(Object::toString).toList()), ".txt"));
        }
        Allure.step("Every row names a strategy, a size, a thread count and its repetitions", () ->
                assertThat(rows).allSatisfy(r -> {
                    assertThat(r.strategy()).isNotBlank();
                    assertThat(r.size()).isPositive();
                    assertThat(r.threads()).isPositive();
                    assertThat(r.repetitions()).isPositive();
                }));
    }

    @Test
    @Order(2)
    @DisplayName("Environment of the run")
    @Description("Kernel, CPU, JDK, socket and perf limits of the host the numbers were measured on.")
    void environment() throws IOException {
        Map<String, String> facts = results().environment().asProperties();
        Allure.step("Attach the environment", () ->
                Allure.addAttachment("Environment", "text/markdown", ReportEnvironment.markdown(facts), ".md"));
        Allure.step("Write environment.properties (and executor.json in CI) for the report",
                () -> ReportEnvironment.write(facts));
        assertThat(facts).as("environment facts in results.json").isNotEmpty();
    }

    @Test
    @Order(3)
    @DisplayName("Conclusions")
    @Description("Computed from this run's rows, each with its uncertainty and the host it was measured on.")
    void conclusions() {
        rows();
        Findings findings = Findings.from(results);
        section("Summary", findings.summary());
        section("How these figures were measured", findings.method());
        section("Crossovers: the smallest size at which one strategy beats another", findings.crossovers());
        section("Placement: what where the threads run changes on its own", findings.placement());
        section("Best connection count per strategy", findings.bestThreads());
        section("Zero-copy: real or deferred to a copy", findings.zeroCopyVerdict());
        section("io_uring: what batching buys, and SEND_ZC beside MSG_ZEROCOPY", findings.uring());
        section("Where each copy happened: the CPU profiles", findings.cpuProfile());
        section("Cost per byte", findings.costPerByte());
        section("The six analysis questions", findings.analysisQuestions());
        section("The seed's reported points beside this run's", findings.seedComparison());
        String harness = harnessEfficiency();
        section("Harness efficiency", harness);
        String all = findings.markdown() + "\n" + harness;
        // The description is shown open at the top of the test; attachments open only on a click.
        Allure.description(all);
        Allure.addAttachment("Findings (all sections)", "text/markdown", all, ".md");
        write(OUTPUT.resolve("findings.md"), all);
        Allure.step("The findings mention every strategy measured", () ->
                assertThat(all).contains(strategies()));
    }

    @Test
    @Order(4)
    @DisplayName("Charts")
    @Description("Figures drawn from the results rows (PNG and SVG); throughput bars span each point's 95% interval over its trials.")
    void charts() throws IOException {
        List<ResultRow> rows = rows();
        boolean cycles = anyFinite(rows, ResultRow::cyclesPerByte);
        boolean cacheMisses = anyFinite(rows, ResultRow::cacheMissesPerByte);
        List<ChartImage> charts = new java.util.ArrayList<>(Charts.all(rows, cycles, cacheMisses));
        charts.addAll(Charts.cpuAttribution(results.attribution()));
        Path dir = freshDirectory(OUTPUT.resolve("charts"));
        for (ChartImage chart : charts) {
            Allure.step(chart.title(), () -> {
                Allure.addAttachment(chart.title(), "image/png", new ByteArrayInputStream(chart.png()), ".png");
                Allure.addAttachment(chart.title() + " (SVG)", "image/svg+xml", chart.svg(), ".svg");
                Files.write(dir.resolve(chart.name() + ".png"), chart.png());
                Files.writeString(dir.resolve(chart.name() + ".svg"), chart.svg());
                BufferedImage png = ImageIO.read(new ByteArrayInputStream(chart.png()));
                assertThat(png).as("%s decodes as a PNG", chart.name()).isNotNull();
                assertThat(png.getWidth() * png.getHeight()).as("%s pixels", chart.name()).isPositive();
            });
        }
        String note = Charts.unavailableNote(rows, cycles, cacheMisses);
        // Inline in the description too, so the figures show without opening each attachment.
        Allure.description(gallery(charts) + note);
        if (!note.isEmpty()) {
            Allure.step("Figures not drawn, and why", () ->
                    Allure.addAttachment("Figures not drawn", "text/markdown", note, ".md"));
        }
        assertThat(charts).extracting(ChartImage::name).as("charts drawn")
                .contains("throughput-vs-size", "sender-cpu-per-byte-vs-size");
    }

    /**
     * One passing test per measurement condition the findings name (counters unavailable, zero-copy
     * deferred, noisy points...), labelled {@code condition} so allurerc.mjs files each under its
     * category, apart from product defects.
     */
    @TestFactory
    @Order(5)
    @DisplayName("Measurement conditions")
    Stream<DynamicTest> measurementConditions() {
        rows();
        List<String> conditions = Findings.from(results).measurementConditions();
        if (conditions.isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("No measurement condition limits these findings", () -> { }));
        }
        return conditions.stream().map(c -> DynamicTest.dynamicTest(c, () -> {
            Allure.label("condition", c);
            Allure.description(c);
        }));
    }

    @Test
    @Order(6)
    @DisplayName("Paired comparisons")
    @Description("Every pair of strategies in every block: the ratio of throughput per round, its 95% interval and the verdict.")
    void pairedComparisons() {
        rows();
        List<ComparisonRow> comparisons = results.comparisons();
        Allure.description(ComparisonsTable.markdown(comparisons));
        Allure.addAttachment("comparisons.csv", "text/csv", ComparisonsTable.csv(comparisons), ".csv");
        assertThat(comparisons).as("paired comparisons in %s", RESULTS_JSON).isNotEmpty();
        double margin = results.method().equivalence();
        Allure.step("Every verdict follows from its interval and the equivalence margin", () ->
                assertThat(comparisons).allSatisfy(c -> {
                    assertThat(Verdict.of(c.interval(), margin).word()).as(c.toString()).isEqualTo(c.verdict());
                    assertThat(c.ratio()).as("estimate inside its interval: %s", c).isBetween(c.ciLow(), c.ciHigh());
                    assertThat(c.rounds()).as("rounds of %s", c).isGreaterThanOrEqualTo(results.method().minRounds());
                }));
    }

    /**
     * The CPU attribution of the profiled windows: shares that add up, a frame table that names nearly
     * everything, a flame graph per profile, and, at 64 KiB × 1 on loopback where the kernel could be
     * seen, each copy where a kernel engineer expects it.
     */
    @Test
    @Order(8)
    @DisplayName("CPU attribution")
    @Description("cpu-attribution.csv: every profiled point's samples by category, sender and receiver apart.")
    void cpuAttribution() throws IOException {
        rows();
        ProfileRun run = results.profile();
        org.junit.jupiter.api.Assumptions.assumeTrue(run != null && run.enabled() && run.available(),
                () -> run == null ? "no profile recorded" : "no profile: " + run.reason());
        List<CpuAttributionRow> rows = results.attribution();
        Path csv = OUTPUT.resolve(ResultsTable.ATTRIBUTION_FILE);
        Allure.addAttachment("cpu-attribution.csv", "text/csv", Files.readString(csv), ".csv");
        assertThat(rows).as("attribution rows in %s", RESULTS_JSON).isNotEmpty();
        Map<String, List<CpuAttributionRow>> byRole = rows.stream().collect(java.util.stream.Collectors.groupingBy(
                r -> r.topology() + " " + r.strategy() + " " + r.size() + " × " + r.threads() + " " + r.role() + " "
                        + r.event()));
        Allure.step("The shares of every point and role sum to 1, and the table names all but a third", () ->
                byRole.forEach((point, cats) -> {
                    assertThat(cats.stream().mapToDouble(CpuAttributionRow::share).sum()).as(point)
                            .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
                    assertThat(share(cats, "other")).as("%s: other", point).isLessThan(1.0 / 3);
                }));
        Allure.step("Every profile has its flame graph and collapsed stacks", () ->
                assertThat(results.profiles()).allSatisfy(p -> {
                    if (p.failure().isEmpty()) {
                        assertThat(OUTPUT.resolve(p.flameGraph())).as("flame graph of %s", p.strategy()).isRegularFile();
                        assertThat(OUTPUT.resolve(p.collapsed())).as("stacks of %s", p.strategy()).isRegularFile();
                    }
                }));
        boolean kernelSeen = !run.events().contains("itimer") && results.profiles().stream()
                .noneMatch(p -> p.limitations().stream().anyMatch(l -> l.contains("no kernel frames")));
        if (!kernelSeen) {
            Allure.description("The kernel could not be seen here, so the copies are not checked: "
                    + String.join("; ", run.limitations()));
            return;
        }
        Allure.step("At 64 KiB × 1 on loopback each copy is where it belongs", () -> {
            at(rows, "sendmsg", "sender").ifPresent(c -> {
                assertThat(share(c, "copy-to-kernel")).as("sendmsg: sender copy into the kernel").isGreaterThanOrEqualTo(0.05);
                assertThat(share(c, "deferred-copy")).as("sendmsg: no deferred copy").isZero();
            });
            at(rows, "zerocopy", "sender").ifPresent(c -> {
                assertThat(share(c, "deferred-copy")).as("zerocopy: deferred copy").isGreaterThanOrEqualTo(0.05);
                assertThat(share(c, "copy-to-kernel")).as("zerocopy: no copy at send time").isZero();
                assertThat(share(c, "page-pinning")).as("zerocopy: page pinning").isPositive();
            });
            at(rows, "copy-send", "sender").ifPresent(c ->
                    assertThat(share(c, "user-copy")).as("copy-send: its own memcpy").isPositive());
            for (String s : List.of("copy-send", "sendmsg", "zerocopy")) {
                at(rows, s, "receiver").ifPresent(c ->
                        assertThat(share(c, "copy-to-user")).as("%s: receiver copy out", s).isPositive());
            }
        });
    }

    private static java.util.Optional<List<CpuAttributionRow>> at(List<CpuAttributionRow> rows, String strategy,
            String role) {
        List<CpuAttributionRow> point = rows.stream().filter(r -> r.cpuTime() && r.topology().equals("loopback")
                && r.size() == 65536 && r.threads() == 1 && r.strategy().equals(strategy) && r.role().equals(role)).toList();
        return point.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(point);
    }

    private static double share(List<CpuAttributionRow> rows, String category) {
        return rows.stream().filter(r -> r.category().equals(category)).mapToDouble(CpuAttributionRow::share).sum();
    }

    /**
     * This run against a baseline: {@code -Dcopycost.baseline=PATH}, or else the last run on this
     * machine when it measured the same points. Passes with a sentence saying so when there is none.
     */
    @Test
    @Order(7)
    @DisplayName("Run over run")
    @Description("Each point of this run against the same point of a baseline run, with a 95% interval.")
    void runOverRun() throws IOException {
        List<ResultRow> now = rows();
        Optional<Baseline> baseline = Baseline.find(now);
        if (baseline.isEmpty()) {
            Allure.description("No baseline: none given with -Dcopycost.baseline=PATH, and no earlier run of the same "
                    + "matrix on this machine in " + Baseline.history() + ".");
            return;
        }
        List<RunOverRun.PointChange> changes = RunOverRun.compare(now, baseline.get().results().rows(),
                results.method().equivalence());
        String md = RunOverRun.markdown(changes, baseline.get().name()) + "\n### Do the comparisons agree?\n\n"
                + VerdictAgreement.of(results.comparisons(), baseline.get().results().comparisons()).markdown();
        Allure.description(md);
        Allure.addAttachment("run over run", "text/markdown", md, ".md");
        write(OUTPUT.resolve("baseline.csv"), RunOverRun.csv(changes));
        Path findings = OUTPUT.resolve("findings.md");
        if (Files.isRegularFile(findings)) {
            Files.writeString(findings, "\n" + md, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        assertThat(changes).as("points measured in both runs").isNotEmpty()
                .allSatisfy(c -> assertThat(Verdict.of(c.ratio(), results.method().equivalence())).isEqualTo(c.verdict()));
    }

    /** Keeps this run's results for the next run to compare with, once the findings are done. */
    @AfterAll
    static void keepForTheNextRun() throws IOException {
        if (results != null && !results.rows().isEmpty()) {
            Files.createDirectories(Baseline.history());
            Files.copy(RESULTS_JSON, Baseline.history().resolve(Baseline.LAST), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The run this one is compared with, and how the report names it. */
    private record Baseline(ResultsFile results, String name) {
        static final String LAST = "last-results.json";

        static Path history() {
            return Path.of(System.getProperty("copycost.history", ".copycost-history"));
        }

        static Optional<Baseline> find(List<ResultRow> now) {
            String given = System.getProperty("copycost.baseline", "").trim();
            if (!given.isEmpty()) {
                return Optional.of(new Baseline(ResultsTable.read(Path.of(given)), "the baseline " + given));
            }
            Path last = history().resolve(LAST);
            if (Files.isRegularFile(last)) {
                ResultsFile before = ResultsTable.read(last);
                // the same points measured the same way: same placement and trial lengths
                RunMethod nowMethod = FindingsIT.results.method();
                boolean sameMethod = before.method() != null && nowMethod != null
                        && before.method().placement().equals(nowMethod.placement())
                        && before.method().warmup().equals(nowMethod.warmup())
                        && before.method().duration().equals(nowMethod.duration());
                if (sameMethod && RunOverRun.sameMatrix(now, before.rows())) {
                    return Optional.of(new Baseline(before, "the last run of the same matrix on this machine ("
                            + before.environment().timestamp() + ")"));
                }
            }
            return Optional.empty();
        }
    }

    private static String gallery(List<ChartImage> charts) {
        StringBuilder md = new StringBuilder();
        for (ChartImage c : charts) {
            md.append("![").append(c.title()).append("](data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(c.png())).append(")\n\n");
        }
        return md.toString();
    }

    /** The calibration's section, from calibration.csv if the calibration ran. */
    private static String harnessEfficiency() {
        try {
            return new HarnessEfficiency(CalibrationResults.read(OUTPUT), results.attribution(),
                    results.method().equivalence(), Iperf3.unavailableReason()).markdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void section(String title, String markdown) {
        Allure.step(title, () -> {
            Allure.addAttachment(title, "text/markdown", markdown, ".md");
            assertThat(markdown).as(title).isNotBlank();
        });
    }

    private static ResultsFile results() {
        assertThat(RESULTS_JSON).as("results.json written by the matrix (run MatrixIT first)").isRegularFile();
        return results;
    }

    private static List<ResultRow> rows() {
        List<ResultRow> rows = results().rows();
        assertThat(rows).as("rows in %s", RESULTS_JSON).isNotEmpty();
        return rows;
    }

    private static String[] strategies() {
        return results.rows().stream().map(ResultRow::strategy).distinct().toArray(String[]::new);
    }

    private static boolean anyFinite(List<ResultRow> rows, ToDoubleFunction<ResultRow> f) {
        return rows.stream().mapToDouble(f).anyMatch(Double::isFinite);
    }

    /** Emptied first: a chart the previous run drew and this one cannot must not linger beside the new ones. */
    private static Path freshDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        return dir;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
