#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 + PostGIS cluster on 127.0.0.1:${PGPORT:-55432} for the
# server tests (installs Debian's packages first when missing; needs root for that).
# Prints the DATABASE_URL to use. `… status` exits 0 when it runs; `… stop` stops it.
set -euo pipefail
P=${PGTEST_DIR:-/tmp/parkatlas-pg}
PORT=${PGPORT:-55432}
BIN=/usr/lib/postgresql/15/bin
if [ "${1:-}" = status ]; then
  [ -x "$BIN/pg_ctl" ] && [ -d "$P/data" ] && runuser -u postgres -- "$BIN/pg_ctl" -D "$P/data" status >/dev/null 2>&1
  exit $?
fi
if [ "${1:-}" = stop ]; then
  [ -d "$P/data" ] && runuser -u postgres -- "$BIN/pg_ctl" -D "$P/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
if [ ! -x "$BIN/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
  if [ "$(id -u)" != 0 ]; then echo "pg-test-server: install postgresql and postgresql-15-postgis-3 (needs root)" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql postgresql-15-postgis-3 >/dev/null
fi
if ! runuser -u postgres -- "$BIN/pg_ctl" -D "$P/data" status >/dev/null 2>&1; then
  rm -rf "$P" && mkdir -p "$P" && chown postgres:postgres "$P"
  runuser -u postgres -- mkdir -m 700 "$P/data" "$P/sock"
  runuser -u postgres -- "$BIN/initdb" -D "$P/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$BIN/pg_ctl" -D "$P/data" -l "$P/pg.log" -w -o "-p $PORT -c listen_addresses=127.0.0.1 -k $P/sock" start >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
