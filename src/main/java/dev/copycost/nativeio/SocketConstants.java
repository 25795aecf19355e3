package dev.copycost.nativeio;

/** Linux x86_64 socket constants, each with the header it comes from. */
public final class SocketConstants {
    // <bits/socket.h>, <netinet/in.h>
    public static final int AF_INET = 2;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int IPPROTO_TCP = 6;
    public static final int SOL_IP = 0;
    public static final int SOL_IPV6 = 41;

    // <asm-generic/socket.h>
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    /** Since Linux 4.14 for TCP (Documentation/networking/msg_zerocopy.rst). */
    public static final int SO_ZEROCOPY = 60;

    // <netinet/tcp.h>
    public static final int TCP_NODELAY = 1;

    // <bits/socket.h> send/recv flags
    public static final int MSG_DONTWAIT = 0x40;
    /** For a send on a stream socket through io_uring: retry a short send until all of it is queued. */
    public static final int MSG_WAITALL = 0x100;
    public static final int MSG_ERRQUEUE = 0x2000;
    /** No SIGPIPE when the peer has gone: the error comes back as EPIPE instead. */
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_ZEROCOPY = 0x4000000;

    // <linux/in.h>, <linux/in6.h>: control message types carrying sock_extended_err
    public static final int IP_RECVERR = 11;
    public static final int IPV6_RECVERR = 25;

    // <linux/errqueue.h>
    public static final int SO_EE_ORIGIN_ZEROCOPY = 5;
    public static final int SO_EE_CODE_ZEROCOPY_COPIED = 1;

    // <poll.h>
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;

    // <sys/socket.h> shutdown
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    private SocketConstants() {
    }
}
