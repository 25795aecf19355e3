#!/usr/bin/env bash
# Prepares this machine for the container topology: installs Docker and debootstrap if missing
# (Debian, as root), starts dockerd if none answers, and builds the receive agent's image once.
#
# No container registry is reachable from the machines this project runs on, so the image is made
# here: a Debian root file system from debootstrap (with a JRE and ethtool) imported with
# `docker import`. Its name and inputs are in src/main/resources/dev/copycost/topology/agent-image.conf;
# its tag is derived from that file, so a second call finds the image and takes seconds.
#
# Usage: perf-scripts/prepare-docker.sh             prepare, print the image name last
#        perf-scripts/prepare-docker.sh --print-image  only print the image name this checkout uses
# Environment: COPYCOST_DEBIAN_MIRROR (default: the mirror apt uses here, else deb.debian.org),
#              COPYCOST_DOCKERD_WAIT seconds to wait for a started dockerd (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."

conf=src/main/resources/dev/copycost/topology/agent-image.conf
# shellcheck source=../src/main/resources/dev/copycost/topology/agent-image.conf
. "$conf"
image="$IMAGE_NAME:$(sha256sum "$conf" | cut -c1-12)"
if [ "${1:-}" = "--print-image" ]; then
  echo "$image"
  exit 0
elif [ $# -gt 0 ]; then
  echo "prepare-docker.sh: unknown argument '$1': use no argument or --print-image" >&2
  exit 2
fi

say() { echo "prepare-docker: $*"; }
fail() { echo "prepare-docker: $*" >&2; exit 1; }

# 1. What is missing. /usr/local/bin/docker may be a client alone: the daemon is what counts.
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "${missing[*]} missing and not root: install them (apt-get install ${missing[*]}) or run as root"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 2. A daemon that answers. Bounded: every docker call here has a timeout.
answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if ! answers; then
  [ "$(id -u)" = 0 ] || fail "no Docker daemon answers and starting one needs root"
  log=/var/log/copycost-dockerd.log
  say "starting dockerd (log: $log)"
  # Pulls must fail at once, not hang on an unreachable registry: a proxy that refuses connections.
  # setsid: the daemon outlives this script and the CI step that ran it.
  HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=localhost,127.0.0.1 \
    setsid dockerd >"$log" 2>&1 </dev/null &
  pid=$!
  wait_s=${COPYCOST_DOCKERD_WAIT:-60}
  deadline=$((SECONDS + wait_s))
  until answers; do
    kill -0 "$pid" 2>/dev/null || fail "dockerd exited; the end of $log: $(tail -n 15 "$log")"
    [ $SECONDS -lt $deadline ] || fail "dockerd (pid $pid) did not answer within ${wait_s}s; the end of $log: $(tail -n 15 "$log")"
    sleep 0.5
  done
fi
say "Docker $(timeout 10 docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}')"

# 3. The agent's image, built once per content of $conf.
if timeout 10 docker image inspect "$image" >/dev/null 2>&1; then
  say "image $image is present"
  echo "$image"
  exit 0
fi
[ "$(id -u)" = 0 ] || fail "image $image is missing and debootstrap needs root"
mirror=${COPYCOST_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(grep -hsoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list.d/*.sources \
    /etc/apt/sources.list.d/*.list /etc/apt/sources.list | head -n 1 | awk '{print $2}' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi
rootfs=$(mktemp -d /var/tmp/copycost-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
say "building $image: debootstrap --variant=$VARIANT --include=$PACKAGES $SUITE from $mirror"
start=$SECONDS
debootstrap --variant="$VARIANT" --include="$PACKAGES" "$SUITE" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -n 20 "$rootfs.log" >&2; rm -f "$rootfs.log"; fail "debootstrap failed (above: the end of its output)"; }
rm -f "$rootfs.log"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
[ -x "$rootfs/usr/bin/java" ] || fail "the root file system has no /usr/bin/java after installing $PACKAGES"
tar -C "$rootfs" -c . | timeout 300 docker import \
  --change 'LABEL dev.copycost.image=receive-agent' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$image" >/dev/null
say "built $image in $((SECONDS - start))s"

# Images of earlier contents of $conf are never started again.
for old in $(timeout 10 docker image ls --format '{{.Repository}}:{{.Tag}}' "$IMAGE_NAME"); do
  [ "$old" = "$image" ] || { timeout 30 docker image rm "$old" >/dev/null 2>&1 && say "removed old image $old"; } || true
done
echo "$image"
