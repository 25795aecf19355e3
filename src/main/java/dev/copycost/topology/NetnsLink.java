package dev.copycost.topology;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace joined to this one by a veth pair: the receivers' side of the {@code netns}
 * topology. The link has a /30 of its own from the link-local range 169.254.0.0/16, which is never
 * routed beyond the link, chosen from the owner's pid (so two runs on one host do not collide); the
 * sender's end has the first address, the namespace's end the second.
 *
 * <p>Names carry a fixed prefix and the owner's pid: namespace {@code copycost-link-PID}, veth ends
 * {@code ccvPIDh} (this namespace) and {@code ccvPIDn} (the other; interface names are at most 15
 * characters). {@link #close} and {@link #removeLeftovers} delete the host end (which takes the pair
 * with it at once) and then the namespace.
 */
public final class NetnsLink implements AutoCloseable {
    static final String NAMESPACE_PREFIX = "copycost-link-";
    static final String VETH_PREFIX = "ccv";
    private static final Pattern NAMESPACE = Pattern.compile(Pattern.quote(NAMESPACE_PREFIX) + "(\\d+)");
    private static final Pattern VETH = Pattern.compile(VETH_PREFIX + "(\\d+)[hn]");

    private final long owner;
    private final InetAddress senderAddress;
    private final InetAddress receiverAddress;
    private final Optional<String> shaping;
    private boolean closed;

    private NetnsLink(long owner, InetAddress senderAddress, InetAddress receiverAddress, Optional<String> shaping) {
        this.owner = owner;
        this.senderAddress = senderAddress;
        this.receiverAddress = receiverAddress;
        this.shaping = shaping;
    }

    /**
     * Makes the namespace and the link for this process, after removing what dead owners left.
     *
     * @param netem arguments of a {@code tc netem} qdisc for the sender's end (e.g. {@code delay 1ms
     *              rate 10gbit}), or empty for an unshaped link
     */
    public static NetnsLink create(Optional<String> netem) throws IOException, InterruptedException {
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        int[] base = subnetOf(pid);
        NetnsLink link = new NetnsLink(pid, address(base, 1), address(base, 2), netem);
        try {
            link.build();
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                link.close();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return link;
    }

    private void build() throws IOException, InterruptedException {
        String ns = namespace();
        SystemCommand.of("ip", "netns", "add", ns).require();
        SystemCommand.of("ip", "link", "add", hostEnd(), "type", "veth", "peer", "name", namespaceEnd()).require();
        SystemCommand.of("ip", "link", "set", namespaceEnd(), "netns", ns).require();
        SystemCommand.of("ip", "addr", "add", senderAddress.getHostAddress() + "/30", "dev", hostEnd()).require();
        SystemCommand.of("ip", "link", "set", hostEnd(), "up").require();
        inNamespace("ip", "addr", "add", receiverAddress.getHostAddress() + "/30", "dev", namespaceEnd()).require();
        inNamespace("ip", "link", "set", namespaceEnd(), "up").require();
        inNamespace("ip", "link", "set", "lo", "up").require();
        if (shaping.isPresent()) {
            shape(shaping.get());
        }
    }

    /** Puts a netem qdisc on the sender's end: the direction the data flows. */
    private void shape(String netem) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tc", "qdisc", "add", "dev", hostEnd(), "root", "netem"));
        argv.addAll(List.of(netem.trim().split("\\s+")));
        SystemCommand.Result r = new SystemCommand(argv, SystemCommand.DEFAULT_BOUND).run();
        if (r.exit() != 0) {
            throw new IOException("copycost.netem=" + netem + " could not be applied (" + String.join(" ", argv)
                    + ": " + r.output() + ")" + (r.output().contains("qdisc kind is unknown")
                            ? "; this kernel has no netem qdisc: load it with 'modprobe sch_netem' (package "
                                    + "linux-modules-extra or the kernel's own modules) or run without copycost.netem"
                            : "; netem takes e.g. 'delay 1ms rate 10gbit'"));
        }
    }

