package dev.copycost.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.copycost.nativeio.NetworkNamespace;
import dev.copycost.nativeio.TcpSocket;
import dev.copycost.netns.TestNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The netns topology's link, made for real with iproute2 (root), and what it leaves behind: nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetnsLinkTest {

    @Test
    @DisplayName("the link carries a connection from here into the namespace, and closing it leaves ip netns and ip link as before")
    void linkCarriesDataAndLeavesNothing() throws Exception {
        assumeTrue(TestNamespace.available(), "network namespaces need root and iproute2");
        String netnsBefore = SystemCommand.of("ip", "netns", "list").require();
        String linksBefore = names(SystemCommand.of("ip", "-o", "link", "show").require());

        NetnsLink link = NetnsLink.create(Optional.empty());
        try {
            assertThat(link.namespace()).isEqualTo("copycost-link-" + ProcessHandle.current().pid());
            assertThat(link.hostEnd().length()).as("interface names fit IFNAMSIZ").isLessThanOrEqualTo(15);
            assertThat(link.senderAddress().getHostAddress()).startsWith("169.254.");
            assertThat(SystemCommand.of("ip", "netns", "list").require()).contains(link.namespace());
            // a socket made by a thread inside the namespace listens there; this side connects over the veth
            TcpSocket listener;
            try (NetworkNamespace.Entered in = NetworkNamespace.enter(Path.of("/var/run/netns", link.namespace()))) {
                listener = TcpSocket.listen(new InetSocketAddress(link.receiverAddress(), 0), 1);
            }
            try (listener;
                    TcpSocket client = TcpSocket.connect(new InetSocketAddress(link.receiverAddress(),
                            listener.localPort()), Duration.ofSeconds(2));
                    TcpSocket accepted = listener.accept(Duration.ofSeconds(2))) {
                assertThat(client.isOpen() && accepted.isOpen()).isTrue();
            }
        } finally {
            link.close();
        }
        assertThat(SystemCommand.of("ip", "netns", "list").require()).isEqualTo(netnsBefore);
        assertThat(names(SystemCommand.of("ip", "-o", "link", "show").require())).isEqualTo(linksBefore);
    }

    @Test
    @DisplayName("a namespace and a veth end of an owner that is gone are removed at start; a live owner's stay")
    void leftoversOfDeadOwnersAreRemoved() throws Exception {
        assumeTrue(TestNamespace.available(), "network namespaces need root and iproute2");
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(5, TimeUnit.SECONDS)).isTrue();
        long dead = gone.pid();
        long live = ProcessHandle.current().parent().orElseThrow().pid(); // alive as long as this test runs
        try {
            SystemCommand.of("ip", "netns", "add", NetnsLink.NAMESPACE_PREFIX + dead).require();
            SystemCommand.of("ip", "link", "add", "ccv" + dead + "h", "type", "veth", "peer", "name", "ccv" + dead + "n").require();
            SystemCommand.of("ip", "netns", "add", NetnsLink.NAMESPACE_PREFIX + live).require();

            assertThat(NetnsLink.removeLeftovers()).contains(NetnsLink.NAMESPACE_PREFIX + dead, "ccv" + dead + "h");

            assertThat(SystemCommand.of("ip", "netns", "list").require())
                    .doesNotContain(NetnsLink.NAMESPACE_PREFIX + dead + " ", NetnsLink.NAMESPACE_PREFIX + dead + "\n")
                    .contains(NetnsLink.NAMESPACE_PREFIX + live);
            assertThat(SystemCommand.of("ip", "link", "show", "ccv" + dead + "h").run().exit()).isNotZero();
        } finally {
            SystemCommand.of("ip", "netns", "del", NetnsLink.NAMESPACE_PREFIX + live).run();
            SystemCommand.of("ip", "netns", "del", NetnsLink.NAMESPACE_PREFIX + dead).run();
            SystemCommand.of("ip", "link", "del", "ccv" + dead + "h").run();
        }
    }

    @Test
    @DisplayName("shaping the link applies a netem qdisc, or fails naming copycost.netem and what the kernel said")
    void netemIsAppliedOrRefusedByName() throws Exception {
        assumeTrue(TestNamespace.available(), "network namespaces need root and iproute2");
        try (NetnsLink link = NetnsLink.create(Optional.of("delay 1ms"))) {
            assertThat(SystemCommand.of("tc", "qdisc", "show", "dev", link.hostEnd()).require()).contains("netem", "delay 1ms");
        } catch (IOException e) {
            // this project's VM has no sch_netem: the refusal must say what was asked and how to get it
            assertThat(e).hasMessageContaining("copycost.netem=delay 1ms").hasMessageContaining("tc qdisc add dev ccv");
            assertThat(SystemCommand.of("ip", "netns", "list").require()).doesNotContain(
                    "copycost-link-" + ProcessHandle.current().pid());
        }
        assertThatThrownBy(() -> NetnsLink.create(Optional.of("delay banana")))
                .hasMessageContaining("copycost.netem=delay banana");
        assertThat(SystemCommand.of("ip", "netns", "list").require())
                .as("a link that failed to build is removed").doesNotContain("copycost-link-" + ProcessHandle.current().pid());
    }

    @Test
    @DisplayName("subnets stay inside 169.254.1.0–169.254.254.255, off the metadata /24, on a /30 boundary")
    void subnetsAvoidReservedRanges() {
        for (long pid = 1; pid < 40_000; pid += 7) {
            int[] s = NetnsLink.subnetOf(pid);
            assertThat(s[2]).isBetween(1, 254).isNotEqualTo(169);
            assertThat(s[3] % 4).isZero();
            assertThat(s[3]).isBetween(0, 252);
        }
    }

    /** Interface names from {@code ip -o link show}, without the index numbers that change. */
    private static String names(String ipLink) {
        return String.join(" ", ipLink.lines().map(l -> l.split(":\\s+")[1].split("@")[0]).sorted().toList());
    }
}
