package dev.copycost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.netns.TestNamespace;
import dev.copycost.nativeio.ZeroCopySupport;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copycost run --strategy zerocopy} where the kernel's option memory for zero-copy completions
 * is scarce: {@code net.core.optmem_max} set small inside a network namespace of the test's own (the
 * namespace makes the sysctl local; the host's is untouched), the run's loopback in that namespace.
 * Scarce: every ENOBUFS is reaped, retried and counted, and the run completes with every send
 * accounted for. None at all: the run fails within its bounds naming the figure and how to raise it.
 */
class OptmemExhaustionTest {
    private static final long EXIT_SECONDS = 30;

    @TempDir
    Path dir;
    private TestNamespace ns;

    @BeforeEach
    void namespace() throws Exception {
        assumeTrue(TestNamespace.available(), "network namespaces need root and iproute2");
        assumeTrue(ZeroCopySupport.probe().isAvailable(), () -> "zero-copy: " + ZeroCopySupport.probe().reason());
        ns = TestNamespace.create("optmem");
    }

    @AfterEach
    void removeNamespace() throws Exception {
        if (ns != null) {
            ns.close();
        }
    }

    private CliProcess zerocopyWithOptmem(int bytes) throws Exception {
        ns.exec("sysctl", "-qw", "net.core.optmem_max=" + bytes);
        return CliProcess.startBehind(List.of("ip", "netns", "exec", ns.name()), dir, "run", "--strategy", "zerocopy",
                "--size", "4096", "--warmup", "0ms", "--seconds", "0.3");
    }

    @Test
    void scarceOptionMemoryIsReapedRetriedAndCountedAndTheRunCompletes() throws Exception {
        // 1 KiB: room for about one notification in flight where the host default allows 128 KiB
        try (CliProcess run = zerocopyWithOptmem(1024)) {
            assertThat(run.exitCode(EXIT_SECONDS)).as(run.stderr()).isZero();
            String line = run.stdout();
            assertThat(number(line, "enobufs")).as("ENOBUFS retries: " + line).isPositive();
            assertThat(number(line, "zc_completed")).as("every send completed").isEqualTo(number(line, "zc_issued"));
            assertThat(number(line, "verified")).as("every message verified").isEqualTo(number(line, "sent"))
                    .isPositive();
        }
    }

    @Test
    void noOptionMemoryFailsWithinItsBoundNamingTheFigure() throws Exception {
        try (CliProcess run = zerocopyWithOptmem(0)) {
            long t0 = System.nanoTime();
            int code = run.exitCode(EXIT_SECONDS);
            assertThat(code).as(run.stderr()).isEqualTo(CopycostCli.EXIT_FAILED);
            assertThat(run.stderr()).contains("ENOBUFS")
                    .contains("net.core.optmem_max is 0 bytes in this network namespace")
                    .contains("sysctl -w net.core.optmem_max=")
                    .doesNotContain("locked-memory limit"); // root: its pages are not counted against it
            // a JVM's start, the 0.3 s window, and the teardown: the refused sender ends when aborted,
            // not after the 5 s completion bound
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to exit").isLessThan(4.5);
        }
    }

    private static long number(String line, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=(\\d+)").matcher(line);
        assertThat(m.find()).as("%s in %s", key, line).isTrue();
        return Long.parseLong(m.group(1));
    }
}
