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

API_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BOOTSTRAP="bench-bootstrap-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
# The runs list reads PostgreSQL only; the Temporal address is never dialled by it.
ContentFlows__TemporalAddress="127.0.0.1:7233" \
ContentFlows__PostgresConnectionString="$POSTGRES" \
ContentFlows__DatabaseSchema="$SCHEMA" \
ContentFlows__SecretsKey="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')" \
ContentFlows__BootstrapAdminKey="$BOOTSTRAP" \
  dotnet src/Api/bin/Release/net10.0/ContentFlows.Api.dll --urls "http://127.0.0.1:$API_PORT" >"$WORK/api.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  grep -q "ContentFlows API listening on" "$WORK/api.log" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { log "the API exited:"; tail -n 30 "$WORK/api.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "ContentFlows API listening on" "$WORK/api.log" || { log "the API is not ready after 60 s"; tail -n 30 "$WORK/api.log" >&2; exit 1; }

status=0
dotnet bench/console-runs/bin/Release/net10.0/ContentFlows.Bench.ConsoleRuns.dll \
  "http://127.0.0.1:$API_PORT" "$BOOTSTRAP" "$POSTGRES" "$SCHEMA" "$RUNS" "$REPEATS" || status=$?
# The API's log outlives the run, for a look at whatever went wrong.
mkdir -p .data/logs/console-runs
cp "$WORK/api.log" .data/logs/console-runs/
if [[ "$status" -ne 0 ]] && grep -q " ERR\]\| FTL\]\|fail:" "$WORK/api.log"; then
  log "errors in the API log (.data/logs/console-runs/api.log); the first:"
  grep -h -m 1 -A 15 " ERR\]\| FTL\]\|fail:" "$WORK/api.log" | head -n 30 >&2
fi
exit "$status"
