#!/usr/bin/env bash
# Runs every test of the solution: makes sure PostgreSQL runs (installing it on a fresh Debian
# machine), then `dotnet test`. Extra arguments go to dotnet test (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CONTENTFLOWS_TEST_POSTGRES:-}" ]; then
  CONTENTFLOWS_TEST_POSTGRES="$(eng/postgres.sh start | tail -n 1)"
  export CONTENTFLOWS_TEST_POSTGRES
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test ContentFlows.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
