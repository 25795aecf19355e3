package dev.copycost.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of {@link StreamVerifier} over random layouts, rings and splits of the stream into reads.
 * Corruptions are checked against an independent oracle: the first byte at which the received stream
 * differs from the sent one, ignoring payload bytes of messages whose payload is not checked.
 */
class StreamVerifierPropertyTest {
    /** Caps a stream so 1-byte reads of the largest messages stay quick. */
    private static final int MAX_STREAM_BYTES = 1 << 20;

    /** Multiples of 8 from 64 to 70000, biased towards the small sizes where every boundary is close. */
    private static Gen<Integer> messageSizes() {
        return Generate.frequency(
                pair(3, integers().between(8, 40).map(i -> i * 8)),
                pair(2, integers().between(8, 1024).map(i -> i * 8)),
                pair(1, integers().between(8, 8750).map(i -> i * 8)));
    }

    /** Read sizes, cycled over the stream: all 1-byte, tiny (straddling stamps), up to a few messages. */
    private static Gen<List<Integer>> readSizes() {
        Gen<Integer> size = Generate.frequency(
                pair(3, integers().between(1, 17)),
                pair(2, integers().between(1, 5000)),
                pair(1, integers().between(1, 250_000)));
        return Generate.frequency(
                pair(1, Generate.constant(List.of(1))),
                pair(6, lists().of(size).ofSizeBetween(1, 12)));
    }

    private static Gen<int[]> rings() {
        return integers().between(1, 16).zip(integers().between(1, 4), (slots, every) -> new int[] {slots, every});
    }

    private static <T> org.quicktheories.api.Pair<Integer, Gen<T>> pair(int weight, Gen<T> gen) {
        return org.quicktheories.api.Pair.of(weight, gen);
    }

    private static int messageCount(int messageSize, int ringSlots) {
        // Enough to wrap the ring twice, bounded in bytes.
        return Math.max(1, Math.min(2 * ringSlots + 1, MAX_STREAM_BYTES / messageSize));
    }

    @Test
    void reassemblesAnySplitOfAnyStream() {
        qt().withExamples(150).forAll(messageSizes(), rings(), readSizes()).checkAssert((size, ring, reads) -> {
            MessageLayout layout = new MessageLayout(size);
            int messages = messageCount(size, ring[0]);
            byte[] stream = new SenderRing(layout, ring[0]).stream(messages);
            StreamVerifier verifier = new StreamVerifier(layout, ring[0], ring[1]);
            try {
                StreamFeeder.feed(verifier, stream, reads);
                verifier.endOfStream();
            } catch (java.io.IOException e) {
                throw new AssertionError("correct stream rejected: " + e.getMessage(), e);
            }
            assertThat(verifier.verifiedMessages()).isEqualTo(messages);
            assertThat(verifier.bytesConsumed()).isEqualTo(stream.length);
        });
    }

    @Test
    void truncatedStreamReportsHowFarTheLastMessageGot() {
        qt().withExamples(100).forAll(messageSizes(), rings(), readSizes(), integers().between(0, 1_000_000))
                .checkAssert((size, ring, reads, cutAt) -> {
                    MessageLayout layout = new MessageLayout(size);
                    byte[] full = new SenderRing(layout, ring[0]).stream(messageCount(size, ring[0]));
                    int cut = cutAt % (full.length + 1);
                    StreamVerifier verifier = new StreamVerifier(layout, ring[0], ring[1]);
                    try {
                        if (cut > 0) {
                            StreamFeeder.feed(verifier, Arrays.copyOf(full, cut), reads);
                        }
                    } catch (StreamCorruptionException e) {
                        throw new AssertionError("prefix of a correct stream rejected: " + e.getMessage(), e);
                    }
                    int intoMessage = cut % size;
                    StreamTruncatedException truncated = catchThrowableOfType(StreamTruncatedException.class,
                            verifier::endOfStream);
                    if (intoMessage == 0) {
                        assertThat(truncated).as("end at a message boundary").isNull();
                        return;
                    }
                    assertThat(truncated).as("end %d bytes into a message", intoMessage).isNotNull();
                    assertThat(truncated.messageNumber()).isEqualTo(cut / size);
                    assertThat(truncated.field()).isEqualTo(intoMessage / layout.fieldSize());
                    assertThat(truncated.offsetInField()).isEqualTo(intoMessage % layout.fieldSize());
                    assertThat(truncated.bytesOfMessageReceived()).isEqualTo(intoMessage);
                    assertThat(truncated).hasMessageContaining("message " + cut / size)
                            .hasMessageContaining(intoMessage + " of " + size + " bytes");
                });
    }

