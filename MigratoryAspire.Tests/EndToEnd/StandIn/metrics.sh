#!/bin/sh
# One HTTP request to the stand-in Prometheus port (nc -e gives us the raw socket on stdin/stdout).
read -r method path _
# Drain the request headers up to the blank line; bounded so a silent client cannot hold the process.
while read -r -t 2 line; do [ "${line%$(printf '\r')}" = "" ] && break; done
case "$path" in
  /metrics | /metrics\?*)
    body=$(cat /tmp/standin/metrics.prom)
    printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: %s\r\n\r\n%s\n' \
      "$((${#body} + 1))" "$body" ;;
  *) printf 'HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nnot found\n' ;;
esac
