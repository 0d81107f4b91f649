# Sourced by the benches that drive the API in a process of its own (console-runs, console-batch, batch-export); run
# from the repository root with `pids` (an array), `log` and WORK (a scratch folder) defined.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_api TEMPORAL_ADDRESS POSTGRES SCHEMA: starts the API's Release build on a free port with a fresh secrets key and
# bootstrap admin key, waits until it listens (60 s at most); sets API_PORT, API_PID and BOOTSTRAP.
start_api() {
  API_PORT="$(free_port)"
  BOOTSTRAP="bench-bootstrap-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  ContentFlows__TemporalAddress="$1" \
  ContentFlows__PostgresConnectionString="$2" \
  ContentFlows__DatabaseSchema="$3" \
  ContentFlows__SecretsKey="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')" \
  ContentFlows__BootstrapAdminKey="$BOOTSTRAP" \
    dotnet src/Api/bin/Release/net10.0/ContentFlows.Api.dll --urls "http://127.0.0.1:$API_PORT" >"$WORK/api.log" 2>&1 &
  API_PID=$!
  pids+=("$API_PID")
  for _ in $(seq 1 600); do
    grep -q "ContentFlows API listening on" "$WORK/api.log" 2>/dev/null && return 0
    kill -0 "$API_PID" 2>/dev/null || { log "the API exited:"; tail -n 30 "$WORK/api.log" >&2; exit 1; }
    sleep 0.1
  done
  log "the API is not ready after 60 s"
  tail -n 30 "$WORK/api.log" >&2
  exit 1
}

# keep_api_log NAME STATUS: keeps the API's log in .data/logs/NAME (it outlives the run, for a look at whatever went
# wrong) and, when STATUS is not 0, prints its first error.
keep_api_log() {
  mkdir -p ".data/logs/$1"
  cp "$WORK/api.log" ".data/logs/$1/"
  if [[ "$2" -ne 0 ]] && grep -q " ERR\]\| FTL\]\|fail:" "$WORK/api.log"; then
    log "errors in the API log (.data/logs/$1/api.log); the first:"
    grep -h -m 1 -A 15 " ERR\]\| FTL\]\|fail:" "$WORK/api.log" | head -n 30 >&2
  fi
}
