package dev.copycost.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for {@link StreamVerifier}: each kind of damage with its exact report. */
class StreamVerifierTest {
    private static final MessageLayout LAYOUT = new MessageLayout(4096);
    private static final int FIELD = 512;
    private static final int RING = 4;

    private final SenderRing sender = new SenderRing(LAYOUT, RING);

    private StreamCorruptionException corruption(byte[] stream, int payloadEvery, List<Integer> reads) {
        StreamVerifier verifier = new StreamVerifier(LAYOUT, RING, payloadEvery);
        return catchThrowableOfType(StreamCorruptionException.class, () -> StreamFeeder.feed(verifier, stream, reads));
    }

    @Test
    void acceptsCorrectStreamInOneReadAndInOneByteReads() throws Exception {
        byte[] stream = sender.stream(10);
        for (List<Integer> reads : List.of(List.of(stream.length), List.of(1), List.of(7, 9, 1))) {
            StreamVerifier verifier = new StreamVerifier(LAYOUT, RING, 1);
            StreamFeeder.feed(verifier, stream, reads);
            verifier.endOfStream();
            assertThat(verifier.verifiedMessages()).isEqualTo(10);
        }
    }

    @Test
    void flippedPayloadByteIsReportedWithItsPosition() {
        byte[] stream = sender.stream(6);
        int at = 5 * 4096 + 2 * FIELD + 100;
        byte original = stream[at];
        stream[at] ^= 0x40;
        StreamCorruptionException e = corruption(stream, 1, List.of(1000));
        assertThat(e).isNotNull();
        assertThat(e.messageNumber()).isEqualTo(5);
        assertThat(e.field()).isEqualTo(2);
        assertThat(e.offsetInField()).isEqualTo(100);
        assertThat(e.streamOffset()).isEqualTo(at);
        assertThat(e.inStamp()).isFalse();
        assertThat(e.expected()).isEqualTo(String.format("0x%02x", original));
        assertThat(e.actual()).isEqualTo(String.format("0x%02x", (byte) (original ^ 0x40)));
        assertThat(e).hasMessageStartingWith("stream corrupt in message 5, field 2, byte 100 of 512 (stream offset "
                + at + "): payload expected " + e.expected() + ", got " + e.actual());
    }

    @Test
    void payloadOfUncheckedMessagesIsSkippedButItsStampsAreNot() throws Exception {
        byte[] stream = sender.stream(6);
        stream[3 * 4096 + FIELD + 200] ^= 1; // message 3: not a multiple of payloadEvery=2
        StreamVerifier verifier = new StreamVerifier(LAYOUT, RING, 2);
        StreamFeeder.feed(verifier, stream, List.of(333));
        assertThat(verifier.verifiedMessages()).isEqualTo(6);

        stream[3 * 4096 + FIELD + 3] ^= 1; // the stamp of the same field
        StreamCorruptionException e = corruption(stream, 2, List.of(333));
        assertThat(e.inStamp()).isTrue();
        assertThat(e.messageNumber()).isEqualTo(3);
        assertThat(e.field()).isEqualTo(1);
        assertThat(e.offsetInField()).isEqualTo(3);
    }

    @Test
    void flippedStampByteStraddlingTwoReadsIsReportedAtThatByte() {
        byte[] stream = sender.stream(3);
        int stampStart = 2 * 4096 + 6 * FIELD;
        stream[stampStart + 5] ^= 0x10;
        // Reads of 3 bytes put stamps across read boundaries at every possible split over the run.
        StreamCorruptionException e = corruption(stream, 1, List.of(3));
        assertThat(e.inStamp()).isTrue();
        assertThat(e.messageNumber()).isEqualTo(2);
        assertThat(e.field()).isEqualTo(6);
        assertThat(e.offsetInField()).isEqualTo(5);
        assertThat(e.streamOffset()).isEqualTo(stampStart + 5);
        assertThat(e.expected()).isEqualTo(String.format("0x%016x", 2 * 8 + 6));
        assertThat(e.actual()).isEqualTo(String.format("0x%016x", (2L * 8 + 6) ^ (0x10L << 40)));
    }

