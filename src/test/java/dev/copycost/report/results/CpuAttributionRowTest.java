package dev.copycost.report.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.profile.Category;
import dev.copycost.profile.PointProfile;
import dev.copycost.report.TestProfiles;
import dev.copycost.report.TestRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuAttributionRowTest {
    @TempDir
    Path dir;

    @Test
    void sharesOfEveryPointAndRoleSumToOneWithEveryCategoryListed() {
        List<CpuAttributionRow> rows = CpuAttributionRow.of(TestProfiles.of("sendmsg-65536", "sendmsg", 65536, 1, 29_000, 17_000));
        assertThat(rows).hasSize(2 * Category.values().length);
        Map<String, Double> sums = rows.stream().collect(Collectors.groupingBy(CpuAttributionRow::role,
                Collectors.summingDouble(CpuAttributionRow::share)));
        assertThat(sums).containsOnlyKeys("sender", "receiver");
        assertThat(sums.values()).allSatisfy(s -> assertThat(s).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)));
        CpuAttributionRow copy = rows.stream().filter(r -> r.role().equals("sender")
                && r.category().equals("copy-to-kernel")).findFirst().orElseThrow();
        assertThat(copy.cpuNsPerMessage()).isCloseTo(copy.share() * 29_000, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aFailedProfileHasNoRows() {
        PointProfile p = TestProfiles.of("sendmsg-65536", "sendmsg", 65536, 1, 1, 1);
        PointProfile failed = new PointProfile(p.strategy(), p.size(), p.threads(), p.topology(), p.event(), p.roles(),
                p.cpuNsPerMessage(), Optional.empty(), Optional.empty(), List.of(), Optional.of("refused"));
        assertThat(CpuAttributionRow.of(failed)).isEmpty();
    }

    @Test
    void theCsvAndResultsJsonCarryTheAttributionAndReadBack() throws IOException {
        ResultsTable table = new ResultsTable();
        table.profileRun(new ProfileRun(true, true, "", List.of("cpu"), "1ms", List.of("no hardware PMU")));
        for (PointProfile p : TestProfiles.recordedMatrix()) {
            table.addProfile(p, dir);
        }
        table.write(dir, TestRows.ENV);
        List<String> csv = Files.readAllLines(dir.resolve(ResultsTable.ATTRIBUTION_FILE));
        assertThat(csv.get(0)).startsWith("strategy,size,threads,topology,role,category,share,samples");
        assertThat(csv).hasSize(1 + 4 * 2 * Category.values().length);
        assertThat(csv).anySatisfy(l -> assertThat(l).startsWith("zerocopy,65536,1,loopback,sender,deferred-copy,0.2"));
        ResultsTable.ResultsFile back = ResultsTable.read(dir.resolve(ResultsTable.JSON_FILE));
        assertThat(back.attribution()).isEqualTo(table.attribution());
        assertThat(back.profile().events()).containsExactly("cpu");
        assertThat(back.profiles()).hasSize(4).allSatisfy(p -> assertThat(p.senderSamples()).isPositive());
    }

    @Test
    void withoutAProfileRunNoAttributionFileIsWritten() {
        new ResultsTable().write(dir, TestRows.ENV);
        assertThat(dir.resolve(ResultsTable.ATTRIBUTION_FILE)).doesNotExist();
    }
}
