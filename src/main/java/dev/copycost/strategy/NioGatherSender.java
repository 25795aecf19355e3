package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;

/**
 * {@code nio-gather}: what a Java programmer writes without native calls, a gathering
 * {@link SocketChannel#write(ByteBuffer[])} over eight direct buffers (the same native fields the
 * other strategies send). A blocking channel has no write timeout; the experiment bounds it by
 * closing the channel from outside ({@link #abort()}), which wakes a blocked write.
 */
final class NioGatherSender implements SendStrategy {
    private final SocketChannel channel;
    private final MessageBuffers buffers;
    private final ByteBuffer[] fields = new ByteBuffer[MessageLayout.FIELDS];
    private final long messageSize;

    NioGatherSender(SocketChannel channel, MessageLayout layout, FieldPlacement placement) {
        this.channel = channel;
        this.buffers = new MessageBuffers(layout, 1, false, placement);
        this.messageSize = layout.messageSize();
        for (int f = 0; f < MessageLayout.FIELDS; f++) {
            // own duplicates: write() moves their positions, the shared views stay untouched
            fields[f] = buffers.view(0, f).duplicate();
        }
    }

    @Override
    public StrategyName name() {
        return StrategyName.NIO_GATHER;
    }

    @Override
    public void send(long message) throws IOException {
        buffers.stamp(0, message);
        for (ByteBuffer field : fields) {
            field.clear();
        }
        long left = messageSize;
        while (left > 0) {
            left -= channel.write(fields);
        }
    }

    @Override
    public void finish(Duration bound) throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public Map<String, Integer> socketOptions() throws IOException {
        return SendStrategy.socketOptions(channel.getOption(StandardSocketOptions.TCP_NODELAY),
                channel.getOption(StandardSocketOptions.SO_SNDBUF), false);
    }

    /** The fields only: the channel's memory is the JDK's. */
    @Override
    public long allocatedNativeBytes() {
        return buffers.allocatedBytes();
    }

    @Override
    public void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // aborting: the experiment already has its failure to report
        }
    }

    @Override
    public void close() {
        abort();
        buffers.close();
    }
}
