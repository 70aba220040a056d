#!/usr/bin/env bash
# Judging at national scale, on a release build with SQLite (synchronous=FULL): `jurydesk demo
# --entries 20000 --judges 1000` assigns the screening round (k = 3) through the services and
# prints how long the preview and applying took; then, against the server, curl times the
# committee's preview of a fresh plan ("plan afresh", everything read from the database) five
# times; wrk measures the judge's workspace, a sheet page, the assignment page and the
# progress dashboard with /healthz in the same run (the dashboard also while 200 saves a
# second go in); scripts/bench-sheets.py measures sheet saves at 200 per second and flat
# out. Prints lines for docs/benchmarks.md.
# Usage: scripts/bench-judging.sh [BINARY] [SITE_ROOT] [ENTRIES] [JUDGES]
set -euo pipefail
bin=${1:-$HOME/.cache/jurydesk/target/release/jurydesk}
site=${2:-$HOME/.cache/jurydesk/target/site-release}
entries=${3:-20000}
judges=${4:-1000}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
port=3451
base=http://127.0.0.1:$port
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F), database: sqlite (synchronous=FULL)"
data=$(mktemp -d)
export JURYDESK_DATA_DIR=$data LEPTOS_SITE_ROOT=$site JURYDESK_LISTEN=127.0.0.1:$port JURYDESK_LOG=warn
export JURYDESK_PUBLIC_URL=$base JURYDESK_LANG=en
started=$(date +%s.%N)
out=$("$bin" demo --entries "$entries" --judges "$judges")
echo "demo: $(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $started}") s"
grep -i 'screening round' <<<"$out"
password=$(sed -n 's/.*the password of all of them is: //p' <<<"$out")
"$bin" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
session_of() { # session_of EMAIL: the session cookie header of EMAIL signed in
  local jar=$data/$1.jar
  curl -fs -o /dev/null -b "$jar" -c "$jar" -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' \
    --data-urlencode "email=$1" --data-urlencode "password=$password" "$base/api/sign_in"
  echo "Cookie: $(awk '$6 == "jurydesk_session" {print $6 "=" $7}' "$jar")"
}
committee=$(session_of committee1@demo.jurydesk.vn)
judge=$(session_of judge1@jury.demo.jurydesk.vn)
for i in 1 2 3 4 5; do
  curl -fs -o /dev/null -w "preview (plan afresh) from the database over HTTP: %{time_total} s\n" \
    -H "$committee" -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' \
    --data 'code=LS25&position=1&mode=replan' "$base/api/preview_assignment"
done
measure() { # measure NAME PATH [HEADER...]
  local name=$1 path=$2 one
  shift 2
  one=$(wrk -t1 -c1 -d5s --latency -H 'Accept-Language: vi' "$@" "$base$path")
  local p50 p99 bad
  p50=$(awk '$1 == "50%" {print $2}' <<<"$one")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$one")
  bad=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$one" | awk '{s+=$1} END {print s+0}')
  printf '%-44s p50 %8s  p99 %8s (1 connection)  errors %s\n' "$name" "$p50" "$p99" "$bad"
}
measure "GET /healthz" /healthz
measure "judge's workspace (/judging)" /judging -H "$judge"
measure "assignment page (round 1, page 1)" /contests/LS25/rounds/1/assignment -H "$committee"
measure "assignment page, page 200" "/contests/LS25/rounds/1/assignment?page=200" -H "$committee"
entry=$(curl -fs -H "$judge" -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' -X POST "$base/api/judge_workspace" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["rounds"][0]["entries"][0]["code"])')
measure "a sheet page (/judging/LS25/rounds/1/$entry)" "/judging/LS25/rounds/1/$entry" -H "$judge"
measure "progress dashboard (round 1)" /contests/LS25/rounds/1/progress -H "$committee"
for _ in 1 2 3; do # each after the 2 s its counts are reused: counted afresh
  sleep 2.1
  curl -fs -o /dev/null -w "progress dashboard, counted afresh: %{time_total} s\n" -H "$committee" \
    "$base/contests/LS25/rounds/1/progress"
done
# The dashboard while a judge's autosave sends 200 saves a second (counted at most every 2 s).
"$(dirname "$0")/bench-sheets.py" "$base" "$judge" 200 7 >"$data/saving.txt" &
saving=$!
sleep 1
measure "progress, while 200 saves/s" /contests/LS25/rounds/1/progress -H "$committee"
wait $saving
measure "discrepancy queue (round 1)" /contests/LS25/rounds/1/discrepancies -H "$committee"
"$(dirname "$0")/bench-sheets.py" "$base" "$judge" 200 10
panics=$(grep -c 'panicked' "$data/server.log" || true)
echo "panics in the server log: $panics"
