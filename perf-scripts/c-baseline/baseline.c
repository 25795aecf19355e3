/*
 * copycost's workload in C: the reference the suite measures its own harness against (the
 * "Harness efficiency" section of the report, calibration.csv). Everything that copycost's sender
 * and receiver do per message is done here the same way, without the JVM and JNA:
 *  - one connection over 127.0.0.1; eight separately allocated fields per message (a cache line
 *    apart for the copying strategies, a page each for zerocopy, as copycost places them);
 *  - each field starts with the 8-byte little-endian stamp message * 8 + field, written before
 *    every send; the rest of the field holds copycost's payload pattern (splitmix64 of slot, field
 *    and word), filled once per buffer set;
 *  - one buffer set for send, copy-send and sendmsg; a ring of RING sets for zerocopy, a set reused
 *    only after the kernel reported its sends complete (recvmsg(MSG_ERRQUEUE), as copycost does),
 *    ENOBUFS answered by reaping and retrying;
 *  - a receiver thread reading into a 128 KiB buffer that checks every stamp and every payload byte
 *    against the pattern, as copycost's receiver does with its default copycost.verify=1;
 *  - TCP_NODELAY as given on both ends, other socket options at the kernel's defaults;
 *  - threads placed as copycost's --placement places connection 0's: os (not pinned), spread
 *    (sender on the first allowed CPU, receiver on the second) or same-core (both on the first);
 *  - the sender looks at the clock once every CLOCK_EVERY messages, not per message: copycost's
 *    sender reads no clock at all (another thread ends its window).
 * It measures the bytes the receiver verified over SECONDS after a warm-up of WARMUP seconds.
 * With "calls" it measures instead what a call of a C function costs C (the reference for what a
 * call through JNA costs Java): free(NULL), which returns at once, through a function pointer the
 * compiler cannot inline, COUNT times per round, ROUNDS rounds after as many of warm-up.
 *   usage: baseline calls COUNT ROUNDS
 *   prints: calls=.. rounds=.. ns_per_call=r1,r2,...
 *   usage: baseline STRATEGY SIZE SECONDS NODELAY [WARMUP [RING [PLACEMENT]]]
 *   prints: strategy=.. size=.. nodelay=.. gbps=.. verified=.. issued=.. completed=.. copied=.. enobufs=..
 *           placement=.. sender_cpu=.. receiver_cpu=.. (the CPU each thread finished on)
 *           receiver_sleeps_per_message=.. (its voluntary context switches in the window, per message)
 *           sender_sleeps_per_message=.. (the same for the sender: waits for send-buffer space or completions)
 *           sender_cpu_us_per_message=.. receiver_cpu_us_per_message=.. (each thread's CPU time in the window)
 * Exit status: 0 measured, 2 bad arguments, 3 the stream was corrupt, 1 any other failure.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif

#define FIELDS 8
#define STAMP 8
#define RECEIVE_BUFFER (128 * 1024)
#define MAX_RING 1024
/* a send that cannot progress for this long has lost its peer: fail, never hang */
#define IO_TIMEOUT_MS 5000
/* at 64 KiB a message takes tens of µs, so 16 messages keep the window's edges well under 1 ms */
#define CLOCK_EVERY 16

static int field_size, ring_slots, port, nodelay;
/* the CPU each thread is pinned to, -1 for not pinned (placement os) */
static int sender_cpu = -1, receiver_cpu = -1;
/* where each thread was running when it finished, as sched_getcpu() saw it: shows the pinning held */
static int receiver_ran_on = -1;
/* the receiver's thread id, for its voluntary context switches (sleeps waiting for data) in /proc */
static volatile pid_t receiver_tid;
static uint8_t **expected; /* [slot * FIELDS + field]: payload bytes 8..field_size-1 */
static volatile long verified_bytes, verified_messages;

