/*
 * The three calls of copycost's send and receive loops (send, sendmsg, recv) as plain JNI methods of
 * dev.copycost.nativeio.JniLibC: what "what-if-jni.sh" puts in place of their JNA direct mappings to
 * measure what JNA's call path costs the harness. Errors return -1 and leave errno unread: good enough
 * for a measurement over loopback, not for the tool (its error messages need the errno).
 */
#include <jni.h>
#include <sys/socket.h>

JNIEXPORT jlong JNICALL Java_dev_copycost_nativeio_JniLibC_send(JNIEnv *env, jclass c, jint fd, jlong buf, jlong len,
        jint flags) {
    (void) env; (void) c;
    return send(fd, (const void *) buf, (size_t) len, flags);
}

JNIEXPORT jlong JNICALL Java_dev_copycost_nativeio_JniLibC_sendmsg(JNIEnv *env, jclass c, jint fd, jlong msghdr,
        jint flags) {
    (void) env; (void) c;
    return sendmsg(fd, (const struct msghdr *) msghdr, flags);
}

JNIEXPORT jlong JNICALL Java_dev_copycost_nativeio_JniLibC_recv(JNIEnv *env, jclass c, jint fd, jlong buf, jlong len,
        jint flags) {
    (void) env; (void) c;
    return recv(fd, (void *) buf, (size_t) len, flags);
}
