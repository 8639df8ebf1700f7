#!/bin/sh
# One connection to a stand-in cluster port: name the member and the port, so a peer's probe proves it reached
# the member it meant to reach (name resolution on the container network), not just some open port.
. /tmp/standin/env
printf 'standin-not-migratorydata member=%s port=%s\n' "$MEMBER_LISTEN" "$STANDIN_PORT"
