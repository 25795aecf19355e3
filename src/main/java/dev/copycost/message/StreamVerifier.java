package dev.copycost.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reassembles messages from a TCP byte stream, however it was split into reads, and checks every
 * stamp and the payload of every {@code payloadEvery}-th message against what the sender must have
 * sent (see {@link FieldStamp} and {@link PayloadPattern}).
 *
 * <p>It must keep up with a send path of ~20 Gbps at 64 KiB messages, so the payload is compared
 * against a precomputed copy with {@link ByteBuffer#mismatch} (vectorised), the stamp is read as one
 * {@code long} when its 8 bytes are in one read, and nothing is allocated per call in steady state.
 *
 * <p>One thread calls {@link #consume}; {@link #verifiedMessages()} and {@link #bytesConsumed()} may be
 * read from any thread. After a {@link StreamCorruptionException} the verifier refuses further input.
 */
public final class StreamVerifier {
    private static final int FIELDS = MessageLayout.FIELDS;
    private static final int STAMP = FieldStamp.SIZE;
    /** Largest Java array the JVM reliably allocates. */
    private static final long MAX_EXPECTED = Integer.MAX_VALUE - 8;
    private static final VarHandle VERIFIED;
    private static final VarHandle CONSUMED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            VERIFIED = lookup.findVarHandle(StreamVerifier.class, "verified", long.class);
            CONSUMED = lookup.findVarHandle(StreamVerifier.class, "consumed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MessageLayout layout;
    private final int fieldSize;
    private final int payloadSize;
    private final int ringSlots;
    private final int payloadEvery;
    /** Payload of every (slot, field), at {@code (slot * 8 + field) * payloadSize}. */
    private final ByteBuffer expected;
    /** Position and limit of this one are moved per comparison; {@link #expected} stays put. */
    private final ByteBuffer expectedView;

    // Two duplicates of the caller's buffer, made once per distinct buffer: one with the limit at the
    // capacity for absolute reads, one whose position and limit are moved for mismatch(). Neither
    // disturbs the caller's buffer, and neither is allocated per read.
    private ByteBuffer lastSource;
    private ByteBuffer sourceView;
    private ByteBuffer sourceWindow;

    private long message;
    private int field;
    private int offsetInField;
    private long stampSoFar;
    private int slot;
    private int sincePayloadCheck;
    private boolean checkPayload = true;
    private int expectedBase;
    private StreamCorruptionException failure;

    // Written with release semantics only; read by other threads with acquire.
    private long verified;
    // Written with release semantics; the consuming thread also reads its own writes plainly.
    private long consumed;

    /**
     * @param layout       the message size both ends use
     * @param ringSlots    number of message slots in the sender's ring; message n is sent from slot n % ringSlots
     * @param payloadEvery 1 checks every message's payload, k only messages with n % k == 0; stamps are always checked
     */
    public StreamVerifier(MessageLayout layout, int ringSlots, int payloadEvery) {
        this.layout = Objects.requireNonNull(layout, "layout");
        if (ringSlots < 1) {
            throw new IllegalArgumentException("ring slots " + ringSlots + " must be at least 1 (the sender's ring"
                    + " sends message n from slot n % ringSlots)");
        }
        if (payloadEvery < 1) {
            throw new IllegalArgumentException("payloadEvery " + payloadEvery + " must be at least 1 (1 checks every"
                    + " message's payload, k every k-th)");
        }
        this.fieldSize = layout.fieldSize();
        this.payloadSize = fieldSize - STAMP;
        this.ringSlots = ringSlots;
        this.payloadEvery = payloadEvery;
        long expectedBytes = expectedBytes(layout, ringSlots);
        if (expectedBytes > MAX_EXPECTED) {
            throw new IllegalArgumentException("a ring of " + ringSlots + " slots of " + layout.messageSize()
                    + "-byte messages needs " + expectedBytes + " bytes of expected payload; at most " + MAX_EXPECTED
                    + " fit in one buffer: use fewer ring slots or smaller messages");
        }
        this.expected = precompute(ringSlots, fieldSize);
        this.expectedView = expected.duplicate();
    }

    /** Bytes of the precomputed expected payload (a direct buffer) for a ring of {@code ringSlots}. */
    public static long expectedBytes(MessageLayout layout, int ringSlots) {
        return (long) ringSlots * FIELDS * (layout.fieldSize() - STAMP);
    }

    private static ByteBuffer precompute(int ringSlots, int fieldSize) {
        int payloadSize = fieldSize - STAMP;
        ByteBuffer all = ByteBuffer.allocateDirect(ringSlots * FIELDS * payloadSize).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer scratch = ByteBuffer.allocate(fieldSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < ringSlots; s++) {
            for (int f = 0; f < FIELDS; f++) {
                PayloadPattern.fill(scratch, fieldSize, s, f);
                all.put((s * FIELDS + f) * payloadSize, scratch, STAMP, payloadSize);
            }
        }
        return all;
    }

    public MessageLayout layout() {
        return layout;
    }

    /**
     * Verifies the next {@code length} bytes of the stream, found at absolute indices {@code [offset,
     * offset + length)} of {@code buffer}. The buffer's position, limit and mark are not touched.
     *
     * @throws StreamCorruptionException at the first byte that differs from what was sent
     * @throws IndexOutOfBoundsException if the range is not within the buffer's limit
     * @throws IllegalStateException     if an earlier call already found corruption
     */
    public void consume(ByteBuffer buffer, int offset, int length) throws StreamCorruptionException {
        if (failure != null) {
            throw new IllegalStateException("the stream already failed verification: " + failure.getMessage(),
                    failure);
        }
        Objects.checkFromIndexSize(offset, length, buffer.limit());
        ByteBuffer in = viewOf(buffer);
        long streamBase = consumed - offset; // stream offset of buffer index i is streamBase + i
        int pos = offset;
        int end = offset + length;
        try {
            while (pos < end) {
                if (offsetInField < STAMP) {
                    if (offsetInField == 0 && end - pos >= STAMP) {
                        checkStamp(in.getLong(pos), streamBase + pos);
                        pos += STAMP;
                        offsetInField = STAMP;
                    } else {
                        // The stamp straddles reads: gather it byte by byte, little-endian.
                        stampSoFar |= (in.get(pos++) & 0xffL) << (8 * offsetInField);
                        if (++offsetInField < STAMP) {
                            continue;
                        }
                        long stamp = stampSoFar;
                        stampSoFar = 0;
                        checkStamp(stamp, streamBase + pos - STAMP);
                    }
                } else {
                    int n = Math.min(end - pos, fieldSize - offsetInField);
                    if (checkPayload) {
                        checkPayload(in, pos, n, streamBase);
                    }
                    pos += n;
                    offsetInField += n;
                }
                if (offsetInField == fieldSize) {
                    nextField();
                }
            }
        } catch (StreamCorruptionException e) {
            failure = e;
            throw e;
        }
        CONSUMED.setRelease(this, consumed + length);
    }

    private ByteBuffer viewOf(ByteBuffer buffer) {
        if (buffer != lastSource) {
            // duplicate() resets the byte order to big-endian; stamps are little-endian.
            sourceView = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            sourceView.clear();
            sourceWindow = buffer.duplicate();
            lastSource = buffer;
        }
        return sourceView;
    }

    private void checkStamp(long stamp, long stampStreamOffset) throws StreamCorruptionException {
        long want = FieldStamp.of(message, field);
        if (stamp != want) {
            throw stampMismatch(want, stamp, stampStreamOffset);
        }
    }

    private void checkPayload(ByteBuffer in, int pos, int n, long streamBase) throws StreamCorruptionException {
        int at = expectedBase + offsetInField - STAMP;
        // limit first: moving the limit below the old position pulls the position down with it.
        sourceWindow.limit(pos + n).position(pos);
        expectedView.limit(at + n).position(at);
        int differs = sourceWindow.mismatch(expectedView);
        if (differs >= 0) {
            throw payloadMismatch(in, pos, n, differs, streamBase);
        }
    }

    private void nextField() {
        offsetInField = 0;
        if (++field < FIELDS) {
            expectedBase += payloadSize;
            return;
        }
        field = 0;
        message++;
        VERIFIED.setRelease(this, message);
        // Counters instead of % per message: slot = message % ringSlots, check when message % payloadEvery == 0.
        if (++slot == ringSlots) {
            slot = 0;
        }
        if (++sincePayloadCheck == payloadEvery) {
            sincePayloadCheck = 0;
        }
        checkPayload = sincePayloadCheck == 0;
        expectedBase = slot * FIELDS * payloadSize;
    }

    /** Signals that no more bytes will come: fine at a message boundary, otherwise the stream was cut short. */
    public void endOfStream() throws StreamTruncatedException {
        if (failure != null) {
            throw new IllegalStateException("the stream already failed verification: " + failure.getMessage(),
                    failure);
        }
        if (field != 0 || offsetInField != 0) {
            throw new StreamTruncatedException(layout, message, field, offsetInField);
        }
    }

    /** Messages fully received and verified so far; safe to read from any thread. */
    public long verifiedMessages() {
        return (long) VERIFIED.getAcquire(this);
    }

    /** Bytes passed to successful {@link #consume} calls so far; safe to read from any thread. */
    public long bytesConsumed() {
        return (long) CONSUMED.getAcquire(this);
    }

    private StreamCorruptionException stampMismatch(long want, long stamp, long stampStreamOffset) {
        int firstByte = Long.numberOfTrailingZeros(want ^ stamp) / 8; // little-endian: low byte comes first
        return new StreamCorruptionException(message, field, firstByte, fieldSize, stampStreamOffset + firstByte, true,
                String.format("0x%016x", want), String.format("0x%016x", stamp), stampHint(stamp));
    }

    private String stampHint(long stamp) {
        long otherMessage = FieldStamp.message(stamp);
        int otherField = FieldStamp.field(stamp);
        String names = "the stamp is that of message " + otherMessage + ", field " + otherField;
        if (otherMessage == message) {
            return names + ": a field was skipped, repeated or reordered";
        }
        if (otherMessage > message && otherField == field && (otherMessage - message) % ringSlots == 0) {
            return names + ", sent later from the same ring slot: the sender rewrote the buffer before the kernel"
                    + " had taken its bytes (zero-copy completion not awaited?)";
        }
        if (otherMessage < message) {
            return names + ", sent before this one: a message arrived twice, or late";
        }
        if (otherField == 0 && field > 0 && otherMessage == message + 1) {
            return names + ": the rest of this message is missing";
        }
        if (otherField == 0 && field == 0) {
            long missing = otherMessage - message;
            return names + ": " + (missing == 1 ? "message " + message + " is missing"
                    : missing + " messages are missing before it") + ", or arrived out of order";
        }
        return names;
    }

    private StreamCorruptionException payloadMismatch(ByteBuffer in, int pos, int n, int differs, long streamBase) {
        int payloadIndex = offsetInField - STAMP + differs;
        byte want = expected.get(expectedBase + payloadIndex);
        byte got = in.get(pos + differs);
        return new StreamCorruptionException(message, field, offsetInField + differs, fieldSize,
                streamBase + pos + differs, false, String.format("0x%02x", want), String.format("0x%02x", got),
                payloadHint(in, pos + differs, n - differs, payloadIndex));
    }

    /** Names another ring slot whose pattern the received bytes match, if one does over at least 8 bytes. */
    private String payloadHint(ByteBuffer in, int from, int available, int payloadIndex) {
        int span = Math.min(available, 64);
        if (span < 8) {
            return "ring slot " + slot;
        }
        for (int other = 0; other < ringSlots; other++) {
            if (other != slot && matchesSlot(in, from, span, other, payloadIndex)) {
                return "expected the pattern of ring slot " + slot + ", the bytes match ring slot " + other
                        + ": the message was sent from the wrong slot";
            }
        }
        return "ring slot " + slot;
    }

    private boolean matchesSlot(ByteBuffer in, int from, int span, int other, int payloadIndex) {
        for (int i = 0; i < span; i++) {
            if (in.get(from + i) != PayloadPattern.byteAt(other, field, payloadIndex + i)) {
                return false;
            }
        }
        return true;
    }
}
