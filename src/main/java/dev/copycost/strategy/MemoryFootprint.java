package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.IovecArray;
import dev.copycost.nativeio.MsgHdr;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.uring.Ring;
import dev.copycost.uring.RingSize;

/**
 * The native memory one experiment allocates outside the Java heap, which {@code -Xmx} does not
 * bound: per connection and for all of its T connections, computed the way the allocations are
 * really made, so that a guard and a statement built on it are true.
 *
 * <p>Counted per connection: the sender's buffer sets (8 fields each, every field its own
 * {@link NativeBuffer}, rounded up to its alignment: a whole page per field for zero-copy, so 64 B
 * messages take 8 pages a set, not 64 bytes), copy-send's assembly buffer, the iovec arrays (one per
 * zero-copy ring slot), message headers, the error-queue control buffer and each socket's scratch;
 * for the io_uring senders an iovec array and a header per buffer set (each request in flight reads
 * its own), the ring's wait argument, and the ring's mapped pages ({@code RingSize#mappedBytes()}:
 * kernel memory, whole pages, no allocator gaps; page-aligned fields for {@code uring-zc}, which pins them);
 * the receiver's receive buffer and its precomputed expected payload for every ring slot (a direct
 * buffer: it counts against {@code -XX:MaxDirectMemorySize}, which defaults to the heap size).
 *
 * <p>{@link #allocatedBytes()} is what is asked of the allocator. glibc's {@code aligned_alloc} costs
 * more: it puts a chunk header in front of each aligned block, so consecutive page-aligned blocks lie
 * a page further apart than their size and the page in between is touched (measured here: a 4 KiB
 * page-aligned block raised resident memory by 8 KiB, a 64 KiB one by 68 KiB). {@link #slackBytes()}
 * estimates that as one alignment unit (at least 16 bytes of header) per allocation, and
 * {@link #residentEstimate()} is the sum. The JDK's own per-channel memory for {@code nio-gather} and
 * the sockets' kernel buffers are not counted: the kernel bounds those itself.
 */
public final class MemoryFootprint {
    /** The receive buffer every receiver reads into: here so that the receiver and this count agree. */
    public static final int RECEIVE_BUFFER = 128 * 1024;
    /** Page-aligned, as the kernel copies into it page by page. */
    public static final int RECEIVE_BUFFER_ALIGNMENT = NativeBuffer.PAGE_SIZE;
    /** glibc's chunk header, the least any allocation costs beyond its size. */
    private static final int MIN_SLACK = 16;

    private final StrategyName strategy;
    private final MessageLayout layout;
    private final int ringSlots;
    private final int uringDepth;
    private final int threads;
    private final FieldPlacement fields;
    private final Tally sender = new Tally();
    private final Tally senderMessages = new Tally();
    private final Tally receiver = new Tally();

    private MemoryFootprint(StrategyName strategy, MessageLayout layout, int zeroCopyRing, int uringDepth, int threads,
            FieldPlacement fields) {
        this.strategy = strategy;
        this.fields = fields;
        this.layout = layout;
        this.ringSlots = strategy.ringSlots(zeroCopyRing);
        this.uringDepth = uringDepth;
        this.threads = threads;
        countSender();
        countReceiver();
    }

    /**
     * The footprint of an experiment of {@code threads} connections of {@code strategy} sending
     * {@code layout}'s messages, with a zero-copy ring of {@code zeroCopyRing} sets (ignored by the
     * copying strategies, which use one).
     */
    public static MemoryFootprint of(StrategyName strategy, MessageLayout layout, int zeroCopyRing, int threads) {
        return of(strategy, layout, zeroCopyRing, SenderSettings.DEFAULT_URING_DEPTH, threads, FieldPlacement.PAGE_PER_FIELD);
    }

    /** As {@link #of(StrategyName, MessageLayout, int, int)}, with the io_uring queue depth (ignored by the others). */
    public static MemoryFootprint of(StrategyName strategy, MessageLayout layout, int zeroCopyRing, int uringDepth,
            int threads) {
        return of(strategy, layout, zeroCopyRing, uringDepth, threads, FieldPlacement.PAGE_PER_FIELD);
    }

    /** As {@link #of(StrategyName, MessageLayout, int, int)}, with the fields placed as given. */
    public static MemoryFootprint of(StrategyName strategy, MessageLayout layout, int zeroCopyRing, int threads,
            FieldPlacement fields) {
        return of(strategy, layout, zeroCopyRing, SenderSettings.DEFAULT_URING_DEPTH, threads, fields);
    }

