#!/usr/bin/env bash
# Times a cold publish of the AppHost (built once, then a new process per run) against the same AppHost running only
# Aspire's publish-prereq step: the floor every publish pays. Prints both medians and how much our step adds.
# Usage: benchmarks/publish.sh [runs]   (default 5; target: our step adds under 25% to the floor)
set -euo pipefail

runs="${1:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/MigratoryAspire.AppHost"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Building $project (Release) once..." >&2
dotnet build "$project" -c Release -v quiet -nologo >/dev/null

# Milliseconds for one run of the AppHost with the given pipeline step; the output goes to a fresh folder each time.
time_step() {
  local step="$1" out="$work/out-$RANDOM$RANDOM" start end
  start=$(date +%s%N)
  dotnet run --no-build -c Release --project "$project" -- \
    --operation publish --step "$step" --output-path "$out" >"$work/log" 2>&1 || {
      echo "step $step failed:" >&2; cat "$work/log" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# One untimed run of each warms the disk cache, so neither side pays for it alone.
time_step publish-prereq >/dev/null
time_step publish >/dev/null

floor=(); publish=()
for ((i = 0; i < runs; i++)); do
  # Interleaved so that background load on a shared machine hits both sides alike.
  floor+=("$(time_step publish-prereq)")
  publish+=("$(time_step publish)")
done

floor_median=$(printf '%s\n' "${floor[@]}" | median)
publish_median=$(printf '%s\n' "${publish[@]}" | median)
echo "floor   (--step publish-prereq): ${floor[*]} ms -> median ${floor_median} ms"
echo "publish (--step publish):        ${publish[*]} ms -> median ${publish_median} ms"
awk -v f="$floor_median" -v p="$publish_median" 'BEGIN {
  added = (p - f) / f * 100
  printf "ratio publish/floor: %.2f (our step adds %.1f%%; target < 25%%)\n", p / f, added
}'
