package dev.copycost.strategy;

import static dev.copycost.nativeio.SocketConstants.*;

import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.MsgHdr;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.NativeIoException;
import dev.copycost.nativeio.TcpSocket;
import java.nio.ByteBuffer;

/**
 * Drains a socket's error queue of {@code MSG_ZEROCOPY} completions into a {@link CompletionLedger},
 * as the kernel's selftest msg_zerocopy.c does: one {@code recvmsg(MSG_ERRQUEUE)} per notification,
 * until EAGAIN, each carrying an inclusive range {@code [ee_info, ee_data]} of send ids.
 */
final class ErrorQueueReader implements AutoCloseable {
    // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then struct sock_extended_err
    private static final int CMSG_LEVEL = 8;
    private static final int CMSG_TYPE = 12;
    private static final int EE_ERRNO = 16;
    private static final int EE_ORIGIN = 20;
    private static final int EE_CODE = 22;
    private static final int EE_INFO = 24;
    private static final int EE_DATA = 28;
    static final int CONTROL_SIZE = 128;
    private static final int MSG_CTRUNC = 0x8;

    private final TcpSocket socket;
    private final CompletionLedger ledger;
    private final MsgHdr msg = new MsgHdr();
    private final NativeBuffer control = NativeBuffer.allocate(CONTROL_SIZE);
    private final ByteBuffer c = control.view();

    ErrorQueueReader(TcpSocket socket, CompletionLedger ledger) {
        this.socket = socket;
        this.ledger = ledger;
    }

    /** Native bytes held (message header and control buffer), as asked of the allocator. */
    long allocatedBytes() {
        return msg.allocatedBytes() + control.allocatedBytes();
    }

    /** Reads every notification queued now; returns how many were read. */
    int drain() throws NativeIoException {
        int read = 0;
        while (true) {
            // the kernel overwrites msg_controllen with what it wrote: reset it every time
            msg.control(control.address(), CONTROL_SIZE);
            int result = socket.readErrorQueue(msg.address());
            if (result == -Errno.EAGAIN) {
                return read;
            }
            if (result < 0) {
                throw new NativeIoException("recvmsg(MSG_ERRQUEUE)", -result);
            }
            record();
            read++;
        }
    }

    private void record() throws NativeIoException {
        if ((msg.flags() & MSG_CTRUNC) != 0 || msg.controlLength() < EE_DATA + 4) {
            throw new NativeIoException("recvmsg(MSG_ERRQUEUE)", Errno.EINVAL,
                    "control message truncated (" + msg.controlLength() + " bytes)");
        }
        int level = c.getInt(CMSG_LEVEL);
        int type = c.getInt(CMSG_TYPE);
        boolean recvErr = (level == SOL_IP && type == IP_RECVERR) || (level == SOL_IPV6 && type == IPV6_RECVERR);
        int origin = c.get(EE_ORIGIN) & 0xff;
        int errno = c.getInt(EE_ERRNO);
        if (!recvErr || origin != SO_EE_ORIGIN_ZEROCOPY || errno != 0) {
            // a real socket error (e.g. the peer reset) arrives on the same queue
            throw new NativeIoException("recvmsg(MSG_ERRQUEUE)", errno == 0 ? Errno.EINVAL : errno,
                    "not a zero-copy completion: level " + level + ", type " + type + ", origin " + origin);
        }
        boolean copied = (c.get(EE_CODE) & SO_EE_CODE_ZEROCOPY_COPIED) != 0;
        ledger.complete(c.getInt(EE_INFO), c.getInt(EE_DATA), copied);
    }

    @Override
    public void close() {
        msg.close();
        control.close();
    }
}
