package dev.copycost.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partial writes: after any sequence of advances the iovec describes exactly the unsent suffix. */
class IovecArrayTest {

    @Test
    void advanceLeavesExactlyTheUnsentSuffixAndRewindRestores() {
        qt().withExamples(300)
                .forAll(lists().of(integers().between(1, 300)).ofSizeBetween(1, 8),
                        lists().of(integers().between(1, 400)).ofSizeBetween(1, 20))
                .checkAssert((lengths, writes) -> {
                    try (IovecArray iov = new IovecArray(lengths.size())) {
                        long base = 1_000_000;
                        for (int i = 0; i < lengths.size(); i++) {
                            iov.set(i, base, lengths.get(i));
                            base += 10_000;
                        }
                        long total = lengths.stream().mapToLong(Integer::longValue).sum();
                        long sent = 0;
                        for (int w : writes) {
                            long step = Math.min(w, iov.remainingBytes());
                            iov.advance(step);
                            sent += step;
                            assertThat(described(iov)).isEqualTo(total - sent);
                            assertThat(firstByte(iov, lengths)).isEqualTo(sent < total ? addressOf(sent, lengths) : -1);
                        }
                        iov.rewind();
                        assertThat(iov.remainingBytes()).isEqualTo(total);
                        assertThat(iov.remainingEntries()).isEqualTo(lengths.size());
                        assertThat(described(iov)).isEqualTo(total);
                        assertThat(firstByte(iov, lengths)).isEqualTo(1_000_000);
                    }
                });
    }

    @Test
    void advancingPastTheEndIsRefused() {
        try (IovecArray iov = new IovecArray(1)) {
            iov.set(0, 4096, 10);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> iov.advance(11))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("advance by 11 with 10 bytes remaining");
        }
    }

    /** Sum of the lengths of the entries from the first remaining one, read from native memory. */
    private static long described(IovecArray iov) {
        ByteBuffer v = new com.sun.jna.Pointer(iov.firstAddress()).getByteBuffer(0, (long) iov.remainingEntries() * 16)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        for (int i = 0; i < iov.remainingEntries(); i++) {
            sum += v.getLong(i * 16 + 8);
        }
        return sum;
    }

    private static long firstByte(IovecArray iov, List<Integer> lengths) {
        if (iov.remainingEntries() == 0 || iov.remainingBytes() == 0) {
            return -1;
        }
        ByteBuffer v = new com.sun.jna.Pointer(iov.firstAddress()).getByteBuffer(0, 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return v.getLong(0);
    }

    private static long addressOf(long offset, List<Integer> lengths) {
        long base = 1_000_000;
        for (int len : lengths) {
            if (offset < len) {
                return base + offset;
            }
            offset -= len;
            base += 10_000;
        }
        throw new AssertionError("offset past the end");
    }
}
