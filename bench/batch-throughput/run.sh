#!/usr/bin/env bash
# Batch throughput: one BatchWorkflow over N dataset items (generate → quality-gates on the offline generator, zero
# LLM latency), the worker in the bench process, the dev server (memory store) in another, PostgreSQL from
# eng/postgres.sh (or CONTENTFLOWS_TEST_POSTGRES). Prints items/sec, the worker's peak memory and the longest
# history of any run of the batch's continue-as-new chain.
#
#   bench/batch-throughput/run.sh [N]       # default 20000
#
# Environment: IN_FLIGHT (children in flight, default 200).
set -euo pipefail

N="${1:-20000}"
IN_FLIGHT="${IN_FLIGHT:-200}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: $0 [N]  (N = number of items, default 20000)" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SERVER_DLL="$ROOT/src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll"
BENCH_DLL="$HERE/bin/Release/net10.0/ContentFlows.Bench.Batch.dll"
WORK="$(mktemp -d)"
SERVER_PID=""

log() { echo "bench: $*" >&2; }

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
POSTGRES="${CONTENTFLOWS_TEST_POSTGRES:-}"
if [[ -z "$POSTGRES" ]]; then
  log "starting PostgreSQL (eng/postgres.sh start)"
  POSTGRES="$(bash "$ROOT/eng/postgres.sh" start | tail -n 1)"
fi

log "building the dev server and the bench (Release)"
dotnet build "$ROOT/src/Temporal/DevServer/ContentFlows.Temporal.DevServer.csproj" -c Release -nologo -v quiet >&2
dotnet build "$HERE/ContentFlows.Bench.Batch.csproj" -c Release -nologo -v quiet >&2

dotnet "$SERVER_DLL" --address 127.0.0.1:0 --store memory >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ADDRESS=""
for _ in $(seq 1 600); do
  ADDRESS="$(grep -oE 'listening on http://[^[:space:]]+' "$WORK/server.log" | head -n 1 | sed 's#listening on http://##' || true)"
  [[ -n "$ADDRESS" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; log "the dev server exited before listening"; exit 1; }
  sleep 0.1
done
[[ -n "$ADDRESS" ]] || { cat "$WORK/server.log" >&2; log "the dev server did not report its address within 60 s"; exit 1; }

log "dev server on $ADDRESS; $N items, $IN_FLIGHT in flight"
RESULT="$(dotnet "$BENCH_DLL" --address "$ADDRESS" --postgres "$POSTGRES" --n "$N" --in-flight "$IN_FLIGHT" | tail -n 1)"
echo "$RESULT"
python3 - "$RESULT" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"\n{r['items']} items ({r['completed']} completed, {r['failed']} failed) in {r['seconds']} s: "
      f"{r['itemsPerSecond']} items/s; peak worker memory {r['peakWorkerMemoryMb']} MB; "
      f"{r['runs']} runs, longest history {r['longestHistory']} events")
PY