    /** A command run inside the namespace. */
    SystemCommand inNamespace(String... argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace()));
        full.addAll(List.of(argv));
        return new SystemCommand(full, SystemCommand.DEFAULT_BOUND);
    }

    /** The command prefix that runs a program inside the namespace. */
    public List<String> execPrefix() {
        return List.of("ip", "netns", "exec", namespace());
    }

    public String namespace() {
        return NAMESPACE_PREFIX + owner;
    }

    public String hostEnd() {
        return VETH_PREFIX + owner + "h";
    }

    public String namespaceEnd() {
        return VETH_PREFIX + owner + "n";
    }

    /** The sender's address on the link (this namespace's end). */
    public InetAddress senderAddress() {
        return senderAddress;
    }

    /** The receivers' address on the link (the namespace's end), where the agent listens. */
    public InetAddress receiverAddress() {
        return receiverAddress;
    }

    public Optional<String> shaping() {
        return shaping;
    }

    /**
     * Deletes the namespace (and with it the pair); also the host end, should it never have moved.
     * Synchronized: on SIGTERM the shutdown hook and the run's own cleanup close at once, and the one
     * that comes second must wait until the deletion is done, or the JVM halts half-way through it.
     */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        delete(owner);
    }

    /**
     * Removes the namespaces and veth ends of owners that no longer run, e.g. of a run that was
     * killed; returns what it removed. Those of live owners, this one included, stay.
     */
    public static List<String> removeLeftovers() throws IOException, InterruptedException {
        List<String> removed = new ArrayList<>();
        for (long pid : owners()) {
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive && pid != ProcessHandle.current().pid()) {
                removed.addAll(delete(pid));
            }
        }
        return removed;
    }

    /** Pids that own a namespace or a veth end here. */
    static List<Long> owners() throws IOException, InterruptedException {
        List<Long> pids = new ArrayList<>();
        Matcher ns = NAMESPACE.matcher(SystemCommand.of("ip", "netns", "list").require());
        while (ns.find()) {
            pids.add(Long.parseLong(ns.group(1)));
        }
        Matcher veth = VETH.matcher(SystemCommand.of("ip", "-o", "link", "show").require());
        while (veth.find()) {
            long pid = Long.parseLong(veth.group(1));
            if (!pids.contains(pid)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /**
     * Deletes a pid's link and namespace. The host end goes first: deleting one end of a veth pair
     * removes both at once, whereas a deleted namespace destroys its devices later, in the kernel's
     * own time, and a run must leave {@code ip link} as it found it when it returns.
     */
    private static List<String> delete(long pid) throws IOException, InterruptedException {
        List<String> removed = new ArrayList<>();
        String host = VETH_PREFIX + pid + "h";
        if (SystemCommand.of("ip", "link", "show", host).run().exit() == 0) {
            SystemCommand.Result r = SystemCommand.of("ip", "link", "del", host).run();
            if (r.exit() != 0 && !r.output().contains("Cannot find device")) {
                throw new IOException("ip link del " + host + " failed with exit status " + r.exit() + ": " + r.output());
            }
            removed.add(host);
        }
        String ns = NAMESPACE_PREFIX + pid;
        if (SystemCommand.of("ip", "netns", "list").require().lines().anyMatch(l -> l.split("\\s+")[0].equals(ns))) {
            SystemCommand.of("ip", "netns", "del", ns).require();
            removed.add(ns);
        }
        return removed;
    }

    /**
     * The /30 of a pid inside 169.254.1.0–169.254.250.255: RFC 3927 reserves the first and last /24
     * of the range, and 169.254.169.0/24 is skipped because cloud hosts answer metadata requests at
     * 169.254.169.254.
     */
    static int[] subnetOf(long pid) {
        int n = (int) (pid % (250 * 64));
        int third = 1 + n / 64;
        if (third == 169) {
            third = 251 + (n % 3);
        }
        return new int[] {169, 254, third, (n % 64) * 4};
    }

    private static InetAddress address(int[] base, int host) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) base[0], (byte) base[1], (byte) base[2],
                    (byte) (base[3] + host)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
