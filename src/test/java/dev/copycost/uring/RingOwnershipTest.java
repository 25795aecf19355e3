package dev.copycost.uring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.nativeio.NativeIoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A ring owns its fd and its mappings, and gives every one of them back when closed. */
class RingOwnershipTest {
    @BeforeEach
    void io_uringWorksHere() {
        UringSupport.Availability a = UringSupport.probe().send();
        assumeTrue(a.available(), a::reason);
    }

    @Test
    void closingRingsGivesBackEveryFdAndMapping() throws IOException {
        // warm up once, so that class loading and JNA's own mappings are not counted
        Ring.create(RingSize.of(1, 1)).close();
        List<Ring> rings = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rings.add(Ring.create(RingSize.of(16, 16)));
        }
        assertThat(ringFds()).as("one fd per ring, each an anon_inode:[io_uring]").isEqualTo(8);
        // the kernel maps both rings as one region here (IORING_FEAT_SINGLE_MMAP), plus the entries
        int perRing = (rings.get(0).features() & UringAbi.IORING_FEAT_SINGLE_MMAP) != 0 ? 2 : 3;
        assertThat(ringMappings()).as("io_uring mappings in /proc/self/maps").isEqualTo(8L * perRing);

        rings.forEach(Ring::close);
        rings.forEach(Ring::close); // a second close does nothing

        assertThat(ringFds()).as("io_uring fds after closing").isZero();
        assertThat(ringMappings()).as("io_uring mappings after closing").isZero();
        assertThatThrownBy(() -> rings.get(0).fd()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theMappedBytesAreWhatTheFootprintPredicts() throws NativeIoException {
        for (int depth : new int[] {1, 2, 16, 64, 200}) {
            RingSize size = RingSize.of(depth, Math.max(depth, 16));
            try (Ring ring = Ring.create(size)) {
                assertThat(ring.mappedBytes()).as("depth %d, %s", depth, size).isEqualTo(size.mappedBytes());
                assertThat(ring.sq().entries()).isEqualTo(size.sqEntries());
                assertThat(ring.cq().entries()).isEqualTo(size.cqEntries());
            }
        }
    }

    @Test
    void aRefusedSetupNamesTheCallAndTheErrnoAndLeavesNothing() throws IOException {
        long before = ringFds();
        // more entries than the kernel allows (IORING_MAX_ENTRIES is 32768)
        assertThatThrownBy(() -> Ring.create(new RingSize(65536, 131072)))
                .isInstanceOf(NativeIoException.class)
                .hasMessageContaining("io_uring_setup(..) failed: errno 22")
                .hasMessageContaining("entries 65536");
        assertThat(ringFds()).isEqualTo(before);
    }

    @Test
    void badSizesAreNamed() {
        assertThatThrownBy(() -> RingSize.of(0, 16)).hasMessageContaining("queue depth 0 is not in 1..1024");
        assertThatThrownBy(() -> RingSize.of(32, 16)).hasMessageContaining("queue depth 32 needs at least as many buffer sets")
                .hasMessageContaining("there are 16");
        assertThat(RingSize.of(1, 16)).isEqualTo(new RingSize(1, 32));
        assertThat(RingSize.of(16, 16)).isEqualTo(new RingSize(16, 32));
        assertThat(RingSize.of(5, 5)).isEqualTo(new RingSize(8, 16));
    }

    /** Open fds that are io_uring instances. */
    static long ringFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("io_uring");
                } catch (IOException gone) {
                    return false; // the listing's own fd, closed by now
                }
            }).count();
        }
    }

    static long ringMappings() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("io_uring")).count();
    }
}
