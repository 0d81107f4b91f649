#!/usr/bin/env bash
# Console runs list: PostgreSQL (eng/postgres.sh) and the API (Release, its own process); 10,000 runs of one project
# stored with a priced LLM call each; then the console's runs page opened in headless chromium (Debian's, through
# Playwright) five times per view — the first page, a state filter, a text search, the 100th page — timed from
# navigation to the 50th row painted. Prints each view's median and fails when one is 1 s or more.
#
#   bench/console-runs/run.sh [RUNS] [REPEATS]        # default 10000 5
#
# Environment: CHROMIUM_PATH (default /usr/bin/chromium; `apt-get install chromium` if missing).
set -euo pipefail

RUNS="${1:-10000}"
REPEATS="${2:-5}"
[[ "$RUNS" =~ ^[0-9]+$ && "$REPEATS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [RUNS] [REPEATS]" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d)"
SCHEMA="bench_console_$(date +%s)"
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
log "starting PostgreSQL (eng/postgres.sh start)"
POSTGRES="$(bash eng/postgres.sh start | tail -n 1)"
log "building the API and the bench (Release)"
for project in src/Api bench/console-runs; do
  dotnet build "$project" -c Release -nologo -v quiet >&2
done

# shellcheck source=../Shared/api-process.sh
source "$ROOT/bench/Shared/api-process.sh"
# The runs list reads PostgreSQL only; the Temporal address is never dialled by it.
start_api "127.0.0.1:7233" "$POSTGRES" "$SCHEMA"

status=0
dotnet bench/console-runs/bin/Release/net10.0/ContentFlows.Bench.ConsoleRuns.dll \
  "http://127.0.0.1:$API_PORT" "$BOOTSTRAP" "$POSTGRES" "$SCHEMA" "$RUNS" "$REPEATS" || status=$?
keep_api_log console-runs "$status"
exit "$status"
