#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server's tests, reachable only over a Unix socket in DIR.
#   scripts/pg-cluster.sh start DIR   creates (if needed) and starts the cluster in DIR; prints its URL
#   scripts/pg-cluster.sh halt DIR    stops it and keeps its data (`start DIR` starts it again)
#   scripts/pg-cluster.sh stop DIR    stops it and removes DIR
# PG_SHARED_BUFFERS (e.g. 1GB) sets the cluster's buffer cache at `start` (default: PostgreSQL's,
# 128MB); the benchmarks give it room for their largest team, as a production server would.
# PostgreSQL refuses to run as root: as root the cluster runs as `nobody`, so DIR must then be in a
# folder `nobody` can enter (e.g. `mktemp -d /tmp/firstgoal-pg.XXXXXX`).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|halt|stop DIR" >&2
  exit 2
fi

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "error: PostgreSQL is not installed (scripts/install-deps.sh --test installs it)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U firstgoal --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # Throwaway data: no fsync; enough connections for several server processes per test.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=${PG_SHARED_BUFFERS:-128MB}" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://firstgoal@localhost/postgres?host=$dir"
    ;;
  halt)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|halt|stop DIR" >&2
    exit 2
    ;;
esac
