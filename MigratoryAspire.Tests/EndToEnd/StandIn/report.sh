#!/bin/sh
# CGI behind GET /cgi-bin/report on the client port: what this stand-in was told, and which peers it reaches now.
# Plain "key=value" and "reach" lines, computed on every request so drills see the network as it is.
. /tmp/standin/env
printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n'
echo "# MigratoryAspire wiring stand-in, NOT MigratoryData"
echo "hostname=$(hostname)"
echo "member.listen=$MEMBER_LISTEN"
echo "cluster.members=$CLUSTER_MEMBERS"
echo "client.port=$CLIENT_PORT"
echo "cluster.ports=$CLUSTER_PORTS"
echo "metrics.port=$METRICS_PORT"
echo "options=$(cat /tmp/standin/options)"

# "reach HOST PORT ok member=PEER_LISTEN" when the peer's stand-in answered and named itself, else "reach HOST PORT fail".
probe() {
  answer=$(nc -w 2 "$1" "$2" </dev/null 2>/dev/null)
  case "$answer" in
    standin-not-migratorydata*) echo "reach $1 $2 ok ${answer#standin-not-migratorydata }" ;;
    *) echo "reach $1 $2 fail" ;;
  esac
}

dir=$(mktemp -d)
peers=$(echo "$CLUSTER_MEMBERS" | tr ',' ' ')
n=0
for peer in $peers; do
  [ "$peer" = "$MEMBER_LISTEN" ] && continue
  host=${peer%:*}
  base=${peer##*:}
  for i in 0 1 2 3; do
    n=$((n + 1))
    probe "$host" "$((base + i))" >"$dir/$(printf %03d $n)" & # in parallel: a dead peer costs one timeout, not 4
  done
done
wait
cat "$dir"/* 2>/dev/null
rm -rf "$dir"
