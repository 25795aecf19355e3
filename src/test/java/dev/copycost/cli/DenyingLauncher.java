package dev.copycost.cli;

import dev.copycost.nativeio.Errno;
import dev.copycost.nativeio.LibC;
import dev.copycost.nativeio.NativeBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code copycost ARGS} in a JVM whose system calls a seccomp filter refuses, as a container's
 * profile or an older kernel would: {@code io_uring_setup} (EPERM), {@code perf_event_open} (EACCES)
 * and {@code setsockopt(SO_ZEROCOPY)} (ENOPROTOOPT, as a kernel without it says). The filter is
 * installed first, on every thread of the JVM (TSYNC), then {@link CopycostCli#main} runs: its probes
 * meet the refusals for real. A test's child process: {@code DenyingLauncher copycost-args...}.
 */
public final class DenyingLauncher {
    private static final int NR_SETSOCKOPT = 54;
    private static final int NR_PRCTL = 157;
    private static final int NR_PERF_EVENT_OPEN = 298;
    private static final int NR_SECCOMP = 317;
    private static final int NR_IO_URING_SETUP = 425;
    private static final int SO_ZEROCOPY = 60;
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final int ENOPROTOOPT = 92;

    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_ERRNO = 0x00050000;
    // classic BPF opcodes
    private static final short LD_W_ABS = 0x20;
    private static final short JEQ_K = 0x15;
    private static final short RET_K = 0x06;
    /** Offsets in struct seccomp_data: nr, arch, then args[] of 8 bytes each (low half first on x86-64). */
    private static final int NR = 0;
    private static final int ARCH = 4;
    private static final int ARG2 = 16 + 2 * 8;

    private DenyingLauncher() {
    }

    public static void main(String[] args) {
        deny();
        CopycostCli.main(args);
    }

    private static void deny() {
        List<long[]> p = new ArrayList<>(); // {code, jt, jf, k}
        p.add(insn(LD_W_ABS, 0, 0, ARCH));
        p.add(insn(JEQ_K, 1, 0, AUDIT_ARCH_X86_64));
        p.add(insn(RET_K, 0, 0, RET_ALLOW)); // another ABI's calls: not ours to judge
        p.add(insn(LD_W_ABS, 0, 0, NR));
        p.add(insn(JEQ_K, 0, 1, NR_IO_URING_SETUP));
        p.add(insn(RET_K, 0, 0, RET_ERRNO | EPERM));
        p.add(insn(JEQ_K, 0, 1, NR_PERF_EVENT_OPEN));
        p.add(insn(RET_K, 0, 0, RET_ERRNO | EACCES));
        p.add(insn(JEQ_K, 0, 3, NR_SETSOCKOPT)); // else past the option check, to allow
        p.add(insn(LD_W_ABS, 0, 0, ARG2));
        p.add(insn(JEQ_K, 0, 1, SO_ZEROCOPY));
        p.add(insn(RET_K, 0, 0, RET_ERRNO | ENOPROTOOPT));
        p.add(insn(RET_K, 0, 0, RET_ALLOW));
        // the JVM lives as long as the filter: these buffers are never freed
        NativeBuffer filter = NativeBuffer.allocate(8L * p.size());
        ByteBuffer f = filter.view();
        for (int i = 0; i < p.size(); i++) {
            long[] in = p.get(i);
            f.putShort(8 * i, (short) in[0]).put(8 * i + 2, (byte) in[1]).put(8 * i + 3, (byte) in[2])
                    .putInt(8 * i + 4, (int) in[3]);
        }
        NativeBuffer prog = NativeBuffer.allocate(16); // struct sock_fprog: unsigned short len, then the pointer
        prog.view().putShort(0, (short) p.size()).putLong(8, filter.address());
        if (LibC.syscall(NR_PRCTL, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            throw new IllegalStateException("prctl(PR_SET_NO_NEW_PRIVS) failed: errno " + Errno.last());
        }
        if (LibC.syscall(NR_SECCOMP, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, prog.address(), 0, 0) != 0) {
            throw new IllegalStateException("seccomp(SET_MODE_FILTER, TSYNC) failed: errno " + Errno.last());
        }
    }

    private static long[] insn(short code, int jt, int jf, int k) {
        return new long[] {code, jt, jf, k & 0xffffffffL};
    }
}
