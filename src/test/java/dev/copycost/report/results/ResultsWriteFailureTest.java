package dev.copycost.report.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.report.TestRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results written where they cannot be: a file system that is read-only, and one that is full. Both
 * are real (a tmpfs mounted for the test, which root needs; root is not stopped by file modes). The
 * write must fail naming the directory, the file and the reason; the files already there must stay
 * whole; and nothing measured may be lost: the next write, once there is room, has all of it.
 */
class ResultsWriteFailureTest {
    @TempDir
    Path dir;
    private final List<Path> mounted = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounted) {
            run("umount", m.toString());
        }
    }

    private Path mount(String options) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path m = Files.createDirectory(dir.resolve("fs" + mounted.size()));
        try {
            run("mount", "-t", "tmpfs", "-o", options, "tmpfs", m.toString());
        } catch (IllegalStateException e) { // root without CAP_SYS_ADMIN, as in many containers
            assumeTrue(false, "cannot mount a tmpfs here: " + e.getMessage());
        }
        mounted.add(m);
        return m;
    }

    private static ResultsTable table(int rows) {
        ResultsTable t = new ResultsTable();
        for (int i = 0; i < rows; i++) {
            t.add(TestRows.row("sendmsg", 64 << i, 1, 1, 2, 3));
        }
        t.addComparisons(List.of(new ComparisonRow("strategies", "loopback", 4096, 1, "sendmsg", "send", 1.4, 1.3, 1.5,
                "ahead", 6, "decided", 0.1, 0.0)));
        return t;
    }

    @Test
    void aReadOnlyFileSystemFailsNamingTheDirectoryAndTheReason() throws Exception {
        Path ro = mount("ro,size=1m");
        Path target = ro.resolve("copycost");
        UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class,
                () -> table(1).write(target, TestRows.ENV));
        assertThat(e).hasMessageStartingWith("could not write the results into " + target + ": Read-only file system ("
                + target + ")").hasMessageContaining("1 results, 0 failures and 1 comparisons stay in memory");
    }

    @Test
    void aFullFileSystemKeepsTheLastFilesWholeAndTheNextWriteHasEverything() throws Exception {
        Path fs = mount("size=256k");
        Path target = fs.resolve("copycost");
        table(1).write(target, TestRows.ENV);
        String before = Files.readString(target.resolve(ResultsTable.JSON_FILE));

        ResultsTable grown = table(3);
        Path filler = fs.resolve("filler");
        fill(filler);
        UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class, () -> grown.write(target, TestRows.ENV));
        assertThat(e).hasMessageStartingWith("could not write the results into " + target + ": No space left on device")
                .hasMessageContaining("3 results, 0 failures and 1 comparisons stay in memory");
        assertThat(Files.readString(target.resolve(ResultsTable.JSON_FILE))).as("results.json as last written").isEqualTo(before);
        assertThat(ResultsTable.read(target.resolve(ResultsTable.JSON_FILE)).rows()).hasSize(1);
        try (var left = Files.list(target)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left behind")
                    .allMatch(n -> !n.endsWith(".tmp"));
        }

        Files.delete(filler);
        grown.write(target, TestRows.ENV);
        ResultsTable.ResultsFile after = ResultsTable.read(target.resolve(ResultsTable.JSON_FILE));
        assertThat(after.rows()).as("every row measured, also those measured while the disk was full").hasSize(3);
        assertThat(after.comparisons()).extracting(ComparisonRow::verdict).containsExactly("ahead");
    }

    /** Writes until the file system says it is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 64; i++) { // 4 MiB at most: well past the 256 KiB file system
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
            return;
        }
        throw new IllegalStateException("4 MiB fitted into a file system of 256 KiB");
    }

    private static void run(String... command) throws Exception {
        Path output = Files.createTempFile("copycost-mount", ".out"); // a file: reading a pipe would not be bounded
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            Files.delete(output);
        }
    }
}
