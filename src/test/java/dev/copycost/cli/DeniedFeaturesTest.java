package dev.copycost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copycost where the kernel refuses io_uring, SO_ZEROCOPY and perf events (a seccomp filter in the
 * child JVM, see {@link DenyingLauncher}): the probes say what they met, the strategies that need
 * what is refused do not run and say why, and the rest runs, its counters marked unavailable.
 */
class DeniedFeaturesTest {
    private static final long EXIT_SECONDS = 30;

    @TempDir
    Path dir;

    private CliProcess denied(String... args) throws Exception {
        return CliProcess.startMain(List.of(), System.getProperty("java.class.path"), DenyingLauncher.class, dir, args);
    }

    @Test
    void theProbesNameWhatTheKernelRefused() throws Exception {
        try (CliProcess probe = denied("probe")) {
            assertThat(probe.exitCode(EXIT_SECONDS)).as(probe.stderr()).isZero();
            assertThat(probe.stdout())
                    .contains("zero-copy: unavailable: setsockopt(SO_ZEROCOPY)(..) failed: errno 92")
                    .contains("io_uring uring-send: unavailable: io_uring_setup(..) failed: errno 1").contains("seccomp")
                    .containsPattern("counters: task-clock.*: unavailable \\(perf_event_open failed: errno 13");
        }
    }

    @Test
    void aStrategyThatNeedsWhatIsRefusedExitsOneWithTheProbesReason() throws Exception {
        for (String strategy : new String[] {"uring-send", "zerocopy"}) {
            try (CliProcess run = denied("run", "--strategy", strategy, "--seconds", "0.2", "--warmup", "0ms")) {
                assertThat(run.exitCode(EXIT_SECONDS)).as(run.stderr()).isEqualTo(CopycostCli.EXIT_FAILED);
                assertThat(run.stderr()).contains("is not available").containsAnyOf("errno 1", "errno 92");
                assertThat(run.stdout()).isEmpty();
            }
        }
    }

    @Test
    void theRestRunsWithItsCountersMarkedUnavailable() throws Exception {
        try (CliProcess run = denied("run", "--strategy", "sendmsg", "--seconds", "0.2", "--warmup", "0ms", "--json")) {
            assertThat(run.exitCode(EXIT_SECONDS)).as(run.stderr()).isZero();
            // the counters are marked, not guessed; CPU time still comes from the scheduler's accounting
            assertThat(run.stdout()).containsPattern("\"verifiedMessages\" : [1-9]")
                    .contains("\"counterMode\" : \"unavailable\"")
                    .containsPattern("\"senderCpuNsPerByte\" : \\{\\s+\"estimate\" : \\d");
        }
    }
}
