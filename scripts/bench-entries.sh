#!/usr/bin/env bash
# Entries at scale, on a release build with SQLite (synchronous=FULL): for 2,000 and 20,000
# entries (`jurydesk demo --entries N`), wrk measures the committee's list, a filtered list and
# a search against /healthz in the same run (p50 and p99 from wrk --latency); curl times the
# entries CSV and `ps` reads the server's memory before and after it; a paced client saves a
# draft 50 times a second (scripts/autosave.py). Prints a table for docs/benchmarks.md.
# Usage: scripts/bench-entries.sh [BINARY] [SITE_ROOT]
set -euo pipefail
bin=${1:-$HOME/.cache/jurydesk/target/release/jurydesk}
site=${2:-$HOME/.cache/jurydesk/target/site-release}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
port=3450
base=http://127.0.0.1:$port
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F), database: sqlite (synchronous=FULL)"
for n in 2000 20000; do
  data=$(mktemp -d)
  export JURYDESK_DATA_DIR=$data LEPTOS_SITE_ROOT=$site JURYDESK_LISTEN=127.0.0.1:$port JURYDESK_LOG=warn
  export JURYDESK_PUBLIC_URL=$base JURYDESK_LANG=en
  out=$("$bin" demo --entries "$n")
  password=$(sed -n 's/.*the password of all of them is: //p' <<<"$out")
  "$bin" serve >"$data/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  jar=$data/cookies
  curl -fs -o /dev/null -b "$jar" -c "$jar" -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' \
    --data-urlencode email=committee1@demo.jurydesk.vn --data-urlencode "password=$password" "$base/api/sign_in"
  session="Cookie: $(awk '$6 == "jurydesk_session" {print $6 "=" $7}' "$jar")"
  echo "== $n entries"
  # One connection gives a request's own latency (p50, p99); eight give the throughput the
  # two cores sustain, shared with wrk.
  measure() { # measure NAME PATH [HEADER...]
    local name=$1 path=$2 one eight
    shift 2
    one=$(wrk -t1 -c1 -d5s --latency -H 'Accept-Language: vi' "$@" "$base$path")
    eight=$(wrk -t2 -c8 -d5s -H 'Accept-Language: vi' "$@" "$base$path")
    local rps p50 p99 bad
    rps=$(sed -n 's/^Requests\/sec: *//p' <<<"$eight")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$one")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$one")
    bad=$(cat <(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$one") <(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$eight") | awk '{s+=$1} END {print s+0}')
    printf '%-40s p50 %8s  p99 %8s (1 connection)  %9s req/s (8)  errors %s\n' "$name" "$p50" "$p99" "$rps" "$bad"
  }
  measure "GET /healthz" /healthz
  measure "entries list (page 1, by code)" /contests/LS25/entries -H "$session"
  measure "entries list, page 30" "/contests/LS25/entries?page=30" -H "$session"
  measure "filtered (submitted, category NN)" "/contests/LS25/entries?status=submitted&category=NN" -H "$session"
  measure "search 'nong san' (no accents)" "/contests/LS25/entries?q=nong+san" -H "$session"
  measure "sorted by title" "/contests/LS25/entries?sort=title" -H "$session"
  before=$(ps -o rss= -p $server)
  csv=$(curl -fs -o "$data/entries.csv" -w '%{time_starttransfer} %{time_total}' -H "$session" "$base/contests/LS25/entries.csv")
  after=$(ps -o rss= -p $server)
  rows=$(( $(wc -l <"$data/entries.csv") - 1 ))
  printf '%-44s %s rows  first byte %ss  total %ss  server memory %s -> %s KiB (+%s)\n' \
    "entries CSV" "$rows" ${csv% *} ${csv#* } "$before" "$after" $(( after - before ))
  python3 "$here/autosave.py" "$base" "founder1@demo.jurydesk.vn" "$password" 50 10
  kill $server; wait $server 2>/dev/null || true
  panics=$(grep -c 'panicked' "$data/server.log" || true)
  echo "panics in the server log: $panics"
  rm -rf "$data"
done
