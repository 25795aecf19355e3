package dev.copycost.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Plays a stream into a verifier the way a receive loop would: reads of the given sizes (cycled)
 * land at varying offsets of two reused direct receive buffers. After every read it checks that the
 * verifier counted exactly the whole messages so far and left the buffer's position and limit alone.
 */
final class StreamFeeder {
    private static final int MAX_OFFSET = 13;

    private StreamFeeder() {
    }

    static void feed(StreamVerifier verifier, byte[] stream, List<Integer> readSizes) throws StreamCorruptionException {
        int largest = readSizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int capacity = Math.min(largest, stream.length) + MAX_OFFSET;
        ByteBuffer[] receive = {ByteBuffer.allocateDirect(capacity), ByteBuffer.allocateDirect(capacity)};
        int messageSize = verifier.layout().messageSize();
        int done = 0;
        for (int read = 0; done < stream.length; read++) {
            int length = Math.min(readSizes.get(read % readSizes.size()), stream.length - done);
            int offset = (read * 7) % MAX_OFFSET;
            // Switch buffers every few reads: the verifier caches one view and must notice the change.
            ByteBuffer buffer = receive[(read / 3) % 2];
            buffer.put(offset, stream, done, length);
            buffer.limit(offset + length).position(offset / 2);
            verifier.consume(buffer, offset, length);
            done += length;
            // Plain comparisons first: a stream of 1-byte reads makes a million of these.
            if (buffer.position() != offset / 2 || buffer.limit() != offset + length
                    || verifier.bytesConsumed() != done || verifier.verifiedMessages() != done / messageSize) {
                assertThat(buffer.position()).as("caller's position").isEqualTo(offset / 2);
                assertThat(buffer.limit()).as("caller's limit").isEqualTo(offset + length);
                assertThat(verifier.bytesConsumed()).isEqualTo(done);
                assertThat(verifier.verifiedMessages()).isEqualTo(done / messageSize);
            }
            buffer.clear();
        }
    }
}
