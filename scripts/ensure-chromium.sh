#!/bin/sh
# Makes sure Debian's Chromium is at /usr/bin/chromium (used by `npm run test:browser`).
# Installs it with apt-get when missing (CI runs on a clean machine as root).
# Prints the browser path on stdout; fails with one line on stderr if it cannot.
set -u
BIN="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $BIN is missing and apt-get is not available; install Chromium or set CHROMIUM_PATH" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-chromium: $BIN is missing and we are not root (no sudo) to apt-get install chromium" >&2
    exit 1
  fi
fi
echo "ensure-chromium: installing Debian chromium (apt-get)..." >&2
LOG="${TMPDIR:-/tmp}/ensure-chromium.$$.log"
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=120 update >"$LOG" 2>&1; then
  echo "ensure-chromium: apt-get update failed (see $LOG)" >&2
  exit 1
fi
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=120 install -y --no-install-recommends chromium >>"$LOG" 2>&1; then
  echo "ensure-chromium: apt-get install chromium failed (see $LOG)" >&2
  exit 1
fi
rm -f "$LOG"
if [ ! -x "$BIN" ]; then
  echo "ensure-chromium: apt-get installed chromium but $BIN is still missing" >&2
  exit 1
fi
echo "$BIN"
