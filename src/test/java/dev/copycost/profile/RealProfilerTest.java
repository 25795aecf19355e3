package dev.copycost.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.counters.Tid;
import dev.copycost.experiment.WindowObserver.WorkerThread;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real profiler on this host, on two threads of a fixed amount of work: what a window records. */
class RealProfilerTest {
    @TempDir
    Path dir;

    @Test
    void aWindowRecordsOnlyTheNamedThreadsWithTheirKernelFrames() throws Exception {
        Profiler profiler = Profiler.probe(Duration.ofMillis(1));
        assumeTrue(profiler.available(), profiler.unavailableReason());
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger senderTid = new AtomicInteger();
        AtomicInteger receiverTid = new AtomicInteger();
        Thread sender = new Thread(() -> work(senderTid, ready, go, true), "copycost-sender-0");
        Thread receiver = new Thread(() -> work(receiverTid, ready, go, false), "copycost-receiver-0");
        sender.setDaemon(true);
        receiver.setDaemon(true);
        sender.start();
        receiver.start();
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        WindowProfiler w = profiler.window(profiler.cpuEvent(), dir.resolve("profiles/test-1t"), "test");
        try (w) {
            w.windowStarts(List.of(new WorkerThread(true, 0, sender, senderTid.get()),
                    new WorkerThread(false, 0, receiver, receiverTid.get())));
            go.countDown();
            sender.join(20_000);
            receiver.join(20_000);
            w.windowEnds();
        }
        assertThat(sender.isAlive() || receiver.isAlive()).as("work finished").isFalse();
        assertThat(w.failure()).isEmpty();
        RoleProfile s = w.attribution().get(Role.SENDER);
        RoleProfile r = w.attribution().get(Role.RECEIVER);
        assertThat(s.total()).as("sender samples").isGreaterThan(20);
        assertThat(r.total()).as("receiver samples").isGreaterThan(20);
        if (!profiler.cpuEvent().equals(Profiler.ITIMER) && profiler.host().kernelRestriction().isEmpty()) {
            assertThat(s.kernelSamples()).as("writes to /dev/null run in the kernel").isPositive();
        }
        String collapsed = Files.readString(w.collapsedFile().orElseThrow());
        assertThat(collapsed.lines().filter(l -> !l.isBlank()))
                .as("only the window's own threads are dumped")
                .allSatisfy(l -> assertThat(l).matches("^\\[copycost-(sender|receiver)-0 tid=\\d+].*"));
        assertThat(Files.readString(w.flameGraphFile().orElseThrow())).contains("<html").contains("<h1>test</h1>");
    }

    /** The sender writes to /dev/null (system calls), the receiver spins in Java. */
    private static void work(AtomicInteger tid, CountDownLatch ready, CountDownLatch go, boolean syscalls) {
        tid.set(Tid.current());
        ready.countDown();
        try (FileOutputStream out = new FileOutputStream("/dev/null")) {
            if (!go.await(10, TimeUnit.SECONDS)) {
                return;
            }
            byte[] block = new byte[4096];
            long x = 0;
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                if (syscalls) {
                    out.write(block);
                } else {
                    x += Long.hashCode(x * 31 + 7);
                }
            }
            block[0] = (byte) x;
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
