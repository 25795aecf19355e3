package dev.copycost.counters;

import dev.copycost.nativeio.NativeBuffer;
import dev.copycost.nativeio.TcpSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Work of a known kind for the tests to count: CPU spent, or blocking a known number of times. */
final class Work {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Keeps the JIT from removing the spin loop. */
    static volatile long sink;

    private Work() {
    }

    /** CPU time of the calling thread so far, as the JVM reads it (CLOCK_THREAD_CPUTIME_ID). */
    static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Burns CPU on the calling thread until it has used {@code millis} of CPU time, however long
     * that takes in wall time on a busy VM. Returns the CPU nanoseconds actually used.
     */
    static long spinCpu(long millis) {
        long start = threadCpuNanos();
        long target = TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 0;
        long used;
        do {
            for (int i = 0; i < 20_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            used = threadCpuNanos() - start;
        } while (used < target);
        sink = x;
        return used;
    }

    /**
     * Spends CPU mostly in the kernel until the calling thread has used {@code millis} of CPU time:
     * sends 64 KiB over a loopback TCP connection to itself and reads it back, so the kernel copies
     * and runs TCP while user space only makes the calls. Returns the CPU nanoseconds used.
     */
    static long kernelCpu(long millis) throws IOException {
        int chunk = 64 * 1024;
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (TcpSocket listener = TcpSocket.listen(any, 1);
                TcpSocket client = TcpSocket.connect(new InetSocketAddress(any.getAddress(), listener.localPort()),
                        Duration.ofSeconds(5));
                TcpSocket server = listener.accept(Duration.ofSeconds(5));
                NativeBuffer buffer = NativeBuffer.allocate(chunk)) {
            server.ioTimeout(Duration.ofSeconds(5));
            long start = threadCpuNanos();
            long target = TimeUnit.MILLISECONDS.toNanos(millis);
            long used;
            do {
                long sent = client.send(buffer.address(), chunk);
                for (long got = 0; got < sent; ) {
                    got += server.recv(buffer.address(), sent - got);
                }
                used = threadCpuNanos() - start;
            } while (used < target);
            return used;
        }
    }

    /** Busy-waits {@code micros} of wall time without blocking, so a partner thread's spin-wait runs out. */
    /**
     * Spins until thread {@code tid} of this process is asleep (state S in its stat), at least
     * {@code micros} and at most 100 ms, so that the next wake-up of it is a voluntary switch.
     */
    static void awaitSleeping(int tid, long micros) {
        busyWait(micros);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (System.nanoTime() < end) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/task/" + tid + "/stat"));
                if (stat.charAt(stat.lastIndexOf(')') + 2) == 'S') {
                    return;
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    static void busyWait(long micros) {
        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        long x = 0;
        while (System.nanoTime() < end) {
            x++;
        }
        sink = x;
    }

    /**
     * Passes a token to an echo thread and waits for it back {@code rounds} times. The echo thread
     * answers only after a millisecond of busy-waiting, longer than SynchronousQueue spins, so the
     * calling thread parks (a voluntary context switch) in every round.
     */
    /**
     * Blocks the calling thread {@code rounds} times in a kernel read: it sends a byte through a pipe
     * to an echo thread and reads the answer, which comes only after 200 µs of busy-waiting, so the
     * reader is asleep by then (a voluntary context switch) in every round.
     *
     * <p>Not a SynchronousQueue: in JDK 17 a waiting taker first calls Thread.yield(), and a
     * sched_yield that switches counts as nonvoluntary. On this 2-core VM that turned most rounds
     * into involuntary switches with no park at all (measured: 1 voluntary, 26 involuntary).
     */
    static void pingPong(int rounds) throws Exception {
        Pipe there = Pipe.open();
        Pipe back = Pipe.open();
        int reader = Tid.current();
        Thread echo = new Thread(() -> {
            ByteBuffer token = ByteBuffer.allocate(1);
            try {
                for (int i = 0; i < rounds; i++) {
                    token.clear();
                    there.source().read(token);
                    // reply only once the reader sleeps in its read: a fixed delay alone lost rounds on a loaded
                    // machine, where the reader was preempted before reading and found the reply already there
                    awaitSleeping(reader, 200);
                    token.flip();
                    back.sink().write(token);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "echo");
        echo.start();
        ByteBuffer token = ByteBuffer.allocate(1);
        try {
            for (int i = 0; i < rounds; i++) {
                token.clear().put((byte) i).flip();
                there.sink().write(token);
                token.clear();
                if (back.source().read(token) != 1 || token.get(0) != (byte) i) {
                    throw new AssertionError("echo lost or reordered the token in round " + i);
                }
            }
        } finally {
            echo.join();
            there.sink().close();
            there.source().close();
            back.sink().close();
            back.source().close();
        }
    }
}
