package dev.copycost.uring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The probe tries for real and says why; its verdict agrees with what the machine allows. */
class UringSupportTest {
    @Test
    void theProbeAgreesWithTheSysctlAndNamesWhatItTried() throws IOException {
        UringSupport probe = UringSupport.probe();
        Path sysctl = Path.of("/proc/sys/kernel/io_uring_disabled");
        String disabled = Files.exists(sysctl) ? Files.readString(sysctl).trim() : "absent";
        if (disabled.equals("2")) {
            assertThat(probe.send().available()).as("io_uring_disabled=2 forbids every ring").isFalse();
            assertThat(probe.send().reason()).contains("io_uring_setup(..) failed");
        }
        if (probe.send().available()) {
            assertThat(probe.send().reason()).contains("IORING_OP_SENDMSG of 64 bytes", "completed with 64 bytes");
        }
        if (probe.zeroCopy().available()) {
            assertThat(probe.send().available()).as("a ring that sends zero-copy sends").isTrue();
            assertThat(probe.zeroCopy().reason()).contains("IORING_OP_SENDMSG_ZC", "F_MORE", "IORING_SEND_ZC_REPORT_USAGE");
            // loopback copies, and the notification says so (as the issue measured on this kernel)
            assertThat(probe.zeroCopy().reason()).contains("copied");
        } else {
            assertThat(probe.zeroCopy().reason()).isNotBlank();
        }
        assertThat(UringSupport.probe()).as("found once").isSameAs(probe);
    }

    @Test
    void onThisMachineBothAreAvailable() throws IOException {
        // the project's VM: Linux 6.18 with io_uring enabled; anywhere else this says what is missing
        Path sysctl = Path.of("/proc/sys/kernel/io_uring_disabled");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(sysctl) && Files.readString(sysctl).trim().equals("0"),
                "io_uring is not enabled for everyone here");
        assertThat(UringSupport.probe().send().available()).as(UringSupport.probe().send().reason()).isTrue();
        assertThat(UringSupport.probe().zeroCopy().available()).as(UringSupport.probe().zeroCopy().reason()).isTrue();
        assertThat(UringSupport.probe().singleIssuer().available()).as(UringSupport.probe().singleIssuer().reason()).isTrue();
    }

    @Test
    void aOneThreadRingRefusesSubmissionsUntilEnabled() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(UringSupport.probe().singleIssuer().available());
        try (Ring ring = Ring.createForOneThread(RingSize.of(1, 1))) {
            int at = ring.sq().prepare();
            ring.sq().nop(at, 1);
            ring.sq().publish();
            assertThat(ring.submitAndWait(1, 1, 100_000_000L)).as("a disabled ring: EBADFD").isEqualTo(-77);
            ring.enableOnThisThread();
            assertThat(ring.submitAndWait(1, 1, 1_000_000_000L)).as("enabled: the no-op is submitted").isEqualTo(1);
            assertThat(ring.cq().ready()).isEqualTo(1);
            assertThat(ring.cq().userData(0)).isEqualTo(1);
            ring.cq().consume(1);
        }
    }

    @Test
    void aRefusalSaysWhatUsuallyCausesIt() {
        assertThat(UringSupport.unavailable(new dev.copycost.nativeio.NativeIoException("io_uring_setup", 1)).reason())
                .contains("io_uring_setup(..) failed: errno 1", "kernel.io_uring_disabled", "seccomp");
        assertThat(UringSupport.unavailable(new dev.copycost.nativeio.NativeIoException("io_uring_setup", 38)).reason())
                .contains("errno 38", "no io_uring in this kernel");
        assertThat(UringSupport.unavailable(new dev.copycost.nativeio.NativeIoException("io_uring_setup", 1)).available())
                .isFalse();
    }
}
