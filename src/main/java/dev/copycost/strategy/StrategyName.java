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
    NIO_GATHER("nio-gather"),
    /** io_uring {@code IORING_OP_SENDMSG} with the same iovec, up to a queue depth of messages per {@code io_uring_enter}. */
    URING_SEND("uring-send"),
    /** io_uring {@code IORING_OP_SENDMSG_ZC} with {@code IORING_SEND_ZC_REPORT_USAGE}: zero-copy with a notification per request. */
    URING_ZC("uring-zc");

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
     * How many buffer sets the sender cycles through. Zero-copy needs a ring: its buffers belong to
     * the kernel until their completion arrives. The io_uring senders have up to a queue depth of
     * messages in flight, each on its own set, so they cycle through the same ring (the depth may not
     * exceed it). Every other strategy's data is copied during the call, so one set is reused at once,
     * as the seed's C programs did.
     */
    public int ringSlots(int zeroCopyRing) {
        return usesRing() ? zeroCopyRing : 1;
    }

    /** Whether the sender cycles through {@code copycost.ring} buffer sets. */
    public boolean usesRing() {
        return this == ZEROCOPY || isUring();
    }

    /** The io_uring strategies, which have a queue depth. */
    public boolean isUring() {
        return this == URING_SEND || this == URING_ZC;
    }

    /** Whether the sender's buffers are sent from in place and so are page-aligned: zerocopy and uring-zc. */
    public boolean pinsPages() {
        return this == ZEROCOPY || this == URING_ZC;
    }

    /**
     * The name of one point of this strategy: the label, and for io_uring the queue depth as well
     * ({@code uring-send-qd16}), so that both depths can stand side by side in one block, one results
     * table and one chart, each row still carrying its depth in {@code queue_depth}.
     */
    public String pointName(int queueDepth) {
        return isUring() ? label + QUEUE_DEPTH_MARK + queueDepth : label;
    }

    private static final String QUEUE_DEPTH_MARK = "-qd";

    /** The strategy of a point name ({@code uring-zc-qd16} → uring-zc); an unknown one is an error naming the allowed. */
    public static StrategyName ofPoint(String pointName) {
        int mark = pointName.lastIndexOf(QUEUE_DEPTH_MARK);
        if (mark > 0 && pointName.substring(mark + QUEUE_DEPTH_MARK.length()).chars().allMatch(Character::isDigit)) {
            return parse(pointName.substring(0, mark));
        }
        return parse(pointName);
    }

    /** The queue depth of a point name, 0 for a strategy without one. */
    public static int queueDepthOf(String pointName) {
        if (!ofPoint(pointName).isUring()) {
            return 0;
        }
        int mark = pointName.lastIndexOf(QUEUE_DEPTH_MARK);
        if (mark < 0) {
            throw new IllegalArgumentException("point '" + pointName + "' names no queue depth: expected e.g. "
                    + pointName + QUEUE_DEPTH_MARK + "16");
        }
        return Integer.parseInt(pointName.substring(mark + QUEUE_DEPTH_MARK.length()));
    }

    @Override
    public String toString() {
        return label;
    }
}
