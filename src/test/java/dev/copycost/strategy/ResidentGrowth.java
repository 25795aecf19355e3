package dev.copycost.strategy;

import dev.copycost.message.MessageLayout;
import dev.copycost.message.StreamVerifier;
import dev.copycost.nativeio.NativeBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link MemoryFootprintTest}: opens one zero-copy connection with the given
 * ring at 64 B and prints how much anonymous resident memory it added. A fresh process, because in
 * a long test run the allocator reuses pages earlier tests freed and the growth says nothing.
 */
public final class ResidentGrowth {
    private ResidentGrowth() {
    }

    public static void main(String[] args) throws Exception {
        int ring = Integer.parseInt(args[0]);
        MessageLayout layout = new MessageLayout(64);
        // one small connection first, so that class loading is not counted
        try (LoopbackPair warm = LoopbackPair.open(StrategyName.ZEROCOPY, 64, 1)) {
            warm.sender.name();
        }
        long before = residentAnonymous();
        try (LoopbackPair pair = LoopbackPair.open(StrategyName.ZEROCOPY, 64, ring);
                NativeBuffer receiveBuffer = NativeBuffer.allocate(MemoryFootprint.RECEIVE_BUFFER,
                        MemoryFootprint.RECEIVE_BUFFER_ALIGNMENT)) {
            StreamVerifier verifier = new StreamVerifier(layout, ring, 1);
            // NativeBuffer zeroes what it allocates, so every page counted is touched
            System.out.println(residentAnonymous() - before);
            System.out.println(verifier.layout().messageSize()); // keeps the verifier reachable until measured
        }
    }

    static long residentAnonymous() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("/proc/self/status has no RssAnon line");
    }
}
