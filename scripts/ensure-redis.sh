#!/usr/bin/env bash
# The Redis store's tests start their own redis-server (tests/support/redisServer.ts) on a random
# port. Installs Debian's package when it is missing and we are allowed to; otherwise says what to run.
set -euo pipefail

command -v redis-server >/dev/null 2>&1 && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== redis-server is missing; installing it for the Redis store's tests:"
  echo "   apt-get update && apt-get install -y redis-server"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "apt-get installed redis-server, but it is still not on the PATH." >&2
    exit 1
  fi
  exit 0
fi

cat >&2 <<MESSAGE
redis-server is missing: the Redis store's tests start their own.
On Debian or Ubuntu, install it and run the tests again:

  sudo apt-get update && sudo apt-get install -y redis-server

Elsewhere, install Redis 7 or later so that redis-server is on the PATH.
MESSAGE
exit 1
