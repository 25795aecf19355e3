/*
 * The same workload as copycost's send, copy-send and sendmsg strategies, in C, for paired
 * comparisons (compare.sh): one connection over 127.0.0.1, eight separately allocated fields per
 * message, a receiver thread reading into a 128 KiB buffer. No verification: it shows what the
 * kernel path costs without the JVM, so the ratio to copycost bounds the JVM's own overhead.
 *   usage: baseline STRATEGY SIZE SECONDS NODELAY   (prints: strategy=.. size=.. gbps=..)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static long received;
static int port;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *receiver(void *arg) {
    (void) arg;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *) &to, sizeof to) != 0) { perror("connect"); exit(1); }
    char *buf = malloc(131072);
    long n;
    while ((n = recv(fd, buf, 131072, 0)) > 0) __atomic_add_fetch(&received, n, __ATOMIC_RELAXED);
    close(fd);
    return NULL;
}

static void send_all(int fd, const char *p, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0) { perror("send"); exit(1); }
        p += n; len -= n;
    }
}

static void sendmsg_all(int fd, struct iovec *iov, int cnt) {
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = cnt};
    struct iovec saved[8];
    memcpy(saved, iov, sizeof saved);
    while (m.msg_iovlen > 0) {
        ssize_t n = sendmsg(fd, &m, MSG_NOSIGNAL);
        if (n < 0) { perror("sendmsg"); exit(1); }
        while (n > 0 && m.msg_iovlen > 0) {
            if ((size_t) n >= m.msg_iov->iov_len) { n -= m.msg_iov->iov_len; m.msg_iov++; m.msg_iovlen--; }
            else { m.msg_iov->iov_base = (char *) m.msg_iov->iov_base + n; m.msg_iov->iov_len -= n; n = 0; }
        }
    }
    memcpy(iov, saved, sizeof saved);
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s send|copy-send|sendmsg SIZE SECONDS NODELAY(0|1)\n", argv[0]); return 2; }
    const char *strategy = argv[1];
    int size = atoi(argv[2]), nodelay = atoi(argv[4]);
    double seconds = atof(argv[3]);
    if (size < 64 || size % 8 != 0) { fprintf(stderr, "size %d: a multiple of 8, at least 64\n", size); return 2; }
    int field = size / 8;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in at = {.sin_family = AF_INET};
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof at;
    bind(listener, (struct sockaddr *) &at, sizeof at);
    getsockname(listener, (struct sockaddr *) &at, &len);
    port = ntohs(at.sin_port);
    listen(listener, 1);
    pthread_t rx;
    pthread_create(&rx, NULL, receiver, NULL);
    int fd = accept(listener, NULL, NULL);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
    char *fields[8];
    struct iovec iov[8];
    for (int i = 0; i < 8; i++) {
        fields[i] = aligned_alloc(64, (field + 63) / 64 * 64);
        memset(fields[i], i, field);
        iov[i].iov_base = fields[i];
        iov[i].iov_len = field;
    }
    char *whole = aligned_alloc(64, (size + 63) / 64 * 64);
    double start = now(), t0 = start + 0.5, t1 = t0 + seconds, x;
    long r0 = -1;
    for (long n = 0; (x = now()) < t1; n++) {
        if (r0 < 0 && x >= t0) { r0 = __atomic_load_n(&received, __ATOMIC_RELAXED); t0 = x; }
        for (int i = 0; i < 8; i++) memcpy(fields[i], &n, 8); /* the stamp, as copycost writes it */
        if (strcmp(strategy, "send") == 0) {
            for (int i = 0; i < 8; i++) send_all(fd, fields[i], field);
        } else if (strcmp(strategy, "copy-send") == 0) {
            for (int i = 0; i < 8; i++) memcpy(whole + (size_t) i * field, fields[i], field);
            send_all(fd, whole, size);
        } else if (strcmp(strategy, "sendmsg") == 0) {
            sendmsg_all(fd, iov, 8);
        } else { fprintf(stderr, "unknown strategy '%s': send, copy-send or sendmsg\n", strategy); return 2; }
    }
    long bytes = __atomic_load_n(&received, __ATOMIC_RELAXED) - r0;
    printf("strategy=%s size=%d nodelay=%d gbps=%.4f\n", strategy, size, nodelay, bytes * 8 / (x - t0) / 1e9);
    shutdown(fd, SHUT_RDWR);
    pthread_join(rx, NULL);
    return 0;
}
