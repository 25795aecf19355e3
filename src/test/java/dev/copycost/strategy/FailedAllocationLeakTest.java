package dev.copycost.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.nativeio.ZeroCopySupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A native allocation that fails while a sender is built for an accepted connection (an
 * {@link OutOfMemoryError}, as {@link NativeBuffer} throws when {@code aligned_alloc} returns NULL)
 * must leave no socket open and no buffer allocated: it is injected here, and the process's open
 * sockets are read from {@code /proc/self/fd} before and after.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FailedAllocationLeakTest {
    /** The third field of the first buffer set fails: two were allocated before it and must be freed. */
    private static final int FAILING_ALLOCATION = 3;

    @AfterEach
    void restoreAllocation() {
        MessageBuffers.allocation = NativeBuffer::allocate;
    }

    @ParameterizedTest(name = "{0}: the accepted socket and the fields allocated so far are released")
    @EnumSource(StrategyName.class)
    void failedAllocationLeaksNothing(StrategyName strategy) throws Exception {
        if (strategy == StrategyName.ZEROCOPY) {
            ZeroCopySupport zc = ZeroCopySupport.probe();
            assumeTrue(zc.isAvailable(), "zero-copy unavailable: " + zc.reason());
        }
        SenderSettings settings = new SenderSettings(new MessageLayout(4096), false, LoopbackPair.TIMEOUT, 4);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        List<NativeBuffer> handedOut = new ArrayList<>();
        // one clean accept first: the JDK keeps a socket of its own for NIO from the first use on
        // (a socketpair end it dup2s over channels it closes), which is no leak of ours
        acceptAndClose(strategy, settings, any);
        Set<String> socketsBefore = openSockets();

        try (SenderListener listener = SenderListener.open(strategy, settings, any);
                TcpSocket client = TcpSocket.connect(new InetSocketAddress(any.getAddress(), listener.port()),
                        LoopbackPair.TIMEOUT)) {
            MessageBuffers.allocation = (size, alignment) -> {
                if (handedOut.size() + 1 == FAILING_ALLOCATION) {
                    throw new OutOfMemoryError("injected: aligned_alloc(" + alignment + ", " + size + ") returned NULL");
                }
                NativeBuffer buffer = NativeBuffer.allocate(size, alignment);
                handedOut.add(buffer);
                return buffer;
            };
            assertThatThrownBy(() -> listener.accept(LoopbackPair.TIMEOUT))
                    .isInstanceOf(OutOfMemoryError.class)
                    .hasMessageContaining("injected");
        }

        Set<String> leaked = openSockets();
        leaked.removeAll(socketsBefore);
        assertThat(leaked).as("sockets left open after the listener and the client were closed").isEmpty();
        assertThat(handedOut).as("fields allocated before the failure").hasSize(FAILING_ALLOCATION - 1)
                .allSatisfy(b -> assertThat(b.isOpen()).as("field still allocated").isFalse());
    }

    private static void acceptAndClose(StrategyName strategy, SenderSettings settings, InetSocketAddress any)
            throws IOException {
        try (SenderListener listener = SenderListener.open(strategy, settings, any);
                TcpSocket client = TcpSocket.connect(new InetSocketAddress(any.getAddress(), listener.port()),
                        LoopbackPair.TIMEOUT);
                SendStrategy sender = listener.accept(LoopbackPair.TIMEOUT)) {
            assertThat(sender.name()).isEqualTo(strategy);
        }
    }

    /** The process's open sockets, as {@code socket:[inode]}, read from {@code /proc/self/fd}. */
    private static Set<String> openSockets() throws IOException {
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        sockets.add(target);
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // an fd closed between the listing and the read (e.g. the listing's own) is not open
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return sockets;
    }
}
