package dev.copycost.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.message.MessageLayout;
import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The footprint against what the real senders and receivers allocate, and against resident memory. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemoryFootprintTest {
    private static final int RING = 16;

    static Stream<Arguments> strategiesAndSizes() {
        List<Arguments> all = new ArrayList<>();
        for (StrategyName s : StrategyName.values()) {
            for (int size : new int[] {64, 1000, 4096, 65536}) {
                all.add(Arguments.of(s, size));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} B: the footprint is what a real sender allocates")
    @MethodSource("strategiesAndSizes")
    void senderBytesAreWhatARealSenderAllocates(StrategyName strategy, int size) throws Exception {
        assumeZeroCopyIfNeeded(strategy);
        MessageLayout layout = new MessageLayout(size);
        try (SendStrategy sender = acceptOne(strategy, layout)) {
            MemoryFootprint footprint = MemoryFootprint.of(strategy, layout, RING, 1);

            assertThat(footprint.senderBytesPerConnection()).as(footprint.describe())
                    .isEqualTo(sender.allocatedNativeBytes());
        }
    }

    @Test
    @DisplayName("zero-copy fields take a page each: 64 B messages with a ring of 1024 are 32 MiB a sender, not 64 KiB")
    void zeroCopyFieldsArePages() {
        MessageLayout layout = new MessageLayout(64);
        MemoryFootprint footprint = MemoryFootprint.of(StrategyName.ZEROCOPY, layout, 1024, 256);

        assertThat(footprint.senderMessageBytesPerConnection()).isEqualTo(1024L * 8 * NativeBuffer.PAGE_SIZE);
        // what the issue measured: 15-19 GiB of native memory for what the old guard called 16 MiB
        assertThat(footprint.residentEstimate()).isBetween(15L << 30, 19L << 30);
        try (MessageBuffers real = new MessageBuffers(layout, 4, true)) {
            assertThat(real.allocatedBytes()).isEqualTo(
                    MemoryFootprint.of(StrategyName.ZEROCOPY, layout, 4, 1).senderMessageBytesPerConnection());
        }
    }

    @Test
    @DisplayName("the receiver's expected payload is the direct memory a real verifier takes")
    void expectedPayloadIsRealDirectMemory() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();
        MessageLayout layout = new MessageLayout(4096);
        long before = direct.getMemoryUsed();
        StreamVerifier verifier = new StreamVerifier(layout, RING, 1);
        long used = direct.getMemoryUsed() - before;

        MemoryFootprint footprint = MemoryFootprint.of(StrategyName.ZEROCOPY, layout, RING, 1);
        assertThat(used).as("direct memory of a verifier for a ring of " + RING).isEqualTo(16L * 8 * (512 - 8));
        assertThat(footprint.receiverBytesPerConnection())
                .isEqualTo(used + MemoryFootprint.RECEIVE_BUFFER + NativeBuffer.allocatedBytes(TcpSocket.SCRATCH, 8));
        assertThat(verifier.layout()).isEqualTo(layout); // keeps the verifier reachable until measured
    }

    @Test
    @DisplayName("what one zero-copy connection adds to resident memory matches the estimate, alignment gaps included")
    void residentMemoryMatchesTheEstimate() throws Exception {
        assumeZeroCopyIfNeeded(StrategyName.ZEROCOPY);
        int ring = 512;
        MemoryFootprint footprint = MemoryFootprint.of(StrategyName.ZEROCOPY, new MessageLayout(64), ring, 1);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ResidentGrowth.class.getName(), Integer.toString(ring))
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the measuring JVM ended within 60 s").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("the measuring JVM's exit; it printed: %s", out).isZero();
        long grown = Long.parseLong(out.lines().findFirst().orElseThrow().trim());

        assertThat(grown).as("resident growth against " + footprint.describe())
                .isBetween(footprint.residentEstimate() * 8 / 10, footprint.residentEstimate() * 12 / 10 + (1 << 20));
        assertThat(grown).as("more than is asked of the allocator: the alignment gaps are resident too")
                .isGreaterThan(footprint.allocatedBytes() * 3 / 2);
    }

    @Test
    void badArgumentsAreNamed() {
        MessageLayout layout = new MessageLayout(64);
        assertThatThrownBy(() -> MemoryFootprint.of(StrategyName.ZEROCOPY, layout, 0, 1))
                .hasMessageContaining("zero-copy ring 0");
        assertThatThrownBy(() -> MemoryFootprint.of(StrategyName.SEND, layout, 16, 0))
                .hasMessageContaining("thread count 0");
    }

    private static SendStrategy acceptOne(StrategyName strategy, MessageLayout layout) throws IOException {
        SenderSettings settings = new SenderSettings(layout, false, LoopbackPair.TIMEOUT, RING);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (SenderListener listener = SenderListener.open(strategy, settings, any);
                TcpSocket client = TcpSocket.connect(new InetSocketAddress(any.getAddress(), listener.port()),
                        LoopbackPair.TIMEOUT)) {
            return listener.accept(LoopbackPair.TIMEOUT);
        }
    }

    /** RssAnon of this process: what malloc'd and touched memory occupies (Java heap included). */

    private static void assumeZeroCopyIfNeeded(StrategyName strategy) {
        java.util.Optional<String> why = StrategySupport.unavailable(strategy);
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
    }
}
