#!/usr/bin/env bash
# Installs the system packages the tests need, from Debian's repositories, when missing:
# Chromium (browser tests drive it with playwright-core; no browser download) and a small
# CJK font so Chinese renders in screenshots. Runs before `npm test`; a no-op when present.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "setup-system: missing ${need[*]}; install them with: sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
  echo "setup-system: until then the browser tests are skipped." >&2
  exit 0
fi
echo "setup-system: installing ${need[*]} from Debian"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