static double seconds_of(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double now(void) {
    return seconds_of(CLOCK_MONOTONIC);
}

static void fail(const char *what) {
    fprintf(stderr, "baseline: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void pin_calling_thread(int cpu) {
    if (cpu < 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    int e = pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    if (e != 0) { errno = e; fail("pthread_setaffinity_np"); }
}

/* copycost's Placement.cpuFor for connection 0, over the CPUs this process may run on */
static int place(const char *placement) {
    if (strcmp(placement, "os") == 0) return 0;
    int spread = strcmp(placement, "spread") == 0;
    if (!spread && strcmp(placement, "same-core") != 0) return -1;
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) fail("sched_getaffinity");
    int cpus[CPU_SETSIZE], count = 0;
    for (int c = 0; c < CPU_SETSIZE; c++) if (CPU_ISSET(c, &allowed)) cpus[count++] = c;
    sender_cpu = cpus[0];
    receiver_cpu = cpus[(spread ? 1 : 0) % count];
    return 0;
}

static uint64_t splitmix64(uint64_t x) {
    uint64_t z = x + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* copycost's PayloadPattern: word w of (slot, field), stored little-endian after the stamp */
static void fill_pattern(uint8_t *payload, int len, int slot, int field) {
    uint64_t stream = (uint64_t) slot * FIELDS + field;
    for (int i = 0; i < len; i++) {
        uint64_t word = splitmix64((stream << 32) ^ (uint32_t) (i / 8));
        payload[i] = (uint8_t) (word >> (8 * (i % 8)));
    }
}

/* Reassembles the stream however it was split into reads; exits 3 naming the first wrong byte. */
static void *receiver(void *arg) {
    (void) arg;
    pin_calling_thread(receiver_cpu);
    receiver_tid = gettid();
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *) &to, sizeof to) != 0) fail("connect");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
    struct timeval bound = {.tv_sec = IO_TIMEOUT_MS / 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    uint8_t *buf = aligned_alloc(4096, RECEIVE_BUFFER);
    uint64_t message = 0, stamp = 0;
    int field = 0, pos = 0, slot = 0;
    ssize_t n;
    while ((n = recv(fd, buf, RECEIVE_BUFFER, 0)) > 0) {
        uint8_t *p = buf, *end = buf + n;
        while (p < end) {
            if (pos < STAMP) {
                int take = STAMP - pos < end - p ? STAMP - pos : (int) (end - p);
                memcpy((uint8_t *) &stamp + pos, p, take);
                p += take;
                pos += take;
                if (pos == STAMP && stamp != message * FIELDS + field) {
                    fprintf(stderr, "baseline: corrupt stream: message %lu field %d offset 0: stamp %#lx, expected %#lx\n",
                            (unsigned long) message, field, (unsigned long) stamp, (unsigned long) (message * FIELDS + field));
                    exit(3);
                }
            } else {
                int take = field_size - pos < end - p ? field_size - pos : (int) (end - p);
                const uint8_t *want = expected[slot * FIELDS + field] + (pos - STAMP);
                if (memcmp(p, want, take) != 0) {
                    int i = 0;
                    while (p[i] == want[i]) i++;
                    fprintf(stderr, "baseline: corrupt stream: message %lu field %d offset %d: %#x, expected %#x\n",
                            (unsigned long) message, field, pos + i, p[i], want[i]);
                    exit(3);
                }
                p += take;
                pos += take;
            }
            if (pos == field_size) {
                pos = 0;
                stamp = 0;
                if (++field == FIELDS) {
                    field = 0;
                    message++;
                    slot = (int) (message % ring_slots);
                    __atomic_store_n(&verified_messages, (long) message, __ATOMIC_RELAXED);
                    __atomic_add_fetch(&verified_bytes, (long) field_size * FIELDS, __ATOMIC_RELAXED);
                }
            }
        }
    }
    if (n < 0) fail("recv");
    receiver_ran_on = sched_getcpu();
    close(fd);
    return NULL;
}

/* a window's count per message it verified; -1 when it verified none */
static double per_message(double count, long messages) {
    return messages > 0 ? count / messages : -1.0;
}

/* A thread's voluntary context switches so far, as copycost reads its own threads' */
static long voluntary_switches(pid_t tid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/self/task/%d/status", (int) tid);
    FILE *f = fopen(path, "r");
    if (!f) fail(path);
    long n = -1;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "voluntary_ctxt_switches: %ld", &n) == 1) break;
    }
    fclose(f);
    return n;
}

