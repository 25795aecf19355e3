package dev.copycost.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TcpSocketTest {
    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    @DisplayName("a failed call names the call, the errno and its text")
    void failureNamesCallAndErrno() {
        NativeIoException e = new NativeIoException("sendmsg", Errno.ENOBUFS);
        assertThat(e).hasMessage("sendmsg(..) failed: errno 105 (No buffer space available)");
        assertThat(e.errno()).isEqualTo(105);
        assertThat(e.call()).isEqualTo("sendmsg");
    }

    @Test
    @DisplayName("connecting to a port nobody listens on fails with ECONNREFUSED, naming connect")
    void connectRefused() throws Exception {
        int port;
        try (TcpSocket listener = TcpSocket.listen(ANY, 1)) {
            port = listener.localPort();
        }
        assertThatThrownBy(() -> TcpSocket.connect(new InetSocketAddress(ANY.getAddress(), port), Duration.ofSeconds(1)))
                .isInstanceOf(NativeIoException.class)
                .hasMessageStartingWith("connect(..) failed: errno 111 (Connection refused)");
    }

    @Test
    @DisplayName("accept with nobody connecting gives up after its bound with a clear message")
    void acceptIsBounded() throws Exception {
        try (TcpSocket listener = TcpSocket.listen(ANY, 1)) {
            assertThatThrownBy(() -> listener.accept(Duration.ofMillis(200)))
                    .isInstanceOf(NativeIoException.class)
                    .hasMessageContaining("no connection arrived within 200 ms");
        }
    }

    @Test
    @DisplayName("close is idempotent and a closed socket is never used")
    void closeIsIdempotent() throws Exception {
        TcpSocket socket = TcpSocket.open();
        socket.close();
        socket.close();
        assertThat(socket.isOpen()).isFalse();
        assertThatThrownBy(socket::fd).isInstanceOf(IllegalStateException.class).hasMessageContaining("after close");
    }

    @Test
    @DisplayName("a receive with nobody sending times out with the I/O timeout named")
    void receiveIsBounded() throws Exception {
        try (TcpSocket listener = TcpSocket.listen(ANY, 1);
                TcpSocket client = TcpSocket.connect(new InetSocketAddress(ANY.getAddress(), listener.localPort()),
                        Duration.ofMillis(300));
                TcpSocket server = listener.accept(Duration.ofSeconds(1));
                NativeBuffer buffer = NativeBuffer.allocate(64)) {
            assertThat(server.isOpen()).isTrue();
            assertThatThrownBy(() -> client.recv(buffer.address(), 64))
                    .isInstanceOf(NativeIoException.class)
                    .hasMessageContaining("recv(..) failed: errno 11")
                    .hasMessageContaining("no progress for 300 ms");
        }
    }

    @Test
    @DisplayName("the zero-copy probe really tries and says why")
    void zeroCopyProbeGivesAReason() {
        ZeroCopySupport zc = ZeroCopySupport.probe();
        assertThat(zc.reason()).isNotBlank();
        if (zc.isAvailable()) {
            assertThat(zc.reason()).contains("SO_ZEROCOPY");
        } else {
            assertThat(zc.reason()).contains("errno");
        }
    }

    @Test
    void nativeBufferIsAlignedZeroedAndFreedOnce() {
        NativeBuffer buffer = NativeBuffer.allocatePageAligned(100);
        assertThat(buffer.address() % 4096).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(buffer.view().get(i)).isZero();
        }
        buffer.close();
        buffer.close();
        assertThatThrownBy(buffer::address).isInstanceOf(IllegalStateException.class);
    }
}
