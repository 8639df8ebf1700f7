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

# "wall_ms cpu_ms" for one run of the AppHost with the given pipeline step (a fresh output folder each time). CPU time
# (user + system, all threads) is printed too: on a shared machine it moves much less than wall time.
time_step() {
  local step="$1" out="$work/out-$RANDOM$RANDOM" start end
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/cpu" dotnet run --no-build -c Release --project "$project" -- \
    --operation publish --step "$step" --output-path "$out" >"$work/log" 2>&1 || {
      echo "step $step failed:" >&2; cat "$work/log" >&2; exit 1; }
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/cpu")"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# One untimed run of each warms the disk cache, so neither side pays for it alone.
time_step publish-prereq >/dev/null
time_step publish >/dev/null

floor=(); publish=(); floor_cpu=(); publish_cpu=()
for ((i = 0; i < runs; i++)); do
  # Interleaved so that background load on a shared machine hits both sides alike.
  read -r wall cpu < <(time_step publish-prereq); floor+=("$wall"); floor_cpu+=("$cpu")
  read -r wall cpu < <(time_step publish); publish+=("$wall"); publish_cpu+=("$cpu")
done

report() { # label floor-values... -- publish-values...
  local label="$1" f p; shift
  f=$(printf '%s\n' "${@:1:runs}" | median); p=$(printf '%s\n' "${@:runs+1}" | median)
  echo "$label floor   (--step publish-prereq): ${*:1:runs} ms -> median $f ms"
  echo "$label publish (--step publish):        ${*:runs+1} ms -> median $p ms"
  awk -v f="$f" -v p="$p" -v l="$label" 'BEGIN { printf "%s ratio publish/floor: %.2f (our step adds %.1f%%; target < 25%%)\n", l, p / f, (p - f) / f * 100 }'
}
report wall "${floor[@]}" "${publish[@]}"
report cpu "${floor_cpu[@]}" "${publish_cpu[@]}"
