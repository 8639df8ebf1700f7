#!/usr/bin/env bash
# Builds the wiring stand-in image (NOT MigratoryData) from MigratoryAspire.Tests/EndToEnd/StandIn plus the machine's
# static busybox, which is copied into a temporary build context and never committed.
# Usage: scripts/build-standin.sh [image:tag]   (default migratoryaspire/standin-not-migratorydata:test)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
image=${1:-migratoryaspire/standin-not-migratorydata:test}
busybox=${STANDIN_BUSYBOX:-/bin/busybox}

# FROM scratch has no libc: only a static busybox runs there (Debian: busybox-static; the busybox package is dynamic).
if ! [ -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "build-standin: $busybox is missing or not static; install busybox-static (apt-get install busybox-static)" >&2
  exit 1
fi
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$root"/MigratoryAspire.Tests/EndToEnd/StandIn/* "$ctx"/
cp "$busybox" "$ctx/busybox"
docker build -q -t "$image" "$ctx" >/dev/null 2>"$ctx/build.err" || { cat "$ctx/build.err" >&2; exit 1; }
echo "$image"
