#!/usr/bin/env bash
# A round's results at scale, on a release build with SQLite (synchronous=FULL): `jurydesk demo
# --entries N --judges M` (the national round by default: every sheet started, nine in ten
# submitted), then against the server: the ranking page and its JSON with /healthz in the same
# run (wrk, one connection; the round is computed at most every 2 s), the round computed
# afresh (curl, five times), and the results and score-sheet CSVs (curl: first byte, whole
# download, size), with the server's memory before and after. Prints lines for
# docs/benchmarks.md.
# Usage: scripts/bench-ranking.sh [BINARY] [SITE_ROOT] [ENTRIES] [JUDGES]
set -euo pipefail
bin=${1:-$HOME/.cache/jurydesk/target/release/jurydesk}
site=${2:-$HOME/.cache/jurydesk/target/site-release}
entries=${3:-20000}
judges=${4:-1000}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
port=3452
base=http://127.0.0.1:$port
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F), database: sqlite (synchronous=FULL), $entries entries, $judges judges"
data=$(mktemp -d)
export JURYDESK_DATA_DIR=$data LEPTOS_SITE_ROOT=$site JURYDESK_LISTEN=127.0.0.1:$port JURYDESK_LOG=warn
export JURYDESK_PUBLIC_URL=$base JURYDESK_LANG=en
out=$("$bin" demo --entries "$entries" --judges "$judges")
password=$(sed -n 's/.*the password of all of them is: //p' <<<"$out")
"$bin" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
jar=$data/committee.jar
curl -fs -o /dev/null -b "$jar" -c "$jar" -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' \
  --data-urlencode "email=committee1@demo.jurydesk.vn" --data-urlencode "password=$password" "$base/api/sign_in"
committee="Cookie: $(awk '$6 == "jurydesk_session" {print $6 "=" $7}' "$jar")"
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status"; }
round=/contests/LS25/rounds/1
sheets=$(sqlite3 "$data/jurydesk.db" "select count(*) from sheets where state = 'submitted'" 2>/dev/null || echo '?')
echo "submitted sheets: $sheets; server memory after start: $(rss) MB"
for i in 1 2 3 4 5; do
  curl -fs -o /dev/null -w "ranking computed afresh (?fresh=1), whole page: %{time_total} s\n" \
    -H "$committee" "$base$round/ranking?fresh=1"
done
echo "server memory with the round computed: $(rss) MB"
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
measure "ranking page (page 1)" "$round/ranking" -H "$committee"
measure "ranking page, page 200" "$round/ranking?page=200" -H "$committee"
first=$(curl -fs -H "$committee" -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' \
  --data 'code=LS25&position=1' "$base/api/round_ranking" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["rows"][0]["code"])')
measure "ranking page with an explanation" "$round/ranking?explain=$first" -H "$committee"
printf 'wrk.method = "POST"\nwrk.body = "code=LS25&position=1"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n' >"$data/post.lua"
measure "ranking JSON (/api/round_ranking)" /api/round_ranking -H "$committee" -H 'Accept: application/json' \
  -H 'Sec-Fetch-Site: same-origin' -s "$data/post.lua"
for file in results.csv sheets.csv; do
  for i in 1 2 3; do
    before=$(rss)
    curl -fs -o "$data/$file" -H "$committee" \
      -w "$file: first byte %{time_starttransfer} s, whole %{time_total} s, %{size_download} bytes" "$base$round/$file"
    echo ", server memory $before → $(rss) MB"
  done
done
echo "lines in sheets.csv: $(wc -l < "$data/sheets.csv")"
