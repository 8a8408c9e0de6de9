#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: a private cluster (initdb) in a temporary folder, owned by the
# `postgres` system user when run as root, listening on 127.0.0.1 only, fsync off (the data is discarded).
#   scripts/pg_test_server.sh start DIR [PORT]   -> prints the URL to use as ZWGK_TEST_PG_URL
#   scripts/pg_test_server.sh stop DIR
# Needs Debian's `postgresql` package (the script installs it when run as root and it is missing).
set -euo pipefail
action=${1:?start|stop}
dir=${2:?folder for the cluster}
port=${3:-54329}

bindir=""
find_bindir() {
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  start)
    find_bindir
    if [ -z "$bindir" ]; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "安装 PostgreSQL …" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        find_bindir
      fi
      [ -n "$bindir" ] || { echo "没有找到 PostgreSQL（apt-get install postgresql）" >&2; exit 1; }
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >&2 || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    find_bindir
    if [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
