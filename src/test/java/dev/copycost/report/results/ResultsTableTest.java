package dev.copycost.report.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copycost.report.TestPoints;
import dev.copycost.report.TestRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTableTest {
    /** The fixed columns of results.csv, in the order the project's requirements give them. */
    static final List<String> FIXED = List.of("strategy", "size", "threads", "topology", "repetitions", "gbps_median",
            "gbps_min", "gbps_max", "cv", "noisy", "msgs_per_s", "sender_cpu_ns_per_byte", "receiver_cpu_ns_per_byte",
            "sender_ctx_switches", "receiver_ctx_switches", "cycles", "instructions", "cache_misses", "zc_issued",
            "zc_completed", "zc_copied", "zc_notifications", "enobufs", "verified_messages", "corrupt_messages",
            "sender_alloc_bytes_per_msg", "gc_in_window");

    @TempDir
    Path dir;

    private static ResultsTable table() {
        ResultsTable t = new ResultsTable();
        t.add(TestPoints.zeroCopyAllCopied());
        t.add(TestPoints.sendmsg(10, 12, 11));
        t.addFailure(new FailedPoint("send", 64, 8, "receiver 3 saw a corrupt field"));
        return t;
    }

    @Test
    void pointsOfTheSameStrategySizeAndThreadsStayApartByTopology(@TempDir Path dir) {
        ResultsTable t = new ResultsTable();
        TestRows.Row netns = TestRows.Row.of("sendmsg", 4096, 1).gbps(1, 2, 3);
        netns.topology = "netns";
        t.add(TestRows.Row.of("sendmsg", 4096, 1).gbps(4, 5, 6).build());
        t.add(netns.build());
        t.addFailure(new FailedPoint("send", 4096, 1, "agent at 169.254.1.2:1234 went away", "netns"));
        t.write(dir, null);

        ResultsTable.ResultsFile back = ResultsTable.read(dir.resolve(ResultsTable.JSON_FILE));
        assertThat(back.rows()).extracting(ResultRow::topology).containsExactly("loopback", "netns");
        assertThat(back.topologies()).containsExactly("loopback", "netns");
        assertThat(back.ofTopology("netns").rows()).extracting(ResultRow::gbpsMedian).containsExactly(2.0);
        assertThat(back.ofTopology("netns").failures()).extracting(FailedPoint::strategy).containsExactly("send");
        assertThat(back.ofTopology("loopback").failures()).isEmpty();
        assertThat(back.rows().get(1).label()).isEqualTo("sendmsg 4 KiB × 1 over netns");
    }

    @Test
    void csvStartsWithTheFixedColumnsInOrder() {
        String header = ResultsTable.toCsv(List.of()).lines().findFirst().orElseThrow();

        List<String> columns = List.of(header.split(","));
        assertThat(columns.subList(0, FIXED.size())).containsExactlyElementsOf(FIXED);
        assertThat(columns).doesNotHaveDuplicates().contains("copied_share", "cycles_per_byte");
    }

    @Test
    void unavailableCountersAreEmptyCellsInCsv() {
        List<String> lines = ResultsTable.toCsv(table().rows()).lines().toList();
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> sendmsg = List.of(lines.get(1).split(",", -1));

        assertThat(lines).hasSize(3);
        assertThat(sendmsg.get(0)).isEqualTo("sendmsg"); // sorted by strategy order, zerocopy after sendmsg
        assertThat(sendmsg).hasSameSizeAs(header);
        assertThat(sendmsg.get(header.indexOf("cycles"))).isEmpty();
        assertThat(sendmsg.get(header.indexOf("cache_misses"))).isEmpty();
        assertThat(sendmsg.get(header.indexOf("copied_share"))).isEmpty();
        assertThat(sendmsg.get(header.indexOf("gbps_median"))).matches("1[01]\\.\\d+");
        assertThat(lines.get(2)).doesNotContain("NaN");
    }

    @Test
    void csvQuotesCellsWithCommas() {
        assertThat(ResultsCsv.escape("kernel+user, user")).isEqualTo("\"kernel+user, user\"");
        assertThat(ResultsCsv.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ResultsCsv.escape("plain")).isEqualTo("plain");
    }

    @Test
    void jsonRoundTripKeepsEveryValueIncludingNaN() {
        ResultsTable t = table();
        t.write(dir, TestRows.ENV);

        ResultsTable.ResultsFile back = ResultsTable.read(dir.resolve("results.json"));

        assertThat(back.rows()).hasSize(2);
        // NaN must come back as NaN: compare doubles by Double.compare, under which NaN equals NaN
        RecursiveComparisonConfiguration exact = RecursiveComparisonConfiguration.builder()
                .withComparatorForType(Double::compare, Double.class).build();
        assertThat(back.rows()).usingRecursiveFieldByFieldElementComparator(exact).containsExactlyElementsOf(t.rows());
        assertThat(back.rows().get(0).cycles()).isNaN();
        assertThat(back.rows().get(0).perRepetition().get(0).senderCounters().get("cache-misses")).isNaN();
        assertThat(back.rows().get(1).copiedShare()).isEqualTo(1.0);
        assertThat(back.environment()).isEqualTo(TestRows.ENV);
        assertThat(back.failures()).containsExactly(new FailedPoint("send", 64, 8, "receiver 3 saw a corrupt field"));
    }

    @Test
    void jsonIsStrictJsonWithNullForUnavailable() throws IOException {
        table().write(dir, TestRows.ENV);
        String json = Files.readString(dir.resolve("results.json"));

        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode tree = new ObjectMapper().readTree(json); // a plain mapper: no non-numeric numbers allowed
        assertThat(tree.fieldNames()).toIterable().containsExactly("environment", "rows", "failures", "comparisons", "method", "receiverHosts",
                "profile", "profiles", "attribution");
        JsonNode first = tree.get("rows").get(0);
        assertThat(first.get("cycles").isNull()).isTrue();
        assertThat(first.get("gbpsPerRepetition")).hasSize(3);
        assertThat(first.get("perRepetition").get(0).get("gbps").isNumber()).isTrue();
        assertThat(first.has("label")).isFalse(); // helper methods are not data
    }

    @Test
    void nullForAPrimitiveNumberIsReadAsNaNNotZero() throws IOException {
        table().write(dir, TestRows.ENV);
        Path file = dir.resolve("results.json");
        Files.writeString(file, Files.readString(file).replaceFirst("\"gbpsMedian\" : [0-9.E+-]+", "\"gbpsMedian\" : null"));

        assertThat(ResultsTable.read(file).rows().get(0).gbpsMedian()).isNaN();
    }

    @Test
    void theSharedMapperWritesOneRowWithNullForUnavailable() throws IOException {
        JsonNode row = new ObjectMapper().readTree(
                ResultsTable.jsonMapper().writeValueAsString(ResultRow.from(TestPoints.sendmsg(10, 12, 11))));

        assertThat(row.get("cycles").isNull()).isTrue();
        assertThat(row.get("gbpsMedian").asDouble()).isBetween(10.0, 12.0);
    }

    @Test
    void writeReplacesBothFilesAndLeavesNoTemporaryFiles() throws IOException {
        ResultsTable t = new ResultsTable();
        t.add(TestPoints.sendmsg(10, 12, 11));
        t.write(dir.resolve("sub"), TestRows.ENV);
        t.add(TestPoints.zeroCopyAllCopied());
        t.write(dir.resolve("sub"), TestRows.ENV);

        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("results.csv", "results.json", "comparisons.csv");
        }
        assertThat(Files.readAllLines(dir.resolve("sub/results.csv"))).hasSize(3);
        assertThat(ResultsTable.read(dir.resolve("sub/results.json")).rows()).hasSize(2);
    }

    @Test
    void aPointMeasuredAgainReplacesItsFailure() {
        ResultsTable t = new ResultsTable();
        t.addFailure(new FailedPoint("sendmsg", 4096, 2, "stalled"));
        t.add(TestPoints.sendmsg(10, 12, 11));

        assertThat(t.failures()).isEmpty();
        assertThat(t.rows()).hasSize(1);
    }

    @Test
    void writingWhereAFileBlocksTheDirectoryFailsWithThePath() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");

        assertThatThrownBy(() -> table().write(blocker, TestRows.ENV))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("blocker");
    }

    @Test
    void markdownTableShowsRangesFlagsAndCopiedShare() {
        TestRows.Row builder = TestRows.Row.of("sendmsg", 4096, 1);
        builder.noisy = true;
        ResultRow noisy = builder.build();
        String md = ResultsTable.toMarkdown(List.of(noisy, ResultRow.from(TestPoints.zeroCopyAllCopied())));

        assertThat(md.lines()).hasSize(4);
        assertThat(md).contains("| sendmsg | 4 KiB | 1 | 10 [9–11] |").contains("**noisy**")
                .contains("| zerocopy | 64 KiB | 1 |").contains("100 %");
    }
}
