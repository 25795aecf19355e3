package dev.copycost.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copycost.statistics.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationCsvTest {
    @TempDir
    Path dir;

    @Test
    void rowsSurviveTheRoundTrip() throws Exception {
        CalibrationRow row = new CalibrationRow("c-twin", "sendmsg", 64, 1, 0.09, 0.1, new Interval(0.9, 0.85, 0.95, 5, 0.95),
                new CalibrationRow.Spread(0.08, 0.1), new CalibrationRow.Spread(0.07, 0.13), 0.25, Double.NaN, true);
        Path csv = dir.resolve("calibration.csv");
        CalibrationCsv.write(csv, List.of(row));

        assertThat(Files.readAllLines(csv).get(0)).isEqualTo(
                "reference,strategy,size,threads,copycost_gbps,reference_gbps,ratio,ci_low,ci_high,pairs,"
                        + "copycost_min,copycost_max,reference_min,reference_max,"
                        + "copycost_receiver_sleeps_per_message,reference_receiver_sleeps_per_message,nodelay");
        assertThat(CalibrationCsv.read(csv)).containsExactly(row);
    }

    @Test
    void trialsSurviveTheRoundTripWithTheirPerMessageCosts() throws Exception {
        List<CalibrationTrial> trials = List.of(
                new CalibrationTrial("c-twin", "sendmsg", 65536, 0, "copycost", true, 21.5,
                        new PerMessageCosts(20.1, 14.2, 0.01, 0.23), 2.3, false),
                new CalibrationTrial("iperf3", "sendmsg", 65536, 0, "iperf3", false, 17.9, PerMessageCosts.UNKNOWN,
                        Double.NaN, false));
        Path csv = dir.resolve("calibration-trials.csv");
        CalibrationTrialsCsv.write(csv, trials);

        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("reference,strategy,size,pair,program,first,gbps,"
                + "sender_cpu_us_per_message,receiver_cpu_us_per_message,sender_sleeps_per_message,"
                + "receiver_sleeps_per_message,segments_per_message,nodelay");
        assertThat(CalibrationTrialsCsv.read(csv)).containsExactlyElementsOf(trials);
    }

    @Test
    void anUnwritablePathIsNamed() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Path inside = file.resolve("calibration.csv");

        assertThatThrownBy(() -> CalibrationCsv.write(inside, List.of())).hasMessageContaining(inside.toString());
    }

    @Test
    void iperf3sJsonGivesTheReceiversRate() throws Exception {
        assertThat(Iperf3.receivedGbps("{\"end\":{\"sum_received\":{\"bits_per_second\":2.5e10}}}")).isEqualTo(25.0);
        assertThatThrownBy(() -> Iperf3.receivedGbps("{\"error\":\"unable to connect\"}"))
                .hasMessageContaining("unable to connect");
        assertThat(Iperf3.seconds(java.time.Duration.ofMillis(250))).isEqualTo(1);
        assertThat(Iperf3.seconds(java.time.Duration.ofMillis(2500))).isEqualTo(3);
    }
}