    /** The ways a stream goes wrong: each takes the correct stream and returns a damaged one. */
    enum Damage {
        FLIP_BYTE, SKIP_FIELD, WRONG_SLOT, REWRITTEN_TOO_EARLY, SWAPPED_FIELDS
    }

    @Test
    void damageIsReportedAtTheFirstCheckedByteThatDiffers() {
        Gen<Integer> where = integers().between(0, Integer.MAX_VALUE);
        qt().withExamples(250)
                .forAll(messageSizes(), rings(), Generate.enumValues(Damage.class).zip(where, where,
                        (damage, a, b) -> new Object[] {damage, a, b}), readSizes())
                .checkAssert((size, ring, damageAt, reads) -> {
                    MessageLayout layout = new MessageLayout(size);
                    SenderRing sender = new SenderRing(layout, ring[0]);
                    int messages = messageCount(size, ring[0]);
                    byte[] sent = sender.stream(messages);
                    byte[] received = damage(sender, messages, (Damage) damageAt[0], (int) damageAt[1],
                            (int) damageAt[2]);
                    checkAgainstOracle(layout, ring[0], ring[1], sent, received, reads);
                });
    }

    private static byte[] damage(SenderRing sender, int messages, Damage damage, int a, int b) {
        MessageLayout layout = sender.layout;
        long victim = a % messages;
        int field = b % MessageLayout.FIELDS;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long n = 0; n < messages; n++) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                boolean hit = n == victim && f == field;
                switch (damage) {
                    case FLIP_BYTE -> {
                        byte[] bytes = sender.field(n, f);
                        if (hit) {
                            bytes[b % layout.fieldSize()] ^= (byte) (1 + a % 255);
                        }
                        out.writeBytes(bytes);
                    }
                    case SKIP_FIELD -> {
                        if (!hit) {
                            out.writeBytes(sender.field(n, f));
                        }
                    }
                    case WRONG_SLOT -> {
                        int right = (int) (n % sender.ringSlots);
                        int wrong = (right + 1 + b % Math.max(1, sender.ringSlots - 1)) % sender.ringSlots;
                        out.writeBytes(n == victim ? sender.fieldFromSlot(n, f, wrong) : sender.field(n, f));
                    }
                    case REWRITTEN_TOO_EARLY -> out.writeBytes(sender.field(hit ? n + sender.ringSlots : n, f));
                    case SWAPPED_FIELDS -> {
                        int other = n == victim && f == field ? (f + 1) % MessageLayout.FIELDS
                                : n == victim && f == (field + 1) % MessageLayout.FIELDS ? field : f;
                        out.writeBytes(sender.field(n, other));
                    }
                    default -> throw new IllegalStateException(damage.name());
                }
            }
        }
        return out.toByteArray();
    }

    private static void checkAgainstOracle(MessageLayout layout, int ringSlots, int payloadEvery, byte[] sent,
            byte[] received, List<Integer> reads) {
        int size = layout.messageSize();
        int fieldSize = layout.fieldSize();
        int common = Math.min(sent.length, received.length);
        int first = -1;
        for (int i = 0; i < common; i++) {
            boolean inStamp = i % fieldSize < FieldStamp.SIZE;
            boolean checked = inStamp || (i / size) % payloadEvery == 0;
            if (checked && sent[i] != received[i]) {
                first = i;
                break;
            }
        }
        StreamVerifier verifier = new StreamVerifier(layout, ringSlots, payloadEvery);
        StreamCorruptionException corruption = catchThrowableOfType(StreamCorruptionException.class,
                () -> StreamFeeder.feed(verifier, received, reads));
        if (first < 0) {
            assertThat(corruption).as("no checked byte differs").isNull();
            assertThat(verifier.verifiedMessages()).isEqualTo(received.length / size);
            return;
        }
        assertThat(corruption).as("first checked difference at stream offset %d", first).isNotNull();
        assertThat(corruption.streamOffset()).isEqualTo(first);
        assertThat(corruption.messageNumber()).isEqualTo(first / size);
        assertThat(corruption.field()).isEqualTo(first % size / fieldSize);
        assertThat(corruption.offsetInField()).isEqualTo(first % fieldSize);
        assertThat(corruption.inStamp()).isEqualTo(first % fieldSize < FieldStamp.SIZE);
        assertThat(verifier.verifiedMessages()).isEqualTo(first / size);
        if (!corruption.inStamp()) {
            assertThat(corruption.expected()).isEqualTo(String.format("0x%02x", sent[first]));
            assertThat(corruption.actual()).isEqualTo(String.format("0x%02x", received[first]));
        }
    }
}
