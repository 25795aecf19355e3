package dev.copycost.uring;

/**
 * The io_uring ABI as copycost uses it, from {@code <linux/io_uring.h>} (x86_64). Struct layouts are
 * fixed by the ABI; ring offsets are not, and are read from {@code io_uring_params} at run time.
 */
public final class UringAbi {
    // system call numbers, x86_64
    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;

    // struct io_uring_params (120 bytes): u32 sq_entries, cq_entries, flags, sq_thread_cpu,
    // sq_thread_idle, features, wq_fd, resv[3]; struct io_sqring_offsets sq_off (40 bytes);
    // struct io_cqring_offsets cq_off (40 bytes)
    static final int PARAMS_SIZE = 120;
    static final int P_SQ_ENTRIES = 0;
    static final int P_CQ_ENTRIES = 4;
    static final int P_FLAGS = 8;
    static final int P_FEATURES = 20;
    static final int P_SQ_OFF = 40;
    static final int P_CQ_OFF = 80;
    // within io_sqring_offsets: head, tail, ring_mask, ring_entries, flags, dropped, array
    static final int SQ_OFF_HEAD = 0;
    static final int SQ_OFF_TAIL = 4;
    static final int SQ_OFF_RING_MASK = 8;
    static final int SQ_OFF_ARRAY = 24;
    // within io_cqring_offsets: head, tail, ring_mask, ring_entries, overflow, cqes
    static final int CQ_OFF_HEAD = 0;
    static final int CQ_OFF_TAIL = 4;
    static final int CQ_OFF_RING_MASK = 8;
    static final int CQ_OFF_OVERFLOW = 16;
    static final int CQ_OFF_CQES = 20;

    // setup flags
    static final int IORING_SETUP_CQSIZE = 1 << 3;
    static final int IORING_SETUP_R_DISABLED = 1 << 6;
    static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;
    // features
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    static final int IORING_FEAT_NODROP = 1 << 1;
    static final int IORING_FEAT_EXT_ARG = 1 << 8;

    // mmap offsets of the three regions
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    // io_uring_enter flags
    static final int IORING_ENTER_GETEVENTS = 1;
    static final int IORING_ENTER_EXT_ARG = 1 << 3;
    /** struct io_uring_getevents_arg { u64 sigmask; u32 sigmask_sz; u32 pad; u64 ts; } */
    static final int GETEVENTS_ARG_SIZE = 24;
    static final int TIMESPEC_SIZE = 16;

    // io_uring_register opcodes
    static final int IORING_REGISTER_PROBE = 8;
    static final int IORING_REGISTER_ENABLE_RINGS = 12;
    /** struct io_uring_probe: 16-byte header, then struct io_uring_probe_op (8 bytes) per opcode. */
    static final int PROBE_HEADER = 16;
    static final int PROBE_OP_SIZE = 8;
    static final int PROBE_OPS = 256;
    static final int IO_URING_OP_SUPPORTED = 1;

    // struct io_uring_sqe (64 bytes)
    public static final int SQE_SIZE = 64;
    static final int SQE_OPCODE = 0;
    static final int SQE_FLAGS = 1;
    static final int SQE_IOPRIO = 2;
    static final int SQE_FD = 4;
    static final int SQE_ADDR = 16;
    static final int SQE_LEN = 24;
    static final int SQE_MSG_FLAGS = 28;
    static final int SQE_USER_DATA = 32;

    // struct io_uring_cqe (16 bytes, without IORING_SETUP_CQE32)
    public static final int CQE_SIZE = 16;
    static final int CQE_USER_DATA = 0;
    static final int CQE_RES = 8;
    static final int CQE_FLAGS = 12;

    // opcodes
    public static final int IORING_OP_NOP = 0;
    public static final int IORING_OP_SENDMSG = 9;
    public static final int IORING_OP_SEND_ZC = 47;
    public static final int IORING_OP_SENDMSG_ZC = 48;

    // sqe flags
    public static final int IOSQE_IO_LINK = 1 << 2;

    /** In the SQE's ioprio for SEND_ZC/SENDMSG_ZC: the notification says whether the kernel copied (6.2+). */
    public static final int IORING_SEND_ZC_REPORT_USAGE = 1 << 3;

    // cqe flags
    /** A result CQE with this flag is followed by a notification CQE for the same user_data. */
    public static final int IORING_CQE_F_MORE = 1 << 1;
    /** The notification CQE of a zero-copy send: the buffers may be reused. */
    public static final int IORING_CQE_F_NOTIF = 1 << 3;
    /** Set in a notification's res when the data was copied (or nothing was sent zero-copy): a flag, not an error. */
    public static final int IORING_NOTIF_USAGE_ZC_COPIED = 1 << 31;

    // mmap(2)
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_POPULATE = 0x8000;

    private UringAbi() {
    }
}
