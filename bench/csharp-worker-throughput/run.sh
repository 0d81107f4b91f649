#!/usr/bin/env bash
# Official .NET worker vs official TypeScript worker throughput, in one run: the same workload (N workflows of three
# no-op activities, at most CONCURRENCY in flight) against the dev server on each store (memory, PostgreSQL), once with
# the TS worker (bench/devserver-throughput/bench.js) and once with the .NET worker (Temporalio, this folder), each on a
# fresh server. Prints one row per store and worker and the .NET / TS ratio per store.
#
#   bench/csharp-worker-throughput/run.sh [N]       # default 1000
#
# Each worker first runs WARMUP workflows (default 300) that are not measured: both runtimes JIT-compile their hot
# paths during the first few hundred, and the numbers are meant to show steady throughput, not start-up.
# Environment: CONCURRENCY (default 100), WARMUP (default 300), STORES (default "memory postgres"),
# CONTENTFLOWS_TEST_POSTGRES (Npgsql connection string; default: the one `eng/postgres.sh start` prints).
set -euo pipefail

N="${1:-1000}"
CONCURRENCY="${CONCURRENCY:-100}"
WARMUP="${WARMUP:-300}"
STORES="${STORES:-memory postgres}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: $0 [N]  (N = number of workflows, default 1000)" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TS="$ROOT/tests/Temporal/Interop/ts"
SERVER_DLL="$ROOT/src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll"
BENCH_DLL="$HERE/bin/Release/net10.0/ContentFlows.Bench.CSharpWorker.dll"
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
  PG_SCHEMA=""
}

cleanup() {
  stop_server
  drop_schema
  rm -rf "$WORK"
}
trap cleanup EXIT

# Starts a dev server on a free port for store $1 (label $2); sets SERVER_PID and ADDRESS.
start_server() {
  local store="$1" out="$WORK/server-$2.log"
  local -a store_args=(--store "$store")
  if [[ "$store" == postgres ]]; then
    PG_CONNECTION="${PG_CONNECTION:-${CONTENTFLOWS_TEST_POSTGRES:-$("$ROOT/eng/postgres.sh" start | tail -n 1)}}"
    PG_SCHEMA="bench_$(date +%s)_$$"
    store_args+=(--postgres "$PG_CONNECTION" --postgres-schema "$PG_SCHEMA")
  fi
  dotnet "$SERVER_DLL" --address 127.0.0.1:0 "${store_args[@]}" >"$out" 2>&1 &
  SERVER_PID=$!
  disown "$SERVER_PID"
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

# Runs worker $2 (typescript or dotnet) against a fresh dev server on store $1; appends its JSON row to RESULTS.
run_worker() {
  local store="$1" worker="$2"
  start_server "$store" "$store-$worker"
  log "$store / $worker worker: dev server on $ADDRESS; $N workflows, $CONCURRENCY in flight"
  local -a command
  if [[ "$worker" == typescript ]]; then
    command=(node "$ROOT/bench/devserver-throughput/bench.js")
  else
    command=(dotnet "$BENCH_DLL")
  fi
  if ! "${command[@]}" --address "$ADDRESS" --n "$N" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --store "$store" --server-pid "$SERVER_PID" \
    | sed "s/^{/{\"worker\":\"$worker\",/" >>"$RESULTS"; then
    log "$store / $worker: the benchmark failed; dev server log tail:"
    tail -n 50 "$WORK/server-$store-$worker.log" >&2 || true
    exit 1
  fi
  stop_server
  drop_schema
}

cd "$ROOT"
if [[ ! -f "$TS/node_modules/.package-lock.json" || "$TS/package-lock.json" -nt "$TS/node_modules/.package-lock.json" ]]; then
  log "installing the TypeScript SDK (npm ci in $TS)"
  (cd "$TS" && npm ci --no-audit --no-fund >&2)
fi
log "building the dev server and the .NET bench worker (Release)"
dotnet build "$ROOT/src/Temporal/DevServer/ContentFlows.Temporal.DevServer.csproj" -c Release -nologo -v quiet >&2
dotnet build "$HERE/ContentFlows.Bench.CSharpWorker.csproj" -c Release -nologo -v quiet >&2

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
for store in $STORES; do
  case "$store" in
    memory|postgres) ;;
    *) log "unknown store '$store' (memory or postgres)"; exit 2 ;;
  esac
  run_worker "$store" typescript
  run_worker "$store" dotnet
done

node - "$RESULTS" <<'JS'
const fs = require('node:fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const header = ['store', 'worker', 'workflows', 'in flight', 'failed', 'seconds', 'wf/s', 'p50 ms', 'p99 ms', 'server cpu s', 'worker+client cpu s'];
const table = rows.map((r) => [r.store, r.worker, r.completed, r.concurrency, r.failures, r.seconds, r.workflowsPerSecond, r.p50Ms, r.p99Ms,
  r.serverCpuSeconds ?? '-', r.workerCpuSeconds]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
console.log('');
for (const store of [...new Set(rows.map((r) => r.store))]) {
  const ts = rows.find((r) => r.store === store && r.worker === 'typescript');
  const dotnet = rows.find((r) => r.store === store && r.worker === 'dotnet');
  if (ts && dotnet) {
    console.log(`${store}: .NET / TypeScript worker throughput ${(dotnet.workflowsPerSecond / ts.workflowsPerSecond).toFixed(2)}x ` +
      `(${dotnet.workflowsPerSecond} vs ${ts.workflowsPerSecond} wf/s; p50 ${dotnet.p50Ms} vs ${ts.p50Ms} ms; p99 ${dotnet.p99Ms} vs ${ts.p99Ms} ms)`);
  }
}
JS
