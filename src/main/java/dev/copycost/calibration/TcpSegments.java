package dev.copycost.calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The TCP segments this network namespace has sent so far ({@code OutSegs} of /proc/net/snmp): data
 * and acknowledgements alike, both ends of a loopback connection counted. The delta over a trial,
 * per message, says how many messages shared a segment.
 */
public final class TcpSegments {
    static final Path SNMP = Path.of("/proc/net/snmp");

    private TcpSegments() {
    }

    public static long sent() throws IOException {
        return outSegs(Files.readAllLines(SNMP));
    }

    /** OutSegs from the two {@code Tcp:} lines of /proc/net/snmp, the names and then the values. */
    static long outSegs(List<String> snmp) throws IOException {
        List<String> tcp = snmp.stream().filter(l -> l.startsWith("Tcp:")).toList();
        if (tcp.size() < 2) {
            throw new IOException(SNMP + " has no Tcp: name and value lines");
        }
        List<String> names = Arrays.asList(tcp.get(0).trim().split("\\s+"));
        String[] values = tcp.get(1).trim().split("\\s+");
        int at = names.indexOf("OutSegs");
        if (at < 0 || at >= values.length) {
            throw new IOException(SNMP + " names no OutSegs among " + names);
        }
        return Long.parseLong(values[at]);
    }
}
