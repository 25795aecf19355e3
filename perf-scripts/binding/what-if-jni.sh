#!/usr/bin/env bash
# What copycost / C twin at the smallest size would be if copycost's three hot calls (send, sendmsg,
# recv) went through JNI instead of JNA's direct mapping: the evidence for choosing a binding. It
# clones this repository's HEAD twice, rebinds the three calls in one clone (jnilibc.c, compiled with
# gcc), and runs the calibration at 64 B in the two clones alternately, ROUNDS times each; each run
# pairs copycost with the C twin as the suite does. Nothing in this checkout changes.
#   usage: perf-scripts/binding/what-if-jni.sh [ROUNDS]   (default 2; about 1.5 min a run)
# Needs gcc, a JDK with its jni.h, Maven.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
rounds=${1:-2}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "what-if-jni.sh: ROUNDS '$rounds' is not a positive whole number" >&2; exit 2; }
jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
[ -f "$jdk/include/jni.h" ] || { echo "what-if-jni.sh: no jni.h under $jdk/include (install a JDK, not a JRE)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/jna"
git clone -q "$repo" "$work/jni"

gcc -O2 -shared -fPIC -I"$jdk/include" -I"$jdk/include/linux" -o "$work/libjnilibc.so" "$here/jnilibc.c"
cat > "$work/jni/src/main/java/dev/copycost/nativeio/JniLibC.java" <<JAVA
package dev.copycost.nativeio;

/** send, sendmsg and recv through JNI (perf-scripts/binding/jnilibc.c), for what-if-jni.sh only. */
final class JniLibC {
    static {
        System.load("$work/libjnilibc.so");
    }

    private JniLibC() {
    }

    static native long send(int fd, long buf, long len, int flags);

    static native long sendmsg(int fd, long msghdr, int flags);

    static native long recv(int fd, long buf, long len, int flags);
}
JAVA
libc="$work/jni/src/main/java/dev/copycost/nativeio/LibC.java"
for call in "send(int fd, long buf, long len, int flags)|send(fd, buf, len, flags)" \
            "sendmsg(int fd, long msghdr, int flags)|sendmsg(fd, msghdr, flags)" \
            "recv(int fd, long buf, long len, int flags)|recv(fd, buf, len, flags)"; do
  declaration=${call%%|*}; invocation=${call##*|}
  grep -qF "public static native long $declaration;" "$libc" \
    || { echo "what-if-jni.sh: LibC no longer declares 'public static native long $declaration;'" >&2; exit 1; }
  sed -i "s|public static native long $declaration;|public static long $declaration { return JniLibC.$invocation; }|" "$libc"
done

for round in $(seq "$rounds"); do
  for binding in jni jna; do
    (cd "$work/$binding" && mvn -B -q -Dcopycost.calibration-sizes=64 -Dtest=none \
        -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CalibrationIT integration-test > "$work/$binding-$round.log" 2>&1) \
      || { echo "what-if-jni.sh: the $binding run failed; its log:" >&2; tail -40 "$work/$binding-$round.log" >&2; exit 1; }
    awk -F, -v b="$binding" -v r="$round" 'NR > 1 && $1 == "c-twin" {
        printf "round %s %-3s %-10s%s copycost / C %.2f [%.2f-%.2f]\n", r, b, $2, ($17 == "true" ? " TCP_NODELAY" : ""), $7, $8, $9
      }' "$work/$binding/target/copycost/calibration.csv"
  done
done
