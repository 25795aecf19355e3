package dev.copycost.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * perf-scripts/prepare-host.sh: report mode on this host (names every item, changes nothing), and
 * --apply / --restore on a fake /proc and /sys (COPYCOST_HOST_ROOT), so the suite never changes the
 * settings of the machine it runs on.
 */
class PrepareHostScriptTest {
    /** What issue 12 asks the report to name, in the script's words. */
    static final List<String> ITEMS = List.of("kernel.perf_event_paranoid", "kernel.kptr_restrict",
            "net.core.optmem_max", "memlock (ulimit -l)", "cpu.model", "cpu.cores", "cpu.smt", "numa.nodes",
            "cpu.governor", "cpu.boost", "pmu", "pmu.perf-stat", "kernel.io_uring_disabled");
    static final List<String> NIC_ITEMS = List.of("driver", "mtu", "offloads", "irq-affinity");

    /** Everything --apply may write, on this host: compared before and after a report. */
    private static final List<String> HOST_SETTINGS = List.of("/proc/sys/kernel/perf_event_paranoid",
            "/proc/sys/kernel/kptr_restrict", "/proc/sys/net/core/optmem_max", "/proc/sys/kernel/io_uring_disabled",
            "/sys/devices/system/cpu/cpufreq/boost", "/sys/devices/system/cpu/intel_pstate/no_turbo",
            "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");

    @TempDir
    Path fake;

    @Test
    void reportModeNamesEveryItemWithAValueOrWhyNotAndChangesNothing() throws Exception {
        Map<String, String> before = settings();

        HostScript r = HostScript.run(Map.of(), "--nic", "lo");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as("report mode says so").startsWith("== prepare-host.sh: report only, nothing changed");
        for (String item : ITEMS) {
            assertThat(r.value(item)).as(item + " in\n" + r.out()).isNotBlank();
        }
        for (String item : NIC_ITEMS) {
            assertThat(r.value("nic.lo." + item)).as("nic.lo." + item + " in\n" + r.out()).isNotBlank();
        }
        // an item it could not read says why, in parentheses
        assertThat(r.out().lines().filter(l -> l.contains("unavailable")))
                .allSatisfy(l -> assertThat(l).containsPattern("unavailable \\(.+\\)"));
        assertThat(settings()).as("host settings after a report").isEqualTo(before);
    }

