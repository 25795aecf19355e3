package dev.copycost.experiment;

import dev.copycost.strategy.SendStrategy;
import java.io.IOException;
import java.util.List;

/**
 * The receiving end of one trial as the experiment sees it: where the receivers run (threads of this
 * process, or a receive agent in another process, namespace or host), who opens the connections, and
 * what the receivers tell about each measured window and about the end of their streams. The
 * experiment's own checks (sent equals verified per connection, the bounds, the failure messages) are
 * the same whichever end it runs against.
 */
public interface Receivers {

    /** Where the receivers run, for messages and results, e.g. {@code in-process} or {@code agent at 10.0.0.2:7300}. */
    String where();

    /** Opens one connection per receiver and returns the senders on them, in connection order. */
    List<SendStrategy> open() throws IOException;

    /** Starts receiving; returns once every receiver is ready to be measured. */
    void start() throws ExperimentFailedException, IOException, InterruptedException;

    /** Begins a measured window at the receivers; returns the messages verified so far, all connections. */
    long beginWindow() throws ExperimentFailedException, IOException;

    /** Ends the window begun last: the messages verified so far, and what the receivers did in the window. */
    ReceiverWindow endWindow() throws ExperimentFailedException, IOException;

    /**
     * After the senders have finished: waits, until {@code deadlineNanos} at most ({@link System#nanoTime}),
     * for every receiver to reach the end of its stream, and returns the messages each verified, in
     * connection order. Fails naming the receiver that did not get there, or what it found wrong.
     */
    long[] awaitEnd(long deadlineNanos) throws ExperimentFailedException, IOException, InterruptedException;

    /** How far connection {@code i}'s receiver got, as far as known here (for failure messages). */
    long verified(int connection);

    /** Unblocks whatever still runs, without waiting. */
    void abort();

    /** Waits (bounded) for everything to end and frees it; returns the names of what would not end. */
    List<String> release();

    /** The receiver threads of this process, for a window's observer; empty when they run elsewhere. */
    default List<WindowObserver.WorkerThread> threads() {
        return List.of();
    }

    /** What the receivers verified and did between two window edges. */
    record ReceiverWindow(long verified, RoleMeasure measure) {
    }
}
