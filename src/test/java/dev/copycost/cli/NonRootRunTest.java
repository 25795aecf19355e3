package dev.copycost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copycost run by a user who is not root ({@code setpriv} to nobody), with a locked-memory limit of
 * 8 KiB ({@code prlimit}), as on a CI runner's unprivileged account: what needs root or locked memory
 * fails at once naming the limit and how to raise it, and the rest runs.
 */
class NonRootRunTest {
    private static final long MEMLOCK = 8 * 1024;
    private static final long EXIT_SECONDS = 30;

    @TempDir
    Path dir;
    private String classPath;

    @BeforeEach
    void worldReadableClassPath() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "setpriv to another user needs root");
        classPath = readableByAll(dir);
    }

    private CliProcess asNobody(String... args) throws IOException {
        List<String> prefix = List.of("prlimit", "--memlock=" + MEMLOCK + ":" + MEMLOCK, "setpriv", "--reuid=nobody",
                "--regid=nogroup", "--clear-groups");
        return CliProcess.startBehind(prefix, classPath, dir, args);
    }

    @Test
    void zeroCopyFailsNamingTheLockedMemoryLimitAndHowToRaiseIt() throws Exception {
        // the kernel charges a send of n bytes (n >> 12) + 2 pages (mm_account_pinned_pages): 3 for a
        // 4 KiB message, against a limit of 2
        try (CliProcess run = asNobody("run", "--strategy", "zerocopy", "--size", "4096", "--warmup", "0ms",
                "--seconds", "0.3")) {
            assertThat(run.exitCode(EXIT_SECONDS)).as(run.stderr()).isEqualTo(CopycostCli.EXIT_FAILED);
            assertThat(run.stderr()).contains("ENOBUFS").contains("the locked-memory limit is " + MEMLOCK + " bytes")
                    .contains("ulimit -l unlimited");
        }
    }

    @Test
    void ioUringZeroCopyIsUnavailableNamingTheLockedMemoryLimit() throws Exception {
        try (CliProcess run = asNobody("run", "--strategy", "uring-zc", "--size", "4096", "--warmup", "0ms",
                "--seconds", "0.3")) {
            assertThat(run.exitCode(EXIT_SECONDS)).as(run.stderr()).isEqualTo(CopycostCli.EXIT_FAILED);
            assertThat(run.stderr()).contains("uring-zc is not available: IORING_OP_SENDMSG_ZC")
                    .contains("errno 12").contains("the locked-memory limit is " + MEMLOCK + " bytes");
        }
    }

    @Test
    void aCopyingStrategyRunsAndItsCountersSayUserOnly() throws Exception {
        try (CliProcess run = asNobody("run", "--strategy", "sendmsg", "--size", "4096", "--warmup", "0ms",
                "--seconds", "0.3", "--json")) {
            assertThat(run.exitCode(EXIT_SECONDS)).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("\"strategy\" : \"sendmsg\"").containsPattern("\"verifiedMessages\" : [1-9]")
                    .contains("user-only");
        }
    }

    @Test
    void theNetnsTopologyFailsAtOnceSayingItNeedsRoot() throws Exception {
        try (CliProcess run = asNobody("run", "--strategy", "sendmsg", "--topology", "netns")) {
            assertThat(run.exitCode(EXIT_SECONDS)).isEqualTo(CopycostCli.EXIT_FAILED);
            assertThat(run.stderr()).contains("topology netns: network namespaces need root (running as nobody)");
        }
    }

    /**
     * This JVM's class path as another user can read it: every entry copied into {@code dir}, the
     * build's class directories too, since neither the local Maven repository (under /root) nor a
     * checkout in a private directory (a CI clone under mktemp -d, mode 700) is readable by others.
     */
    private static String readableByAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path copy = dir.resolve(entries.size() + "-" + p.getFileName());
                try (java.util.stream.Stream<Path> tree = Files.walk(p)) {
                    for (Path from : (Iterable<Path>) tree::iterator) {
                        Path to = copy.resolve(p.relativize(from).toString());
                        if (Files.isDirectory(from)) {
                            Files.createDirectories(to);
                            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                        } else {
                            Files.copy(from, to);
                            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                        }
                    }
                }
                entries.add(copy.toString());
            } else if (Files.isRegularFile(p)) {
                Path copy = dir.resolve(entries.size() + "-" + p.getFileName());
                Files.copy(p, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                entries.add(copy.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
