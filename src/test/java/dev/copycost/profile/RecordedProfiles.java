package dev.copycost.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Collapsed stacks recorded on this project's VM (Linux 6.18, x86_64, perf cpu-clock, kernel frames
 * as root) with the profiler this package drives: one second of {@code copycost run} per file, the
 * experiment's sender and receiver threads only.
 */
public final class RecordedProfiles {
    private RecordedProfiles() {
    }

    public static List<CollapsedStack> stacks(String name) {
        String resource = "/profiles/" + name + ".collapsed.gz";
        try (InputStream raw = RecordedProfiles.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("no recorded profile " + resource);
            }
            try (InputStream in = new GZIPInputStream(raw)) {
                return CollapsedStack.parseAll(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The roles of the recorded threads, told apart by the names the experiment gives them. */
    public static Map<Integer, Role> roles(List<CollapsedStack> stacks) {
        Map<Integer, Role> roles = new HashMap<>();
        for (CollapsedStack s : stacks) {
            if (s.tid().isPresent()) {
                if (s.threadName().startsWith("copycost-sender-")) {
                    roles.put(s.tid().getAsInt(), Role.SENDER);
                } else if (s.threadName().startsWith("copycost-receiver-")) {
                    roles.put(s.tid().getAsInt(), Role.RECEIVER);
                }
            }
        }
        return roles;
    }

    public static Map<Role, RoleProfile> attributed(String name) {
        List<CollapsedStack> stacks = stacks(name);
        return new Attributor(FrameTable.load()).attribute(stacks, roles(stacks));
    }
}
