#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need, only what is missing:
#   mosquitto, influxdb (1.x, v1 API), chromium (end-to-end tests), fonts-ipafont-gothic (Japanese PDF text),
#   poppler-utils (pdftotext in the PDF report tests), docker-compose (parses docker-compose.yml in a test).
# Shared by `npm test` (pretest) and `.ci/run`. As root or with passwordless sudo it runs apt-get; otherwise it
# prints the exact command and fails. The packages' own daemons are kept from starting: the tests and the demo
# start Mosquitto and InfluxDB themselves on free ports.
set -euo pipefail

have_cmd() {
  # Debian puts mosquitto in /usr/sbin, which is not on every PATH.
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]
}
have_pkg() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
have_cmd mosquitto || have_pkg mosquitto || missing+=(mosquitto)
have_cmd influxd || have_pkg influxdb || missing+=(influxdb)
have_cmd chromium || have_pkg chromium || missing+=(chromium)
have_pkg fonts-ipafont-gothic || missing+=(fonts-ipafont-gothic)
have_cmd pdftotext || have_pkg poppler-utils || missing+=(poppler-utils)
have_cmd docker-compose || have_pkg docker-compose || missing+=(docker-compose)

if [ "${#missing[@]}" -eq 0 ]; then
  [ "${1:-}" = "--quiet" ] || echo "system packages: all present"
  exit 0
fi

echo "system packages missing: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get on this machine; install these packages by hand: ${missing[*]}" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "error: installing needs root. Run once, then try again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# policy-rc.d exit 101 = "action forbidden": the postinst scripts do not start daemons on 1883/8086.
added_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
  added_policy=1
fi
remove_policy() { if [ "$added_policy" -eq 1 ]; then "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d; fi; }
trap remove_policy EXIT
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
remove_policy
trap - EXIT

# If a daemon got started anyway (an init system without policy-rc.d support), stop it; harmless if not.
for svc in mosquitto influxdb; do
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    "${SUDO[@]}" systemctl stop "$svc" >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1; then
    "${SUDO[@]}" service "$svc" stop >/dev/null 2>&1 || true
  fi
done

for bin in mosquitto influxd chromium pdftotext; do
  have_cmd "$bin" || {
    echo "error: $bin still missing after apt-get install" >&2
    exit 1
  }
done
echo "system packages installed: ${missing[*]}"