static void send_all(int fd, const uint8_t *p, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0) fail("send");
        p += n;
        len -= n;
    }
}

/* Sends the whole iovec, advancing over partial sends; returns how many calls sent bytes. */
static long sendmsg_all(int fd, struct iovec *iov, int flags, void (*on_enobufs)(int)) {
    struct iovec work[FIELDS];
    memcpy(work, iov, sizeof work);
    struct msghdr m = {.msg_iov = work, .msg_iovlen = FIELDS};
    long calls = 0;
    while (m.msg_iovlen > 0) {
        ssize_t n = sendmsg(fd, &m, MSG_NOSIGNAL | flags);
        if (n < 0 && errno == ENOBUFS && on_enobufs) {
            on_enobufs(fd);
            continue;
        }
        if (n < 0) fail("sendmsg");
        calls++;
        while (n > 0 && m.msg_iovlen > 0) {
            if ((size_t) n >= m.msg_iov->iov_len) {
                n -= m.msg_iov->iov_len;
                m.msg_iov++;
                m.msg_iovlen--;
            } else {
                m.msg_iov->iov_base = (char *) m.msg_iov->iov_base + n;
                m.msg_iov->iov_len -= n;
                n = 0;
            }
        }
    }
    return calls;
}

/* The zero-copy ledger: send ids the kernel reported complete, as an inclusive low-water mark. */
#define WINDOW 65536
static uint8_t done[WINDOW];
static long issued, completed_upto = -1, completed, copied, enobufs;

/* Reads every queued completion; returns how many notifications were read. */
static int reap(int fd) {
    int read = 0;
    for (;;) {
        char control[128];
        struct msghdr m = {.msg_control = control, .msg_controllen = sizeof control};
        if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
            if (errno == EAGAIN) return read;
            fail("recvmsg(MSG_ERRQUEUE)");
        }
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        if (!c) { errno = EINVAL; fail("recvmsg(MSG_ERRQUEUE) without a control message"); }
        struct sock_extended_err *ee = (struct sock_extended_err *) CMSG_DATA(c);
        if (ee->ee_origin != SO_EE_ORIGIN_ZEROCOPY || ee->ee_errno != 0) {
            errno = ee->ee_errno ? (int) ee->ee_errno : EINVAL;
            fail("zero-copy notification");
        }
        long count = (long) ee->ee_data - ee->ee_info + 1;
        for (uint32_t id = ee->ee_info; id != ee->ee_data + 1; id++) done[id % WINDOW] = 1;
        completed += count;
        if (ee->ee_code & SO_EE_CODE_ZEROCOPY_COPIED) copied += count;
        while (done[(completed_upto + 1) % WINDOW]) {
            done[(completed_upto + 1) % WINDOW] = 0;
            completed_upto++;
        }
        read++;
    }
}

/*
 * Waits, at most IO_TIMEOUT_MS, until every send up to id `last` has completed. A set the ledger
 * already knows complete is reused without a system call, as copycost's sender does: reaping first
 * would cost one recvmsg(MSG_ERRQUEUE) per message that copycost does not make.
 */
static void await_completed(int fd, long last) {
    if (completed_upto >= last) return;
    double deadline = now() + IO_TIMEOUT_MS / 1000.0;
    while (reap(fd), completed_upto < last) {
        int left = (int) ((deadline - now()) * 1000);
        if (left <= 0) {
            fprintf(stderr, "baseline: zero-copy sends up to %ld not complete within %d ms (completed %ld of %ld)\n",
                    last, IO_TIMEOUT_MS, completed, issued);
            exit(1);
        }
        struct pollfd p = {.fd = fd, .events = POLLERR};
        if (poll(&p, 1, left) < 0 && errno != EINTR) fail("poll");
    }
}

static void on_enobufs(int fd) {
    enobufs++;
    if (reap(fd) == 0) {
        struct pollfd p = {.fd = fd, .events = POLLERR};
        if (poll(&p, 1, IO_TIMEOUT_MS) == 0) {
            fprintf(stderr, "baseline: ENOBUFS and no completion within %d ms\n", IO_TIMEOUT_MS);
            exit(1);
        }
    }
}

