package dev.copycost.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine the agent's receivers ran on, and the interface that carried the data to them: what a
 * reader needs to tell whether a NIC (and which driver, MTU and offloads) or a virtual link was
 * measured. A fact that cannot be learned says why instead.
 *
 * @param iface    the interface whose address the data connections arrived on, e.g. {@code eth0}, {@code lo}
 * @param driver   from {@code ethtool -i}, else {@code /sys/class/net/IF/device/driver}, else why not
 * @param offloads the offloads {@code ethtool -k} reports on, else why not
 */
public record AgentEnvironment(String kernel, String cpuModel, int cores, String iface, String driver, String mtu,
        String offloads) {
    private static final List<String> OFFLOADS = List.of("tcp-segmentation-offload", "generic-segmentation-offload",
            "generic-receive-offload", "large-receive-offload", "scatter-gather", "tx-checksumming",
            "rx-checksumming");
    /** Two runs of ethtool must fit well inside the sender's bound on the agent's answer to start. */
    private static final long ETHTOOL_SECONDS = 2;

    /** One line for people, e.g. {@code kernel 6.18.0, Intel Xeon (2 logical CPUs); data over eth0: driver virtio_net, MTU 1500, offloads ...}. */
    public String describe() {
        return "kernel " + kernel + ", " + cpuModel + " (" + cores + " logical CPUs); data over " + iface + ": driver " + driver
                + ", MTU " + mtu + ", offloads " + offloads;
    }

    /** The facts of this machine for a run whose data arrived on {@code local}, this end's address. */
    static AgentEnvironment probe(InetAddress local) {
        String kernel = firstLine(Path.of("/proc/sys/kernel/osrelease"));
        String cpu = readCpuModel();
        int cores = Runtime.getRuntime().availableProcessors();
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByInetAddress(local);
        } catch (IOException e) {
            nic = null;
        }
        if (nic == null) {
            String why = "unknown (no interface has address " + local.getHostAddress() + ")";
            return new AgentEnvironment(kernel, cpu, cores, why, why, why, why);
        }
        String name = nic.getName();
        String mtu;
        try {
            mtu = Integer.toString(nic.getMTU());
        } catch (IOException e) {
            mtu = "unknown (" + e.getMessage() + ")";
        }
        return new AgentEnvironment(kernel, cpu, cores, name, readDriver(name), mtu, readOffloads(name));
    }

    private static String readDriver(String iface) {
        Ethtool info = Ethtool.run("-i", iface);
        if (info.ok()) {
            for (String line : info.lines()) {
                if (line.startsWith("driver:")) {
                    return line.substring("driver:".length()).trim();
                }
            }
        }
        Path link = Path.of("/sys/class/net", iface, "device", "driver");
        try {
            return Files.readSymbolicLink(link).getFileName().toString() + " (from " + link + "; " + info.why() + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "none: " + iface + " has no device (" + link + " is missing), a virtual interface; " + info.why();
        }
    }

    private static String readOffloads(String iface) {
        Ethtool features = Ethtool.run("-k", iface);
        if (!features.ok()) {
            return "unknown: " + features.why();
        }
        List<String> on = new ArrayList<>();
        for (String line : features.lines()) {
            int colon = line.indexOf(':');
            if (colon > 0 && OFFLOADS.contains(line.substring(0, colon).trim())) {
                on.add(line.substring(0, colon).trim() + "=" + line.substring(colon + 1).trim().split("\\s+")[0]);
            }
        }
        return on.isEmpty() ? "none reported by ethtool -k " + iface : String.join(", ", on);
    }

    private static String firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "unknown (" + file + " is empty)" : lines.get(0).trim();
        } catch (IOException e) {
            return "unknown (" + file + " cannot be read)";
        }
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return "unknown (no model name in /proc/cpuinfo)";
        } catch (IOException e) {
            return "unknown (/proc/cpuinfo cannot be read)";
        }
    }

    /** One bounded run of ethtool: its output lines, or why there are none. */
    private record Ethtool(boolean ok, List<String> lines, String why) {
        static Ethtool run(String option, String iface) {
            Process p;
            try {
                p = new ProcessBuilder("ethtool", option, iface).redirectErrorStream(true).start();
            } catch (IOException e) {
                return new Ethtool(false, List.of(), "ethtool is not installed");
            }
            try {
                p.getOutputStream().close();
                if (!p.waitFor(ETHTOOL_SECONDS, TimeUnit.SECONDS)) {
                    return new Ethtool(false, List.of(), "ethtool " + option + " " + iface + " did not answer within "
                            + ETHTOOL_SECONDS + " s");
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return p.exitValue() == 0 ? new Ethtool(true, out.lines().toList(), "")
                        : new Ethtool(false, List.of(), "ethtool " + option + " " + iface + " failed: " + out.trim());
            } catch (IOException e) {
                return new Ethtool(false, List.of(), "ethtool " + option + " " + iface + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Ethtool(false, List.of(), "interrupted while ethtool ran");
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
