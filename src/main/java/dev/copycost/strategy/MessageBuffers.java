package dev.copycost.strategy;

import dev.copycost.message.FieldStamp;
import dev.copycost.message.MessageLayout;
import dev.copycost.message.PayloadPattern;
import dev.copycost.nativeio.NativeBuffer;
import java.nio.ByteBuffer;

/**
 * The sender's message memory: {@code slots} buffer sets of eight fields, each field its own
 * allocation or, {@link FieldPlacement#PACKED packed}, all eight carved from one page-aligned region
 * per set (still eight buffers and eight iovec entries). Each
 * field's payload pattern is written once at allocation; per message only the eight stamps change,
 * so the send loop does eight stores, not a hidden copy of the message.
 */
public final class MessageBuffers implements AutoCloseable {
    private final MessageLayout layout;
    private final NativeBuffer[][] fields;
    /** Packed placement: one region per buffer set that the fields are views into; else empty. */
    private final NativeBuffer[] regions;
    private final ByteBuffer[][] views;
    private final long[][] addresses;

    /** How one field's memory is obtained; see {@link #allocation}. */
    @FunctionalInterface
    interface FieldAllocation {
        NativeBuffer allocate(long size, int alignment);
    }

    /**
     * Where every field comes from: {@link NativeBuffer#allocate(long, int)}. Replaceable within the
     * package only so that a test can make an allocation fail as {@code aligned_alloc} would, and see
     * that nothing acquired before it (buffers, the accepted socket) is leaked.
     */
    static volatile FieldAllocation allocation = NativeBuffer::allocate;

    /** @param pageAligned zero-copy pins whole pages; the copying strategies align to a cache line */
    public MessageBuffers(MessageLayout layout, int slots, boolean pageAligned) {
        this(layout, slots, pageAligned, FieldPlacement.PAGE_PER_FIELD);
    }

    public MessageBuffers(MessageLayout layout, int slots, boolean pageAligned, FieldPlacement placement) {
        this.layout = layout;
        int fieldSize = layout.fieldSize();
        this.fields = new NativeBuffer[slots][MessageLayout.FIELDS];
        this.regions = new NativeBuffer[placement == FieldPlacement.PACKED ? slots : 0];
        this.views = new ByteBuffer[slots][MessageLayout.FIELDS];
        this.addresses = new long[slots][MessageLayout.FIELDS];
        try {
            for (int s = 0; s < slots; s++) {
                NativeBuffer region = placement == FieldPlacement.PACKED
                        ? allocation.allocate((long) fieldSize * MessageLayout.FIELDS, NativeBuffer.PAGE_SIZE) : null;
                if (region != null) {
                    regions[s] = region;
                }
                for (int f = 0; f < MessageLayout.FIELDS; f++) {
                    ByteBuffer view;
                    if (region == null) {
                        NativeBuffer buffer = allocation.allocate(fieldSize, alignment(pageAligned));
                        fields[s][f] = buffer;
                        view = buffer.view();
                        addresses[s][f] = buffer.address();
                    } else {
                        view = region.view().slice(f * fieldSize, fieldSize).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                        addresses[s][f] = region.address() + (long) f * fieldSize;
                    }
                    views[s][f] = view;
                    PayloadPattern.fill(view, fieldSize, s, f);
                }
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Each field is its own allocation: page-aligned for zero-copy, which pins whole pages, else a cache line. */
    static int alignment(boolean pageAligned) {
        return pageAligned ? NativeBuffer.PAGE_SIZE : 64;
    }

    /** Bytes asked of the allocator for the fields: each rounded up to its alignment, so a page each for zero-copy. */
    public long allocatedBytes() {
        long total = 0;
        for (NativeBuffer region : regions) {
            total += region.allocatedBytes();
        }
        for (NativeBuffer[] slot : fields) {
            for (NativeBuffer buffer : slot) {
                total += buffer == null ? 0 : buffer.allocatedBytes();
            }
        }
        return total;
    }

    public MessageLayout layout() {
        return layout;
    }

    public int slots() {
        return fields.length;
    }

    /** Writes message {@code message}'s eight stamps into slot {@code slot}. */
    public void stamp(int slot, long message) {
        ByteBuffer[] slotViews = views[slot];
        for (int f = 0; f < MessageLayout.FIELDS; f++) {
            FieldStamp.write(slotViews[f], message, f);
        }
    }

    public long address(int slot, int field) {
        return addresses[slot][field];
    }

    public ByteBuffer view(int slot, int field) {
        return views[slot][field];
    }

    @Override
    public void close() {
        for (NativeBuffer region : regions) {
            if (region != null) {
                region.close();
            }
        }
        for (NativeBuffer[] slot : fields) {
            for (NativeBuffer buffer : slot) {
                if (buffer != null) {
                    buffer.close();
                }
            }
        }
    }
}
