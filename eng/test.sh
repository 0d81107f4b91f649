#!/usr/bin/env bash
# Runs every test of the solution: makes sure PostgreSQL runs (installing it on a fresh Debian
# machine), then `dotnet test`, then the pipeline/batch/API suites once more on the dev server's PostgreSQL store. Extra arguments go to dotnet test (e.g. --filter).
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

# The pipeline, batch, API and browser suites again with the dev server on its PostgreSQL store: both stores must
# carry the product (the first pass ran them on the memory store).
for project in tests/Activities tests/Api; do
  [ "$status" -eq 0 ] || break
  echo "== $project with the dev server on PostgreSQL"
  CONTENTFLOWS_TEST_DEVSERVER_STORE=postgres dotnet test "$project" -c Release --no-build "$@" 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
done
set -e

# One closing line over all test assemblies.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
