#!/usr/bin/env bash
# Makes headless Chromium available at /usr/bin/chromium, from Debian's packages, for the tests that
# drive a real browser (BrowserPageTest: the page that `serve` answers at /; HtmlReportScreenTest: the
# first screen of report.html). Does nothing when it is already there. Needs root (CI runs as root on
# a fresh Debian machine); otherwise it prints the command to run and fails.
set -euo pipefail
chromium=/usr/bin/chromium
if [ -x "$chromium" ]; then
  echo "install-chromium: $chromium is installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: $chromium is missing; as root run: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
[ -x "$chromium" ] || { echo "install-chromium: apt-get installed chromium but $chromium is not there" >&2; exit 1; }
echo "install-chromium: installed $chromium"
