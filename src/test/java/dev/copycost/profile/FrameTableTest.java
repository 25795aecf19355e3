package dev.copycost.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameTableTest {
    private final FrameTable table = FrameTable.load();

    private Category classify(String stack) {
        return table.classify(Arrays.asList(stack.split(";")));
    }

    @Test
    void theNearestNamedFrameFromTheLeafDecides() {
        // the unnamed leaf helper (rep_movs_alternative) is passed over for its caller
        assertThat(classify("do_syscall_64_[k];tcp_sendmsg_locked_[k];_copy_from_iter_[k];rep_movs_alternative_[k]"))
                .isEqualTo(Category.COPY_TO_KERNEL);
        assertThat(classify("do_syscall_64_[k];tcp_recvmsg_[k];skb_copy_datagram_iter_[k];__skb_datagram_iter_[k];"
                + "_copy_to_iter_[k];rep_movs_alternative_[k]")).isEqualTo(Category.COPY_TO_USER);
    }

    @Test
    void oldKernelNamesClassifyLikeTheNewOnes() {
        // 5.x: the copy leaf was copy_user_enhanced_fast_string; 5.x-6.5 pinned through internal_get_user_pages_fast
        assertThat(classify("tcp_sendmsg_locked_[k];skb_do_copy_data_nocache_[k];copy_user_enhanced_fast_string_[k]"))
                .isEqualTo(Category.COPY_TO_KERNEL);
        assertThat(classify("tcp_sendmsg_locked_[k];__zerocopy_sg_from_iter_[k];iov_iter_get_pages_[k];"
                + "internal_get_user_pages_fast_[k]")).isEqualTo(Category.PAGE_PINNING);
        assertThat(classify("tcp_sendmsg_locked_[k];skb_zerocopy_iter_stream_[k];zerocopy_fill_skb_from_iter_[k];"
                + "gup_fast_fallback_[k]")).isEqualTo(Category.PAGE_PINNING);
        assertThat(classify("ip_rcv_[k];sock_zerocopy_callback_[k]")).isEqualTo(Category.COMPLETION);
        assertThat(classify("ip_rcv_[k];msg_zerocopy_callback_[k]")).isEqualTo(Category.COMPLETION);
    }

    @Test
    void anExactNameWinsOverABroadPrefix() {
        assertThat(classify("ip_local_deliver_finish_[k];skb_copy_ubufs_[k];__pi_memcpy_[k]"))
                .isEqualTo(Category.DEFERRED_COPY);
        assertThat(classify("ip_local_deliver_finish_[k];skb_release_data_[k]")).isEqualTo(Category.TCP_IP);
    }

    @Test
    void kernelAndUserFramesOfTheSameNameAreToldApart() {
        assertThat(table.frame("_copy_from_iter_[k]")).contains(Category.COPY_TO_KERNEL);
        assertThat(table.frame("_copy_from_iter")).isEmpty();
        // libc's memmove is JNA marshalling arguments, not the sender's copy: left to its caller
        assertThat(classify("ffi_call;__memmove_sse2_unaligned")).isEqualTo(Category.NATIVE_CALL);
        assertThat(table.frame("tcp_sendmsg")).as("a user frame named like a kernel one").isEmpty();
    }

    @Test
    void javaAnnotationsAreIgnored() {
        assertThat(table.frame("dev/copycost/message/StreamVerifier.consume_[j]")).contains(Category.VERIFY);
        assertThat(table.frame("dev/copycost/message/StreamVerifier.consume_[0]")).contains(Category.VERIFY);
        assertThat(table.frame("dev/copycost/experiment/SenderWorker.work_[i]")).contains(Category.HARNESS);
    }

    @Test
    void jnasPathIntoCIsTheNativeCallNotTheHarness() {
        // as async-profiler showed a sendmsg sender: the JNI stub, JNA's dispatch (its static
        // functions unnamed, in the library JNA extracted), the errno it saves, libc's wrapper
        String stub = "dev/copycost/strategy/SendmsgSender.send_[j];dev/copycost/nativeio/LibC.sendmsg_[j]";
        assertThat(classify(stub)).isEqualTo(Category.NATIVE_CALL);
        assertThat(classify(stub + ";/root/.cache/JNA/temp/jna7853241792932108445.tmp")).isEqualTo(Category.NATIVE_CALL);
        assertThat(classify(stub + ";/root/.cache/JNA/temp/jna7853241792932108445.tmp;__GI___pthread_getspecific"))
                .isEqualTo(Category.NATIVE_CALL);
        assertThat(classify(stub + ";ffi_call;JNA_set_last_error")).isEqualTo(Category.NATIVE_CALL);
        assertThat(classify(stub + ";ffi_call;__libc_sendmsg")).as("libc's wrapper is the system call's")
                .isEqualTo(Category.SYSCALL);
        assertThat(classify("dev/copycost/strategy/SendmsgSender.send_[j];dev/copycost/nativeio/IovecArray.advance_[j]"))
                .as("our own Java around the call").isEqualTo(Category.HARNESS);
    }

    @Test
    void aStackWithNoNamedFrameIsOther() {
        assertThat(classify("mystery_[k];unknown")).isEqualTo(Category.OTHER);
        assertThat(table.classify(List.of())).isEqualTo(Category.OTHER);
    }

    @Test
    void theTableNamesEveryCategoryButOther() {
        Set<Category> named = EnumSet.noneOf(Category.class);
        for (String probe : List.of("jlong_disjoint_arraycopy", "_copy_from_iter_[k]", "skb_copy_ubufs_[k]",
                "gup_fast_fallback_[k]", "msg_zerocopy_callback_[k]", "_copy_to_iter_[k]",
                "jdk/internal/util/ArraysSupport.vectorizedMismatch_[j]", "tcp_write_xmit_[k]", "do_syscall_64_[k]",
                "finish_task_switch.isra.0_[k]", "ffi_call", "dev/copycost/experiment/SenderWorker.work_[j]")) {
            table.frame(probe).ifPresent(named::add);
        }
        assertThat(named).isEqualTo(EnumSet.complementOf(EnumSet.of(Category.OTHER)));
    }

    @Test
    void aBadLineIsRefusedNamingItAndWhatIsAllowed() {
        assertThatThrownBy(() -> FrameTable.parse("# ok\nuser-copy kernal memcpy\n"))
                .hasMessageContaining("line 2").hasMessageContaining("kernal").hasMessageContaining("kernel or user");
        assertThatThrownBy(() -> FrameTable.parse("copying user memcpy\n"))
                .hasMessageContaining("line 1").hasMessageContaining("copying").hasMessageContaining("user-copy");
        assertThatThrownBy(() -> FrameTable.parse("verify user a b\n")).hasMessageContaining("4 columns");
        assertThatThrownBy(() -> FrameTable.parse("verify user x\nharness user x\n"))
                .hasMessageContaining("line 2").hasMessageContaining("verify");
    }
}
