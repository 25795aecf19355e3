package dev.copycost.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which events a host gets, and what it is told it cannot see, on hosts this VM is not. */
class ProfilerTest {
    static final HostFacts ROOT = new HostFacts(2, 0, 0, "linux/amd64");
    static final Duration MS = Duration.ofMillis(1);

    static Profiler on(HostFacts host, FakeEngine engine) {
        return Profiler.probe(host, MS, why -> Optional.of(engine));
    }

    @Test
    void withAHardwarePmuCyclesReplacesTheCpuClockAndCacheMissesAreProfiledToo() {
        FakeEngine engine = new FakeEngine();
        Profiler p = on(ROOT, engine);
        assertThat(p.available()).isTrue();
        assertThat(p.events()).containsExactly(Profiler.CYCLES, Profiler.CACHE_MISSES);
        assertThat(p.cpuEvent()).isEqualTo(Profiler.CYCLES);
        assertThat(p.limitations()).isEmpty();
        assertThat(engine.running()).as("the probe leaves no session running").isFalse();
    }

    @Test
    void withoutAPmuTheCpuClockIsSampledAndTheNoteSaysWhy() {
        Profiler p = on(ROOT, new FakeEngine().refusing(Profiler.CYCLES, Profiler.CACHE_MISSES));
        assertThat(p.events()).containsExactly(Profiler.CPU);
        assertThat(p.limitations()).singleElement().asString().contains("no hardware PMU")
                .contains("Perf events unavailable").contains("no cache-misses profile");
    }

    @Test
    void whenPerfIsRefusedItimerSeesUserFramesAndTheKernelCategoriesAreNamed() {
        Profiler p = on(new HostFacts(3, 1, 1000, "linux/amd64"),
                new FakeEngine().refusing(Profiler.CYCLES, Profiler.CACHE_MISSES, Profiler.CPU));
        assertThat(p.events()).containsExactly(Profiler.ITIMER);
        assertThat(p.limitations()).singleElement().asString().contains("itimer").contains("user frames only")
                .contains("copy-to-kernel").contains("deferred-copy").contains("perf_event_paranoid=3");
    }

    @Test
    void anUnprivilegedUserIsToldKernelFramesMayBeMissing() {
        Profiler p = on(new HostFacts(2, 1, 1000, "linux/amd64"), new FakeEngine().refusing(Profiler.CYCLES));
        assertThat(p.limitations()).anySatisfy(l -> assertThat(l).contains("kernel frames may be missing")
                .contains("perf_event_paranoid=2").contains("kptr_restrict=1"));
    }

    @Test
    void whenNoEventStartsItSaysSoWithEveryRefusal() {
        Profiler p = on(ROOT, new FakeEngine().refusing(Profiler.CYCLES, Profiler.CPU, Profiler.ITIMER));
        assertThat(p.available()).isFalse();
        assertThat(p.unavailableReason()).contains("cycles:").contains("cpu:").contains("itimer:");
    }

    @Test
    void aLibraryThatDoesNotLoadIsNamed() {
        Profiler p = Profiler.probe(ROOT, MS, why -> {
            why.append("async-profiler's native library could not be loaded: libstdc++.so.6 missing");
            return Optional.empty();
        });
        assertThat(p.available()).isFalse();
        assertThat(p.unavailableReason()).contains("libstdc++.so.6");
    }

    @Test
    void anotherPlatformIsNamedWithoutTryingTheLibrary() {
        Profiler p = Profiler.probe(new HostFacts(HostFacts.UNKNOWN, HostFacts.UNKNOWN, 501, "mac os x/aarch64"), MS,
                why -> {
                    throw new AssertionError("must not load the library on an unsupported platform");
                });
        assertThat(p.unavailableReason()).contains("mac os x/aarch64").contains("Linux");
    }

    @Test
    void aTooShortIntervalIsRefusedNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Profiler.probe(ROOT, Duration.ofNanos(500),
                why -> Optional.of(new FakeEngine()))).hasMessageContaining("PT0.0000005S").hasMessageContaining("10us");
    }
}
