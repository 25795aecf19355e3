package dev.copycost.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of the framing over random splits of a stream into reads, as TCP may deliver it, and over
 * random garbage, as a hostile or confused client may send it.
 */
class FramingPropertyTest {
    private static final List<ControlMessage> KINDS = FramingTest.everyKind();

    private static Gen<List<Integer>> messageIndices() {
        return lists().of(integers().between(0, KINDS.size() - 1)).ofSizeBetween(1, 12);
    }

    private static Gen<List<Integer>> readSizes() {
        return lists().of(integers().between(1, 300)).ofSizeBetween(1, 8);
    }

    @Test
    void anySplitOfAnySequenceOfMessagesReadsBackAsSent() {
        qt().withExamples(300).forAll(messageIndices(), readSizes()).checkAssert((indices, reads) -> {
            List<ControlMessage> sent = new ArrayList<>();
            indices.forEach(i -> sent.add(KINDS.get(i)));
            byte[] stream = ControlCodec.opening(sent.toArray(ControlMessage[]::new));
            FrameDecoder decoder = new FrameDecoder("peer");
            List<ControlMessage> read = new ArrayList<>();
            int at = 0;
            for (int r = 0; at < stream.length; r++) {
                int n = Math.min(reads.get(r % reads.size()), stream.length - at);
                try {
                    read.addAll(decoder.feedAll(stream, at, n));
                } catch (ProtocolException e) {
                    throw new AssertionError(e);
                }
                at += n;
            }
            assertThat(read.stream().map(FramingTest::json).toList())
                    .isEqualTo(sent.stream().map(FramingTest::json).toList());
        });
    }

    /**
     * Garbage, alone or after a valid preamble: the decoder either refuses it with a
     * {@link ProtocolException}, or is still waiting for more; it never fails otherwise, never yields
     * a message from bytes that were not one, and never holds more than what arrived.
     */
    @Test
    void garbageIsRefusedOrAwaitedNeverMisread() {
        qt().withExamples(500).forAll(integers().between(0, 4096), integers().all(), integers().between(0, 1))
                .checkAssert((length, seed, afterPreamble) -> {
                    byte[] garbage = new byte[length];
                    new Random(seed).nextBytes(garbage);
                    ByteArrayOutputStream stream = new ByteArrayOutputStream();
                    if (afterPreamble == 1) {
                        stream.writeBytes(AgentProtocol.preamble());
                    }
                    stream.writeBytes(garbage);
                    byte[] bytes = stream.toByteArray();
                    FrameDecoder decoder = new FrameDecoder("peer");
                    try {
                        List<ControlMessage> read = decoder.feedAll(bytes, 0, bytes.length);
                        assertThat(read).as("messages read from random bytes").isEmpty();
                        assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(Math.max(4096, length));
                    } catch (ProtocolException refused) {
                        assertThat(refused.getMessage()).startsWith("peer ");
                    }
                });
    }

    /** A valid stream with one byte changed is refused, or reads as messages that are all well-formed. */
    @Test
    void aFlippedByteNeverBreaksTheDecoderOtherwise() {
        qt().withExamples(300).forAll(messageIndices(), integers().all(), integers().between(1, 255))
                .checkAssert((indices, position, flip) -> {
                    List<ControlMessage> sent = new ArrayList<>();
                    indices.forEach(i -> sent.add(KINDS.get(i)));
                    byte[] stream = ControlCodec.opening(sent.toArray(ControlMessage[]::new));
                    int at = Math.floorMod(position, stream.length);
                    stream[at] ^= (byte) flip.intValue();
                    try {
                        List<ControlMessage> read = new FrameDecoder("peer").feedAll(stream, 0, stream.length);
                        assertThat(read.size()).isLessThanOrEqualTo(sent.size());
                        read.forEach(m -> assertThat(m).isNotNull());
                    } catch (ProtocolException refused) {
                        assertThat(refused.getMessage()).startsWith("peer ");
                    }
                });
    }
}
