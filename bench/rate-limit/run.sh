#!/usr/bin/env bash
# Rate limit: one BatchWorkflow over N dataset items (generate → quality-gates) whose generate stage calls a local
# OpenAI-compatible fake with 60 ms latency that enforces 4,000 requests/min (429 + Retry-After above it). The worker
# (in the bench process, with the PostgreSQL-backed limiter at 4,000 rpm) and the dev server (memory store, its own
# process) run at full concurrency. Prints the achieved request rate as a fraction of the limit and the 429s.
#
#   bench/rate-limit/run.sh [N]       # default 5000 (about 75 s at 4,000/min)
#
# Environment: IN_FLIGHT (children in flight, default 200), RPM (default 4000), LATENCY_MS (default 60).
set -euo pipefail

N="${1:-5000}"
IN_FLIGHT="${IN_FLIGHT:-200}"
RPM="${RPM:-4000}"
LATENCY_MS="${LATENCY_MS:-60}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: $0 [N]  (N = number of items, default 5000)" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SERVER_DLL="$ROOT/src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll"
BENCH_DLL="$HERE/bin/Release/net10.0/ContentFlows.Bench.RateLimit.dll"
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
dotnet build "$HERE/ContentFlows.Bench.RateLimit.csproj" -c Release -nologo -v quiet >&2

dotnet "$SERVER_DLL" --address 127.0.0.1:0 --store memory --ui-address off >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ADDRESS=""
for _ in $(seq 1 600); do
  ADDRESS="$(grep -oE 'listening on http://[^[:space:]]+' "$WORK/server.log" | head -n 1 | sed 's#listening on http://##' || true)"
  [[ -n "$ADDRESS" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; log "the dev server exited before listening"; exit 1; }
  sleep 0.1
done
[[ -n "$ADDRESS" ]] || { cat "$WORK/server.log" >&2; log "the dev server did not report its address within 60 s"; exit 1; }

log "dev server on $ADDRESS; $N items, $IN_FLIGHT in flight, limit $RPM/min, latency $LATENCY_MS ms"
RESULT="$(dotnet "$BENCH_DLL" --address "$ADDRESS" --postgres "$POSTGRES" --n "$N" --in-flight "$IN_FLIGHT" --rpm "$RPM" --latency-ms "$LATENCY_MS" | tail -n 1)"
echo "$RESULT"
python3 - "$RESULT" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"\n{r['items']} items ({r['completed']} completed, {r['needsReview']} for review, {r['failed']} failed) in {r['seconds']} s; "
      f"steady state {r['steadySeconds']} s at {r['steadyRequestsPerMinute']} requests/min = "
      f"{r['fractionOfLimit'] * 100:.1f}% of the {r['limitPerMinute']}/min limit; {r['rejected429']} answered 429 "
      f"of {r['acceptedRequests'] + r['rejected429']} requests")
PY
