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
    void runShowsTheQueueDepthOfAnIoUringStrategy() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.copycost.strategy.StrategySupport.unavailable(dev.copycost.strategy.StrategyName.URING_ZC).isEmpty());
        int code = CopycostCli.execute("run", "--strategy", "uring-zc", "--uring-depth", "16", "--size", "4096",
                "--seconds", "0.2", "--warmup", "50ms");
        String line = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(line).contains("strategy=uring-zc-qd16", "queue_depth=16").containsPattern("zc_issued=[1-9]\\d*");
        long issued = Long.parseLong(line.replaceAll(".*zc_issued=(\\d+).*", "$1"));
        long notifications = Long.parseLong(line.replaceAll(".*zc_notifications=(\\d+).*", "$1"));
        long copied = Long.parseLong(line.replaceAll(".*zc_copied=(\\d+).*", "$1"));
        assertThat(notifications).as("one notification per request").isEqualTo(issued);
        assertThat(copied).as("loopback copies, and every notification says so").isEqualTo(issued);
    }

    @Test
    void aQueueDepthForAStrategyWithoutOneIsBadUsage() {
        assertThat(CopycostCli.execute("run", "--strategy", "sendmsg", "--uring-depth", "16")).isEqualTo(CopycostCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--uring-depth 16 applies to uring-send and uring-zc only");
        assertThat(CopycostCli.execute("run", "--strategy", "uring-send", "--uring-depth", "17")).isEqualTo(CopycostCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("io_uring queue depth 17 is not in 1..16");
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
        "--strategy|sendfile|unknown strategy 'sendfile': allowed are send, copy-send, sendmsg, zerocopy, nio-gather, uring-send, uring-zc",
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
                "--warmup", "--repetitions", "--verify", "--ring", "--uring-depth", "--[no-]nodelay", "--peer", "--json",
                "--fields");
    }

    @Test
    void runPrintsItsTopology() {
        int code = CopycostCli.execute("run", "--strategy", "sendmsg", "--size", "512", "--seconds", "0.1",
                "--warmup", "0ms");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("topology=loopback strategy=sendmsg ");
    }

    @ParameterizedTest(name = "--peer {0} is bad usage naming it")
    @CsvSource(delimiter = '|', value = {
        "nohost|peer 'nohost' is not HOST:PORT: use HOST:PORT, e.g. 10.0.0.2:7300",
        "127.0.0.1:0|peer '127.0.0.1:0' has port 0",
        "127.0.0.1:http|peer '127.0.0.1:http' has no numeric port",
    })
    void badPeerIsBadUsage(String peer, String expected) {
        assertThat(CopycostCli.execute("run", "--strategy", "send", "--peer", peer)).isEqualTo(CopycostCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected);
    }

    @Test
    void receiveHelpNamesEveryBound() {
        assertThat(CopycostCli.execute("receive", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port", "--bind", "--max-connections",
                "--max-message-size", "--max-memory", "--max-io-timeout", "--handshake-timeout", "--idle-timeout",
                "--max-pending", "copycost receive: listening on HOST:PORT");
    }

    @ParameterizedTest(name = "receive {0} {1} is bad usage")
    @CsvSource(delimiter = '|', value = {
        "--port|70000|--port 70000 is not in 0..65535",
        "--max-connections|300|maximum connections 300 is not allowed: use 1..256",
        "--max-message-size|128m|--max-message-size 128m is above the largest message of 67108864 bytes",
        "--max-memory|1m1|--max-memory '1m1' is not a number of bytes",
        "--idle-timeout|soon|'soon' is not a duration",
        "--bind|::1|--bind ::1 is not an IPv4 address",
    })
    void badReceiveOptionsAreBadUsage(String option, String value, String expected) {
        String[] args = option.equals("--port") ? new String[] {"receive", option, value}
                : new String[] {"receive", "--port", "0", option, value};
        assertThat(CopycostCli.execute(args)).isEqualTo(CopycostCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected);
    }

    @Test
    void probeSaysWhatThisMachineOffers() {
        assertThat(CopycostCli.execute("probe")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("zero-copy:", "io_uring uring-send:", "io_uring uring-zc:", "perf_event_paranoid:", "task-clock");
    }
}