    @Test
    void applySetsBenchmarkValuesPrintsEachUndoAndRestorePutsEveryOldValueBack() throws Exception {
        Map<String, String> original = new LinkedHashMap<>();
        original.put("proc/sys/kernel/perf_event_paranoid", "2");
        original.put("proc/sys/kernel/kptr_restrict", "1");
        original.put("proc/sys/net/core/optmem_max", "20480");
        original.put("proc/sys/kernel/io_uring_disabled", "2");
        original.put("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "powersave");
        original.put("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "schedutil");
        original.put("sys/devices/system/cpu/cpufreq/boost", "1");
        original.forEach(this::write);
        write("sys/devices/system/cpu/cpu0/cpufreq/scaling_available_governors", "performance powersave");
        write("sys/devices/system/cpu/cpu1/cpufreq/scaling_available_governors", "performance schedutil");
        Path state = fake.resolve("state");

        HostScript applied = apply(state);

        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(read("proc/sys/kernel/perf_event_paranoid")).isEqualTo("-1");
        assertThat(read("proc/sys/kernel/kptr_restrict")).isEqualTo("0");
        assertThat(read("proc/sys/net/core/optmem_max")).isEqualTo("1048576");
        assertThat(read("proc/sys/kernel/io_uring_disabled")).isEqualTo("0");
        assertThat(read("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")).isEqualTo("performance");
        assertThat(read("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor")).isEqualTo("performance");
        assertThat(read("sys/devices/system/cpu/cpufreq/boost")).isEqualTo("0");
        assertThat(applied.out())
                .contains("changed   kernel.perf_event_paranoid: 2 -> -1   undo: sysctl -w kernel.perf_event_paranoid=2")
                .contains("changed   net.core.optmem_max: 20480 -> 1048576   undo: sysctl -w net.core.optmem_max=20480")
                .contains("undo: echo powersave > /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
                .contains("undo: echo schedutil > /sys/devices/system/cpu/cpu1/cpufreq/scaling_governor")
                .contains("changed   cpu.boost: 1 -> 0   undo: echo 1 > /sys/devices/system/cpu/cpufreq/boost")
                .contains("--restore --state " + state);

        // a second --apply finds nothing to change and keeps the first one's saved values
        HostScript again = apply(state);
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContainPattern("(?m)^changed ")
                .contains("unchanged kernel.perf_event_paranoid: -1");
        assertThat(Files.readString(state)).contains("/proc/sys/kernel/perf_event_paranoid\t2\t");

        HostScript restored = HostScript.run(Map.of("COPYCOST_HOST_ROOT", fake.toString()), "--restore", "--state",
                state.toString());

        assertThat(restored.exit()).as(restored.toString()).isZero();
        original.forEach((path, value) -> assertThat(read(path)).as(path).isEqualTo(value));
        assertThat(restored.out()).contains("restored  kernel.perf_event_paranoid: -1 -> 2");
        assertThat(state).as("the state file, once everything is back").doesNotExist();
    }

    @Test
    void optmemIsOnlyRaisedAndIntelsTurboSwitchIsUsedWhereTheGenericOneIsMissing() throws Exception {
        write("proc/sys/net/core/optmem_max", "4194304");
        write("sys/devices/system/cpu/intel_pstate/no_turbo", "0");
        Path state = fake.resolve("state");

        HostScript applied = apply(state);

        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(read("proc/sys/net/core/optmem_max")).isEqualTo("4194304");
        assertThat(read("sys/devices/system/cpu/intel_pstate/no_turbo")).isEqualTo("1");
        // settings this fake host lacks are skipped, never invented
        assertThat(applied.out()).contains("unchanged net.core.optmem_max: 4194304")
                .contains("skipped   kernel.perf_event_paranoid: not present")
                .contains("skipped   cpu.governor: no cpufreq driver")
                .contains("skipped   kernel.io_uring_disabled: not present");

        HostScript restored = HostScript.run(Map.of("COPYCOST_HOST_ROOT", fake.toString()), "--restore", "--state",
                state.toString());
        assertThat(read("sys/devices/system/cpu/intel_pstate/no_turbo")).as(restored.toString()).isEqualTo("0");
    }

    @Test
    void aValueThatCannotBePutBackStaysInTheStateFileAndFailsTheRestore() throws Exception {
        write("proc/sys/kernel/kptr_restrict", "0");
        Path state = fake.resolve("state");
        // the first line's file is gone (its directory never existed), the second one can be written
        Files.writeString(state, "/proc/sys/gone/setting\t7\tgone.setting\n/proc/sys/kernel/kptr_restrict\t1\tkernel.kptr_restrict\n");

        HostScript r = HostScript.run(Map.of("COPYCOST_HOST_ROOT", fake.toString()), "--restore", "--state",
                state.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(read("proc/sys/kernel/kptr_restrict")).isEqualTo("1");
        assertThat(r.out()).contains("failed    gone.setting: could not write 7 to /proc/sys/gone/setting");
        assertThat(Files.readString(state)).isEqualTo("/proc/sys/gone/setting\t7\tgone.setting\n");
    }

    @Test
    void restoreWithoutAnApplyHasNothingToDo() throws Exception {
        HostScript r = HostScript.run(Map.of("COPYCOST_HOST_ROOT", fake.toString()), "--restore", "--state",
                fake.resolve("none").toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("nothing to restore");
    }

    @Test
    void badArgumentsExitTwoNamingTheValueAndWhatIsAllowed() throws Exception {
        HostScript unknown = HostScript.run(Map.of(), "--frob");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown argument '--frob'").contains("allowed are --apply, --restore");

        HostScript nic = HostScript.run(Map.of(), "--nic", "nosuch0");
        assertThat(nic.exit()).isEqualTo(2);
        assertThat(nic.err()).contains("--nic 'nosuch0': no such network interface").contains("interfaces here:")
                .contains("lo");

        HostScript path = HostScript.run(Map.of(), "--nic", "../../etc");
        assertThat(path.exit()).as("a path is not an interface name").isEqualTo(2);

        HostScript both = HostScript.run(Map.of(), "--apply", "--restore");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("'--restore' cannot be combined with '--apply'");

        HostScript missing = HostScript.run(Map.of(), "--state");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--state needs a file path");
        assertThat(List.of(unknown, nic, path, both, missing)).allSatisfy(r -> assertThat(r.out()).isEmpty());
    }

    @Test
    void applyWithoutRootIsRefusedSayingSo() throws Exception {
        List<String> asNobody = List.of();
        if (isRoot()) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "root without setpriv to drop it");
            asNobody = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        }
        Map<String, String> before = settings();

        HostScript r = HostScript.run(asNobody, Map.of(), "--apply");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("--apply writes kernel settings").contains("needs root").contains("sudo");
        assertThat(settings()).isEqualTo(before);
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    }

    private HostScript apply(Path state) throws IOException, InterruptedException {
        return HostScript.run(Map.of("COPYCOST_HOST_ROOT", fake.toString()), "--apply", "--state", state.toString());
    }

    private static Map<String, String> settings() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String s : HOST_SETTINGS) {
            Path p = Path.of(s);
            values.put(s, Files.isReadable(p) ? Files.readString(p).trim() : "absent");
        }
        return values;
    }

    private void write(String relative, String value) {
        try {
            Path p = fake.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, value + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String read(String relative) {
        try {
            return Files.readString(fake.resolve(relative)).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