    /** With the io_uring queue depth (ignored by the others) and the fields placed as given. */
    public static MemoryFootprint of(StrategyName strategy, MessageLayout layout, int zeroCopyRing, int uringDepth,
            int threads, FieldPlacement fields) {
        if (zeroCopyRing < 1) {
            throw new IllegalArgumentException("zero-copy ring " + zeroCopyRing + " must be at least 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("thread count " + threads + " must be at least 1");
        }
        return new MemoryFootprint(strategy, layout, zeroCopyRing, strategy.isUring() ? uringDepth : 1, threads, fields);
    }

    private void countSender() {
        boolean pageAligned = strategy.pinsPages();
        if (fields == FieldPlacement.PACKED) {
            // one page-aligned region per buffer set, the eight fields one after another in it
            senderMessages.add(ringSlots, (long) layout.fieldSize() * MessageLayout.FIELDS, NativeBuffer.PAGE_SIZE);
        } else {
            senderMessages.add((long) ringSlots * MessageLayout.FIELDS, layout.fieldSize(),
                    MessageBuffers.alignment(pageAligned));
        }
        sender.add(senderMessages);
        switch (strategy) {
            case COPY_SEND -> sender.add(1, layout.messageSize(), CopySendSender.ASSEMBLY_ALIGNMENT);
            case SENDMSG -> {
                sender.add(1, (long) MessageLayout.FIELDS * IovecArray.IOVEC_SIZE, NativeBuffer.DEFAULT_ALIGNMENT);
                sender.add(1, MsgHdr.SIZE, NativeBuffer.DEFAULT_ALIGNMENT);
            }
            case ZEROCOPY -> {
                sender.add(ringSlots, (long) MessageLayout.FIELDS * IovecArray.IOVEC_SIZE, NativeBuffer.DEFAULT_ALIGNMENT);
                // the sender's message header and the error-queue reader's, with its control buffer
                sender.add(2, MsgHdr.SIZE, NativeBuffer.DEFAULT_ALIGNMENT);
                sender.add(1, ErrorQueueReader.CONTROL_SIZE, NativeBuffer.DEFAULT_ALIGNMENT);
            }
            case URING_SEND, URING_ZC -> {
                // every set its own iovec and header, read by its request in flight
                sender.add(ringSlots, (long) MessageLayout.FIELDS * IovecArray.IOVEC_SIZE, NativeBuffer.DEFAULT_ALIGNMENT);
                sender.add(ringSlots, MsgHdr.SIZE, NativeBuffer.DEFAULT_ALIGNMENT);
                // the ring: its wait argument on the heap, its rings and entries mapped from the kernel in pages
                RingSize ring = RingSize.of(uringDepth, ringSlots);
                sender.add(1, Ring.allocatedBytes(ring), NativeBuffer.DEFAULT_ALIGNMENT);
                sender.addMapped(ring.mappedBytes());
            }
            default -> {
            }
        }
        if (strategy != StrategyName.NIO_GATHER) {
            sender.add(1, TcpSocket.SCRATCH, NativeBuffer.DEFAULT_ALIGNMENT);
        }
    }

    private void countReceiver() {
        receiver.add(1, RECEIVE_BUFFER, RECEIVE_BUFFER_ALIGNMENT);
        long expected = StreamVerifier.expectedBytes(layout, ringSlots);
        if (expected > 0) {
            // ByteBuffer.allocateDirect: malloc of exactly the capacity, no alignment asked
            receiver.add(1, expected, NativeBuffer.DEFAULT_ALIGNMENT);
        }
        receiver.add(1, TcpSocket.SCRATCH, NativeBuffer.DEFAULT_ALIGNMENT);
    }

    /** The sender's buffer sets alone, as allocated: what {@link MessageBuffers#allocatedBytes()} reports. */
    public long senderMessageBytesPerConnection() {
        return senderMessages.bytes;
    }

    /** Everything one sender allocates natively, as asked of the allocator. */
    public long senderBytesPerConnection() {
        return sender.bytes;
    }

    /** Everything one receiver allocates natively: receive buffer, expected payload, socket scratch. */
    public long receiverBytesPerConnection() {
        return receiver.bytes;
    }

    /** Sender and receiver of one connection, as asked of the allocator. */
    public long bytesPerConnection() {
        return sender.bytes + receiver.bytes;
    }

    /** All connections, as asked of the allocator. */
    public long allocatedBytes() {
        return bytesPerConnection() * threads;
    }

    /** The allocator's estimated cost beyond {@link #allocatedBytes()}: alignment gaps and headers. */
    public long slackBytes() {
        return (sender.slack + receiver.slack) * threads;
    }

    /** What the experiment's native memory is expected to add to resident memory: allocated plus slack. */
    public long residentEstimate() {
        return allocatedBytes() + slackBytes();
    }

    /** Native allocations made for all connections. */
    public long allocations() {
        return (sender.count + receiver.count) * threads;
    }

    public int threads() {
        return threads;
    }

    /** E.g. "zerocopy 64 B × 256, ring 1024: sender 32 MiB ... per connection; 16 GiB allocated in all ...". */
    public String describe() {
        return strategy.label() + " " + layout.messageSize() + " B × " + threads
                + (strategy.usesRing() ? ", ring " + ringSlots : "")
                + (strategy.isUring() ? ", queue depth " + uringDepth : "") + ": per connection sender "
                + mib(sender.bytes) + " (buffer sets " + ringSlots + " × " + MessageLayout.FIELDS + " fields of "
                + layout.fieldSize() + " B allocated as " + mib(senderMessages.bytes) + "), receiver "
                + mib(receiver.bytes) + "; in all " + mib(allocatedBytes()) + " allocated in " + allocations()
                + " allocations, about " + mib(residentEstimate()) + " resident with the allocator's alignment gaps";
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f MiB", bytes / (double) (1 << 20));
    }

    /** Allocations counted as {@link NativeBuffer} makes them. */
    private static final class Tally {
        long count;
        long bytes;
        long slack;

        void add(long allocations, long size, int alignment) {
            count += allocations;
            bytes += allocations * NativeBuffer.allocatedBytes(size, alignment);
            slack += allocations * Math.max(alignment, MIN_SLACK);
        }

        /** Pages mapped by the kernel (an io_uring's rings): no allocator, so no alignment gaps. */
        void addMapped(long mappedBytes) {
            count++;
            bytes += mappedBytes;
        }

        void add(Tally other) {
            count += other.count;
            bytes += other.bytes;
            slack += other.slack;
        }
    }
}
