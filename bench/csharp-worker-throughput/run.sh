#!/usr/bin/env bash
# C# worker throughput vs the official TypeScript worker: the same workload (N workflows of three no-op
# activities, at most CONCURRENCY in flight) against the dev server (memory store), once with the TS worker
# (bench/devserver-throughput/bench.js) and once with the C# worker (this folder), each on a fresh server.
# Prints both rows and the C# / TS ratio of workflows per second.
#
#   bench/csharp-worker-throughput/run.sh [N]       # default 1000
#
# Environment: CONCURRENCY (default 100).
set -euo pipefail

N="${1:-1000}"
CONCURRENCY="${CONCURRENCY:-100}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: $0 [N]  (N = number of workflows, default 1000)" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TS="$ROOT/tests/Temporal/Interop/ts"
SERVER_DLL="$ROOT/src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll"
BENCH_DLL="$HERE/bin/Release/net10.0/ContentFlows.Bench.CSharpWorker.dll"
WORK="$(mktemp -d)"
SERVER_PID=""

log() { echo "bench: $*" >&2; }

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT

# Starts a dev server (memory store) on a free port; sets SERVER_PID and ADDRESS.
start_server() {
  local out="$WORK/server-$1.log"
  dotnet "$SERVER_DLL" --address 127.0.0.1:0 --store memory >"$out" 2>&1 &
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

cd "$ROOT"
if [[ ! -f "$TS/node_modules/.package-lock.json" || "$TS/package-lock.json" -nt "$TS/node_modules/.package-lock.json" ]]; then
  log "installing the TypeScript SDK (npm ci in $TS)"
  (cd "$TS" && npm ci --no-audit --no-fund >&2)
fi
log "building the dev server and the C# bench worker (Release)"
dotnet build "$ROOT/src/Temporal/DevServer/ContentFlows.Temporal.DevServer.csproj" -c Release -nologo -v quiet >&2
dotnet build "$HERE/ContentFlows.Bench.CSharpWorker.csproj" -c Release -nologo -v quiet >&2

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"

start_server ts
log "TypeScript worker: dev server on $ADDRESS; $N workflows, $CONCURRENCY in flight"
node "$ROOT/bench/devserver-throughput/bench.js" --address "$ADDRESS" --n "$N" --concurrency "$CONCURRENCY" --store memory --server-pid "$SERVER_PID" \
  | sed 's/^{/{"worker":"typescript",/' >>"$RESULTS"
stop_server

start_server cs
log "C# worker: dev server on $ADDRESS; $N workflows, $CONCURRENCY in flight"
dotnet "$BENCH_DLL" --address "$ADDRESS" --n "$N" --concurrency "$CONCURRENCY" --server-pid "$SERVER_PID" >>"$RESULTS"
stop_server

node - "$RESULTS" <<'JS'
const fs = require('node:fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const header = ['worker', 'workflows', 'in flight', 'failed', 'seconds', 'wf/s', 'p50 ms', 'p99 ms', 'server cpu s', 'worker+client cpu s'];
const table = rows.map((r) => [r.worker, r.completed, r.concurrency, r.failures, r.seconds, r.workflowsPerSecond, r.p50Ms, r.p99Ms,
  r.serverCpuSeconds ?? '-', r.workerCpuSeconds]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
const ts = rows.find((r) => r.worker === 'typescript');
const cs = rows.find((r) => r.worker === 'csharp');
if (ts && cs) {
  console.log(`\nC# / TypeScript worker throughput: ${(cs.workflowsPerSecond / ts.workflowsPerSecond).toFixed(2)}x ` +
    `(${cs.workflowsPerSecond} vs ${ts.workflowsPerSecond} workflows/s; p50 ${cs.p50Ms} vs ${ts.p50Ms} ms)`);
}
JS
