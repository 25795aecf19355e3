package dev.copycost.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A JMH-free figure to quote: how fast the receiver verifies 64 KiB messages with every payload
 * checked. Prints the rate and asserts only correctness; timing on a shared machine is no test.
 * Besides wall-clock GB/s it prints GB per second of this thread's CPU time, which other load on the
 * machine disturbs far less and which is what the receiver would need of one core.
 *
 * <p>The stream is one 4 MiB batch of messages in a direct buffer, restamped for each pass the way
 * the sender restamps its ring, and read in 200,000-byte pieces so reads straddle messages.
 */
class StreamVerifierThroughputTest {
    private static final int MESSAGE = 64 * 1024;
    private static final int RING = 16;
    private static final int BATCH = 64;
    private static final long BYTES_PER_ROUND = 256L << 20;
    private static final int ROUNDS = 8;
    private static final int READ = 200_000;

    @Test
    void measuresVerificationThroughputAtSixtyFourKib() throws Exception {
        MessageLayout layout = new MessageLayout(MESSAGE);
        ByteBuffer batch = batchOfMessages(layout);
        int passes = (int) (BYTES_PER_ROUND / batch.capacity());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] gigabytesPerSecond = new double[ROUNDS];
        double[] gigabytesPerCpuSecond = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            StreamVerifier verifier = new StreamVerifier(layout, RING, 1);
            long nanos = 0;
            long cpuNanos = 0;
            for (long pass = 0; pass < passes; pass++) {
                restamp(batch, layout, pass * BATCH);
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                for (int at = 0; at < batch.capacity(); at += READ) {
                    verifier.consume(batch, at, Math.min(READ, batch.capacity() - at));
                }
                nanos += System.nanoTime() - start;
                cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
            }
            verifier.endOfStream();
            assertThat(verifier.verifiedMessages()).isEqualTo((long) passes * BATCH);
            assertThat(verifier.bytesConsumed()).isEqualTo(BYTES_PER_ROUND);
            gigabytesPerSecond[round] = (double) BYTES_PER_ROUND / nanos;
            gigabytesPerCpuSecond[round] = (double) BYTES_PER_ROUND / cpuNanos;
        }
        double ceiling = plainMismatchRate(batch);
        // The first round runs partly interpreted; the figure to quote is the median of the rest.
        System.out.printf("StreamVerifier, 64 KiB messages, payloadEvery=1, rounds of 256 MiB after a warm-up round:"
                + " wall clock median %.2f GB/s (%.1f Gbit/s), best %.2f GB/s; per CPU second median %.2f GB/s,"
                + " best %.2f GB/s; all rounds (wall) %s GB/s; plain ByteBuffer.mismatch of the same bytes, best"
                + " %.2f GB/s%n", warmMedian(gigabytesPerSecond), warmMedian(gigabytesPerSecond) * 8,
                warmBest(gigabytesPerSecond), warmMedian(gigabytesPerCpuSecond), warmBest(gigabytesPerCpuSecond),
                Arrays.toString(Arrays.stream(gigabytesPerSecond).map(r -> Math.round(r * 100) / 100.0).toArray()),
                ceiling);
    }

    /** The first round runs partly interpreted; the figures to quote come from the rest. */
    private static double warmMedian(double[] rounds) {
        double[] warm = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(warm);
        return (warm[(warm.length - 1) / 2] + warm[warm.length / 2]) / 2;
    }

    private static double warmBest(double[] rounds) {
        return Arrays.stream(rounds, 1, rounds.length).max().orElseThrow();
    }

    private static ByteBuffer batchOfMessages(MessageLayout layout) {
        SenderRing sender = new SenderRing(layout, RING);
        ByteBuffer batch = ByteBuffer.allocateDirect(BATCH * MESSAGE).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < BATCH; n++) {
            ByteBuffer[] fields = sender.stamp(n);
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                batch.put(n * MESSAGE + f * layout.fieldSize(), fields[f], 0, layout.fieldSize());
            }
        }
        return batch;
    }

    /** Messages {@code first .. first+BATCH-1}; BATCH is a multiple of RING, so each keeps its slot's payload. */
    private static void restamp(ByteBuffer batch, MessageLayout layout, long first) {
        for (int n = 0; n < BATCH; n++) {
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                batch.putLong(n * MESSAGE + f * layout.fieldSize(), FieldStamp.of(first + n, f));
            }
        }
    }

    /** The memory-bound ceiling: comparing the batch with a copy of itself, no reassembly at all. */
    private static double plainMismatchRate(ByteBuffer batch) {
        ByteBuffer copy = ByteBuffer.allocateDirect(batch.capacity());
        copy.put(0, batch, 0, batch.capacity());
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            int passes = (int) (BYTES_PER_ROUND / batch.capacity());
            for (int pass = 0; pass < passes; pass++) {
                assertThat(batch.duplicate().clear().mismatch(copy.duplicate().clear())).isEqualTo(-1);
            }
            best = Math.max(best, (double) BYTES_PER_ROUND / (System.nanoTime() - start));
        }
        return best;
    }
}
