package dev.copycost.report;

import dev.copycost.profile.PointProfile;
import dev.copycost.profile.RecordedProfiles;
import dev.copycost.profile.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Point profiles built from the stacks recorded on this kernel, for the report's tests. */
public final class TestProfiles {
    private TestProfiles() {
    }

    /**
     * The recorded profile {@code recorded} (e.g. {@code sendmsg-65536}) as the profile of the point
     * strategy × size × threads, with the given CPU per message of sender and receiver.
     */
    public static PointProfile of(String recorded, String strategy, int size, int threads, double senderNs,
            double receiverNs) {
        return new PointProfile(strategy, size, threads, "loopback", "cpu", RecordedProfiles.attributed(recorded),
                Map.of(Role.SENDER, senderNs, Role.RECEIVER, receiverNs), Optional.empty(), Optional.empty(),
                List.of("no hardware PMU (cycles: Perf events unavailable): CPU time is sampled with the perf cpu-clock"),
                Optional.empty());
    }

    /** The three recorded 64 KiB points at 1 connection and the recorded 64 B zero-copy point. */
    public static List<PointProfile> recordedMatrix() {
        return List.of(of("copy-send-65536", "copy-send", 65536, 1, 27_000, 17_000),
                of("sendmsg-65536", "sendmsg", 65536, 1, 29_000, 17_000),
                of("zerocopy-65536", "zerocopy", 65536, 1, 41_000, 24_000),
                of("zerocopy-64", "zerocopy", 64, 1, 32_000, 14_000));
    }
}
