package dev.copycost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: its one-line result, its JSON, and its exit codes. */
class CopycostCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void runPrintsOneLineWithGbpsAndZeroCopyCounts() {
        int code = CopycostCli.execute("run", "--strategy", "zerocopy", "--size", "4096", "--seconds", "0.2",
                "--warmup", "50ms");
        String line = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(line.lines()).hasSize(1);
        assertThat(line).containsPattern("gbps=\\d+\\.\\d+").contains("strategy=zerocopy", "size=4096")
                .containsPattern("zc_issued=[1-9]\\d*").containsPattern("zc_copied=\\d+");
        long issued = Long.parseLong(line.replaceAll(".*zc_issued=(\\d+).*", "$1"));
        long completed = Long.parseLong(line.replaceAll(".*zc_completed=(\\d+).*", "$1"));
        assertThat(completed).isEqualTo(issued);
    }

    @Test
    void runPrintsJsonOnRequest() {
        int code = CopycostCli.execute("run", "--strategy", "sendmsg", "--size", "512", "--seconds", "0.2",
                "--warmup", "0ms", "--json");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"strategy\"").contains("\"sendmsg\"")
                .contains("\"gbpsMedian\"");
    }

    @ParameterizedTest(name = "{0} is bad usage naming {2}")
    @CsvSource(delimiter = '|', value = {
        "--size|100|message size 100 is not a multiple of 8",
        "--size|32|32",
        "--threads|0|thread count 0",
        "--strategy|sendfile|unknown strategy 'sendfile': allowed are send, copy-send, sendmsg, zerocopy, nio-gather",
        "--seconds|-1|--seconds -1.0 must be positive",
        "--fields|dense|field placement 'dense' is not allowed: use one of page-per-field, packed",
    })
    void badInputExitsWithTwoAndSaysWhy(String option, String value, String expected) {
        String[] args = option.equals("--strategy")
                ? new String[] {"run", option, value}
                : new String[] {"run", "--strategy", "send", option, value};
        assertThat(CopycostCli.execute(args)).isEqualTo(CopycostCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected);
    }

    @Test
    void unknownOptionIsBadUsage() {
        assertThat(CopycostCli.execute("run", "--strategy", "send", "--bogus")).isEqualTo(CopycostCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bogus");
    }

    @Test
    void helpDocumentsEveryOption() {
        assertThat(CopycostCli.execute("run", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--strategy", "--size", "--threads", "--seconds",
                "--warmup", "--repetitions", "--verify", "--ring", "--[no-]nodelay", "--json", "--fields");
    }

    @Test
    void probeSaysWhatThisMachineOffers() {
        assertThat(CopycostCli.execute("probe")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("zero-copy:", "perf_event_paranoid:", "task-clock");
    }
}
