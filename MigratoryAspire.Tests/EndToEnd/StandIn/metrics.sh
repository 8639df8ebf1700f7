#!/bin/sh
# One HTTP request to the stand-in Prometheus port (nc -e gives us the raw socket on stdin/stdout).
# Like the server's Prometheus monitor, it wants MonitorUsername/MonitorPassword as the username and password query
# parameters when a MonitorUsername is set, so a scraper with the wrong credentials shows up as 401.
read -r method path _
# Drain the request headers up to the blank line; bounded so a silent client cannot hold the process.
while read -r -t 2 line; do [ "${line%$(printf '\r')}" = "" ] && break; done

respond() { # status, body
  # One request per connection: say so, or a pooling client may send its next request into a closed socket.
  printf 'HTTP/1.0 %s\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nConnection: close\r\nContent-Length: %s\r\n\r\n%s\n' \
    "$1" "$((${#2} + 1))" "$2"
}

# The value of query parameter $1, URL-decoded.
param() {
  query=${path#*\?}
  [ "$query" = "$path" ] && return
  for pair in $(echo "$query" | tr '&' ' '); do
    case "$pair" in "$1="*) httpd -d "${pair#*=}"; return ;; esac
  done
}

case "$path" in
  /metrics | /metrics\?*)
    { read -r user; read -r password; } </tmp/standin/monitor-auth
    if [ -n "$user" ] && { [ "$(param username)" != "$user" ] || [ "$(param password)" != "$password" ]; }; then
      respond '401 Unauthorized' 'wrong or missing username/password query parameters'
    else
      respond '200 OK' "$(cat /tmp/standin/metrics.prom)"
    fi ;;
  *) respond '404 Not Found' 'not found' ;;
esac
