package dev.copycost.experiment;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Where the matrix sends its data, and which points it measures off loopback. Loopback measures the
 * whole matrix; the other topologies (a network namespace behind a veth pair, a receive agent on
 * another host, one in a container across the Docker bridge) measure a reduced set of sizes and
 * thread counts, since they answer other questions (what a link changes, whether zero-copy holds)
 * and each of their blocks costs as much as one on loopback.
 *
 * @param topologies the topologies in order, loopback first when measured
 * @param peer       the receive agent of topology {@code remote}, e.g. {@code 10.0.0.2:7300}
 * @param sizes      message sizes measured on the topologies other than loopback
 * @param threads    connection counts measured on the topologies other than loopback
 * @param netem      arguments of a {@code tc netem} qdisc on the netns link's sending end, if any
 */
public record TopologyPlan(List<String> topologies, Optional<InetSocketAddress> peer, List<Integer> sizes,
        List<Integer> threads, Optional<String> netem) {

    public static final String LOOPBACK = PointResult.LOOPBACK;
    public static final String NETNS = "netns";
    public static final String REMOTE = "remote";
    /** A receive agent in a container that Testcontainers starts, across the Docker bridge. */
    public static final String CONTAINER = "container";
    public static final List<String> NAMES = List.of(LOOPBACK, NETNS, REMOTE, CONTAINER);

    public TopologyPlan {
        topologies = List.copyOf(topologies);
        sizes = List.copyOf(sizes);
        threads = List.copyOf(threads);
        for (String t : topologies) {
            if (!NAMES.contains(t)) {
                throw new IllegalArgumentException("topology '" + t + "' is not known: use " + String.join(", ", NAMES));
            }
        }
        if (topologies.contains(REMOTE) && peer.isEmpty()) {
            throw new IllegalArgumentException("topology remote needs the receive agent's address: set copycost.peer=HOST:PORT");
        }
        if (topologies.isEmpty()) {
            throw new IllegalArgumentException("no topology: use one or more of " + String.join(", ", NAMES));
        }
    }

    /**
     * Reads an agent's address as people write it, {@code HOST:PORT} with a name or an IPv4 address,
     * and resolves it now, so that a name that does not resolve fails at once, naming it.
     *
     * @throws IllegalArgumentException naming the text and the form allowed
     */
    public static InetSocketAddress parsePeer(String text) {
        String form = "use HOST:PORT, e.g. 10.0.0.2:7300, with an IPv4 host and a port 1..65535";
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("peer '" + text + "' is not HOST:PORT: " + form);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer '" + text + "' has no numeric port: " + form);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("peer '" + text + "' has port " + port + ": " + form);
        }
        String host = text.substring(0, colon);
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a instanceof Inet4Address) {
                    return new InetSocketAddress(a, port);
                }
            }
            throw new IllegalArgumentException("peer '" + text + "': " + host + " has no IPv4 address: " + form);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("peer '" + text + "': host " + host + " is not known: " + form);
        }
    }
}
