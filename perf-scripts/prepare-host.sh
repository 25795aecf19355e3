#!/usr/bin/env bash
# What a host's settings do to copycost's measurements: report them (default, changes nothing), set
# benchmark values (--apply, root), or put back what --apply changed (--restore, root).
#
#   prepare-host.sh [--nic IFACE]                     report
#   prepare-host.sh --apply [--nic IFACE] [--state FILE]
#   prepare-host.sh --restore [--state FILE]
#
# Every report item prints its value or why it could not be read; report mode exits 0 whatever the
# host lacks. --apply saves each old value to the state file BEFORE writing the new one, so --restore
# undoes also an --apply that stopped half-way; a second --apply keeps the values the first one saved.
# Exit status: 0 done, 1 a setting could not be written or root is missing, 2 bad arguments.
#
# COPYCOST_HOST_ROOT (tests only) prefixes every /proc and /sys path, so that --apply and --restore
# can be exercised on a fake tree of files the caller owns; the root check is then skipped.
set -uo pipefail   # no -e: an item that cannot be read is reported, never fatal
shopt -s nullglob

ME=prepare-host.sh
SELF="$0"
[ -f "$SELF" ] || SELF=perf-scripts/prepare-host.sh # read from standard input (bash -s): name it as from the checkout
ROOT="${COPYCOST_HOST_ROOT:-}"
STATE=/var/tmp/copycost-prepare-host.state
MODE=report
NIC=""

# The benchmark values --apply sets, and why.
WANT_PARANOID=-1         # count every thread's cycles and cache misses, kernel included, and profile kernel frames
WANT_KPTR=0              # kernel symbols resolve in the profiles' flame graphs
WANT_OPTMEM=1048576      # zero-copy completions are charged to optmem; 1 MiB leaves room for a deep ring per socket (only raised, never lowered)
WANT_GOVERNOR=performance  # no ramp-up from idle inside a 350 ms window
# boost off: the boosted clock depends on temperature and on how many cores are busy, which differs between arms

usage() {
  cat <<EOF
usage: $ME [--nic IFACE]                         report what matters for copycost, change nothing
       $ME --apply [--nic IFACE] [--state FILE]  (root) set benchmark values, print each change and its undo
       $ME --restore [--state FILE]              (root) put back every value --apply changed
state file default: $STATE
EOF
}

fail_usage() {
  echo "$ME: $1" >&2
  usage >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --apply | --restore)
      [ "$MODE" = report ] || fail_usage "'$1' cannot be combined with '--$MODE': give one of --apply, --restore, or neither (report)"
      MODE="${1#--}"
      shift ;;
    --nic)
      [ $# -ge 2 ] && [ -n "$2" ] || fail_usage "--nic needs an interface name, e.g. --nic eth0"
      NIC="$2"
      shift 2 ;;
    --state)
      [ $# -ge 2 ] && [ -n "$2" ] || fail_usage "--state needs a file path"
      STATE="$2"
      shift 2 ;;
    -h | --help)
      usage
      exit 0 ;;
    *)
      fail_usage "unknown argument '$1': allowed are --apply, --restore, --nic IFACE, --state FILE, --help" ;;
  esac
done

if [ -n "$NIC" ]; then
  # a name, never a path: it is joined into /sys paths below
  if ! [[ "$NIC" =~ ^[A-Za-z0-9_.:@-]{1,15}$ ]] || [ ! -e "$ROOT/sys/class/net/$NIC" ]; then
    here=$(cd "$ROOT/sys/class/net" 2>/dev/null && echo *)
    fail_usage "--nic '$NIC': no such network interface; interfaces here: ${here:-none found}"
  fi
  [ "$MODE" != restore ] || fail_usage "--nic has no meaning with --restore: the state file says what to put back"
fi

