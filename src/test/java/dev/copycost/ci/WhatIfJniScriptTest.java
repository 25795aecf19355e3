package dev.copycost.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.topology.SystemCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * perf-scripts/binding/what-if-jni.sh rebinds three of LibC's JNA declarations by their exact text:
 * these tests catch the day LibC changes them, and check that the JNI stub still builds. The
 * measurement itself (two calibrations per round) is the script's to run, not the suite's.
 */
class WhatIfJniScriptTest {
    private static final Path SCRIPT = Path.of("perf-scripts/binding/what-if-jni.sh");
    private static final Path STUB = Path.of("perf-scripts/binding/jnilibc.c");
    private static final Path LIBC = Path.of("src/main/java/dev/copycost/nativeio/LibC.java");

    @TempDir
    Path dir;

    @Test
    void everyDeclarationTheScriptRebindsIsInLibCAsItExpects() throws Exception {
        String script = Files.readString(SCRIPT);
        String libc = Files.readString(LIBC);
        Matcher m = Pattern.compile("\"((?:send|sendmsg|recv)\\([^)]*\\))\\|").matcher(script);
        List<String> declarations = m.results().map(r -> r.group(1)).toList();

        assertThat(declarations).hasSize(3);
        for (String d : declarations) {
            assertThat(libc).as("LibC still declares " + d + " as the script rewrites it")
                    .contains("public static native long " + d + ";");
        }
    }

    @Test
    void theStubBuildsAgainstThisJdksJniHeader() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        Path so = dir.resolve("libjnilibc.so");
        SystemCommand.Result r = new SystemCommand(List.of("gcc", "-O2", "-Wall", "-Werror", "-shared", "-fPIC",
                "-I" + jdk.resolve("include"), "-I" + jdk.resolve("include/linux"), "-o", so.toString(), STUB.toString()),
                Duration.ofSeconds(30)).run();

        assertThat(r.exit()).as(r.output()).isZero();
        SystemCommand.Result symbols = new SystemCommand(List.of("nm", "-D", "--defined-only", so.toString()),
                Duration.ofSeconds(10)).run();
        assertThat(symbols.output()).contains("Java_dev_copycost_nativeio_JniLibC_send",
                "Java_dev_copycost_nativeio_JniLibC_sendmsg", "Java_dev_copycost_nativeio_JniLibC_recv");
    }

    @Test
    void aRoundCountThatIsNotANumberIsRefusedByName() throws Exception {
        SystemCommand.Result r = new SystemCommand(List.of("bash", SCRIPT.toString(), "two"), Duration.ofSeconds(10)).run();

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("ROUNDS 'two' is not a positive whole number");
    }
}
