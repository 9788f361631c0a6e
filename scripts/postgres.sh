#!/usr/bin/env bash
# Starts and stops a throw-away PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.
# Usage: source scripts/postgres.sh; start_private_postgres; ...; stop_private_postgres
# Sets PRIVATE_POSTGRES_URL. Fails loudly when PostgreSQL is not installed: tests never skip it.

start_private_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    return 1
  fi
  PRIVATE_POSTGRES_DIR=$(mktemp -d /tmp/showcase-pg.XXXXXX)
  PRIVATE_POSTGRES_PORT=${PRIVATE_POSTGRES_PORT:-$(( 20000 + RANDOM % 20000 ))}
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PRIVATE_POSTGRES_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bindir/initdb" -D "$PRIVATE_POSTGRES_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as[@]}" "$bindir/pg_ctl" -D "$PRIVATE_POSTGRES_DIR/data" -l "$PRIVATE_POSTGRES_DIR/log" -w \
    -o "-p $PRIVATE_POSTGRES_PORT -k $PRIVATE_POSTGRES_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  PRIVATE_POSTGRES_BINDIR=$bindir
  PRIVATE_POSTGRES_AS=("${as[@]}")
  export PRIVATE_POSTGRES_URL="postgresql://postgres@127.0.0.1:$PRIVATE_POSTGRES_PORT/postgres"
  echo "postgres: private server on port $PRIVATE_POSTGRES_PORT"
}

stop_private_postgres() {
  [ -n "${PRIVATE_POSTGRES_DIR:-}" ] || return 0
  "${PRIVATE_POSTGRES_AS[@]}" "$PRIVATE_POSTGRES_BINDIR/pg_ctl" -D "$PRIVATE_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PRIVATE_POSTGRES_DIR"
  PRIVATE_POSTGRES_DIR=
}