if [ "$MODE" != report ] && [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
  echo "$ME: --$MODE writes kernel settings under /proc/sys and /sys and needs root (you are uid $(id -u));" \
    "run it with sudo. Report mode (no --apply/--restore) needs no root." >&2
  exit 1
fi

# ---- reading ----------------------------------------------------------------------------------

# Prints "NAME  VALUE", both columns aligned.
item() { printf '%-28s %s\n' "$1" "$2"; }

# First line of a file, or "unavailable (why)".
read_file() {
  local f="$ROOT$1" v
  if [ ! -e "$f" ]; then
    echo "unavailable (no $1${2:+: $2})"
  elif ! v=$(head -n1 "$f" 2>&1); then
    echo "unavailable (cannot read $1: $v)"
  else
    echo "$v"
  fi
}

# A sysctl under /proc/sys by its dotted name, with what --apply would do about it.
report_sysctl() {
  local name="$1" want="$2" why_absent="${3:-}" path v
  path="/proc/sys/${name//.//}"
  v=$(read_file "$path" "$why_absent")
  if [ -n "$want" ] && [[ "$v" != unavailable* ]] && [ "$v" != "$want" ]; then
    v="$v  (--apply sets $want)"
  fi
  item "$name" "$v"
}

# Counts the CPUs in a kernel CPU list such as "0-3,8-11".
count_list() {
  local n=0 part
  for part in ${1//,/ }; do
    if [[ "$part" == *-* ]]; then n=$((n + ${part#*-} - ${part%-*} + 1)); else n=$((n + 1)); fi
  done
  echo "$n"
}

report_memlock() {
  local soft hard
  soft=$(ulimit -Sl 2>&1) hard=$(ulimit -Hl 2>&1)
  # zero-copy pins the sender's pages against this limit (unless the process has CAP_IPC_LOCK);
  # it is the runner's own limit, set where the runner starts (e.g. LimitMEMLOCK= in its systemd unit)
  item "memlock (ulimit -l)" "soft $soft, hard $hard (KiB; a process setting, not changed by --apply)"
}

report_cpu() {
  local model online cores smt active nodes
  model=$(grep -m1 -E '^(model name|Model name|cpu model)' "$ROOT/proc/cpuinfo" 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
  if [ -z "$model" ] && command -v lscpu >/dev/null 2>&1 && [ -z "$ROOT" ]; then
    model=$(lscpu 2>/dev/null | grep -m1 '^Model name:' | cut -d: -f2- | sed 's/^ *//')
  fi
  item "cpu.model" "${model:-unavailable (no model name in /proc/cpuinfo or lscpu)}"

  online=$(read_file /sys/devices/system/cpu/online)
  if [[ "$online" == unavailable* ]]; then
    item "cpu.cores" "$online"
  else
    # a physical core is one distinct set of hardware threads (core_cpus_list, formerly thread_siblings_list);
    # an array, because cat without files would read standard input
    local topo=("$ROOT"/sys/devices/system/cpu/cpu[0-9]*/topology/core_cpus_list)
    [ ${#topo[@]} -gt 0 ] || topo=("$ROOT"/sys/devices/system/cpu/cpu[0-9]*/topology/thread_siblings_list)
    cores=0
    [ ${#topo[@]} -eq 0 ] || cores=$(cat "${topo[@]}" 2>/dev/null | sort -u | wc -l)
    item "cpu.cores" "$(count_list "$online") logical CPUs online ($online), $([ "$cores" -gt 0 ] && echo "$cores physical cores" || echo "physical cores unavailable (no topology/core_cpus_list)")"
  fi

  smt=$(read_file /sys/devices/system/cpu/smt/control "kernel without SMT control")
  active=$(read_file /sys/devices/system/cpu/smt/active)
  [[ "$smt" == unavailable* ]] && item "cpu.smt" "$smt" || item "cpu.smt" "control $smt, active $active (not changed by --apply: turning SMT off takes CPUs offline)"

  nodes=$(read_file /sys/devices/system/node/online "kernel without NUMA support: one node")
  [[ "$nodes" == unavailable* ]] && item "numa.nodes" "$nodes" || item "numa.nodes" "$(count_list "$nodes") ($nodes)"
}

report_frequency() {
  local govs=("$ROOT"/sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor) summary
  if [ ${#govs[@]} -eq 0 ]; then
    item "cpu.governor" "unavailable (no cpufreq driver: no /sys/devices/system/cpu/cpu*/cpufreq; usual in VMs, where the hypervisor sets the clock)"
  else
    summary=$(cat "${govs[@]}" 2>/dev/null | sort | uniq -c | awk '{printf "%s%s on %d CPUs", (NR>1?", ":""), $2, $1}')
    [[ "$summary" == "$WANT_GOVERNOR on "* && "$summary" != *", "* ]] || summary="$summary  (--apply sets $WANT_GOVERNOR)"
    item "cpu.governor" "$summary"
  fi
  local boost
  boost=$(boost_state)
  [[ "$boost" == on* ]] && boost="$boost  (--apply turns it off)"
  item "cpu.boost" "$boost"
}

# "on (FILE=V)", "off (FILE=V)" or "unavailable (why)": the generic cpufreq switch, else intel_pstate's.
boost_state() {
  local v
  if [ -e "$ROOT/sys/devices/system/cpu/cpufreq/boost" ]; then
    v=$(read_file /sys/devices/system/cpu/cpufreq/boost)
    [ "$v" = 1 ] && echo "on (cpufreq/boost=1)" || echo "off (cpufreq/boost=$v)"
  elif [ -e "$ROOT/sys/devices/system/cpu/intel_pstate/no_turbo" ]; then
    v=$(read_file /sys/devices/system/cpu/intel_pstate/no_turbo)
    [ "$v" = 0 ] && echo "on (intel_pstate/no_turbo=0)" || echo "off (intel_pstate/no_turbo=$v)"
  else
    echo "unavailable (neither /sys/devices/system/cpu/cpufreq/boost nor intel_pstate/no_turbo: no boost switch the kernel exposes)"
  fi
}

report_pmu() {
  local dir sources events=""
  sources=$(cd "$ROOT/sys/bus/event_source/devices" 2>/dev/null && echo *)
  # the core PMU: "cpu" on x86, cpu_core/cpu_atom on hybrid Intel, armv8_pmuv3* on arm64
  for dir in "$ROOT"/sys/bus/event_source/devices/{cpu,cpu_core,cpu_atom,armv8_pmuv3*}; do
    [ -d "$dir" ] && events="$events${events:+; }$(basename "$dir"): $(cd "$dir/events" 2>/dev/null && echo * | tr ' ' ',')"
  done
  if [ -n "$events" ]; then
    item "pmu" "present ($events)"
  else
    item "pmu" "none (event sources: ${sources:-none}; without a hardware PMU cycles, instructions and cache misses cannot be counted)"
  fi
  if [ -n "$ROOT" ]; then
    item "pmu.perf-stat" "unavailable (not run under COPYCOST_HOST_ROOT)"
  elif ! command -v perf >/dev/null 2>&1; then
    item "pmu.perf-stat" "unavailable (perf not installed; the line above is from sysfs only)"
  else
    local out line counted=""
    # bounded: perf stat of `true` returns at once, the timeout guards against a wedged perf
    out=$(timeout 10 perf stat -x, -e cycles,instructions,cache-misses,cache-references true 2>&1 >/dev/null </dev/null)
    while IFS=, read -r value _ event _; do
      case "$event" in
        cycles | instructions | cache-misses | cache-references)
          [[ "$value" == "<"* ]] && counted="$counted${counted:+, }$event ${value//[<>]/}" || counted="$counted${counted:+, }$event counted" ;;
      esac
    done <<<"$out"
    if [ -n "$counted" ]; then
      item "pmu.perf-stat" "$counted"
    else
      line=$(printf '%s\n' "$out" | grep -m1 -v '^$')
      item "pmu.perf-stat" "unavailable (perf stat failed: ${line:-no output})"
    fi
  fi
}

report_nic() {
  local nic="$1" dev driver mtu off irqs="" irq name aff eff names
  dev=""
  [ -e "$ROOT/sys/class/net/$nic/device" ] && dev=$(readlink -f "$ROOT/sys/class/net/$nic/device")
  if [ -e "$ROOT/sys/class/net/$nic/device/driver" ]; then
    driver=$(basename "$(readlink -f "$ROOT/sys/class/net/$nic/device/driver")")
  else
    driver="unavailable (no device behind $nic: a virtual interface)"
  fi
  item "nic.$nic.driver" "$driver"
  mtu=$(read_file "/sys/class/net/$nic/mtu")
  item "nic.$nic.mtu" "$mtu"
  if [ -n "$ROOT" ]; then
    off="unavailable (ethtool not run under COPYCOST_HOST_ROOT)"
  elif ! command -v ethtool >/dev/null 2>&1; then
    off="unavailable (ethtool not installed)"
  elif ! off=$(timeout 10 ethtool -k "$nic" 2>&1 </dev/null); then
    off="unavailable (ethtool -k $nic: $(printf '%s' "$off" | head -n1))"
  else
    off=$(printf '%s\n' "$off" | awk -F': ' '
      $1=="scatter-gather" {s="sg " $2} $1=="tcp-segmentation-offload" {t="tso " $2}
      $1=="generic-segmentation-offload" {g="gso " $2} $1=="generic-receive-offload" {r="gro " $2}
      END {print s ", " t ", " g ", " r}')
  fi
  item "nic.$nic.offloads" "$off"
  # the device's MSI vectors (its own, or its PCI parent's for virtio), plus /proc/interrupts lines naming it
  for d in "$dev" "$(dirname "${dev:-/}")"; do
    [ -n "$dev" ] && [ -d "$d/msi_irqs" ] && { irqs=$(cd "$d/msi_irqs" && echo *); break; }
  done
  names="$nic"
  [ -n "$dev" ] && names="$nic|$(basename "$dev")"
  irqs="$irqs $(grep -E "[ -](${names//./\\.})([-_.@ ]|$)" "$ROOT/proc/interrupts" 2>/dev/null | cut -d: -f1 | tr -d ' ')"
  irqs=$(echo "$irqs" | tr ' ' '\n' | grep -E '^[0-9]+$' | sort -nu | tr '\n' ' ')
  if [ -z "$irqs" ]; then
    item "nic.$nic.irq-affinity" "unavailable (${dev:+no MSI vectors under $dev and }no /proc/interrupts line naming ${names//|/ or })"
    return
  fi
  for irq in $irqs; do
    name=$(grep -E "^ *$irq:" "$ROOT/proc/interrupts" 2>/dev/null | awk '{print $NF}')
    aff=$(read_file "/proc/irq/$irq/smp_affinity_list")
    eff=$(read_file "/proc/irq/$irq/effective_affinity_list")
    [[ "$eff" == unavailable* ]] && eff="" || eff=", effective $eff"
    item "nic.$nic.irq-affinity" "irq $irq ${name:-?}: CPUs $aff$eff"
  done
}

report() {
  item "kernel" "$(uname -r 2>/dev/null || echo unavailable)"
  report_sysctl kernel.perf_event_paranoid "$WANT_PARANOID"
  report_sysctl kernel.kptr_restrict "$WANT_KPTR"
  local optmem
  optmem=$(read_file /proc/sys/net/core/optmem_max)
  if [[ "$optmem" =~ ^[0-9]+$ ]] && [ "$optmem" -lt "$WANT_OPTMEM" ]; then optmem="$optmem  (--apply raises it to $WANT_OPTMEM)"; fi
  item "net.core.optmem_max" "$optmem"
  report_sysctl kernel.io_uring_disabled 0 "kernels before 6.6 have no such switch; io_uring is on unless a seccomp filter forbids it"
  report_memlock
  report_cpu
  report_frequency
  report_pmu
  [ -z "$NIC" ] || report_nic "$NIC"
}

# ---- changing ---------------------------------------------------------------------------------

# Undo command for a path on the real host: sysctl -w for /proc/sys, echo into the file for /sys.
undo_command() {
  local path="$1" old="$2"
  if [[ "$path" == /proc/sys/* ]]; then
    local name="${path#/proc/sys/}"
    echo "sysctl -w ${name//\//.}=$old"
  else
    echo "echo $old > $path"
  fi
}

APPLY_FAILED=0

# Sets PATH (host path, without ROOT) to NEW, saving the old value first unless an earlier --apply did.
change() {
  local label="$1" path="$2" new="$3" old err
  if [ ! -e "$ROOT$path" ]; then
    echo "skipped   $label: not present ($path)"
    return
  fi
  if ! old=$(head -n1 "$ROOT$path" 2>&1); then
    echo "failed    $label: cannot read $path: $old"
    APPLY_FAILED=1
    return
  fi
  if [ "$old" = "$new" ]; then
    echo "unchanged $label: $old (already the benchmark value)"
    return
  fi
  if ! awk -F'\t' -v p="$path" '$1 == p {found=1} END {exit !found}' "$STATE" 2>/dev/null; then
    printf '%s\t%s\t%s\n' "$path" "$old" "$label" >>"$STATE" || { echo "failed    $label: cannot write the state file $STATE"; APPLY_FAILED=1; return; }
  fi
  if err=$( { printf '%s\n' "$new" >"$ROOT$path"; } 2>&1); then
    echo "changed   $label: $old -> $new   undo: $(undo_command "$path" "$old")"
  else
    echo "failed    $label: $old, could not write $new to $path: ${err##*: }"
    APPLY_FAILED=1
  fi
}

apply() {
  mkdir -p "$(dirname "$STATE")" && touch "$STATE" || { echo "$ME: cannot create the state file $STATE" >&2; exit 1; }
  echo "== $ME --apply: old values saved to $STATE"
  change kernel.perf_event_paranoid /proc/sys/kernel/perf_event_paranoid "$WANT_PARANOID"
  change kernel.kptr_restrict /proc/sys/kernel/kptr_restrict "$WANT_KPTR"
  local optmem
  optmem=$(head -n1 "$ROOT/proc/sys/net/core/optmem_max" 2>/dev/null)
  if [[ "$optmem" =~ ^[0-9]+$ ]] && [ "$optmem" -ge "$WANT_OPTMEM" ]; then
    echo "unchanged net.core.optmem_max: $optmem (at least $WANT_OPTMEM)"
  else
    change net.core.optmem_max /proc/sys/net/core/optmem_max "$WANT_OPTMEM"
  fi
  # before 6.6 there is no such switch: the file is absent and change() says so
  change kernel.io_uring_disabled /proc/sys/kernel/io_uring_disabled 0
  local gov f cpu available
  local govs=("$ROOT"/sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor)
  [ ${#govs[@]} -gt 0 ] || echo "skipped   cpu.governor: no cpufreq driver"
  for gov in "${govs[@]}"; do
    f="${gov#"$ROOT"}"
    cpu=$(basename "$(dirname "$(dirname "$f")")")
    available=$(head -n1 "$(dirname "$gov")/scaling_available_governors" 2>/dev/null)
    if [[ " $available " == *" $WANT_GOVERNOR "* ]]; then
      change "cpu.governor $cpu" "$f" "$WANT_GOVERNOR"
    else
      echo "skipped   cpu.governor $cpu: the driver offers no '$WANT_GOVERNOR' (available: ${available:-unknown})"
    fi
  done
  if [ -e "$ROOT/sys/devices/system/cpu/cpufreq/boost" ]; then
    change cpu.boost /sys/devices/system/cpu/cpufreq/boost 0
  elif [ -e "$ROOT/sys/devices/system/cpu/intel_pstate/no_turbo" ]; then
    change "cpu.boost (intel_pstate no_turbo)" /sys/devices/system/cpu/intel_pstate/no_turbo 1
  else
    echo "skipped   cpu.boost: no boost switch exposed"
  fi
  echo "== undo all: $SELF --restore${STATE_ARG}"
  echo "== the host now:"
  report
  return "$APPLY_FAILED"
}

restore() {
  if [ ! -s "$STATE" ]; then
    echo "$ME --restore: nothing to restore (no state file at $STATE: --apply was not run, or was already restored)"
    rm -f "$STATE"
    return 0
  fi
  local failed=0 kept path old label now err
  kept=$(mktemp) || { echo "$ME: cannot make a temporary file" >&2; exit 1; }
  # newest first, the reverse of --apply
  while IFS=$'\t' read -r path old label; do
    now=$(head -n1 "$ROOT$path" 2>/dev/null)
    if err=$( { printf '%s\n' "$old" >"$ROOT$path"; } 2>&1); then
      echo "restored  $label: ${now:-?} -> $old"
    else
      echo "failed    $label: could not write $old to $path: ${err##*: }"
      printf '%s\t%s\t%s\n' "$path" "$old" "$label" >>"$kept"
      failed=1
    fi
  done < <(tac "$STATE")
  if [ "$failed" -eq 0 ]; then
    rm -f "$STATE" "$kept"
  else
    tac "$kept" >"$STATE" && rm -f "$kept"
    echo "$ME --restore: some values could not be put back; they stay in $STATE for another --restore"
  fi
  return "$failed"
}

STATE_ARG=""
[ "$STATE" = /var/tmp/copycost-prepare-host.state ] || STATE_ARG=" --state $STATE"

case "$MODE" in
  report)
    echo "== $ME: report only, nothing changed"
    report ;;
  apply) apply ;;
  restore) restore ;;
esac
