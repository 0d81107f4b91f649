#!/usr/bin/env bash
# Runs the local ContentFlows stack described by temporal-dev.yml: PostgreSQL (when the dev server's
# store is postgres), then the Temporal-compatible dev server. Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${CONTENTFLOWS_STACK:-temporal-dev.yml}"

# A flat read of the two values the script itself needs; the services read the whole file.
yaml_value() { sed -n "/^$1:/,/^[^ #]/ s/^  $2: *\([^ #]*\).*/\1/p" "$config" | head -n 1; }
store="$(yaml_value devServer store)"
address="$(yaml_value devServer address)"
ui_address="$(yaml_value devServer uiAddress)"

if [ "$store" = "postgres" ]; then
  CF_PG_PORT="$(yaml_value postgres port)" eng/postgres.sh start >/dev/null
  echo "PostgreSQL:  127.0.0.1:$(yaml_value postgres port) (data in .data/postgres)"
fi

dotnet build src/Temporal/DevServer -c Release -v quiet -nologo >/dev/null
echo "Dev server:  $address  (namespace default; store: $store)"
echo "History UI:  http://$ui_address"
echo "Connect a Temporal SDK or worker to $address. Ctrl+C stops the stack."
exec dotnet src/Temporal/DevServer/bin/Release/net10.0/ContentFlows.Temporal.DevServer.dll --config "$config"
