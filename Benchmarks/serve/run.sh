#!/usr/bin/env bash
# The server's benchmarks (README, Performance, "The park's server"): wrk on loopback against a
# release build of `greenpark serve`.
#   Benchmarks/serve/run.sh ingest   [seconds]   batch ingest, 10,000-reading CSV batches
#   Benchmarks/serve/run.sh summary  [seconds]   GET a member's monthly summary (300 members)
# Prints wrk's figures and the server's RSS every 10 s (memory over the run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
G="${GREENPARK:-$root/.build-release/release/greenpark}"
what="${1:-summary}"; seconds="${2:-60}"
dir="$(mktemp -d /tmp/greenpark-serve-bench.XXXXXX)"
cd "$dir"
members=300; [ "$what" = ingest ] && members=1000
python3 "$here/park.py" "$members" > park.yaml
"$G" init --park park.yaml > /dev/null
if [ "$what" = summary ]; then
  python3 "$here/readings.py" "$members" 2023-06 > june.csv
  "$G" import --park park.yaml june.csv | tail -1
fi
token="$("$G" users add --park park.yaml --role operator | tail -1)"
"$G" serve --park park.yaml --port 18181 --rate-limit 1000000 --log-level warning > serve.out 2> serve.err &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
sleep 1
(while kill -0 $server 2>/dev/null; do
   echo "rss $(($(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024)) MiB at $(date +%T)"; sleep 10
 done) &
sampler=$!
if [ "$what" = ingest ]; then
  TOKEN="$token" METERS=$members wrk -t2 -c4 -d"${seconds}s" --timeout 30s -s "$here/ingest.lua" http://127.0.0.1:18181
  ls -la park.sqlite* | awk '{print $5, $9}'
  # What was stored, not only sent: every batch is new, so a replay (200) would show here.
  echo "stored batches: $(sqlite3 park.sqlite 'SELECT count(*) FROM import') of 10,000 readings each"
else
  # Warm the month once, then measure.
  curl -s -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:18181/v1/members/m0001/summary?month=2023-06"
  TOKEN="$token" MEMBERS=$members wrk -t2 -c"${CONNECTIONS:-16}" -d"${seconds}s" --latency -s "$here/summary.lua" \
    http://127.0.0.1:18181
fi
kill $sampler 2>/dev/null || true
