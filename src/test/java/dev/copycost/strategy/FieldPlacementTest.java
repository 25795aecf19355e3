package dev.copycost.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.copycost.message.MessageLayout;
import dev.copycost.nativeio.NativeBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How many pages a message's fields touch under each placement: what zero-copy pins per send. */
class FieldPlacementTest {
    private static Set<Long> pagesOf(MessageBuffers b, int slot, MessageLayout layout) {
        Set<Long> pages = new HashSet<>();
        for (int f = 0; f < MessageLayout.FIELDS; f++) {
            long start = b.address(slot, f);
            for (long a = start; a < start + layout.fieldSize(); a += layout.fieldSize()) {
                pages.add(a / NativeBuffer.PAGE_SIZE);
            }
            pages.add((start + layout.fieldSize() - 1) / NativeBuffer.PAGE_SIZE);
        }
        return pages;
    }

    @Test
    void aSixtyFourByteMessageTouchesEightPagesPerFieldAndOnePacked() {
        MessageLayout layout = new MessageLayout(64);
        try (MessageBuffers perField = new MessageBuffers(layout, 2, true, FieldPlacement.PAGE_PER_FIELD);
                MessageBuffers packed = new MessageBuffers(layout, 2, true, FieldPlacement.PACKED)) {
            assertThat(pagesOf(perField, 1, layout)).hasSize(8);
            assertThat(pagesOf(packed, 1, layout)).hasSize(1);
            for (int f = 1; f < MessageLayout.FIELDS; f++) {
                assertThat(packed.address(1, f) - packed.address(1, f - 1)).as("field %d follows field %d", f, f - 1)
                        .isEqualTo(layout.fieldSize());
            }
            assertThat(packed.address(0, 0) % NativeBuffer.PAGE_SIZE).as("each set starts on a page").isZero();
            assertThat(packed.address(1, 0) % NativeBuffer.PAGE_SIZE).isZero();
        }
    }

    @Test
    void packedFieldsCarryTheSamePatternAndStampsAsSeparateOnes() {
        MessageLayout layout = new MessageLayout(4096);
        try (MessageBuffers perField = new MessageBuffers(layout, 1, false, FieldPlacement.PAGE_PER_FIELD);
                MessageBuffers packed = new MessageBuffers(layout, 1, false, FieldPlacement.PACKED)) {
            perField.stamp(0, 77);
            packed.stamp(0, 77);
            for (int f = 0; f < MessageLayout.FIELDS; f++) {
                assertThat(packed.view(0, f).capacity()).isEqualTo(layout.fieldSize());
                assertThat(packed.view(0, f).duplicate().clear()).as("field %d", f)
                        .isEqualTo(perField.view(0, f).duplicate().clear());
            }
        }
    }

    @Test
    void theMemoryCountMatchesWhatPackedBuffersAllocate() {
        for (int size : new int[] {64, 4096, 65536}) {
            MessageLayout layout = new MessageLayout(size);
            try (MessageBuffers packed = new MessageBuffers(layout, 4, true, FieldPlacement.PACKED)) {
                assertThat(packed.allocatedBytes()).as("%d B", size).isEqualTo(MemoryFootprint
                        .of(StrategyName.ZEROCOPY, layout, 4, 1, FieldPlacement.PACKED).senderMessageBytesPerConnection());
            }
        }
    }

    @Test
    void anUnknownPlacementNamesWhatIsAllowed() {
        assertThatThrownBy(() -> FieldPlacement.parse("dense")).hasMessageContaining("dense")
                .hasMessageContaining("page-per-field").hasMessageContaining("packed");
    }
}
