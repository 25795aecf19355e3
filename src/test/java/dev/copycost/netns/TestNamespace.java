package dev.copycost.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made for one test with iproute2 ({@code ip netns add}), its loopback up,
 * deleted on close. Every command is bounded: one that does not end within 10 s fails the test.
 */
public final class TestNamespace implements AutoCloseable {
    private final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    /** Creates {@code copycost-PREFIX-PID} and brings its loopback up. */
    public static TestNamespace create(String prefix) throws IOException, InterruptedException {
        String name = "copycost-" + prefix + "-" + ProcessHandle.current().pid();
        run("ip", "netns", "del", name); // a namespace left by a killed run of the same pid; ignore failure
        TestNamespace ns = new TestNamespace(name);
        ns.require("ip", "netns", "add", name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** True where namespaces can be made: root with iproute2. */
    public static boolean available() {
        try {
            return "root".equals(System.getProperty("user.name")) && run("ip", "netns", "list") == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** For {@code ip netns exec NAME}. */
    public String name() {
        return name;
    }

    public Path file() {
        return Path.of("/var/run/netns", name);
    }

    /** Runs a command inside the namespace and fails naming it and its output unless it succeeds. */
    public void exec(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        require(full.toArray(String[]::new));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        require("ip", "netns", "del", name);
    }

    private void require(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit " + p.exitValue() + ": " + out);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
