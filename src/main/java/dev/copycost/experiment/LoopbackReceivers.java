package dev.copycost.experiment;

import static dev.copycost.nativeio.SocketConstants.IPPROTO_TCP;
import static dev.copycost.nativeio.SocketConstants.TCP_NODELAY;

import dev.copycost.nativeio.CpuAffinity;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.strategy.SendStrategy;
import dev.copycost.strategy.SenderListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback topology's receiving end: the sender listens on an ephemeral port of 127.0.0.1, and
 * receiver threads of this process connect to it, one per connection, pinned as the spec's placement
 * says.
 */
final class LoopbackReceivers implements Receivers {
    private final ExperimentSpec spec;
    private final LocalReceivers local;

    LoopbackReceivers(ExperimentSpec spec, FirstFailure failure) {
        this.spec = spec;
        this.local = new LocalReceivers(spec.layout(), spec.strategy().ringSlots(spec.zeroCopyRing()),
                spec.payloadEvery(), spec.ioTimeout(), failure);
    }

    @Override
    public List<WindowObserver.WorkerThread> threads() {
        return local.threads();
    }

    @Override
    public String where() {
        return "in-process";
    }

    @Override
    public List<SendStrategy> open() throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        List<SendStrategy> senders = new ArrayList<>();
        try (SenderListener listener = SenderListener.open(spec.strategy(), spec.senderSettings(), any)) {
            InetSocketAddress server = new InetSocketAddress(any.getAddress(), listener.port());
            for (int i = 0; i < spec.threads(); i++) {
                TcpSocket client = TcpSocket.connect(server, spec.ioTimeout());
                local.add(client);
                client.setInt(IPPROTO_TCP, TCP_NODELAY, spec.noDelay() ? 1 : 0, "TCP_NODELAY");
                senders.add(listener.accept(spec.ioTimeout()));
            }
        } catch (IOException | RuntimeException | Error e) {
            senders.forEach(SendStrategy::close);
            throw e;
        }
        return senders;
    }

    @Override
    public void start() throws ExperimentFailedException, InterruptedException, IOException {
        List<Integer> cpus = spec.placement() == Placement.OS ? List.of() : CpuAffinity.allowed();
        local.start(i -> spec.placement().cpuFor(false, i, cpus));
    }

    @Override
    public long beginWindow() {
        return local.beginWindow();
    }

    @Override
    public ReceiverWindow endWindow() {
        return local.endWindow();
    }

    @Override
    public long[] awaitEnd(long deadlineNanos) throws ExperimentFailedException, InterruptedException {
        List<String> unfinished = local.awaitEnd(deadlineNanos);
        if (!unfinished.isEmpty()) {
            throw new ExperimentFailedException(unfinished.get(0) + " did not reach the end of its stream");
        }
        long[] verified = new long[local.size()];
        for (int i = 0; i < verified.length; i++) {
            verified[i] = local.verified(i);
        }
        return verified;
    }

    @Override
    public long verified(int connection) {
        return local.verified(connection);
    }

    @Override
    public void abort() {
        local.abort();
    }

    @Override
    public List<String> release() {
        return local.release();
    }
}
