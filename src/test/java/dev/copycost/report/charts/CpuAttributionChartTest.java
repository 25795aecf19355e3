package dev.copycost.report.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.report.TestProfiles;
import dev.copycost.report.results.CpuAttributionRow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CpuAttributionChartTest {
    private static List<CpuAttributionRow> recorded() {
        return TestProfiles.recordedMatrix().stream().flatMap(p -> CpuAttributionRow.of(p).stream()).toList();
    }

    @Test
    void senderAndReceiverFiguresAreDrawnWithOnePanelPerSize() throws Exception {
        List<ChartImage> charts = Charts.cpuAttribution(recorded());
        assertThat(charts).extracting(ChartImage::name)
                .containsExactly("sender-cpu-attribution", "receiver-cpu-attribution");
        assertThat(charts).extracting(ChartImage::title).containsExactly("Where the sender's CPU goes",
                "Where the receiver's CPU goes");
        for (ChartImage c : charts) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(c.png()));
            assertThat(png.getWidth()).as("two panels (64 B, 64 KiB) side by side").isEqualTo(1000);
            assertThat(c.svg()).contains("copy-to-user").contains("tcp-ip");
        }
        // the legend names the categories that have samples, and only those: the recorded zero-copy
        // sender has a few unnamed samples, no receiver has any
        assertThat(charts.get(0).svg()).contains(">other<");
        assertThat(charts.get(1).svg()).doesNotContain(">other<").doesNotContain(">user-copy<");
        assertThat(charts.get(0).svg()).contains("deferred-copy").contains("copy-to-kernel").contains("user-copy");
        String dir = System.getProperty("copycost.chart-dump", "");
        if (!dir.isEmpty()) {
            Files.write(Path.of(dir, "sender.png"), charts.get(0).png());
        }
    }

    @Test
    void pointsAtMoreConnectionsOrNoneAtAllDrawNothing() {
        List<CpuAttributionRow> rows = recorded().stream().map(r -> new CpuAttributionRow(r.strategy(), r.size(), 2,
                r.topology(), r.role(), r.category(), r.share(), r.samples(), r.cpuNsPerMessage(), r.event())).toList();
        assertThat(Charts.cpuAttribution(rows)).isEmpty();
        assertThat(Charts.cpuAttribution(List.of())).isEmpty();
    }
}