    @Test
    void skippedFieldShowsUpAsTheNextFieldsStamp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 0; n < 4; n++) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                if (!(n == 2 && f == 4)) {
                    out.writeBytes(sender.field(n, f));
                }
            }
        }
        StreamCorruptionException e = corruption(out.toByteArray(), 1, List.of(4096));
        assertThat(e.inStamp()).isTrue();
        assertThat(e.messageNumber()).isEqualTo(2);
        assertThat(e.field()).isEqualTo(4);
        assertThat(e.offsetInField()).isZero();
        assertThat(e.streamOffset()).isEqualTo(2 * 4096 + 4 * FIELD);
        assertThat(e).hasMessageContaining("the stamp is that of message 2, field 5")
                .hasMessageContaining("skipped");
    }

    /** Messages 0..count-1 whole, in the order {@code order} gives them. */
    private byte[] messages(int... order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n : order) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                out.writeBytes(sender.field(n, f));
            }
        }
        return out.toByteArray();
    }

    @Test
    void aRepeatedMessageIsNamedAsAnEarlierOne() {
        StreamCorruptionException e = corruption(messages(0, 1, 1, 2), 1, List.of(4096));
        assertThat(e.inStamp()).isTrue();
        assertThat(e.messageNumber()).isEqualTo(2);
        assertThat(e.field()).isZero();
        assertThat(e.streamOffset()).isEqualTo(2 * 4096);
        assertThat(e).hasMessageContaining("the stamp is that of message 1, field 0, sent before this one: a "
                + "message arrived twice, or late");
    }

    @Test
    void twoMessagesSwappedAreNamedAsMissingOrOutOfOrder() {
        StreamCorruptionException e = corruption(messages(0, 2, 1, 3), 1, List.of(100, 9000));
        assertThat(e.messageNumber()).isEqualTo(1);
        assertThat(e.field()).isZero();
        assertThat(e).hasMessageContaining("the stamp is that of message 2, field 0: message 1 is missing, or "
                + "arrived out of order");
    }

    @Test
    void aLaterMessageInTheMiddleOfOneSaysTheRestIsMissing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(messages(0));
        for (int f = 0; f < 3; f++) {
            out.writeBytes(sender.field(1, f));
        }
        out.writeBytes(messages(2));
        StreamCorruptionException e = corruption(out.toByteArray(), 1, List.of(4096));
        assertThat(e.messageNumber()).isEqualTo(1);
        assertThat(e.field()).isEqualTo(3);
        assertThat(e).hasMessageContaining("the stamp is that of message 2, field 0: the rest of this message is missing");
    }

    @Test
    void messagesLostInBetweenAreCounted() {
        StreamCorruptionException e = corruption(messages(0, 1, 5), 1, List.of(4096));
        assertThat(e.messageNumber()).isEqualTo(2);
        assertThat(e).hasMessageContaining("the stamp is that of message 5, field 0: 3 messages are missing before it, "
                + "or arrived out of order");
    }

    @Test
    void bufferRewrittenForMessagePlusRingSlotsBeforeItWasSentIsNamedAsSuch() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 0; n < 6; n++) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                out.writeBytes(sender.field(n == 1 && f == 3 ? n + RING : n, f));
            }
        }
        StreamCorruptionException e = corruption(out.toByteArray(), 1, List.of(65536));
        assertThat(e.inStamp()).isTrue();
        assertThat(e.messageNumber()).isEqualTo(1);
        assertThat(e.field()).isEqualTo(3);
        assertThat(e.actual()).isEqualTo(String.format("0x%016x", (1L + RING) * 8 + 3));
        assertThat(e).hasMessageContaining("message 5, field 3, sent later from the same ring slot")
                .hasMessageContaining("zero-copy completion");
    }

    @Test
    void messageFromTheWrongRingSlotFailsInThePayloadAndNamesTheSlot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 0; n < 4; n++) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                out.writeBytes(n == 2 ? sender.fieldFromSlot(n, f, 3) : sender.field(n, f));
            }
        }
        int firstDiff = 0;
        while (PayloadPattern.byteAt(2, 0, firstDiff) == PayloadPattern.byteAt(3, 0, firstDiff)) {
            firstDiff++;
        }
        StreamCorruptionException e = corruption(out.toByteArray(), 1, List.of(4096));
        assertThat(e.inStamp()).isFalse();
        assertThat(e.messageNumber()).isEqualTo(2);
        assertThat(e.field()).isZero();
        assertThat(e.offsetInField()).isEqualTo(8 + firstDiff);
        assertThat(e).hasMessageContaining("ring slot 2").hasMessageContaining("match ring slot 3");
    }

    @Test
    void truncatedStreamSaysHowMuchOfTheMessageArrived() throws Exception {
        byte[] stream = Arrays.copyOf(sender.stream(13), 12 * 4096 + 3 * FIELD + 17);
        StreamVerifier verifier = new StreamVerifier(LAYOUT, RING, 1);
        StreamFeeder.feed(verifier, stream, List.of(1500));
        assertThat(verifier.verifiedMessages()).isEqualTo(12);
        assertThatThrownBy(verifier::endOfStream).isInstanceOf(StreamTruncatedException.class)
                .hasMessage("stream ended inside message 12 (field 3, byte 17 of 512): 1553 of 4096 bytes of the"
                        + " message arrived");
    }

    @Test
    void endOfStreamAtMessageBoundaryIsFineIncludingAnEmptyStream() throws Exception {
        StreamVerifier verifier = new StreamVerifier(LAYOUT, RING, 1);
        verifier.endOfStream();
        StreamFeeder.feed(verifier, sender.stream(2), List.of(100));
        verifier.endOfStream();
        assertThat(verifier.verifiedMessages()).isEqualTo(2);
    }

    @Test
    void refusesInputAfterCorruption() {
        byte[] stream = sender.stream(2);
        stream[10] ^= 1;
        StreamVerifier verifier = new StreamVerifier(LAYOUT, RING, 1);
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        assertThatThrownBy(() -> verifier.consume(buffer, 0, stream.length))
                .isInstanceOf(StreamCorruptionException.class);
        assertThatThrownBy(() -> verifier.consume(buffer, 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already failed");
    }

    @Test
    void worksOnHeapAndReadOnlyBuffersAndRejectsRangesOutsideTheLimit() throws Exception {
        byte[] stream = sender.stream(2);
        StreamVerifier verifier = new StreamVerifier(LAYOUT, RING, 1);
        verifier.consume(ByteBuffer.wrap(stream, 0, 100), 0, 100);
        verifier.consume(ByteBuffer.wrap(stream).asReadOnlyBuffer(), 100, stream.length - 100);
        assertThat(verifier.verifiedMessages()).isEqualTo(2);
        ByteBuffer small = ByteBuffer.allocate(64).limit(32);
        assertThatThrownBy(() -> verifier.consume(small, 16, 17)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void validatesItsArguments() {
        assertThatThrownBy(() -> new StreamVerifier(LAYOUT, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ring slots 0");
        assertThatThrownBy(() -> new StreamVerifier(LAYOUT, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payloadEvery 0");
        assertThatThrownBy(() -> new StreamVerifier(new MessageLayout(MessageLayout.MAX_SIZE), 64, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 slots");
        assertThatThrownBy(() -> new StreamVerifier(null, 1, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void steadyStateAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MessageLayout layout = new MessageLayout(1024);
        SenderRing ring = new SenderRing(layout, 2);
        StreamVerifier verifier = new StreamVerifier(layout, 2, 1);
        ByteBuffer receive = ByteBuffer.allocateDirect(1024);
        long message = 0;
        long before = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up; only round 1 is measured
            if (round == 1) {
                before = threads.getCurrentThreadAllocatedBytes();
            }
            for (int i = 0; i < 20_000; i++, message++) {
                ByteBuffer[] fields = ring.stamp(message);
                for (int f = 0; f < MessageLayout.FIELDS; f++) {
                    receive.put(f * 128, fields[f], 0, 128);
                }
                // Uneven reads so stamps straddle and the byte-wise path runs too.
                verifier.consume(receive, 0, 61);
                verifier.consume(receive, 61, 1024 - 61);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(verifier.verifiedMessages()).isEqualTo(40_000);
        assertThat(allocated).as("bytes allocated by 40000 consume calls").isLessThan(16 * 1024);
    }
}
