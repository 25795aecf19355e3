package dev.copycost.report.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.copycost.counters.CounterAvailability;
import dev.copycost.report.TestRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentFactsTest {
    @TempDir
    Path root;

    private void file(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private EnvironmentFacts capture(Map<String, String> env) {
        return new EnvironmentProbe(root, env, CounterAvailability::probe).capture();
    }

    @Test
    void capturingThisHostNeverThrowsAndFillsEveryFact() {
        assertThatCode(EnvironmentFacts::capture).doesNotThrowAnyException();
        EnvironmentFacts env = EnvironmentFacts.capture();

        assertThat(env.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(env.jdk()).contains(System.getProperty("java.version"));
        assertThat(env.asProperties().values()).allSatisfy(v -> assertThat(v).isNotBlank());
    }

    @Test
    void anEmptyFileSystemGivesUnavailableWithTheReason() {
        EnvironmentFacts env = capture(Map.of());

        assertThat(env.kernel()).isEqualTo("unavailable (/proc/sys/kernel/osrelease does not exist)");
        assertThat(env.cpuModel()).startsWith("unavailable (");
        assertThat(env.optmemMax()).startsWith("unavailable (");
        assertThat(env.memlockLimit()).startsWith("unavailable (");
        assertThat(env.perfEventParanoid()).startsWith("unavailable (");
        assertThat(env.cpuGovernor()).isEqualTo("unknown (no cpufreq)");
        assertThat(env.virtualisation()).startsWith("unknown");
        assertThat(env.ci()).isEmpty();
    }

    @Test
    void softirqAccountingIsReadFromTheKernelsOwnConfig() throws IOException {
        assertThat(capture(Map.of()).irqTimeAccounting()).startsWith("unavailable (no ").contains("proc/config.gz: the kernel was built without IKCONFIG_PROC");
        for (String[] c : new String[][] {{"CONFIG_IRQ_TIME_ACCOUNTING=y", "y"},
                {"# CONFIG_IRQ_TIME_ACCOUNTING is not set", "not set"}}) {
            Path config = root.resolve("proc/config.gz");
            Files.createDirectories(config.getParent());
            try (java.io.Writer w = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(
                    Files.newOutputStream(config)), java.nio.charset.StandardCharsets.UTF_8)) {
                w.write("CONFIG_TICK_CPU_ACCOUNTING=y\n" + c[0] + "\nCONFIG_HAVE_IRQ_TIME_ACCOUNTING=y\n");
            }
            assertThat(capture(Map.of()).irqTimeAccounting()).isEqualTo(c[1]);
        }
    }

    @Test
    void readsTheFactsFromProcAndSys() throws IOException {
        file("proc/sys/kernel/osrelease", "6.8.0-test\n");
        file("proc/cpuinfo", "processor\t: 0\nmodel name\t: Imaginary CPU @ 3GHz\nflags\t\t: fpu sse2 hypervisor avx\n");
        file("proc/sys/net/core/optmem_max", "20480\n");
        file("proc/self/limits", "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max locked memory         8388608              unlimited            bytes\n");
        file("proc/sys/kernel/perf_event_paranoid", "2\n");
        file("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
        file("sys/class/dmi/id/product_name", "KVM\n");
        file("proc/sys/kernel/hostname", "box\n");

        EnvironmentFacts env = capture(Map.of());

        assertThat(env.kernel()).isEqualTo("6.8.0-test");
        assertThat(env.cpuModel()).isEqualTo("Imaginary CPU @ 3GHz");
        assertThat(env.optmemMax()).isEqualTo("20480 bytes");
        assertThat(env.memlockLimit()).isEqualTo("8192 KiB (soft), unlimited (hard)");
        assertThat(env.perfEventParanoid()).isEqualTo("2");
        assertThat(env.cpuGovernor()).isEqualTo("performance");
        assertThat(env.virtualisation()).contains("DMI product: KVM").contains("hypervisor flag: yes");
        assertThat(env.hostname()).isEqualTo("box");
        assertThat(env.host()).isEqualTo("kernel 6.8.0-test, Imaginary CPU @ 3GHz, " + env.cores() + " logical CPUs");
    }

    @Test
    void aFailingCounterProbeIsRecordedNotThrown() {
        EnvironmentProbe probe = new EnvironmentProbe(root, Map.of(), () -> {
            throw new UnsatisfiedLinkError("no libc");
        });

        EnvironmentFacts env = probe.capture();

        assertThat(env.counters()).startsWith("unavailable (counter probe failed").contains("no libc");
        assertThat(env.counterMode()).startsWith("unavailable");
    }

    @Test
    void ciFactsAreAnAllowListAndNeverIncludeSecrets() {
        Map<String, String> ci = Map.of("CI", "true", "GITHUB_RUN_ID", "42", "GITHUB_REPOSITORY", "me/copycost",
                "GITHUB_TOKEN", "ghs_secret", "AWS_SECRET_ACCESS_KEY", "x");

        EnvironmentFacts env = capture(ci);

        assertThat(env.ci()).containsEntry("GITHUB_RUN_ID", "42").containsEntry("GITHUB_REPOSITORY", "me/copycost")
                .doesNotContainKeys("GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY");
        assertThat(env.asProperties()).containsEntry("ci.GITHUB_RUN_ID", "42");
        assertThat(env.asProperties().values()).noneMatch(v -> v.contains("secret"));
    }

    @Test
    void outsideCiThereAreNoCiFacts() {
        assertThat(capture(Map.of("GITHUB_RUN_ID", "42")).ci()).isEmpty();
    }

    @Test
    void propertiesHaveKeysWithoutSpacesAndNameEveryRequiredFact() {
        Map<String, String> p = TestRows.ENV.asProperties();

        assertThat(p.keySet()).allSatisfy(k -> assertThat(k).doesNotContainAnyWhitespaces());
        assertThat(p).containsKeys("kernel", "cpu.model", "cpu.cores", "jdk", "net.core.optmem_max", "ulimit.l",
                "perf_event_paranoid", "perf.counters", "perf.mode", "cpu.governor", "perf.cycles");
        assertThat(p.get("perf.cycles")).isEqualTo("unavailable: ENOENT (no PMU)");
    }

    @Test
    void multiLineFactsBecomeOneLinePropertyValues() {
        EnvironmentFacts env = new EnvironmentFacts("k", "cpu", 1, "jdk", "1", "2", "3", "line one\n  line two\n",
                "user", Map.of(), "g", "v", "h", Map.of(), "t");

        assertThat(env.asProperties()).containsEntry("perf.counters", "line one; line two");
    }

    @Test
    void unavailableCountersCarryTheirReason() {
        assertThat(TestRows.ENV.unavailableCounters()).containsEntry("cycles", "ENOENT (no PMU)")
                .doesNotContainKey("task-clock");
    }
}
