package dev.copycost.experiment;

import dev.copycost.strategy.SendStrategy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Sends messages 0, 1, 2, ... with its strategy until told to stop, then finishes the connection. */
final class SenderWorker extends Worker {
    private final SendStrategy strategy;
    private final Duration finishBound;
    private volatile boolean stop;
    /** Published with a release store, which costs the send loop nothing on x86. */
    private final AtomicLong sent = new AtomicLong();

    SenderWorker(int index, SendStrategy strategy, Duration finishBound, FirstFailure failure) {
        super(Role.SENDER, index, failure);
        this.strategy = strategy;
        this.finishBound = finishBound;
    }

    @Override
    void work() throws Exception {
        long n = 0;
        while (!stop) {
            strategy.send(n);
            n++;
            sent.lazySet(n);
        }
        strategy.finish(finishBound);
    }

    @Override
    long messages() {
        return sent.get();
    }

    void stop() {
        stop = true;
    }

    @Override
    void abort() {
        stop = true;
        strategy.abort();
    }

    SendStrategy strategy() {
        return strategy;
    }
}
