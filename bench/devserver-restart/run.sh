#!/usr/bin/env bash
# Dev server restart: N closed runs (default 100,000) in a fresh PostgreSQL schema, filled directly by binary COPY
# in the layout the server writes; then the server is restarted on it R times (default 3). Prints the restart time
# (process spawn to "listening on") and resident memory (VmRSS at ready, VmHWM peak), and the cost of reading a
# closed run back and counting all of them.
#
#   bench/devserver-restart/run.sh [N] [--restarts R]
#
# Environment: CONTENTFLOWS_TEST_POSTGRES (default: what `eng/postgres.sh start` prints); DEVSERVER_DLL to measure
# another build of the dev server (e.g. an older commit's, for comparison).
set -euo pipefail

N="${1:-100000}"
shift || true
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: $0 [N] [--restarts R]  (N = closed runs, default 100000)" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PG="${CONTENTFLOWS_TEST_POSTGRES:-$("$ROOT/eng/postgres.sh" start | tail -n 1)}"
DLL="${DEVSERVER_DLL:-$ROOT/src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll}"
echo "bench: building (Release)" >&2
if [[ -z "${DEVSERVER_DLL:-}" ]]; then
  dotnet build "$ROOT/src/Temporal/DevServer/ContentFlows.Temporal.DevServer.csproj" -c Release -nologo -v quiet >&2
fi
dotnet build "$HERE/ContentFlows.Bench.DevServerRestart.csproj" -c Release -nologo -v quiet >&2
dotnet "$HERE/bin/Release/net10.0/ContentFlows.Bench.DevServerRestart.dll" --n "$N" --dll "$DLL" --postgres "$PG" "$@"
