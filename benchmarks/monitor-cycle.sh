#!/usr/bin/env bash
# Times the monitor's scrape-and-export cycle: 5 members x 2,000 series served from loopback, scraped, probed,
# parsed, mapped and exported over OTLP (http/protobuf) to a loopback sink. Prints CPU time per cycle (target <= 20 ms).
# Extra arguments go to the benchmark: --members N --series N --cycles N --warmup N.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/benchmarks/MigratoryAspire.Monitor.Benchmarks"
dotnet build "$project" -c Release --nologo -v quiet -o "$root/artifacts/monitor-benchmark" >/dev/null
exec dotnet "$root/artifacts/monitor-benchmark/MigratoryAspire.Monitor.Benchmarks.dll" "$@"
