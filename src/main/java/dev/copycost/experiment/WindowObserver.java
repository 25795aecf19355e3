package dev.copycost.experiment;

import java.util.List;

/**
 * Told when an experiment's measured window starts and ends, and which threads do the work, so that
 * something can watch exactly those threads over exactly that window (a CPU profile) without the
 * experiment knowing what it is. Called on the experiment's coordinating thread; an observer must
 * not block for long and must not throw: the experiment's own measurement goes on regardless.
 */
public interface WindowObserver {
    /** Observes nothing: what a measured trial runs with. */
    WindowObserver NONE = new WindowObserver() {
        @Override
        public void windowStarts(List<WorkerThread> threads) {
        }

        @Override
        public void windowEnds() {
        }
    };

    /**
     * One worker of the experiment.
     *
     * @param sender true for a sender thread, false for a receiver
     * @param index  the connection it works on, 0-based
     * @param tid    its kernel thread id
     */
    record WorkerThread(boolean sender, int index, Thread thread, int tid) {
    }

    /** The window starts now; these are every sender and receiver thread of the experiment. */
    void windowStarts(List<WorkerThread> threads);

    /** The window has ended. */
    void windowEnds();
}
