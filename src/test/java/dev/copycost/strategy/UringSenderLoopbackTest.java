package dev.copycost.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.message.MessageLayout;
import dev.copycost.message.StreamCorruptionException;
import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The io_uring senders over real loopback connections, at queue depths 1 and 16. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UringSenderLoopbackTest {
    private static final int RING = 16;

    @ParameterizedTest(name = "{0} at queue depth {1} moves {2}-byte messages intact, in order")
    @CsvSource({"uring-send, 1, 64", "uring-send, 16, 64", "uring-send, 16, 65536", "uring-send, 5, 1000",
        "uring-zc, 1, 64", "uring-zc, 16, 64", "uring-zc, 16, 65536", "uring-zc, 5, 1000"})
    void everyMessageArrivesInOrder(String name, int depth, int size) throws Exception {
        StrategyName strategy = StrategyName.parse(name);
        assumeAvailable(strategy);
        // not a multiple of the depth: finish must submit the last, partial batch
        long count = size >= 65536 ? 403 : 4003;
        try (LoopbackPair pair = open(strategy, size, RING, depth)) {
            Future<Void> sending = pair.sendInBackground(count);
            StreamVerifier verifier = pair.receiveAll(RING);
            sending.get(30, TimeUnit.SECONDS);

            assertThat(verifier.verifiedMessages()).isEqualTo(count);
            assertThat(verifier.bytesConsumed()).isEqualTo(count * size);
            UringLedger ledger = ((UringSender) pair.sender).ledger();
            assertThat(((UringSender) pair.sender).oneThreadRing()).as("SINGLE_ISSUER | DEFER_TASKRUN where the kernel has it")
                    .isEqualTo(dev.copycost.uring.UringSupport.probe().singleIssuer().available());
            assertThat(ledger.issued()).as("one request per message").isEqualTo(count);
            assertThat(ledger.results()).isEqualTo(count);
            assertThat(ledger.failed()).isZero();
            ZeroCopyCounts zc = pair.sender.zeroCopyCounts();
            if (strategy == StrategyName.URING_ZC) {
                assertThat(zc.notifications()).as("every result carried F_MORE and got its notification").isEqualTo(count);
                assertThat(zc.completed()).isEqualTo(count);
                // loopback delivers to a local socket, where the kernel copies the pinned pages
                assertThat(zc.copied()).as("notifications flagged IORING_NOTIF_USAGE_ZC_COPIED on loopback").isEqualTo(count);
            } else {
                assertThat(ledger.notifications()).as("SENDMSG promises no notification").isZero();
                assertThat(zc).isEqualTo(ZeroCopyCounts.NONE);
            }
        }
    }

    @ParameterizedTest(name = "{0} at queue depth {1}: the send loop allocates nothing on the Java heap")
    @CsvSource({"uring-send, 16", "uring-zc, 16", "uring-zc, 1"})
    void theSendLoopAllocatesNothing(String name, int depth) throws Exception {
        StrategyName strategy = StrategyName.parse(name);
        assumeAvailable(strategy);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count a thread's allocations");
        threads.setThreadAllocatedMemoryEnabled(true);
        long warm = 20_000;
        long measured = 20_000;
        try (LoopbackPair pair = open(strategy, 64, RING, depth)) {
            Future<long[]> sending = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "uring-alloc-test");
                t.setDaemon(true);
                return t;
            }).submit(() -> {
                long id = Thread.currentThread().getId();
                for (long n = 0; n < warm; n++) {
                    pair.sender.send(n); // warm-up: class loading, JIT, the ledger's first failures-free paths
                }
                long before = threads.getThreadAllocatedBytes(id);
                for (long n = warm; n < warm + measured; n++) {
                    pair.sender.send(n);
                }
                long after = threads.getThreadAllocatedBytes(id);
                pair.sender.finish(LoopbackPair.TIMEOUT);
                return new long[] {before, after};
            });
            StreamVerifier verifier = pair.receiveAll(RING);
            long[] bytes = sending.get(30, TimeUnit.SECONDS);
            assertThat(verifier.verifiedMessages()).isEqualTo(warm + measured);
            // the counter's own reading allocates a few bytes at most; a per-message object would be 16+ bytes each
            assertThat(bytes[1] - bytes[0]).as("heap bytes allocated by %d sends", measured).isLessThan(measured);
        }
    }

    @Test
    @DisplayName("a buffer set restamped before its SENDMSG_ZC notification is caught by the receiver's stamp check")
    void earlyBufferReuseIsCaught() throws Exception {
        assumeAvailable(StrategyName.URING_ZC);
        // a gate that lies: the one buffer set is "free" as soon as the result is in, while the kernel
        // still holds its pages in the send queue of a connection with a 4 KiB receive window
        try (LoopbackPair pair = overSmallWindow(set -> true)) {
            pair.sendInBackground(200);
            assertThatThrownBy(() -> pair.receiveAll(1))
                    .isInstanceOf(StreamCorruptionException.class)
                    .satisfies(e -> assertThat(((StreamCorruptionException) e).inStamp()).isTrue());
        }
    }

    @Test
    @DisplayName("the same setup with the honest ledger delivers every message intact")
    void honestGateWithTheSameSetupIsClean() throws Exception {
        assumeAvailable(StrategyName.URING_ZC);
        try (LoopbackPair pair = overSmallWindow(null)) {
            Future<Void> sending = pair.sendInBackground(200);
            StreamVerifier verifier = pair.receiveAll(1);
            sending.get(30, TimeUnit.SECONDS);
            assertThat(verifier.verifiedMessages()).isEqualTo(200);
            assertThat(((UringSender) pair.sender).ledger().earlyReuses()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}: a receiver that stops reading fails the sender within its bound, naming the call")
    @CsvSource({"uring-send", "uring-zc"})
    void stalledPeerFailsWithinTheBound(String name) throws Exception {
        StrategyName strategy = StrategyName.parse(name);
        assumeAvailable(strategy);
        try (LoopbackPair pair = open(strategy, 65536, RING, 16)) {
            long start = System.nanoTime();
            Future<Void> sending = pair.sendInBackground(Long.MAX_VALUE);
            // nobody reads: the socket buffers fill, a request waits for space that never comes
            assertThatThrownBy(() -> sending.get(LoopbackPair.TIMEOUT.toSeconds() * 6, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(IOException.class)
                    .satisfiesAnyOf(
                            e -> assertThat(e).hasMessageContaining("io_uring_enter(..) failed: errno 62")
                                    .hasMessageContaining("results missing after " + LoopbackPair.TIMEOUT.toMillis()
                                            + " ms: the peer stopped reading"),
                            e -> assertThat(e).hasMessageContaining("not released within "
                                    + LoopbackPair.TIMEOUT.toMillis() + " ms"));
            assertThat((System.nanoTime() - start) / 1e9).as("seconds until the sender failed")
                    .isLessThan(LoopbackPair.TIMEOUT.toSeconds() * 6);
        }
    }

    @ParameterizedTest(name = "{0}: a receiver that goes away fails the sender with the errno, not a hang")
    @CsvSource({"uring-send", "uring-zc"})
    void lostPeerFailsTheSender(String name) throws Exception {
        StrategyName strategy = StrategyName.parse(name);
        assumeAvailable(strategy);
        try (LoopbackPair pair = open(strategy, 4096, RING, 16)) {
            pair.receiver.close();
            Future<Void> sending = pair.sendInBackground(Long.MAX_VALUE);
            assertThatThrownBy(() -> sending.get(LoopbackPair.TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(NativeIoException.class)
                    .hasMessageContaining("io_uring SENDMSG")
                    .satisfies(e -> assertThat(((NativeIoException) e).errno()).isIn(32, 104));
        }
    }

    @Test
    @DisplayName("an abort from another thread ends a sender waiting on a stalled peer at once")
    void abortEndsTheWait() throws Exception {
        assumeAvailable(StrategyName.URING_ZC);
        // 16 requests of 64 KiB cannot complete into a 4 KiB window nobody reads: the first batch waits
        try (LoopbackPair pair = overSmallWindow(null, 16, 16)) {
            Future<Void> sending = pair.sendInBackground(Long.MAX_VALUE);
            assertThatThrownBy(() -> sending.get(500, TimeUnit.MILLISECONDS))
                    .as("the sender is stuck waiting for its results").isInstanceOf(TimeoutException.class);
            long abortedAt = System.nanoTime();
            pair.sender.abort();
            assertThatThrownBy(() -> sending.get(2, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SenderAbortedException.class).hasMessageContaining("uring-zc sender aborted");
            assertThat((System.nanoTime() - abortedAt) / 1e9).as("seconds from abort to the sender's end, "
                    + "well inside its 5 s bound").isLessThan(1.5);
        }
    }

    static LoopbackPair open(StrategyName strategy, int size, int ring, int depth) throws IOException {
        MessageLayout layout = new MessageLayout(size);
        SenderSettings settings = new SenderSettings(layout, true, LoopbackPair.TIMEOUT, ring, depth);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (SenderListener listener = SenderListener.open(strategy, settings, any)) {
            TcpSocket client = TcpSocket.connect(new InetSocketAddress(any.getAddress(), listener.port()), LoopbackPair.TIMEOUT);
            try {
                return LoopbackPair.wrap(listener.accept(LoopbackPair.TIMEOUT), client, layout);
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }

    /** uring-zc, one buffer set, depth 1, 64 KiB messages, over a connection with a 4 KiB receive window. */
    private static LoopbackPair overSmallWindow(UringSender.ReuseGate gate) throws IOException {
        return overSmallWindow(gate, 1, 1);
    }

    private static LoopbackPair overSmallWindow(UringSender.ReuseGate gate, int sets, int depth) throws IOException {
        MessageLayout layout = new MessageLayout(65536);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (TcpSocket listener = TcpSocket.listen(any, 4)) {
            TcpSocket client = LoopbackPair.connectWithBuffer(new InetSocketAddress(any.getAddress(), listener.localPort()),
                    4096);
            TcpSocket server = listener.accept(LoopbackPair.TIMEOUT);
            server.ioTimeout(LoopbackPair.TIMEOUT);
            UringSender sender = new UringSender(server, layout, true, sets, depth, LoopbackPair.TIMEOUT, gate);
            return LoopbackPair.wrap(sender, client, layout);
        }
    }

    static void assumeAvailable(StrategyName strategy) {
        Optional<String> why = StrategySupport.unavailable(strategy);
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
    }
}
