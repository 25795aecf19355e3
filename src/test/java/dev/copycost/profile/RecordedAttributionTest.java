package dev.copycost.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The frame table on stacks recorded on this kernel: each copy lands where a kernel engineer would
 * put it, and the table names nearly everything the threads did.
 */
class RecordedAttributionTest {

    @Test
    void sendmsgCopiesIntoTheKernelAtSendTimeAndOutOnReceive() {
        Map<Role, RoleProfile> p = RecordedProfiles.attributed("sendmsg-65536");
        RoleProfile sender = p.get(Role.SENDER);
        RoleProfile receiver = p.get(Role.RECEIVER);
        assertThat(sender.share(Category.COPY_TO_KERNEL)).as("sender copy into the kernel").isGreaterThan(0.05);
        assertThat(sender.samples(Category.DEFERRED_COPY)).as("no deferred copy without zero-copy").isZero();
        assertThat(sender.samples(Category.USER_COPY)).as("sendmsg assembles nothing in user space").isZero();
        assertThat(receiver.share(Category.COPY_TO_USER)).as("receiver copy out").isGreaterThan(0.05);
        assertThat(receiver.share(Category.VERIFY)).as("receiver verifying the payload").isGreaterThan(0.05);
        assertThat(sender.samples(Category.VERIFY)).as("the sender verifies nothing").isZero();
    }

    @Test
    void zeroCopyAtLargeSizesPinsAndDefersTheCopyToLoopbackDelivery() {
        RoleProfile sender = RecordedProfiles.attributed("zerocopy-65536").get(Role.SENDER);
        assertThat(sender.share(Category.DEFERRED_COPY)).as("skb_copy_ubufs on loopback").isGreaterThan(0.05);
        assertThat(sender.samples(Category.COPY_TO_KERNEL)).as("no copy at send time").isZero();
        assertThat(sender.samples(Category.PAGE_PINNING)).as("pinning the user pages").isPositive();
    }

    @Test
    void copySendShowsItsOwnMemcpyBesideTheKernelCopy() {
        RoleProfile sender = RecordedProfiles.attributed("copy-send-65536").get(Role.SENDER);
        assertThat(sender.share(Category.USER_COPY)).as("assembling the message").isGreaterThan(0.02);
        assertThat(sender.share(Category.COPY_TO_KERNEL)).isGreaterThan(0.05);
    }

    @Test
    void zeroCopyAtSixtyFourBytesSpendsOnPinningAndCompletions() {
        RoleProfile sender = RecordedProfiles.attributed("zerocopy-64").get(Role.SENDER);
        assertThat(sender.samples(Category.PAGE_PINNING)).isPositive();
        assertThat(sender.samples(Category.COMPLETION)).as("reading the error queue").isPositive();
        assertThat(sender.samples(Category.COPY_TO_KERNEL)).isZero();
    }

    @Test
    void theTableNamesAllButASmallRestOfEveryRecordedRole() {
        for (String name : new String[] {"copy-send-65536", "sendmsg-65536", "zerocopy-65536", "zerocopy-64"}) {
            for (RoleProfile role : RecordedProfiles.attributed(name).values()) {
                assertThat(role.total()).as("%s %s samples", name, role.role()).isGreaterThan(100);
                assertThat(role.share(Category.OTHER)).as("%s %s other", name, role.role()).isLessThan(0.10);
                assertThat(role.kernelSamples()).as("%s %s kernel frames seen", name, role.role()).isPositive();
            }
        }
    }

    @Test
    void threadsTheExperimentDidNotNameAreLeftOut() {
        var stacks = RecordedProfiles.stacks("sendmsg-65536");
        Map<Integer, Role> onlySenders = new java.util.HashMap<>(RecordedProfiles.roles(stacks));
        onlySenders.values().removeIf(r -> r == Role.RECEIVER);
        Map<Role, RoleProfile> p = new Attributor(FrameTable.load()).attribute(stacks, onlySenders);
        assertThat(p.get(Role.RECEIVER).total()).isZero();
        assertThat(p.get(Role.SENDER).total()).isEqualTo(RecordedProfiles.attributed("sendmsg-65536")
                .get(Role.SENDER).total());
    }
}
