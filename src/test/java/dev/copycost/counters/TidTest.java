package dev.copycost.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TidTest {

    @Test
    void isTheKernelsIdOfTheCallingThread() throws Exception {
        // /proc/thread-self links to "<pid>/task/<tid>" of whichever thread resolves it.
        Path threadSelf = Files.readSymbolicLink(Path.of("/proc/thread-self"));

        assertThat(Tid.current()).isEqualTo(Integer.parseInt(threadSelf.getFileName().toString()));
    }

    @Test
    void differsBetweenThreads() throws Exception {
        try (Worker worker = new Worker("other", () -> 0)) {
            assertThat(worker.tid()).isPositive().isNotEqualTo(Tid.current());
            assertThat(Path.of("/proc/self/task", Integer.toString(worker.tid()))).isDirectory();
        }
    }
}
