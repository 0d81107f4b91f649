#!/usr/bin/env bash
# Sticky history: one workflow of N sequential no-op activities on the official .NET worker against the dev server
# (memory store, its own process). Prints events and bytes the server sent per workflow task and the server's CPU
# per workflow task over the first and the last tenth of the workflow, and the total wall time. With stickiness
# both stay flat as history grows; --cache 0 (no worker cache, so no stickiness) shows the quadratic contrast.
#
#   bench/sticky-history/run.sh [N] [--cache K]      # default N 2000, K 10000
set -euo pipefail

N="${1:-2000}"
shift || true
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 1 ]] || { echo "usage: $0 [N] [--cache K]  (N = activities, default 2000)" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
echo "bench: building (Release)" >&2
dotnet build "$HERE/ContentFlows.Bench.StickyHistory.csproj" -c Release -nologo -v quiet >&2
dotnet "$HERE/bin/Release/net10.0/ContentFlows.Bench.StickyHistory.dll" --n "$N" "$@"
