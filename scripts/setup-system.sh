#!/usr/bin/env bash
# Installs the system packages the tests need, from Debian's repositories, when missing:
# Chromium (browser tests drive it with playwright-core; no browser download), a small CJK
# font so Chinese renders in screenshots and PDFs, GDAL's ogrinfo (exports must open in
# another reader) and poppler's pdftoppm/pdftotext (the printed report is read back).
# Runs before `npm test`; a no-op when present.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
{ command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "setup-system: missing ${need[*]}; install them with: sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
  echo "setup-system: until then the tests that need them (browser, GDAL and PDF checks) are skipped." >&2
  exit 0
fi
echo "setup-system: installing ${need[*]} from Debian"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
