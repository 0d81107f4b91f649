#!/usr/bin/env bash
# Runs the local ContentFlows stack described by temporal-dev.yml: PostgreSQL, the Temporal-compatible dev
# server, the pipeline worker and the HTTP API; then a demo pipeline run on the offline generator (seed, start, approve,
# print the result). The stack keeps running afterwards; Ctrl+C stops it. Logs go to .data/logs.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${CONTENTFLOWS_STACK:-temporal-dev.yml}"
logs=.data/logs
mkdir -p "$logs"

# A flat read of the values the script itself needs; the services read the whole file.
yaml_value() { sed -n "/^$1:/,/^[^ #]/ s/^  $2: *\([^ #]*\).*/\1/p" "$config" | head -n 1; }
store="$(yaml_value devServer store)"
address="$(yaml_value devServer address)"
ui_address="$(yaml_value devServer uiAddress)"
api_address="$(yaml_value api address)"

# The worker decrypts project secrets with the key the API encrypts them with: the api section's local key,
# unless the environment already names one.
export ContentFlows__SecretsKey="${ContentFlows__SecretsKey:-$(yaml_value api secretsKey)}"

# Always needed: the worker keeps the app data there, whatever the dev server's store.
export CF_PG_PORT="$(yaml_value postgres port)"
eng/postgres.sh start >/dev/null
pg_data="$(eng/postgres.sh data)"
if [ -f "$pg_data/postmaster.pid" ]; then
  echo "PostgreSQL:  127.0.0.1:$CF_PG_PORT (data in $pg_data)"
else
  echo "PostgreSQL:  127.0.0.1:$CF_PG_PORT (another checkout's cluster, shared)"
fi

build() {
  echo "Building $1 ..."
  dotnet build "$1" -c Release -v quiet -nologo >"$logs/build.log" 2>&1 || { cat "$logs/build.log"; exit 1; }
}
build src/Temporal/DevServer
build src/Worker
build src/Api

pids=()
stop_stack() {
  trap - EXIT INT TERM
  # Background children of a script ignore Ctrl+C, so each is stopped here, newest first.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_stack EXIT
trap 'echo; echo "Stopping the stack ..."; exit 130' INT TERM

# Waits until a service's log shows it is ready; fails with the log's tail if it exits or takes too long.
wait_for_log() {
  local name="$1" pid="$2" log="$3" pattern="$4"
  for _ in $(seq 1 600); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$name not ready after 60 s; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

dotnet src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll --config "$config" >"$logs/dev-server.log" 2>&1 &
pids+=($!)
wait_for_log "The dev server" "$!" "$logs/dev-server.log" "listening on"
echo "Dev server:  $address  (namespace default; store: $store; log: $logs/dev-server.log)"
echo "History UI:  http://$ui_address"

worker=src/Worker/bin/Release/net10.0/ContentFlows.Worker.dll
dotnet "$worker" --config "$config" >"$logs/worker.log" 2>&1 &
pids+=($!)
wait_for_log "The worker" "$!" "$logs/worker.log" "Worker starting on task queue"
echo "Worker:      task queue $(yaml_value worker taskQueue)  (log: $logs/worker.log)"

api=src/Api/bin/Release/net10.0/ContentFlows.Api.dll
dotnet "$api" --config "$config" >"$logs/api.log" 2>&1 &
pids+=($!)
wait_for_log "The API" "$!" "$logs/api.log" "ContentFlows API listening on"
echo "API:         http://$api_address  (OpenAPI: http://$api_address/openapi/v1.json; log: $logs/api.log)"

echo
echo "Demo: one pipeline run on the offline generator"
if ! dotnet "$worker" demo --config "$config"; then
  echo "The demo failed; last lines of $logs/worker.log:" >&2
  tail -n 30 "$logs/worker.log" >&2
  exit 1
fi

# A fresh reviewer key for the demo project on every start (keys are stored hashed and cannot be shown again).
reviewer_key="$(dotnet "$api" create-key --config "$config" --project-slug acme-demo --name demo-reviewer --role reviewer 2>>"$logs/api.log")" \
  || { echo "Could not create the reviewer key; see $logs/api.log" >&2; exit 1; }
# One recurring pipeline (a Temporal Schedule, paused so the demo starts nothing by itself): weekly, Monday 09:00 Berlin.
editor_key="$(dotnet "$api" create-key --config "$config" --project-slug acme-demo --name demo-scheduler --role editor 2>>"$logs/api.log")" \
  || { echo "Could not create the editor key; see $logs/api.log" >&2; exit 1; }
definition_id="$(curl -fsS -H "Authorization: Bearer $editor_key" "http://$api_address/api/definitions" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d '"' -f 4)"
curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $editor_key" "http://$api_address/api/schedules/weekly-demo" 2>/dev/null || true
echo
echo "Schedule (GET http://$api_address/api/schedules; also in the history UI's schedules):"
curl -fsS -H "Authorization: Bearer $editor_key" -H 'Content-Type: application/json' "http://$api_address/api/schedules" -d "{
  \"name\": \"weekly-demo\", \"definitionId\": \"$definition_id\", \"cron\": \"0 9 * * 1\", \"timeZone\": \"Europe/Berlin\", \"paused\": true,
  \"note\": \"demo: POST /api/schedules/weekly-demo/unpause to start it\",
  \"brief\": {\"topic\": \"Acme home network news {date}\", \"audience\": \"busy families\", \"channel\": \"blog\", \"language\": \"en\", \"keywords\": [\"mesh wifi\"], \"sourceText\": \"\"}
}" || { echo "Could not create the demo schedule; see $logs/api.log" >&2; exit 1; }
echo
echo
echo "Reviewers' page: http://$api_address/review  (sign in with the demo project's reviewer key below)"
echo "Reviewer key:    $reviewer_key"
echo "Console:         http://$api_address/console  (projects, builder, runs, batches, costs, calendar; the editor key below)"
echo "Editor key:      $editor_key"
echo
echo "The stack keeps running: connect a Temporal SDK or worker to $address, browse http://$ui_address."
echo "Ctrl+C stops it."
wait -n "${pids[@]}"
echo "A service exited; see $logs. Stopping the stack." >&2
exit 1
