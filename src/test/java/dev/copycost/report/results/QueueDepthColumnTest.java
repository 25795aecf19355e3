package dev.copycost.report.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue depth is in results.csv and results.json, and an io_uring row reads back as written. */
class QueueDepthColumnTest {
    @Test
    void theDepthIsAColumnAndSurvivesTheRoundTrip(@TempDir Path dir) throws Exception {
        ResultRow deep = TestRows.Row.of("uring-zc-qd16", 4096, 2).zeroCopy(800, 800, 800).trials(9, 10, 11).build();
        ResultRow plain = TestRows.Row.of("sendmsg", 4096, 2).trials(9, 10, 11).build();
        ResultsTable table = new ResultsTable();
        table.add(deep);
        table.add(plain);
        table.write(dir, TestRows.ENV);

        List<String> csv = Files.readAllLines(dir.resolve(ResultsTable.CSV_FILE));
        List<String> header = List.of(csv.get(0).split(","));
        int column = header.indexOf("queue_depth");
        assertThat(column).as("queue_depth in " + header).isPositive();
        assertThat(csv.get(1).split(",")[0]).as("sendmsg first, in strategy order").isEqualTo("sendmsg");
        assertThat(csv.get(1).split(",")[column]).isEqualTo("0");
        assertThat(csv.get(2).split(",")[0]).isEqualTo("uring-zc-qd16");
        assertThat(csv.get(2).split(",")[column]).isEqualTo("16");
        assertThat(Files.readString(dir.resolve(ResultsTable.JSON_FILE))).containsPattern("\"queueDepth\" ?: ?16");

        ResultRow back = ResultsTable.read(dir.resolve(ResultsTable.JSON_FILE)).rows().stream()
                .filter(r -> r.strategy().equals("uring-zc-qd16")).findFirst().orElseThrow();
        assertThat(back.queueDepth()).isEqualTo(16);
        assertThat(back.zeroCopyStrategy()).isTrue();
        assertThat(back.zcCopied()).isEqualTo(800);
    }
}
