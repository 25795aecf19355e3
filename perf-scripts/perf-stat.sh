#!/usr/bin/env bash
# Wraps one copycost experiment in `perf stat`, for a second opinion on the counters copycost reads
# itself. Usage: perf-scripts/perf-stat.sh STRATEGY SIZE THREADS [SECONDS [URING_DEPTH]]
# Needs `mvn -q package -DskipTests` first (for target/copycost.jar) and Debian's linux-perf.
# Events the machine lacks are printed by perf as "<not supported>"; nothing here fails on them.
set -euo pipefail
cd "$(dirname "$0")/.."
strategy=${1:?strategy: send, copy-send, sendmsg, zerocopy, nio-gather, uring-send or uring-zc}
size=${2:?message size in bytes}
threads=${3:?thread count}
seconds=${4:-3}
depth=${5:-1}
jar=target/copycost.jar
[ -f "$jar" ] || { echo "perf-stat.sh: $jar is missing; run: mvn -q package -DskipTests" >&2; exit 2; }
command -v perf >/dev/null 2>&1 || { echo "perf-stat.sh: perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 2; }
exec perf stat -e task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions,cache-references,cache-misses \
  java -Xmx256m -jar "$jar" run --strategy "$strategy" --size "$size" --threads "$threads" --seconds "$seconds" \
  $(case "$strategy" in uring-*) echo --uring-depth "$depth";; esac)
