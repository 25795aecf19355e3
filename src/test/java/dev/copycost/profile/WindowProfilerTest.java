package dev.copycost.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copycost.experiment.WindowObserver.WorkerThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowProfilerTest {
    @TempDir
    Path dir;

    /** The recorded sendmsg profile, its threads standing in for the experiment's. */
    private static List<WorkerThread> threadsOf(List<CollapsedStack> stacks) {
        List<WorkerThread> out = new ArrayList<>();
        RecordedProfiles.roles(stacks).forEach((tid, role) -> out.add(new WorkerThread(role == Role.SENDER, 0,
                new Thread(() -> { }, "copycost-" + role.label() + "-0"), tid)));
        return out;
    }

    private static String text(List<CollapsedStack> stacks) {
        return stacks.stream().map(s -> "[" + s.threadName() + " tid=" + s.tid().getAsInt() + "];"
                + String.join(";", s.frames()) + " " + s.samples()).collect(Collectors.joining("\n"));
    }

    private WindowProfiler window(FakeEngine engine, String event) {
        return ProfilerTest.on(ProfilerTest.ROOT, engine).window(event, dir.resolve("profiles/sendmsg-65536B-1t-" + event),
                "sendmsg 65536 B x 1, " + event);
    }

    @Test
    void aWindowIsProfiledOnTheExperimentsThreadsAndAttributedPerRole() throws IOException {
        List<CollapsedStack> stacks = RecordedProfiles.stacks("sendmsg-65536");
        FakeEngine engine = new FakeEngine().refusing(Profiler.CYCLES);
        engine.collapsed = text(stacks);
        List<WorkerThread> threads = threadsOf(stacks);
        try (WindowProfiler w = window(engine, Profiler.CPU)) {
            w.windowStarts(threads);
            w.windowEnds();
            assertThat(w.failure()).isEmpty();
            assertThat(w.attribution().get(Role.SENDER).share(Category.COPY_TO_KERNEL)).isGreaterThan(0.05);
            assertThat(w.attribution().get(Role.RECEIVER).share(Category.COPY_TO_USER)).isGreaterThan(0.05);
            assertThat(w.collapsedFile()).isPresent();
            assertThat(Files.readString(w.collapsedFile().get())).isEqualTo(engine.collapsed);
            assertThat(w.flameGraphFile()).hasValueSatisfying(f -> assertThat(f.toString()).endsWith(".html"));
        }
        List<String> session = engine.commands.subList(engine.commands.size() - 4, engine.commands.size());
        assertThat(session.get(0)).startsWith("start,event=cpu,interval=1000000,").contains("threads").contains("filter");
        assertThat(session.get(1)).isEqualTo("stop");
        assertThat(session.get(2)).contains("include=copycost-sender-0").contains("include=copycost-receiver-0");
        assertThat(session.get(3)).startsWith("flamegraph").doesNotContain("x 1,").contains("file=");
        assertThat(engine.filtered).extracting(Thread::getName)
                .containsExactlyInAnyOrder("copycost-sender-0", "copycost-receiver-0");
        assertThat(engine.running()).isFalse();
    }

    @Test
    void theCacheMissesWindowOfAPmuHostIsAttributedToTheSameCategories() {
        List<CollapsedStack> stacks = RecordedProfiles.stacks("zerocopy-65536");
        FakeEngine engine = new FakeEngine();
        engine.collapsed = text(stacks);
        try (WindowProfiler w = window(engine, Profiler.CACHE_MISSES)) {
            w.windowStarts(threadsOf(stacks));
            w.windowEnds();
            assertThat(w.event()).isEqualTo(Profiler.CACHE_MISSES);
            assertThat(w.attribution().get(Role.SENDER).share(Category.DEFERRED_COPY)).isGreaterThan(0.05);
        }
        assertThat(engine.commands).anySatisfy(c -> assertThat(c).startsWith("start,event=cache-misses,interval=1000,"));
    }

    @Test
    void aStartTheProfilerRefusesBecomesTheReasonNotAnException() {
        FakeEngine engine = new FakeEngine();
        WindowProfiler w = window(engine, Profiler.CPU);
        engine.refusing(Profiler.CPU);
        w.windowStarts(threadsOf(RecordedProfiles.stacks("sendmsg-65536")));
        w.windowEnds();
        w.close();
        assertThat(w.failure()).hasValueSatisfying(f -> assertThat(f).contains("could not be started")
                .contains("Perf events unavailable"));
        assertThat(w.attribution().get(Role.SENDER).total()).isZero();
    }

    @Test
    void aWindowThatNeverEndsIsStoppedOnCloseAndDiscarded() {
        FakeEngine engine = new FakeEngine();
        WindowProfiler w = window(engine, Profiler.CPU);
        w.windowStarts(threadsOf(RecordedProfiles.stacks("sendmsg-65536")));
        assertThat(engine.running()).isTrue();
        w.close();
        assertThat(engine.running()).as("no session outlives its experiment").isFalse();
        assertThat(w.failure()).hasValueSatisfying(f -> assertThat(f).contains("did not end normally"));
    }

    @Test
    void aDumpThatFailsIsReportedAndTheSessionIsStopped() {
        FakeEngine engine = new FakeEngine();
        engine.failDumps = true;
        try (WindowProfiler w = window(engine, Profiler.CPU)) {
            w.windowStarts(threadsOf(RecordedProfiles.stacks("sendmsg-65536")));
            w.windowEnds();
            assertThat(w.failure()).hasValueSatisfying(f -> assertThat(f).contains("disk full"));
        }
        assertThat(engine.running()).isFalse();
    }

    @Test
    void aProfileWithoutKernelFramesSaysWhichCategoriesItCannotSee() {
        FakeEngine engine = new FakeEngine();
        engine.collapsed = "[copycost-sender-0 tid=7];java/lang/Thread.run_[0];dev/copycost/experiment/SenderWorker.work_[j] 40\n"
                + "[copycost-receiver-0 tid=8];java/lang/Thread.run_[0];dev/copycost/message/StreamVerifier.consume_[j] 30\n";
        List<WorkerThread> threads = List.of(new WorkerThread(true, 0, new Thread(() -> { }, "copycost-sender-0"), 7),
                new WorkerThread(false, 0, new Thread(() -> { }, "copycost-receiver-0"), 8));
        try (WindowProfiler w = window(engine, Profiler.CPU)) {
            w.windowStarts(threads);
            w.windowEnds();
            assertThat(w.failure()).isEmpty();
            assertThat(w.limitations()).hasSize(2).allSatisfy(l -> assertThat(l).contains("no kernel frames")
                    .contains("copy-to-kernel"));
        }
    }

    @Test
    void aTrialThatNeverReachesItsWindowSaysSo() {
        WindowProfiler w = window(new FakeEngine(), Profiler.CPU);
        w.close();
        assertThat(w.failure()).hasValueSatisfying(f -> assertThat(f).contains("never reached"));
        assertThat(Optional.of(w.windowSeen())).contains(false);
    }
}
