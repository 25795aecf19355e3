#!/usr/bin/env bash
# Runs the command-line experiment over a small grid and prints one result line per point, e.g. to
# compare two kernels or two machines without Maven. Usage: perf-scripts/sweep.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-2}
jar=target/copycost.jar
[ -f "$jar" ] || { echo "sweep.sh: $jar is missing; run: mvn -q package -DskipTests" >&2; exit 2; }
for strategy in send copy-send sendmsg zerocopy nio-gather; do
  for size in 64 512 4096 65536; do
    java -Xmx256m -jar "$jar" run --strategy "$strategy" --size "$size" --threads 1 --seconds "$seconds" --repetitions 3
  done
done
# io_uring at queue depths 1 and 16; where the probe finds io_uring unavailable each says why and exits 1
for strategy in uring-send uring-zc; do
  for depth in 1 16; do
    for size in 64 512 4096 65536; do
      java -Xmx256m -jar "$jar" run --strategy "$strategy" --uring-depth "$depth" --size "$size" --threads 1 \
        --seconds "$seconds" --repetitions 3 || true
    done
  done
done
