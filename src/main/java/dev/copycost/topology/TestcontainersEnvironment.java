package dev.copycost.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables Testcontainers must see before it starts for the container topology to
 * work here. It reads them from the environment only (a {@code testcontainers.properties} with the same
 * settings is ignored for Ryuk), so Maven's Surefire and Failsafe set them and the command line starts
 * itself again with them when they are missing.
 *
 * <ul>
 *   <li>{@code TESTCONTAINERS_RYUK_DISABLED=true}: Ryuk, Testcontainers' clean-up container, is an
 *       image from a registry, and no registry is reachable; without this Testcontainers tries for
 *       minutes to pull it. The container topology removes its container itself, on every path.</li>
 *   <li>{@code TESTCONTAINERS_CHECKS_DISABLE=true}: the start-up checks run a container of a registry
 *       image too (to test bind mounts and disk space), which cannot be pulled either.</li>
 *   <li>{@code TESTCONTAINERS_HOST_OVERRIDE=localhost}: where {@code /.dockerenv} exists (a CI job in
 *       a container, or a VM image made from one, as here) Testcontainers believes it runs inside a
 *       container and starts one more registry image ({@code alpine}) to find its gateway, retrying
 *       for two minutes before it reports Docker as unavailable. The daemon the topology uses is local
 *       (it sends to the container's bridge address, never to a mapped port), so its host is
 *       localhost.</li>
 * </ul>
 */
public final class TestcontainersEnvironment {
    /** The variables and the values they need. */
    public static final Map<String, String> REQUIRED = Map.of(
            "TESTCONTAINERS_RYUK_DISABLED", "true",
            "TESTCONTAINERS_CHECKS_DISABLE", "true",
            "TESTCONTAINERS_HOST_OVERRIDE", "localhost");

    private TestcontainersEnvironment() {
    }

    /** Those of {@link #REQUIRED} that {@code env} lacks or sets otherwise, with the value they need. */
    public static Map<String, String> missingFrom(Map<String, String> env) {
        Map<String, String> missing = new LinkedHashMap<>();
        REQUIRED.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !e.getValue().equalsIgnoreCase(env.getOrDefault(e.getKey(), "")))
                .forEach(e -> missing.put(e.getKey(), e.getValue()));
        return missing;
    }

    /** {@code A=true B=true}, as one would type them before a command. */
    public static String describe(Map<String, String> vars) {
        StringBuilder s = new StringBuilder();
        vars.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return s.toString();
    }
}
