package dev.copycost.agent;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Reads an agent's address as people write it: {@code HOST:PORT}, the host a name or an IPv4 address. */
public final class Peers {
    private Peers() {
    }

    /** @throws IllegalArgumentException naming the text and the form allowed */
    public static InetSocketAddress parse(String text) {
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
