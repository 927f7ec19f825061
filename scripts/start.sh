#!/usr/bin/env bash
# Starts the whole platform on one machine with embedded defaults and demo traffic:
# the analyzer (embedded ClickHouse, API, dashboard), the simulator writing an nginx JSON access
# log (a day of history, then live traffic) and a collector tailing that log over HTTP.
# Ctrl-C stops everything. Data lives in .data/demo (delete it to start afresh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

port="${GATEWATCH_PORT:-8080}"
demo=.data/demo
mkdir -p "$demo"
# Tokens persist across restarts of the demo so a logged-in browser stays logged in.
for name in admin-token ingest-token hmac-key; do
  [ -s "$demo/$name" ] || node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("base64url"))' >"$demo/$name"
done
export GATEWATCH_ADMIN_TOKEN="$(cat "$demo/admin-token")"
export GATEWATCH_INGEST_TOKEN="$(cat "$demo/ingest-token")"
export GATEWATCH_HMAC_KEY="$(cat "$demo/hmac-key")"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

log="$demo/access.log"
if [ ! -s "$log" ]; then
  echo "[start] writing 24 hours of simulated history to $log"
  node simulator/bin/gatewatch-simulator.js --format nginx-json --seed 7 --count 60000 \
    --start "$(date -u -d '24 hours ago' +%Y-%m-%dT%H:%M:%SZ)" --end "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --out "$log"
fi

node analyzer/bin/gatewatch-analyzer.js --port "$port" --data-dir "$demo/clickhouse" >"$demo/analyzer.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "[start] the analyzer stopped; see $demo/analyzer.log" >&2; tail -20 "$demo/analyzer.log" >&2; exit 1; }
  sleep 0.5
done

# Live traffic at about the busy-hour rate of the history, so the chart has no cliff.
node simulator/bin/gatewatch-simulator.js --format nginx-json --seed 8 --rate 1 --out "$log" >"$demo/simulator.log" 2>&1 &
pids+=($!)
node collector/bin/gatewatch-collector.js --input "$log" --format nginx-json --sink "http://127.0.0.1:$port" \
  --state-dir "$demo/collector" --collector-id demo-collector --service demo >"$demo/collector.log" 2>&1 &
pids+=($!)

cat <<MSG

  Gatewatch is running.
    dashboard:   http://127.0.0.1:$port/
    log in with: $GATEWATCH_ADMIN_TOKEN   (also in $demo/admin-token)
    logs:        $demo/{analyzer,collector,simulator}.log

  Press Ctrl-C to stop.
MSG
wait
