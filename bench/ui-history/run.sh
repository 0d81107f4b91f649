#!/usr/bin/env bash
# History UI benchmark: starts a dev server (in process), builds a run of 10,000 events by playing
# the worker over gRPC with the official SDK's raw calls (activities with retries, timers, markers),
# opens it in headless chromium (Debian's, via Playwright) and prints the time to the page's first
# full render. Aim: < 2 s.
#
#   bench/ui-history/run.sh [EVENTS=10000] [RUNS=5]
#
# Environment: CHROMIUM_PATH (default /usr/bin/chromium; `apt-get install chromium` if missing).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null || { echo "bench: no chromium; apt-get install -y chromium" >&2; exit 2; }
echo "bench: building (Release)" >&2
dotnet build "$HERE/UiHistoryBench.csproj" -c Release -nologo -v quiet >&2
dotnet "$HERE/bin/Release/net10.0/UiHistoryBench.dll" "${1:-10000}" "${2:-5}"
