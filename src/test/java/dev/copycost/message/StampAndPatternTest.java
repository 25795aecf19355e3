package dev.copycost.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class StampAndPatternTest {
    @Test
    void stampRoundTripsMessageAndField() {
        qt().forAll(longs().between(0, Long.MAX_VALUE >>> 3), integers().between(0, 7)).checkAssert((n, f) -> {
            long stamp = FieldStamp.of(n, f);
            assertThat(stamp).isEqualTo(n * 8 + f);
            assertThat(FieldStamp.message(stamp)).isEqualTo(n);
            assertThat(FieldStamp.field(stamp)).isEqualTo(f);
        });
    }

    @Test
    void stampIsWrittenLittleEndianAtIndexZeroWithoutMovingTheView() {
        ByteBuffer field = ByteBuffer.allocateDirect(16).order(ByteOrder.LITTLE_ENDIAN);
        field.position(5);
        FieldStamp.write(field, 0x0102_0304L, 3);
        assertThat(field.position()).isEqualTo(5);
        assertThat(field.get(0)).isEqualTo((byte) 0x23); // 0x01020304 * 8 + 3 = 0x08101823
        assertThat(field.get(1)).isEqualTo((byte) 0x18);
        assertThat(field.getLong(0)).isEqualTo(0x0102_0304L * 8 + 3);
    }

    @Test
    void fillWritesExactlyThePatternAfterTheStampInEitherByteOrder() {
        qt().forAll(integers().between(8, 200), integers().between(0, 63), integers().between(0, 7))
                .checkAssert((fieldSize, slot, field) -> {
                    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                        ByteBuffer view = ByteBuffer.allocate(fieldSize + 3).order(order);
                        for (int i = 0; i < view.capacity(); i++) {
                            view.put(i, (byte) 0x5a);
                        }
                        PayloadPattern.fill(view, fieldSize, slot, field);
                        for (int i = 0; i < 8; i++) {
                            assertThat(view.get(i)).as("stamp byte %d", i).isEqualTo((byte) 0x5a);
                        }
                        for (int i = 8; i < fieldSize; i++) {
                            assertThat(view.get(i)).as("byte %d", i)
                                    .isEqualTo(PayloadPattern.byteAt(slot, field, i - 8));
                        }
                        assertThat(view.get(fieldSize)).as("past the field").isEqualTo((byte) 0x5a);
                        assertThat(view.position()).isZero();
                    }
                });
    }

    @Test
    void patternsOfDifferentSlotsAndFieldsDiffer() {
        // Well mixed: two (slot, field) streams agree on about 1/256 of bytes, not on long runs.
        int same = 0;
        int total = 0;
        for (int slot = 0; slot < 16; slot++) {
            for (int field = 0; field < 8; field++) {
                for (int i = 0; i < 256; i++, total++) {
                    if (PayloadPattern.byteAt(slot, field, i) == PayloadPattern.byteAt(slot + 1, field, i)
                            || PayloadPattern.byteAt(slot, field, i) == PayloadPattern.byteAt(slot, (field + 1) % 8, i)) {
                        same++;
                    }
                }
            }
        }
        assertThat((double) same / total).isLessThan(0.02);
    }
}
