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

# shellcheck source=../Shared/api-process.sh
source "$ROOT/bench/Shared/api-process.sh"
# The export reads PostgreSQL only; the Temporal address is never dialled by it.
start_api "127.0.0.1:7233" "$POSTGRES" "$SCHEMA"

status=0
dotnet bench/batch-export/bin/Release/net10.0/ContentFlows.Bench.BatchExport.dll \
  "http://127.0.0.1:$API_PORT" "$API_PID" "$BOOTSTRAP" "$POSTGRES" "$SCHEMA" "$ITEMS" || status=$?
keep_api_log batch-export "$status"
exit "$status"
