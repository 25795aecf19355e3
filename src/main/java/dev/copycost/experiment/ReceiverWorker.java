package dev.copycost.experiment;

import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.strategy.MemoryFootprint;
import java.nio.ByteBuffer;

/**
 * A "client": reads its connection until end of stream and verifies every byte as it comes, however
 * the reads split the messages. Throughput counts only what this worker verified.
 */
final class ReceiverWorker extends Worker {

    private final TcpSocket socket;
    private final StreamVerifier verifier;
    private final NativeBuffer buffer = NativeBuffer.allocate(MemoryFootprint.RECEIVE_BUFFER,
            MemoryFootprint.RECEIVE_BUFFER_ALIGNMENT);

    ReceiverWorker(int index, TcpSocket socket, StreamVerifier verifier, FirstFailure failure) {
        super(Role.RECEIVER, index, failure);
        this.socket = socket;
        this.verifier = verifier;
    }

    @Override
    void work() throws Exception {
        long address = buffer.address();
        ByteBuffer view = buffer.view();
        while (true) {
            long n = socket.recv(address, MemoryFootprint.RECEIVE_BUFFER);
            if (n == 0) {
                verifier.endOfStream();
                return;
            }
            verifier.consume(view, 0, (int) n);
        }
    }

    /** The verifier publishes its count with a release store after every message. */
    @Override
    long messages() {
        return verifier.verifiedMessages();
    }

    @Override
    void abort() {
        socket.abort();
    }

    /** Frees the socket and the buffer; only after the thread has ended. */
    void close() {
        socket.close();
        buffer.close();
    }
}
