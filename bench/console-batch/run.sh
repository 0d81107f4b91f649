#!/usr/bin/env bash
# Console batch page: PostgreSQL (eng/postgres.sh), the dev server (in memory) and the API (Release, their own
# processes); a batch of 20,000 items of one project stored with 15,000 results (completed, failed, needs review); then
# the console's batch page opened in headless chromium (Debian's, through Playwright) five times per view — the first
# page of units, the failed ones, the unfinished ones, the last page — timed from navigation to the progress and the
# page's last unit row painted. Prints each view's median and fails when one is 1 s or more.
#
#   bench/console-batch/run.sh [ITEMS] [REPEATS]        # default 20000 5
#
# Environment: CHROMIUM_PATH (default /usr/bin/chromium; `apt-get install chromium` if missing).
set -euo pipefail

ITEMS="${1:-20000}"
REPEATS="${2:-5}"
[[ "$ITEMS" =~ ^[0-9]+$ && "$REPEATS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [ITEMS] [REPEATS]" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d)"
SCHEMA="bench_console_batch_$(date +%s)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
pids=()
log() { echo "bench: $*" >&2; }
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null || { log "no chromium; apt-get install -y chromium"; exit 2; }

cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [[ -n "${POSTGRES:-}" ]]; then
    psql "postgresql://contentflows:contentflows@127.0.0.1:${CF_PG_PORT:-5433}/contentflows" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
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
log "building the dev server, the API and the bench (Release)"
for project in src/Temporal/DevServer src/Api bench/console-batch; do
  dotnet build "$project" -c Release -nologo -v quiet >&2
done

# shellcheck source=../Shared/api-process.sh
source "$ROOT/bench/Shared/api-process.sh"
# The batch page asks the workflow server for the batch's progress; this one knows no such workflow and says so at once.
TEMPORAL_PORT="$(free_port)"
dotnet src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll --address "127.0.0.1:$TEMPORAL_PORT" --ui-address off >"$WORK/devserver.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  grep -q "listening on" "$WORK/devserver.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "listening on" "$WORK/devserver.log" || { log "the dev server is not ready after 60 s"; tail -n 30 "$WORK/devserver.log" >&2; exit 1; }

start_api "127.0.0.1:$TEMPORAL_PORT" "$POSTGRES" "$SCHEMA"

status=0
dotnet bench/console-batch/bin/Release/net10.0/ContentFlows.Bench.ConsoleBatch.dll \
  "http://127.0.0.1:$API_PORT" "$BOOTSTRAP" "$POSTGRES" "$SCHEMA" "$ITEMS" "$REPEATS" || status=$?
keep_api_log console-batch "$status"
exit "$status"
