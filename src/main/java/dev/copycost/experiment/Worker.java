package dev.copycost.experiment;

import dev.copycost.counters.Tid;
import dev.copycost.nativeio.CpuAffinity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * One thread of an experiment, sender or receiver of one connection. It publishes its kernel thread
 * id (so its counters can be opened from outside) and a message count the coordinator reads at
 * window edges.
 */
abstract class Worker implements Runnable {
    final Role role;
    final int index;
    private final FirstFailure failure;
    private CountDownLatch ready;
    private volatile int tid;
    private volatile boolean finished;
    private Thread thread;
    private OptionalInt cpu = OptionalInt.empty();

    enum Role {
        SENDER("sender"), RECEIVER("receiver");

        final String label;

        Role(String label) {
            this.label = label;
        }
    }

    Worker(Role role, int index, FirstFailure failure) {
        this.role = role;
        this.index = index;
        this.failure = failure;
    }

    /** Pins the thread, once started, to one CPU ({@link Placement}); empty leaves it to the kernel. */
    final void pinTo(OptionalInt cpu) {
        this.cpu = cpu;
    }

    final OptionalInt cpu() {
        return cpu;
    }

    /** Starts the thread; it counts {@code ready} down once it has published its tid and is pinned. */
    final Thread start(CountDownLatch ready) {
        this.ready = ready;
        thread = new Thread(this, "copycost-" + role.label + "-" + index);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public final void run() {
        tid = Tid.current();
        try {
            // pinned before it is counted ready, so nothing it measures ran on another CPU
            if (cpu.isPresent()) {
                CpuAffinity.pinCurrentThread(cpu.getAsInt());
            }
        } catch (Exception e) {
            failure.report(role.label + " " + index, e);
            ready.countDown();
            return;
        }
        ready.countDown();
        try {
            work();
            finished = true;
        } catch (Throwable t) {
            failure.report(role.label + " " + index, t);
        }
    }

    /** The loop; returns when the connection has ended cleanly, throws on anything else. */
    abstract void work() throws Exception;

    /** Unblocks the worker's socket from another thread. */
    abstract void abort();

    /** Messages this worker has sent or verified so far; readable from any thread. */
    abstract long messages();

    final int tid() {
        return tid;
    }

    final Thread thread() {
        return thread;
    }

    final boolean finished() {
        return finished;
    }

    final String name() {
        return role.label + " " + index;
    }

    /**
     * Aborts the workers still running and waits for them, all within one shared bound; returns the
     * names of those that would not end.
     */
    static List<String> abortAndJoin(List<? extends Worker> workers, Duration bound) {
        boolean running = false;
        for (Worker w : workers) {
            running |= w.thread() != null && w.thread().isAlive();
        }
        boolean interrupted = false;
        if (running) {
            workers.forEach(Worker::abort);
            long deadline = System.nanoTime() + bound.toNanos();
            for (Worker w : workers) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (w.thread() != null && left > 0) {
                    try {
                        w.thread().join(left);
                    } catch (InterruptedException e) {
                        interrupted = true; // finish waiting for the others first, then restore the interrupt
                    }
                }
            }
        }
        List<String> stuck = new ArrayList<>();
        for (Worker w : workers) {
            if (w.thread() != null && w.thread().isAlive()) {
                stuck.add(w.name());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stuck;
    }
}
