#!/usr/bin/env bash
# Paired runs of copycost and its C twin (baseline.c) on the same workload, alternating, so that the ratio
# is measured side by side rather than across minutes of machine noise.
#   usage: perf-scripts/c-baseline/compare.sh STRATEGY SIZE [PAIRS] [SECONDS]
# Needs gcc and target/copycost.jar (mvn -q package -DskipTests). Nagle on in both (the default).
set -euo pipefail
cd "$(dirname "$0")/../.."
strategy=${1:?send, copy-send, sendmsg or zerocopy}; size=${2:?message size}; pairs=${3:-7}; seconds=${4:-2}
jar=target/copycost.jar
[ -f "$jar" ] || { echo "compare.sh: $jar is missing; run: mvn -q package -DskipTests" >&2; exit 2; }
bin=target/c-baseline
gcc -O2 -pthread -o "$bin" perf-scripts/c-baseline/baseline.c
ratios=()
for i in $(seq "$pairs"); do
  j=$(java -Xmx256m -jar "$jar" run --strategy "$strategy" --size "$size" --seconds "$seconds" | sed -E 's/.*gbps=([0-9.]+).*/\1/')
  c=$("$bin" "$strategy" "$size" "$seconds" 0 | sed -E 's/.*gbps=([0-9.]+).*/\1/')
  r=$(awk -v j="$j" -v c="$c" 'BEGIN { printf "%.3f", j / c }')
  ratios+=("$r")
  echo "pair $i: java=$j c=$c java/c=$r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "java/c median of %d pairs: %s (min %s, max %s)\n", NR, (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR] }'
