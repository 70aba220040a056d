#!/usr/bin/env bash
# The JSON API and the public results at mid-size, on a release build with SQLite
# (synchronous=FULL): `jurydesk demo --entries N --judges M` (2,000 and 50 by default: 6,000
# sheets of 4 criteria, nine in ten submitted), then the committee takes LS25's first round to
# published results over HTTP as it would in the browser (scripts/publish-round.py: accept
# every open discrepancy flag with a note, send on every entry tied at the cutoff, finalise,
# publish with scores and files), makes an API token, and wrk measures, each with /healthz in
# the same run (one connection): the public results JSON, a page of the published round's
# entries, the public results page, and a page of the round's ranking with the token; curl
# times the round's sheets through the API. Prints lines for docs/benchmarks.md.
# Usage: scripts/bench-api.sh [BINARY] [SITE_ROOT] [ENTRIES] [JUDGES]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$HOME/.cache/jurydesk/target/release/jurydesk}
site=${2:-$HOME/.cache/jurydesk/target/site-release}
entries=${3:-2000}
judges=${4:-50}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
port=3453
base=http://127.0.0.1:$port
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u '+%F %H:%M UTC'), database: sqlite (synchronous=FULL), $entries entries, $judges judges"
data=$(mktemp -d)
export JURYDESK_DATA_DIR=$data LEPTOS_SITE_ROOT=$site JURYDESK_LISTEN=127.0.0.1:$port JURYDESK_LOG=warn
export JURYDESK_PUBLIC_URL=$base JURYDESK_LANG=en
out=$("$bin" demo --entries "$entries" --judges "$judges")
password=$(sed -n 's/.*the password of all of them is: //p' <<<"$out")
"$bin" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
token=$(python3 scripts/publish-round.py "$base" committee1@demo.jurydesk.vn "$password" LS25 1)
measure() { # measure NAME PATH [HEADER...]
  local name=$1 path=$2 one
  shift 2
  one=$(wrk -t1 -c1 -d5s --latency -H 'Accept-Language: vi' "$@" "$base$path")
  local p50 p99 bad
  p50=$(awk '$1 == "50%" {print $2}' <<<"$one")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$one")
  bad=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$one" | awk '{s+=$1} END {print s+0}')
  printf '%-58s p50 %8s  p99 %8s (1 connection)  errors %s\n' "$name" "$p50" "$p99" "$bad"
}
measure "GET /healthz" /healthz
measure "public results JSON (/api/v1/contests/LS25/results)" /api/v1/contests/LS25/results
measure "a page of the round's entries (limit 100)" "/api/v1/contests/LS25/rounds/1/entries?limit=100"
measure "the public results page (/contests/LS25/results)" /contests/LS25/results
measure "a page of the ranking with the token (limit 100)" "/api/v1/contests/LS25/rounds/1/ranking?limit=100" \
  -H "Authorization: Bearer $token"
measure "GET /healthz (again)" /healthz
for i in 1 2 3; do
  curl -fs -o "$data/sheets.csv" -H "Authorization: Bearer $token" \
    -w "sheets.csv through the API: first byte %{time_starttransfer} s, whole %{time_total} s, %{size_download} bytes\n" \
    "$base/api/v1/contests/LS25/rounds/1/sheets.csv"
done
listed=$(curl -fs "$base/api/v1/contests/LS25/results" | python3 -c 'import json, sys; r = json.load(sys.stdin)["rounds"][0]; print(r["listed"], "listed of", r["ranked"], "ranked")')
echo "published round 1: $listed; errors in the server's log: $(grep -c ' ERROR ' "$data/server.log" || true)"
