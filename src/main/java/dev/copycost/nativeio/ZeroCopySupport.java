package dev.copycost.nativeio;

import static dev.copycost.nativeio.SocketConstants.*;

/**
 * Whether this kernel takes {@code SO_ZEROCOPY} on a TCP socket, found once by really trying
 * (set it, read it back), never by a kernel version check.
 */
public final class ZeroCopySupport {
    private static volatile ZeroCopySupport probed;

    private final boolean available;
    private final String reason;

    private ZeroCopySupport(boolean available, String reason) {
        this.available = available;
        this.reason = reason;
    }

    public static ZeroCopySupport probe() {
        ZeroCopySupport result = probed;
        if (result == null) {
            result = tryIt();
            probed = result;
        }
        return result;
    }

    private static ZeroCopySupport tryIt() {
        try (TcpSocket socket = TcpSocket.open()) {
            socket.setInt(SOL_SOCKET, SO_ZEROCOPY, 1, "SO_ZEROCOPY");
            int value = socket.getInt(SOL_SOCKET, SO_ZEROCOPY, "SO_ZEROCOPY");
            if (value != 1) {
                return new ZeroCopySupport(false, "getsockopt(SO_ZEROCOPY) read back " + value + " after setting 1");
            }
            return new ZeroCopySupport(true, "setsockopt(SO_ZEROCOPY, 1) on a TCP socket succeeded and read back 1");
        } catch (NativeIoException e) {
            return new ZeroCopySupport(false, e.getMessage());
        }
    }

    public boolean isAvailable() {
        return available;
    }

    /** Why zero-copy is or is not available, in the words of the failed call. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return (available ? "available: " : "unavailable: ") + reason;
    }
}
