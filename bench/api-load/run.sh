#!/usr/bin/env bash
# API load: PostgreSQL (eng/postgres.sh), the dev server (memory store), the pipeline worker and the API, all Release
# builds in their own processes; then 200 concurrent clients start runs (Idempotency-Key) and approve the runs that
# wait for them, for 60 s. Prints requests/s, p50/p99 latency per endpoint and counts by status, then checks: no
# error other than 429, every created run stored once, every accepted approval audited once and its run published.
#
#   bench/api-load/run.sh [CLIENTS] [SECONDS]        # default 200 60
#
# Environment: KEYS (API keys the clients share, default 20), PERMITS_PER_SECOND / BURST (the API's per-key rate
# limit, default 50 / 100, the appsettings defaults), WORKER_POOL / API_POOL (PostgreSQL connections, 25 / 20).
set -euo pipefail

CLIENTS="${1:-200}"
SECONDS_TO_RUN="${2:-60}"
KEYS="${KEYS:-20}"
[[ "$CLIENTS" =~ ^[0-9]+$ && "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || { echo "usage: $0 [CLIENTS] [SECONDS]" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d)"
SCHEMA="bench_api_$(date +%s)"
pids=()

log() { echo "bench: $*" >&2; }

cleanup() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "${POSTGRES:-}" ]]; then
    psql "postgresql://contentflows:contentflows@127.0.0.1:${CF_PG_PORT:-5433}/contentflows" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits for a line in a service's log; fails with the log's tail if the service exits or takes longer than 60 s.
wait_for_log() {
  local name="$1" pid="$2" log="$3" pattern="$4"
  for _ in $(seq 1 600); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "$name exited:"; tail -n 30 "$log" >&2; exit 1; }
    sleep 0.1
  done
  log "$name not ready after 60 s:"; tail -n 30 "$log" >&2; exit 1
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cd "$ROOT"
log "starting PostgreSQL (eng/postgres.sh start)"
POSTGRES="$(bash eng/postgres.sh start | tail -n 1)"

log "building the dev server, the worker, the API and the bench client (Release)"
for project in src/Temporal/DevServer src/Worker src/Api bench/api-load; do
  dotnet build "$project" -c Release -nologo -v quiet >&2
done

dotnet src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll --address 127.0.0.1:0 --store memory --ui-address off >"$WORK/dev-server.log" 2>&1 &
pids+=($!)
wait_for_log "The dev server" "$!" "$WORK/dev-server.log" "listening on http://"
TEMPORAL="$(grep -oE 'listening on http://[^[:space:]]+' "$WORK/dev-server.log" | head -n 1 | sed 's#listening on http://##')"

# The worker and the API share the schema, the task queue and the secrets key, through environment variables.
export ContentFlows__TemporalAddress="$TEMPORAL"
# PostgreSQL here allows 100 connections for everything on the machine: bounded pools make requests wait for a
# connection instead of failing when the load would open more.
export ContentFlows__PostgresConnectionString="$POSTGRES;Maximum Pool Size=${WORKER_POOL:-25}"
export ContentFlows__DatabaseSchema="$SCHEMA"
export ContentFlows__TaskQueue="api-load"
export ContentFlows__PublishDirectory="$WORK/published"
export ContentFlows__SecretsKey="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
export ContentFlows__BootstrapAdminKey="bench-bootstrap-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
export ContentFlows__RateLimit__PermitsPerSecond="${PERMITS_PER_SECOND:-50}"
export ContentFlows__RateLimit__Burst="${BURST:-100}"

dotnet src/Worker/bin/Release/net10.0/ContentFlows.Worker.dll >"$WORK/worker.log" 2>&1 &
pids+=($!)
wait_for_log "The worker" "$!" "$WORK/worker.log" "Worker starting on task queue"

API_PORT="$(free_port)"
ContentFlows__PostgresConnectionString="$POSTGRES;Maximum Pool Size=${API_POOL:-20}" \
  dotnet src/Api/bin/Release/net10.0/ContentFlows.Api.dll --urls "http://127.0.0.1:$API_PORT" >"$WORK/api.log" 2>&1 &
pids+=($!)
wait_for_log "The API" "$!" "$WORK/api.log" "ContentFlows API listening on"
log "dev server $TEMPORAL, API http://127.0.0.1:$API_PORT, schema $SCHEMA; $CLIENTS clients × $SECONDS_TO_RUN s over $KEYS keys, limit ${ContentFlows__RateLimit__PermitsPerSecond}/s burst ${ContentFlows__RateLimit__Burst} per key"

status=0
dotnet bench/api-load/bin/Release/net10.0/ContentFlows.Bench.ApiLoad.dll \
  --api "http://127.0.0.1:$API_PORT" --bootstrap-key "$ContentFlows__BootstrapAdminKey" --postgres "$POSTGRES" --schema "$SCHEMA" \
  --clients "$CLIENTS" --seconds "$SECONDS_TO_RUN" --keys "$KEYS" || status=$?
# The services' logs outlive the run, for a look at whatever went wrong.
mkdir -p .data/logs/api-load
cp "$WORK"/*.log .data/logs/api-load/
if grep -q " ERR\]\| FTL\]" "$WORK/api.log" "$WORK/worker.log"; then
  log "errors in the API or worker log (all in .data/logs/api-load); the first:"
  grep -h -m 1 -A 15 " ERR\]\| FTL\]" "$WORK/api.log" "$WORK/worker.log" | head -n 30 >&2
fi
exit "$status"
