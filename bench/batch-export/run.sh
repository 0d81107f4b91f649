#!/usr/bin/env bash
# Batch export: PostgreSQL and the API (Release, its own process); two finished batches (ITEMS/10 and ITEMS items, one
# language) stored straight in the tables with ~2 KB of generated content and three dataset columns per item; then
# each exported through GET /api/batches/{id}/results as CSV and as JSONL, read by a client that keeps nothing.
# Prints rows/s and the API process's peak RSS (sampled from /proc every 10 ms) per export, and fails when the larger
# export's peak is 64 MB or more above the smaller's (memory must stay flat: the export streams).
#
#   bench/batch-export/run.sh [ITEMS]        # default 100000
#
# Environment: CONTENTFLOWS_TEST_POSTGRES (a connection string; default: eng/postgres.sh start).
set -euo pipefail

ITEMS="${1:-100000}"
[[ "$ITEMS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [ITEMS]" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d)"
SCHEMA="bench_export_$(date +%s)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
pids=()
log() { echo "bench: $*" >&2; }

cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [[ -n "${POSTGRES:-}" ]]; then
    dotnet "$HERE/bin/Release/net10.0/ContentFlows.Bench.BatchExport.dll" --drop-schema "$POSTGRES" "$SCHEMA" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
if [[ -n "${CONTENTFLOWS_TEST_POSTGRES:-}" ]]; then
  POSTGRES="$CONTENTFLOWS_TEST_POSTGRES"
else
  log "starting PostgreSQL (eng/postgres.sh start)"
  POSTGRES="$(bash eng/postgres.sh start | tail -n 1)"
fi
log "building the API and the bench (Release)"
for project in src/Api bench/batch-export; do
  dotnet build "$project" -c Release -nologo -v quiet >&2
done

API_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BOOTSTRAP="bench-bootstrap-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
# The export reads PostgreSQL only; the Temporal address is never dialled by it.
ContentFlows__TemporalAddress="127.0.0.1:7233" \
ContentFlows__PostgresConnectionString="$POSTGRES" \
ContentFlows__DatabaseSchema="$SCHEMA" \
ContentFlows__SecretsKey="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')" \
ContentFlows__BootstrapAdminKey="$BOOTSTRAP" \
  dotnet src/Api/bin/Release/net10.0/ContentFlows.Api.dll --urls "http://127.0.0.1:$API_PORT" >"$WORK/api.log" 2>&1 &
API_PID=$!
pids+=("$API_PID")
for _ in $(seq 1 600); do
  grep -q "ContentFlows API listening on" "$WORK/api.log" 2>/dev/null && break
  kill -0 "$API_PID" 2>/dev/null || { log "the API exited:"; tail -n 30 "$WORK/api.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "ContentFlows API listening on" "$WORK/api.log" || { log "the API is not ready after 60 s"; tail -n 30 "$WORK/api.log" >&2; exit 1; }

status=0
dotnet bench/batch-export/bin/Release/net10.0/ContentFlows.Bench.BatchExport.dll \
  "http://127.0.0.1:$API_PORT" "$API_PID" "$BOOTSTRAP" "$POSTGRES" "$SCHEMA" "$ITEMS" || status=$?
# The API's log outlives the run, for a look at whatever went wrong.
mkdir -p .data/logs/batch-export
cp "$WORK/api.log" .data/logs/batch-export/
if [[ "$status" -ne 0 ]] && grep -q " ERR\]\| FTL\]\|fail:" "$WORK/api.log"; then
  log "errors in the API log (.data/logs/batch-export/api.log); the first:"
  grep -h -m 1 -A 15 " ERR\]\| FTL\]\|fail:" "$WORK/api.log" | head -n 30 >&2
fi
exit "$status"
