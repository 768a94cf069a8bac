#!/usr/bin/env bash
# The browser tests drive a system Chromium with playwright-core (no downloaded browsers).
# Installs Debian's package when it is missing and we are allowed to; otherwise says what to run.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  echo "Point it at a Chromium or Chrome binary, or unset it to use Debian's /usr/bin/chromium." >&2
  exit 1
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== Chromium is missing; installing it for the browser tests:"
  echo "   apt-get update && apt-get install -y chromium"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  if [ ! -x "$chromium" ]; then
    echo "apt-get installed chromium, but $chromium is still missing." >&2
    exit 1
  fi
  exit 0
fi

cat >&2 <<MESSAGE
Chromium is missing: the browser tests need $chromium.
On Debian or Ubuntu, install it and run the tests again:

  sudo apt-get update && sudo apt-get install -y chromium

Elsewhere, point CHROMIUM_PATH at a Chrome or Chromium binary:

  CHROMIUM_PATH=/path/to/chrome npm test
MESSAGE
exit 1
