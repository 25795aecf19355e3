package dev.copycost.strategy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The sender strategies, by the names used everywhere: config, command line, results, report. */
public enum StrategyName {
    /** One {@code send()} per field, 8 calls a message (the seed's two-copy baseline A1). */
    SEND("send"),
    /** memcpy the 8 fields into one buffer, then one {@code send()}: the textbook two-copy path. */
    COPY_SEND("copy-send"),
    /** One {@code sendmsg()} with an 8-entry iovec pointing at the fields (one copy, A2). */
    SENDMSG("sendmsg"),
    /** {@code SO_ZEROCOPY} socket, {@code sendmsg(MSG_ZEROCOPY)} with the same iovec (A3). */
    ZEROCOPY("zerocopy"),
    /** Java's own {@code SocketChannel.write(ByteBuffer[])} over 8 direct buffers. */
    NIO_GATHER("nio-gather");

    private final String label;

    StrategyName(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses a strategy name; an unknown one is an error naming it and the allowed names. */
    public static StrategyName parse(String text) {
        for (StrategyName name : values()) {
            if (name.label.equals(text.trim())) {
                return name;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + text + "': allowed are " + allowedNames());
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(StrategyName::label).collect(Collectors.joining(", "));
    }

    /**
     * How many buffer sets the sender cycles through. Only zero-copy needs a ring: its buffers belong
     * to the kernel until their completion arrives; every other strategy's data is copied during the
     * call, so one set is reused at once, as the seed's C programs did.
     */
    public int ringSlots(int zeroCopyRing) {
        return this == ZEROCOPY ? zeroCopyRing : 1;
    }

    @Override
    public String toString() {
        return label;
    }
}