/* free(NULL) through a volatile pointer: a call the compiler must make and the callee returns from at once */
static int measure_calls(long count, int rounds) {
    void (*volatile call)(void *) = free;
    printf("calls=%ld rounds=%d ns_per_call=", count, rounds);
    for (int r = -rounds; r < rounds; r++) {
        double t0 = now();
        for (long i = 0; i < count; i++) call(NULL);
        double ns = (now() - t0) * 1e9 / count;
        if (r >= 0) printf(r > 0 ? ",%.3f" : "%.3f", ns);
    }
    printf("\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "calls") == 0) {
        long count = atol(argv[2]);
        int rounds = atoi(argv[3]);
        if (count < 1 || rounds < 1) { fprintf(stderr, "calls %s rounds %s: both at least 1\n", argv[2], argv[3]); return 2; }
        return measure_calls(count, rounds);
    }
    if (argc < 5 || argc > 8) {
        fprintf(stderr, "usage: %s send|copy-send|sendmsg|zerocopy SIZE SECONDS NODELAY(0|1) [WARMUP [RING [os|spread|same-core]]]\n"
                "       %s calls COUNT ROUNDS\n", argv[0], argv[0]);
        return 2;
    }
    const char *strategy = argv[1];
    int size = atoi(argv[2]);
    double seconds = atof(argv[3]), warmup = argc > 5 ? atof(argv[5]) : 0.25;
    nodelay = atoi(argv[4]);
    int zerocopy = strcmp(strategy, "zerocopy") == 0;
    /* decided once here, not by comparing strings per message in the send loop */
    int per_field = strcmp(strategy, "send") == 0, assembled = strcmp(strategy, "copy-send") == 0;
    ring_slots = zerocopy ? (argc > 6 ? atoi(argv[6]) : 16) : 1;
    if (strcmp(strategy, "send") && strcmp(strategy, "copy-send") && strcmp(strategy, "sendmsg") && !zerocopy) {
        fprintf(stderr, "unknown strategy '%s': send, copy-send, sendmsg or zerocopy\n", strategy);
        return 2;
    }
    if (size < 64 || size % 8 != 0) { fprintf(stderr, "size %d: a multiple of 8, at least 64\n", size); return 2; }
    if (seconds <= 0 || warmup < 0) { fprintf(stderr, "seconds %s / warm-up: must be > 0 / >= 0\n", argv[3]); return 2; }
    if (ring_slots < 1 || ring_slots > MAX_RING) { fprintf(stderr, "ring %d: 1..%d\n", ring_slots, MAX_RING); return 2; }
    const char *placement = argc > 7 ? argv[7] : "os";
    if (place(placement) != 0) { fprintf(stderr, "placement '%s': os, spread or same-core\n", placement); return 2; }
    pin_calling_thread(sender_cpu);
    field_size = size / FIELDS;

    expected = calloc((size_t) ring_slots * FIELDS, sizeof *expected);
    uint8_t *fields[MAX_RING][FIELDS];
    struct iovec iov[MAX_RING][FIELDS];
    for (int s = 0; s < ring_slots; s++) {
        for (int i = 0; i < FIELDS; i++) {
            /* as copycost places them: a page per field for zero-copy, a cache line otherwise */
            size_t align = zerocopy ? 4096 : 64;
            fields[s][i] = aligned_alloc(align, (field_size + align - 1) / align * align);
            fill_pattern(fields[s][i] + STAMP, field_size - STAMP, s, i);
            expected[s * FIELDS + i] = malloc(field_size);
            memcpy(expected[s * FIELDS + i], fields[s][i] + STAMP, field_size - STAMP);
            iov[s][i].iov_base = fields[s][i];
            iov[s][i].iov_len = field_size;
        }
    }
    uint8_t *whole = aligned_alloc(64, ((size_t) size + 63) / 64 * 64);

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in at = {.sin_family = AF_INET};
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof at;
    if (bind(listener, (struct sockaddr *) &at, sizeof at) || getsockname(listener, (struct sockaddr *) &at, &len)
            || listen(listener, 1)) fail("listen");
    port = ntohs(at.sin_port);
    pthread_t rx;
    pthread_create(&rx, NULL, receiver, NULL);
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) fail("accept");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
    struct timeval bound = {.tv_sec = IO_TIMEOUT_MS / 1000};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof bound);
    int one = 1;
    if (zerocopy && setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof one)) fail("setsockopt(SO_ZEROCOPY)");

    long slot_last[MAX_RING];
    for (int s = 0; s < ring_slots; s++) slot_last[s] = -1;
    double t0 = now() + warmup, t1 = t0 + seconds, x = now();
    long b0 = -1, m0 = 0, sleeps0 = 0, sender_sleeps0 = 0;
    /* CPU time each thread used in the window, as copycost's RoleMeasure.cpuNanos is for its threads */
    clockid_t receiver_clock;
    int clock_error = pthread_getcpuclockid(rx, &receiver_clock);
    if (clock_error != 0) { errno = clock_error; fail("pthread_getcpuclockid"); }
    double sender_cpu0 = 0, receiver_cpu0 = 0;
    for (uint64_t n = 0; n % CLOCK_EVERY != 0 || (x = now()) < t1; n++) {
        if (b0 < 0 && n % CLOCK_EVERY == 0 && x >= t0) {
            b0 = __atomic_load_n(&verified_bytes, __ATOMIC_RELAXED);
            m0 = __atomic_load_n(&verified_messages, __ATOMIC_RELAXED);
            sleeps0 = voluntary_switches(receiver_tid);
            sender_sleeps0 = voluntary_switches(gettid());
            sender_cpu0 = seconds_of(CLOCK_THREAD_CPUTIME_ID);
            receiver_cpu0 = seconds_of(receiver_clock);
            t0 = x;
        }
        int s = (int) (n % ring_slots);
        if (zerocopy && slot_last[s] >= 0) await_completed(fd, slot_last[s]);
        for (int i = 0; i < FIELDS; i++) {
            uint64_t stamp = n * FIELDS + i;
            memcpy(fields[s][i], &stamp, STAMP);
        }
        if (per_field) {
            for (int i = 0; i < FIELDS; i++) send_all(fd, fields[s][i], field_size);
        } else if (assembled) {
            for (int i = 0; i < FIELDS; i++) memcpy(whole + (size_t) i * field_size, fields[s][i], field_size);
            send_all(fd, whole, size);
        } else if (zerocopy) {
            issued += sendmsg_all(fd, iov[s], MSG_ZEROCOPY, on_enobufs);
            slot_last[s] = issued - 1;
        } else {
            sendmsg_all(fd, iov[s], 0, NULL);
        }
    }
    long bytes = __atomic_load_n(&verified_bytes, __ATOMIC_RELAXED) - b0;
    long window_messages = __atomic_load_n(&verified_messages, __ATOMIC_RELAXED) - m0;
    long sleeps = voluntary_switches(receiver_tid) - sleeps0;
    long sender_sleeps = voluntary_switches(gettid()) - sender_sleeps0;
    double sender_cpu_s = seconds_of(CLOCK_THREAD_CPUTIME_ID) - sender_cpu0;
    double receiver_cpu_s = seconds_of(receiver_clock) - receiver_cpu0;
    int sender_ran_on = sched_getcpu();
    if (zerocopy) await_completed(fd, issued - 1);
    shutdown(fd, SHUT_WR);
    pthread_join(rx, NULL);
    printf("strategy=%s size=%d nodelay=%d gbps=%.4f verified=%ld issued=%ld completed=%ld copied=%ld enobufs=%ld"
           " placement=%s sender_cpu=%d receiver_cpu=%d receiver_sleeps_per_message=%.6f sender_sleeps_per_message=%.6f"
           " sender_cpu_us_per_message=%.4f receiver_cpu_us_per_message=%.4f\n", strategy, size, nodelay,
           bytes * 8 / (x - t0) / 1e9, verified_messages, issued, completed, copied, enobufs, placement, sender_ran_on,
           receiver_ran_on, per_message(sleeps, window_messages), per_message(sender_sleeps, window_messages),
           per_message(sender_cpu_s * 1e6, window_messages), per_message(receiver_cpu_s * 1e6, window_messages));
    return 0;
}
