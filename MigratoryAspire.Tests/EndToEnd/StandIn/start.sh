#!/bin/sh
# Stand-in member entrypoint. NOT MigratoryData: it reads MIGRATORYDATA_EXTRA_OPTS as the real image does and then
# listens where a member would (client, 4 cluster ports, Prometheus), so tests can check our AppHost's wiring.
set -f # values like *:9900 must never glob

state=/tmp/standin
mkdir -p "$state/www/cgi-bin"

# The port of a MigratoryData listen value: "*:8800", "host:8800" or a comma list of them (first one wins).
port_of() { v=${1%%,*}; echo "${v##*:}"; }

client_port=8800 # the server's own default when -DListen is absent
member_listen=
cluster_members=
metrics_listen=
monitor=
monitor_user=
monitor_password=
options=
for opt in $MIGRATORYDATA_EXTRA_OPTS; do
  name=
  case "$opt" in -D*=*) name=${opt#-D}; name=${name%%=*}; value=${opt#*=} ;; esac
  case "$name" in
    Listen) client_port=$(port_of "$value") ;;
    ClusterMemberListen) member_listen=$value ;;
    ClusterMembers) cluster_members=$value ;;
    MonitorPrometheus.Listen) metrics_listen=$value ;;
    Monitor) monitor=$value ;;
    MonitorUsername) monitor_user=$value ;;
    MonitorPassword) monitor_password=$value ;;
  esac
  # Secrets must never reach a log or the report.
  case "$name" in *Password* | *LicenseKey* | *Secret* | *Token*) opt="-D$name=***" ;; esac
  options="$options${options:+ }$opt"
done

cluster_base=$(port_of "${member_listen:-*:8801}")
cluster_ports="$cluster_base $((cluster_base + 1)) $((cluster_base + 2)) $((cluster_base + 3))"
metrics_port=
# Like the server, expose Prometheus metrics only when the Prometheus monitor is switched on.
if [ "$(echo "$monitor" | tr a-z A-Z)" = PROMETHEUS ]; then metrics_port=$(port_of "${metrics_listen:-*:9900}"); fi

# Handlers run in fresh processes (nc -e, httpd CGI), so they read what was parsed from these files.
printf '%s\n' "$options" >"$state/options"
# The metrics handler checks the scraper's credentials against these; the report never reads this file.
(umask 077 && printf '%s\n%s\n' "$monitor_user" "$monitor_password" >"$state/monitor-auth")
cat >"$state/env" <<STATE
MEMBER_LISTEN='$member_listen'
CLUSTER_MEMBERS='$cluster_members'
CLIENT_PORT='$client_port'
CLUSTER_PORTS='$cluster_ports'
METRICS_PORT='$metrics_port'
STATE

member=${member_listen%:*}
cat >"$state/www/index.html" <<PAGE
<!doctype html>
<html><head><title>Stand-in member ${member:-unnamed} (not MigratoryData)</title></head>
<body><h1>MigratoryAspire wiring stand-in: ${member:-unnamed}</h1>
<p>This container is NOT MigratoryData. It proves the AppHost's names, ports, environment and health only.</p>
<p>Report: <a href="/cgi-bin/report">/cgi-bin/report</a></p></body></html>
PAGE
cp "$state/www/index.html" "$state/www/console.html" # the real server serves its Debug Console here
printf '#!/bin/sh\nexec /standin/report.sh\n' >"$state/www/cgi-bin/report"
chmod 755 "$state/www/cgi-bin/report"
sed "s/@MEMBER@/${member:-unnamed}/g" /standin/metrics.prom >"$state/metrics.prom"

echo "stand-in (NOT MigratoryData) member=${member_listen:-none} client=$client_port cluster=[$cluster_ports] metrics=${metrics_port:-off}"
echo "stand-in options: $options"

pids=
for p in $cluster_ports; do
  STANDIN_PORT=$p nc -ll -p "$p" -e /standin/cluster-port.sh &
  pids="$pids $!"
done
if [ -n "$metrics_port" ]; then
  nc -ll -p "$metrics_port" -e /standin/metrics.sh &
  pids="$pids $!"
fi
httpd -f -p "$client_port" -h "$state/www" &
client_pid=$!

# As PID 1 without --init, a TERM would otherwise be ignored and docker stop would wait for its 10 s grace.
trap 'kill $pids $client_pid 2>/dev/null; exit 143' TERM INT
wait "$client_pid"
