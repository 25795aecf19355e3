package dev.copycost.nativeio;

import static dev.copycost.nativeio.SocketConstants.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One TCP socket file descriptor with one owner. Blocking, with {@code SO_SNDTIMEO} and
 * {@code SO_RCVTIMEO} set so that no send or receive waits longer than the socket's I/O timeout: a
 * peer that stops reading or writing surfaces as a {@link NativeIoException} naming the timeout
 * instead of a hang. EINTR is retried everywhere. {@link #close()} is idempotent and the socket is
 * never used after it.
 *
 * <p>A socket is used by one thread at a time (its sender or its receiver); the scratch memory for
 * options, addresses and poll is the socket's own.
 */
public final class TcpSocket implements AutoCloseable {
    /** Native scratch memory every socket holds for options, addresses and poll. */
    public static final int SCRATCH = 64;
    private static final int SOCKADDR_IN_SIZE = 16;

    private final NativeBuffer scratch = NativeBuffer.allocate(SCRATCH);
    private final ByteBuffer s = scratch.view();
    private int fd;
    private Duration ioTimeout = Duration.ZERO;
    /** Set by {@link #abort()} from another thread, read by the owner's waits. */
    private volatile boolean aborted;

    private TcpSocket(int fd) {
        this.fd = fd;
    }

    /** A new, unconnected IPv4 TCP socket. */
    public static TcpSocket open() throws NativeIoException {
        int fd = LibC.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errno.failure("socket");
        }
        return new TcpSocket(fd);
    }

    /** A socket listening on {@code address} (port 0 for an ephemeral port). */
    public static TcpSocket listen(InetSocketAddress address, int backlog) throws NativeIoException {
        TcpSocket socket = open();
        try {
            socket.setInt(SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
            socket.writeSockaddr(address);
            if (LibC.bind(socket.fd, socket.scratch.address(), SOCKADDR_IN_SIZE) != 0) {
                throw Errno.failure("bind");
            }
            if (LibC.listen(socket.fd, backlog) != 0) {
                throw Errno.failure("listen");
            }
            return socket;
        } catch (NativeIoException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A new socket connected to {@code address}, waiting at most {@code ioTimeout}. */
    public static TcpSocket connect(InetSocketAddress address, Duration ioTimeout) throws NativeIoException {
        TcpSocket socket = open();
        try {
            socket.ioTimeout(ioTimeout);
            socket.connectTo(address);
            return socket;
        } catch (NativeIoException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects this socket, for callers that set options first (SO_RCVBUF must precede connect to
     * shape the window). The I/O timeout, if set, bounds the wait.
     */
    public void connectTo(InetSocketAddress address) throws NativeIoException {
        writeSockaddr(address);
        if (LibC.connect(fd(), scratch.address(), SOCKADDR_IN_SIZE) == 0) {
            return;
        }
        int errno = Errno.last();
        if (errno == Errno.EINTR) {
            // an interrupted connect goes on in the kernel; calling it again would fail with
            // EALREADY, so wait for it to finish and read its outcome instead
            if (!awaitEvent(POLLOUT, ioTimeout.isZero() ? Duration.ofSeconds(5) : ioTimeout)) {
                throw new NativeIoException("connect", Errno.EAGAIN, "to " + address + ": no answer in time");
            }
            errno = getInt(SOL_SOCKET, SO_ERROR, "SO_ERROR");
            if (errno == 0) {
                return;
            }
        }
        if (errno == Errno.EINPROGRESS && !ioTimeout.isZero()) {
            // the send timeout bounds a blocking connect; Linux then reports EINPROGRESS
            throw new NativeIoException("connect", errno, "to " + address + ": no answer within "
                    + ioTimeout.toMillis() + " ms");
        }
        throw new NativeIoException("connect", errno, "to " + address);
    }

    /** Accepts one connection, waiting at most {@code timeout} for it. */
    public TcpSocket accept(Duration timeout) throws NativeIoException {
        if (!awaitEvent(POLLIN, timeout)) {
            throw new NativeIoException("accept", Errno.EAGAIN,
                    "no connection arrived within " + timeout.toMillis() + " ms");
        }
        int client;
        while ((client = LibC.accept(fd(), 0, 0)) < 0) {
            if (Errno.last() != Errno.EINTR) {
                throw Errno.failure("accept");
            }
        }
        return new TcpSocket(client);
    }

    /** The local port, e.g. the ephemeral one a listener was given. */
    public int localPort() throws NativeIoException {
        s.putInt(SOCKADDR_IN_SIZE, SOCKADDR_IN_SIZE);
        if (LibC.getsockname(fd(), scratch.address(), scratch.address() + SOCKADDR_IN_SIZE) != 0) {
            throw Errno.failure("getsockname");
        }
        return ((s.get(2) & 0xff) << 8) | (s.get(3) & 0xff);
    }

    /** This end's address and port, e.g. which interface's address a connection arrived on. */
    public InetSocketAddress localAddress() throws NativeIoException {
        return sockaddr(LibC.getsockname(fd(), scratch.address(), lengthSlot()), "getsockname");
    }

    /** The other end's address and port, for messages naming a peer. */
    public InetSocketAddress peerAddress() throws NativeIoException {
        return sockaddr(LibC.getpeername(fd(), scratch.address(), lengthSlot()), "getpeername");
    }

    private long lengthSlot() {
        s.putInt(SOCKADDR_IN_SIZE, SOCKADDR_IN_SIZE);
        return scratch.address() + SOCKADDR_IN_SIZE;
    }

    private InetSocketAddress sockaddr(int result, String call) throws NativeIoException {
        if (result != 0) {
            throw Errno.failure(call);
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            ip[i] = s.get(4 + i);
        }
        int port = ((s.get(2) & 0xff) << 8) | (s.get(3) & 0xff);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    /** Bounds every blocking send and receive on this socket ({@code SO_SNDTIMEO}, {@code SO_RCVTIMEO}). */
    public void ioTimeout(Duration timeout) throws NativeIoException {
        s.putLong(0, timeout.getSeconds());
        s.putLong(8, timeout.toNanosPart() / 1000);
        for (int option : new int[] {SO_SNDTIMEO, SO_RCVTIMEO}) {
            if (LibC.setsockopt(fd(), SOL_SOCKET, option, scratch.address(), 16) != 0) {
                throw Errno.failure("setsockopt(SO_" + (option == SO_SNDTIMEO ? "SNDTIMEO" : "RCVTIMEO") + ")");
            }
        }
        this.ioTimeout = timeout;
    }

    public Duration ioTimeout() {
        return ioTimeout;
    }

    public void setInt(int level, int option, int value, String name) throws NativeIoException {
        s.putInt(0, value);
        if (LibC.setsockopt(fd(), level, option, scratch.address(), 4) != 0) {
            throw Errno.failure("setsockopt(" + name + ")");
        }
    }

    public int getInt(int level, int option, String name) throws NativeIoException {
        s.putInt(0, 0);
        s.putInt(8, 4);
        if (LibC.getsockopt(fd(), level, option, scratch.address(), scratch.address() + 8) != 0) {
            throw Errno.failure("getsockopt(" + name + ")");
        }
        return s.getInt(0);
    }

    /** Sends from native memory; returns the bytes the kernel took (possibly fewer than asked). */
    public long send(long address, long length) throws NativeIoException {
        while (true) {
            long n = LibC.send(fd, address, length, MSG_NOSIGNAL);
            if (n >= 0) {
                return n;
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw ioFailure("send", errno);
            }
        }
    }

    /** {@code sendmsg}; returns the bytes sent or throws. */
    public long sendmsg(long msghdr, int flags) throws NativeIoException {
        long n = trySendmsg(msghdr, flags);
        if (n < 0) {
            throw ioFailure("sendmsg", (int) -n);
        }
        return n;
    }

    /**
     * {@code sendmsg} that reports failure as a negative errno instead of throwing, for callers that
     * react to a specific errno (zero-copy's ENOBUFS). EINTR is retried.
     */
    public long trySendmsg(long msghdr, int flags) {
        while (true) {
            long n = LibC.sendmsg(fd, msghdr, flags | MSG_NOSIGNAL);
            if (n >= 0) {
                return n;
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                return -errno;
            }
        }
    }

    /** Receives into native memory; returns the bytes read, 0 at end of stream. */
    public long recv(long address, long length) throws NativeIoException {
        while (true) {
            long n = LibC.recv(fd, address, length, 0);
            if (n >= 0) {
                return n;
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw ioFailure("recv", errno);
            }
        }
    }

    /**
     * Reads one message from the error queue without blocking: 0 on success (a successful
     * {@code recvmsg(MSG_ERRQUEUE)} returns 0, not a byte count), otherwise the negative errno,
     * {@code -EAGAIN} when the queue is empty.
     */
    public int readErrorQueue(long msghdr) {
        while (true) {
            long n = LibC.recvmsg(fd, msghdr, MSG_ERRQUEUE | MSG_DONTWAIT);
            if (n >= 0) {
                return 0;
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                return -errno;
            }
        }
    }

    /**
     * Waits at most {@code timeout} for any of {@code events} (POLLERR and POLLHUP always count).
     * Returns false on timeout.
     */
    public boolean awaitEvent(short events, Duration timeout) throws NativeIoException {
        return awaitEvent(events, timeout.toNanos());
    }

    /** As {@link #awaitEvent(short, Duration)}, allocation-free for the send loops. */
    public boolean awaitEvent(short events, long timeoutNanos) throws NativeIoException {
        return poll(events, timeoutNanos) != 0;
    }

    /**
     * Waits at most {@code timeoutNanos} for any of {@code events} and returns what {@code poll}
     * reported ({@code revents}: POLLERR and POLLHUP always count), 0 on timeout. A caller that waits
     * in a loop must look at POLLHUP: a socket shut down in both directions (by the peer's reset or
     * by {@link #abort()}) reports it at once on every call, so waiting again would spin.
     */
    public short poll(short events, long timeoutNanos) throws NativeIoException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            s.putInt(0, fd());
            s.putShort(4, events);
            s.putShort(6, (short) 0);
            int n = LibC.poll(scratch.address(), 1, (int) Math.min(Integer.MAX_VALUE, left));
            if (n > 0) {
                return s.getShort(6);
            }
            if (n == 0) {
                return 0;
            }
            if (Errno.last() != Errno.EINTR) {
                throw Errno.failure("poll");
            }
        }
    }

    /** Half-closes: the peer reads end of stream after what was sent. */
    public void shutdownOutput() throws NativeIoException {
        if (LibC.shutdown(fd(), SHUT_WR) != 0) {
            throw Errno.failure("shutdown");
        }
    }

    /**
     * Wakes any thread blocked on this socket; used to abort an experiment whose peer has gone. The
     * socket remembers it ({@link #aborted()}), so that its owner can tell an abort from a peer that
     * went away and stop instead of waiting again.
     */
    public void abort() {
        aborted = true;
        if (fd >= 0) {
            LibC.shutdown(fd, SHUT_RDWR);
        }
    }

    /** Native bytes this socket holds (its scratch), as asked of the allocator. */
    public long allocatedBytes() {
        return scratch.allocatedBytes();
    }

    /** Whether {@link #abort()} was called; safe to read from any thread. */
    public boolean aborted() {
        return aborted;
    }

    public int fd() {
        if (fd < 0) {
            throw new IllegalStateException("socket used after close");
        }
        return fd;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
        scratch.close();
    }

    private NativeIoException ioFailure(String call, int errno) {
        if (errno == Errno.EAGAIN) {
            return new NativeIoException(call, errno, "no progress for " + ioTimeout.toMillis()
                    + " ms: the peer stopped " + (call.startsWith("recv") ? "sending" : "reading"));
        }
        return new NativeIoException(call, errno);
    }

    private void writeSockaddr(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (!(ip instanceof Inet4Address)) {
            throw new IllegalArgumentException("address " + address + " is not IPv4; copycost speaks IPv4 only");
        }
        for (int i = 0; i < SOCKADDR_IN_SIZE; i++) {
            s.put(i, (byte) 0);
        }
        s.putShort(0, (short) AF_INET);
        s.put(2, (byte) (address.getPort() >>> 8));
        s.put(3, (byte) address.getPort());
        byte[] b = ip.getAddress();
        for (int i = 0; i < 4; i++) {
            s.put(4 + i, b[i]);
        }
    }
}
