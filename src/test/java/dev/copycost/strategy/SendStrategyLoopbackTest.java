package dev.copycost.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.message.MessageLayout;
import dev.copycost.message.StreamCorruptionException;
import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.NativeIoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every strategy over a real loopback connection: exact message counts, verified byte for byte. */
class SendStrategyLoopbackTest {
    private static final int RING = 4;

    static Stream<Arguments> strategiesAndSizes() {
        List<Arguments> all = new ArrayList<>();
        for (StrategyName s : StrategyName.values()) {
            for (int size : new int[] {64, 1000, 65536}) {
                all.add(Arguments.of(s, size));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} moves {1}-byte messages intact")
    @MethodSource("strategiesAndSizes")
    void everyMessageSentIsVerified(StrategyName strategy, int size) throws Exception {
        assumeZeroCopyIfNeeded(strategy);
        long count = size >= 65536 ? 400 : 4000;
        try (LoopbackPair pair = LoopbackPair.open(strategy, size, RING)) {
            Future<Void> sending = pair.sendInBackground(count);
            StreamVerifier verifier = pair.receiveAll(strategy.ringSlots(RING));
            sending.get(30, TimeUnit.SECONDS);

            assertThat(verifier.verifiedMessages()).isEqualTo(count);
            assertThat(verifier.bytesConsumed()).isEqualTo(count * size);
            ZeroCopyCounts zc = pair.sender.zeroCopyCounts();
            if (strategy == StrategyName.URING_ZC) {
                assertThat(zc.issued()).as("one request per message").isEqualTo(count);
                assertThat(zc.completed()).as("requests settled").isEqualTo(count);
                assertThat(zc.notifications()).as("one notification per request, each promised by F_MORE").isEqualTo(count);
                // loopback copies, and IORING_SEND_ZC_REPORT_USAGE says so in every notification
                assertThat(zc.copied()).as("notifications flagged IORING_NOTIF_USAGE_ZC_COPIED").isEqualTo(count);
            } else if (strategy == StrategyName.ZEROCOPY) {
                assertThat(zc.issued()).as("one zero-copy send per call, at least one per message").isGreaterThanOrEqualTo(count);
                assertThat(zc.completed()).as("completed sends, counted by range, not by notification").isEqualTo(zc.issued());
                assertThat(zc.notifications()).isBetween(1L, zc.completed());
                // loopback delivers to a local socket, where the kernel copies the pinned pages and
                // flags the completion SO_EE_CODE_ZEROCOPY_COPIED: the count must say so
                assertThat(zc.copied()).as("sends the kernel reported as copied on loopback").isEqualTo(zc.completed());
            } else {
                assertThat(zc).isEqualTo(ZeroCopyCounts.NONE);
            }
        }
    }

    @ParameterizedTest(name = "{0} moves {1}-byte messages intact from packed fields")
    @MethodSource("strategiesAndSizes")
    void packedFieldsAreSentIntactToo(StrategyName strategy, int size) throws Exception {
        assumeZeroCopyIfNeeded(strategy);
        long count = size >= 65536 ? 200 : 2000;
        try (LoopbackPair pair = LoopbackPair.open(strategy, size, RING, 0, FieldPlacement.PACKED)) {
            Future<Void> sending = pair.sendInBackground(count);
            StreamVerifier verifier = pair.receiveAll(strategy.ringSlots(RING));
            sending.get(30, TimeUnit.SECONDS);
            assertThat(verifier.verifiedMessages()).isEqualTo(count);
            assertThat(verifier.bytesConsumed()).isEqualTo(count * size);
        }
    }

    @Test
    @DisplayName("every strategy runs with the same socket options; only zerocopy sets SO_ZEROCOPY")
    void socketOptionsAreTheSameForAllStrategies() throws Exception {
        for (StrategyName strategy : StrategyName.values()) {
            if (StrategySupport.unavailable(strategy).isPresent()) {
                continue;
            }
            try (LoopbackPair pair = LoopbackPair.open(strategy, 4096, RING)) {
                Map<String, Integer> options = pair.sender.socketOptions();
                assertThat(options.get("TCP_NODELAY")).as(strategy + " TCP_NODELAY").isEqualTo(1);
                assertThat(options.get("SO_SNDBUF")).as(strategy + " SO_SNDBUF").isPositive();
                assertThat(options.get("SO_ZEROCOPY")).as(strategy + " SO_ZEROCOPY")
                        .isEqualTo(strategy == StrategyName.ZEROCOPY ? 1 : 0);
            }
        }
    }

    @Test
    @DisplayName("a buffer rewritten before its zero-copy completion is caught by the receiver's stamp check")
    void earlyBufferReuseIsCaught() throws Exception {
        assumeZeroCopyIfNeeded(StrategyName.ZEROCOPY);
        MessageLayout layout = new MessageLayout(65536);
        // a ledger that lies: every buffer set is "free" at once, with a ring of one set; a small
        // receive buffer keeps sent data queued in the sender's socket, still pointing at the pages
        try (LoopbackPair pair = lyingPair(layout, (first, last) -> true)) {
            pair.sendInBackground(200);
            assertThatThrownBy(() -> pair.receiveAll(1))
                    .isInstanceOf(StreamCorruptionException.class)
                    .satisfies(e -> assertThat(((StreamCorruptionException) e).inStamp()).isTrue());
        }
    }

    @Test
    @DisplayName("the same setup with the honest ledger delivers every message intact")
    void honestLedgerWithTheSameSetupIsClean() throws Exception {
        assumeZeroCopyIfNeeded(StrategyName.ZEROCOPY);
        MessageLayout layout = new MessageLayout(65536);
        try (LoopbackPair pair = lyingPair(layout, null)) {
            Future<Void> sending = pair.sendInBackground(200);
            StreamVerifier verifier = pair.receiveAll(1);
            sending.get(30, TimeUnit.SECONDS);
            assertThat(verifier.verifiedMessages()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("a receiver that stops reading fails the sender within its I/O timeout, naming the call")
    void stalledPeerFailsWithinTheTimeout() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open(StrategyName.SENDMSG, 65536, RING)) {
            Future<Void> sending = pair.sendInBackground(Long.MAX_VALUE);
            // nobody reads: the sender fills both socket buffers, then its send times out. The
            // receive window still opens a little a few times while the kernel grows its buffers
            // (seen here: two partial sends a timeout apart), so allow several timeouts.
            assertThatThrownBy(() -> sending.get(LoopbackPair.TIMEOUT.toSeconds() * 6, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(NativeIoException.class)
                    .hasMessageContaining("sendmsg(..) failed: errno 11")
                    .hasMessageContaining("the peer stopped reading");
        }
    }

    @Test
    @DisplayName("a receiver that goes away fails the sender with the errno, not a hang")
    void lostPeerFailsTheSender() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open(StrategyName.SEND, 4096, RING)) {
            pair.receiver.close();
            Future<Void> sending = pair.sendInBackground(Long.MAX_VALUE);
            assertThatThrownBy(() -> sending.get(LoopbackPair.TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(NativeIoException.class)
                    .satisfies(e -> assertThat(((NativeIoException) e).errno()).isIn(32, 104));
        }
    }

    private static LoopbackPair lyingPair(MessageLayout layout, ZeroCopySender.ReuseGate gate) throws Exception {
        return LoopbackPair.zeroCopyOverSmallWindow(layout, LoopbackPair.TIMEOUT, new CompletionLedger(), gate);
    }

    private static void assumeZeroCopyIfNeeded(StrategyName strategy) {
        java.util.Optional<String> why = StrategySupport.unavailable(strategy);
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
    }
}
