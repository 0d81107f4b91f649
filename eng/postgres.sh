#!/usr/bin/env bash
# A private PostgreSQL for local runs and tests: its own cluster in a data folder, on 127.0.0.1 only.
#
#   eng/postgres.sh start   install Debian's postgresql if missing, create the cluster if absent, start it,
#                           create role/database contentflows, print the connection string (last stdout line)
#   eng/postgres.sh stop    stop the cluster (no-op when it is not running)
#   eng/postgres.sh status  exit 0 when the cluster accepts connections
#   eng/postgres.sh url     print the connection string
#   eng/postgres.sh data    print the cluster's data folder
#
# Environment: CF_PG_DATA (default below), CF_PG_PORT (default 5433).
# The data folder defaults to $PWD/.data/postgres. Run as root, PostgreSQL runs as the postgres user; when that
# user cannot reach the checkout (a clone under /root), the cluster lives in the postgres user's home instead,
# in a folder named after the checkout (contentflows/<name>-<hash of its path>), so checkouts never share data.
# One port serves one cluster: when another checkout's cluster already answers on the port with the contentflows
# login, start uses it rather than failing on the taken port.
# Only the connection string goes to stdout; everything else goes to stderr so callers can capture it.
set -euo pipefail

PORT="${CF_PG_PORT:-5433}"
DATA="${CF_PG_DATA:-$PWD/.data/postgres}"
DB_USER=contentflows
DB_PASSWORD=contentflows
DB_NAME=contentflows
START_TIMEOUT_SECONDS=60

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

connection_string() {
  echo "Host=127.0.0.1;Port=${PORT};Username=${DB_USER};Password=${DB_PASSWORD};Database=${DB_NAME}"
}

[[ "$PORT" =~ ^[0-9]+$ ]] || die "CF_PG_PORT must be a port number, got '$PORT'"

# Root runs the cluster as the postgres user, who must be able to traverse to the data folder.
postgres_can_reach() {
  runuser -u postgres -- test -x "$1" 2>/dev/null
}

resolve_data() {
  if [[ -z "${CF_PG_DATA:-}" && "$(id -u)" -eq 0 ]] && ! postgres_can_reach "$PWD"; then
    local home name
    home="$(getent passwd postgres | cut -d: -f6)"
    name="$(basename "$PWD" | tr -c 'A-Za-z0-9._\n-' '_')"
    DATA="${home:-/var/lib/postgresql}/contentflows/${name}-$(echo -n "$PWD" | md5sum | cut -c1-12)"
  fi
  mkdir -p "$(dirname "$DATA")"
  DATA="$(cd "$(dirname "$DATA")" && pwd)/$(basename "$DATA")"
  LOG_FILE="$DATA/server.log"
}

# Debian's versioned bin folder, newest first. /usr/local/bin may hold other pg_ctl/initdb builds; they are ignored.
find_bin_dir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/pg_ctl" && -x "$dir/initdb" && -x "$dir/postgres" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

ensure_installed() {
  if BIN="$(find_bin_dir)"; then
    return 0
  fi
  [[ "$(id -u)" -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  BIN="$(find_bin_dir)" || die "postgresql was installed but no /usr/lib/postgresql/*/bin/pg_ctl was found"
}

# PostgreSQL refuses to run as root, so root runs it as the postgres user; anyone else runs it as themselves.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    # From /, since the postgres user may not be able to enter the caller's folder.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# The socket lives next to the data (short paths only: the kernel limits socket paths to ~107 bytes).
socket_dir() {
  local dir="$DATA/run"
  if (( ${#dir} > 80 )); then
    dir="/tmp/contentflows-pg-$(echo -n "$DATA" | md5sum | cut -c1-12)"
  fi
  echo "$dir"
}

is_running() {
  [[ -f "$DATA/PG_VERSION" ]] && as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

accepts_connections() {
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1
}

# Whether the server on the port (maybe another checkout's cluster) takes the contentflows login.
accepts_contentflows_login() {
  [[ "$(PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=5 "$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d "$DB_NAME" -tAc 'SELECT 1' 2>/dev/null)" == "1" ]]
}

psql_admin() {
  as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(socket_dir)" -p "$PORT" -U postgres -d postgres "$@"
}

create_cluster() {
  log "creating a cluster in $DATA"
  mkdir -p "$DATA"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres:postgres "$DATA"
    postgres_can_reach "$DATA" ||
      die "user postgres cannot reach $DATA (a parent folder is not traversable); unset CF_PG_DATA or name a folder it can reach"
  fi
  chmod 700 "$DATA"
  # Local socket: trusted but reachable only by the cluster's owner (and root); TCP: passwords.
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >&2
}

start() {
  ensure_installed
  resolve_data
  # Serialises concurrent starts (parallel test processes) so only one runs initdb and CREATE ROLE.
  # The server must not inherit this descriptor (9>&- below), or it would hold the lock for its lifetime.
  exec 9>"$(dirname "$DATA")/.postgres-$(basename "$DATA").lock"
  flock -w 600 9 || die "timed out waiting for another postgres.sh start"

  if ! is_running && accepts_connections; then
    accepts_contentflows_login ||
      die "127.0.0.1:$PORT is taken by a server that does not accept the $DB_USER login; stop it or set CF_PG_PORT"
    log "127.0.0.1:$PORT already serves the $DB_NAME database (another checkout's cluster); using it"
    connection_string
    return 0
  fi

  [[ -f "$DATA/PG_VERSION" ]] || create_cluster

  local sock
  sock="$(socket_dir)"
  mkdir -p "$sock"
  [[ "$(id -u)" -ne 0 ]] || chown postgres:postgres "$sock"
  chmod 700 "$sock"

  if ! is_running; then
    # 300 connections: the dev server, workers, the API and parallel test fixtures each keep a pool.
    log "starting PostgreSQL on 127.0.0.1:$PORT (data $DATA, log $LOG_FILE)"
    as_owner "$BIN/pg_ctl" start -D "$DATA" -l "$LOG_FILE" -w -t "$START_TIMEOUT_SECONDS" \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$sock' -c unix_socket_permissions=0700 -c max_connections=300" >&2 9>&- ||
      { tail -n 20 "$LOG_FILE" >&2 || true; die "PostgreSQL did not start"; }
  fi

  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until accepts_connections; do
    (( SECONDS < deadline )) || { tail -n 20 "$LOG_FILE" >&2 || true; die "PostgreSQL is not accepting connections on 127.0.0.1:$PORT after ${START_TIMEOUT_SECONDS}s"; }
    sleep 0.2
  done

  if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]]; then
    log "creating role $DB_USER"
    psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'"
  fi
  if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]]; then
    log "creating database $DB_NAME"
    psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
  fi

  connection_string
}

stop() {
  BIN="$(find_bin_dir)" || { log "PostgreSQL is not installed; nothing to stop"; return 0; }
  resolve_data
  if is_running; then
    as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >&2
  else
    log "not running (data $DATA)"
  fi
}

status() {
  BIN="$(find_bin_dir)" || die "PostgreSQL is not installed"
  accepts_connections
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) connection_string ;;
  data) resolve_data; echo "$DATA" ;;
  *) echo "usage: $0 start|stop|status|url|data" >&2; exit 2 ;;
esac
