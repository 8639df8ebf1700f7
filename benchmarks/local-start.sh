#!/usr/bin/env bash
# Local start benchmark, with the wiring stand-in image (NOT MigratoryData):
#   A) our AppHost: `dotnet run --project MigratoryAspire.AppHost --no-build` until every started member answers HTTP;
#   B) the same number of plain stand-in containers: docker network + docker run, until each answers HTTP.
# Prints both times and A/B. Target: A <= 1.2 x B and A < 20 s. Needs a Docker engine and a built AppHost
# (dotnet build MigratoryAspire.AppHost). Usage: benchmarks/local-start.sh [members=3] [runs=1]
# The AppHost gets its own throw-away monitor password, so nothing is generated into (or read from) your user secrets.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
members=${1:-3}
runs=${2:-1}
image=migratoryaspire/standin-not-migratorydata
tag=test
"$root/scripts/build-standin.sh" "$image:$tag" >/dev/null

now() { date +%s.%N; }
# Whether http://127.0.0.1:PORT/ answers, the same test the AppHost's member health check makes.
# Bash's /dev/tcp keeps this free of curl (and the host's static busybox wget crashes on glibc hosts).
answers() {
  local status
  status=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET / HTTP/1.0\r\n\r\n" >&3 && head -1 <&3' _ "$1" 2>/dev/null) || return 1
  [[ $status == *" 200 "* ]]
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

members_list() {
  local list= i
  for ((i = 0; i < 5; i++)); do list+="${list:+,}migratorydata-$i:8801"; done
  echo "$list"
}

plain_run() {
  local net=bench-plain-$$ i port t0 pending
  t0=$(now)
  docker network create "$net" >/dev/null
  for ((i = 0; i < members; i++)); do
    docker run -d --rm --name "bench-plain-$$-$i" --network "$net" --network-alias "migratorydata-$i" \
      --label io.migratoryaspire.benchmark=plain -p 127.0.0.1::8800 \
      -e MIGRATORYDATA_EXTRA_OPTS="-DClusterMemberListen=migratorydata-$i:8801 -DClusterMembers=$(members_list) -DMonitor=PROMETHEUS -DMonitorPrometheus.Listen=*:9900" \
      "$image:$tag" >/dev/null
  done
  pending=$members
  while ((pending > 0)); do
    pending=0
    for ((i = 0; i < members; i++)); do
      port=$(docker port "bench-plain-$$-$i" 8800/tcp | head -1 | sed 's/.*://')
      answers "$port" || pending=$((pending + 1))
    done
    ((pending == 0)) || sleep 0.1
  done
  elapsed "$t0" "$(now)"
  for ((i = 0; i < members; i++)); do docker rm -f "bench-plain-$$-$i" >/dev/null 2>&1 || true; done
  docker network rm "$net" >/dev/null 2>&1 || true
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
  echo $((20000 + RANDOM % 20000)); }

apphost_run() {
  local out pid child t0 ports up port deadline
  out=$(mktemp)
  t0=$(now)
  (cd "$root" && exec env ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_ENABLE_CONTAINER_TUNNEL=false \
    ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
    ASPNETCORE_URLS="http://127.0.0.1:$(free_port)" \
    ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$(free_port)" \
    ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://127.0.0.1:$(free_port)" \
    MigratoryData__Image="$image" MigratoryData__Tag="$tag" MigratoryData__Replicas="$members" \
    "Parameters__migratorydata-monitor-password=bench$RANDOM$RANDOM$RANDOM" \
    dotnet run --project MigratoryAspire.AppHost --no-build --no-launch-profile >"$out" 2>&1) &
  pid=$!
  deadline=$(($(date +%s) + 120))
  while :; do
    # The members' containers carry the stand-in image's label; each must answer on its published client port.
    up=0
    ports=$(docker ps --filter label=io.migratoryaspire.standin --filter name=migratorydata- \
      --format '{{.Ports}}' | grep -oE '127\.0\.0\.1:[0-9]+->8800' | sed 's/127.0.0.1://; s/->8800//') || true
    for port in $ports; do answers "$port" && up=$((up + 1)); done
    ((up >= members)) && break
    if (($(date +%s) > deadline)) || ! kill -0 "$pid" 2>/dev/null; then
      echo "apphost run failed; its output:" >&2; tail -30 "$out" >&2; kill "$pid" 2>/dev/null || true; return 1
    fi
    sleep 0.1
  done
  local t1 first
  t1=$(now)
  # Split the total: before the engine created the first member container (dotnet run, AppHost, DCP, dashboard),
  # and from there until all answer, which is what the plain containers' time compares with.
  first=$(docker ps -q --filter label=io.migratoryaspire.standin --filter name=migratorydata- |
    xargs docker inspect -f '{{.Created}}' | sort | head -1)
  first=$(date -d "$first" +%s.%N)
  # "All members healthy" as the AppHost itself sees it: the cluster resource turns Running (it logs the change).
  local t2=
  for _ in $(seq 600); do
    grep -q "Cluster 'migratorydata' is Running" "$out" && { t2=$(now); break; }
    sleep 0.1
  done
  echo "$(elapsed "$t0" "$t1") $(elapsed "$t0" "$first") $(elapsed "$first" "$t1") $(elapsed "$t0" "${t2:-$t0}")"
  # SIGTERM to the AppHost itself (signalling dotnet run would stop it too; this stops exactly the process timed).
  child=$(pgrep -P "$pid" -f MigratoryAspire.AppHost || true)
  kill -TERM ${child:-$pid} 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for _ in $(seq 30); do
    [ -z "$(docker ps -q --filter label=io.migratoryaspire.standin --filter name=migratorydata-)" ] && break
    sleep 1
  done
  rm -f "$out"
}

for ((r = 1; r <= runs; r++)); do
  read -r a before_first containers healthy < <(apphost_run)
  b=$(plain_run)
  awk -v a="$a" -v f="$before_first" -v c="$containers" -v h="$healthy" -v b="$b" -v n="$members" -v r="$r" 'BEGIN {
    printf "run %d, %d members: apphost %.2f s until all answer (%.2f s until the first member container exists, then %.2f s), cluster Running in the AppHost at %.2f s; plain containers %.2f s\n", r, n, a, f, c, h, b
    printf "run %d ratio: total %.2f x, container phase %.2f x (target <= 1.20 x and apphost < 20 s)\n", r, a / b, c / b }'
done
