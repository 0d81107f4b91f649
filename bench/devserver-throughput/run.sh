#!/usr/bin/env bash
# Dev server throughput benchmark: N workflows (default 1000) of three no-op activities each, run by the
# official Temporal TypeScript worker, against the dev server on the memory store and on PostgreSQL.
#
#   bench/devserver-throughput/run.sh [N]
#
# Environment: CONCURRENCY (workflows in flight, default 100), STORES (default "memory postgres"),
# CONTENTFLOWS_TEST_POSTGRES (Npgsql connection string; default: the one `eng/postgres.sh start` prints).
# Aims on a 2-core machine: >= 100 workflows/s in memory, >= 30 workflows/s on PostgreSQL.
set -euo pipefail

N="${1:-1000}"
CONCURRENCY="${CONCURRENCY:-100}"
STORES="${STORES:-memory postgres}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: $0 [N]  (N = number of workflows, default 1000)" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TS="$ROOT/tests/Temporal/Interop/ts"
DLL="$ROOT/src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll"
WORK="$(mktemp -d)"
SERVER_PID=""
PG_SCHEMA=""
PG_CONNECTION=""

log() { echo "bench: $*" >&2; }

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# psql takes libpq variables; the project's connection strings are Npgsql's key=value;... form.
drop_schema() {
  [[ -n "$PG_SCHEMA" && -n "$PG_CONNECTION" ]] && command -v psql >/dev/null || return 0
  local part key value
  local -a env_vars=()
  IFS=';' read -ra parts <<<"$PG_CONNECTION"
  for part in "${parts[@]}"; do
    key="${part%%=*}"; value="${part#*=}"
    case "${key,,}" in
      host|server) env_vars+=("PGHOST=$value") ;;
      port) env_vars+=("PGPORT=$value") ;;
      username|user\ id|userid|user) env_vars+=("PGUSER=$value") ;;
      password) env_vars+=("PGPASSWORD=$value") ;;
      database) env_vars+=("PGDATABASE=$value") ;;
    esac
  done
  env "${env_vars[@]}" psql -X -q -c "DROP SCHEMA IF EXISTS \"$PG_SCHEMA\" CASCADE" >/dev/null 2>&1 || true
}

cleanup() {
  stop_server
  drop_schema
  rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
if [[ ! -f "$TS/node_modules/.package-lock.json" || "$TS/package-lock.json" -nt "$TS/node_modules/.package-lock.json" ]]; then
  log "installing the TypeScript SDK (npm ci in $TS)"
  (cd "$TS" && npm ci --no-audit --no-fund >&2)
fi
log "building the dev server (Release)"
dotnet build "$ROOT/src/Temporal/DevServer/ContentFlows.Temporal.DevServer.csproj" -c Release -nologo -v quiet >&2

# Starts the dev server with the given arguments; sets SERVER_PID and ADDRESS.
start_server() {
  local out="$WORK/server-$1.log"
  shift
  dotnet "$DLL" --address 127.0.0.1:0 "$@" >"$out" 2>&1 &
  SERVER_PID=$!
  disown "$SERVER_PID" # no job-control chatter when it is stopped
  ADDRESS=""
  for _ in $(seq 1 600); do
    ADDRESS="$(grep -oE 'listening on http://[^[:space:]]+' "$out" | head -n 1 | sed 's#listening on http://##' || true)"
    [[ -n "$ADDRESS" ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$out" >&2; log "the dev server exited before listening"; return 1; }
    sleep 0.1
  done
  cat "$out" >&2
  log "the dev server did not report its address within 60 s"
  return 1
}

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
for store in $STORES; do
  case "$store" in
    memory)
      start_server memory --store memory
      ;;
    postgres)
      PG_CONNECTION="${CONTENTFLOWS_TEST_POSTGRES:-$("$ROOT/eng/postgres.sh" start | tail -n 1)}"
      PG_SCHEMA="bench_$(date +%s)_$$"
      start_server postgres --store postgres --postgres "$PG_CONNECTION" --postgres-schema "$PG_SCHEMA"
      ;;
    *)
      log "unknown store '$store' (memory or postgres)"; exit 2 ;;
  esac
  log "$store: dev server on $ADDRESS; running $N workflows, $CONCURRENCY in flight"
  if ! node "$HERE/bench.js" --address "$ADDRESS" --n "$N" --concurrency "$CONCURRENCY" --store "$store" --server-pid "$SERVER_PID" >>"$RESULTS"; then
    log "$store: the benchmark failed; dev server log tail:"
    tail -n 50 "$WORK/server-$store.log" >&2 || true
    exit 1
  fi
  stop_server
  if [[ "$store" == postgres ]]; then drop_schema; PG_SCHEMA=""; fi
done

node - "$RESULTS" <<'JS'
const fs = require('node:fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const aims = { memory: 100, postgres: 30 };
const header = ['store', 'workflows', 'in flight', 'failed', 'seconds', 'wf/s', 'p50 ms', 'p99 ms', 'server cpu s', 'worker cpu s', 'aim wf/s'];
const table = rows.map((r) => [r.store, r.completed, r.concurrency, r.failures, r.seconds, r.workflowsPerSecond, r.p50Ms, r.p99Ms,
  r.serverCpuSeconds ?? '-', r.workerCpuSeconds,
  aims[r.store] ? `${aims[r.store]} ${r.workflowsPerSecond >= aims[r.store] ? 'met' : 'MISSED'}` : '-']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
JS
