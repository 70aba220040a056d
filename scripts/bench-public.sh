#!/usr/bin/env bash
# Published results on a release build with SQLite (synchronous=FULL): `jurydesk demo
# --entries N --judges M` (which also makes last year's contest LS24, published), then with
# wrk (one connection, 5 s each) /healthz, the public results page of LS24, its data as JSON
# (the `public_results` server function the page reads), a published round's file, and the
# public page of LS25, not published, beside them. Prints lines for docs/benchmarks.md.
# Usage: scripts/bench-public.sh [BINARY] [SITE_ROOT] [ENTRIES] [JUDGES]
set -euo pipefail
bin=${1:-$HOME/.cache/jurydesk/target/release/jurydesk}
site=${2:-$HOME/.cache/jurydesk/target/site-release}
entries=${3:-2000}
judges=${4:-50}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
port=3453
base=http://127.0.0.1:$port
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F), database: sqlite (synchronous=FULL), LS25 with $entries entries and $judges judges beside LS24"
data=$(mktemp -d)
export JURYDESK_DATA_DIR=$data LEPTOS_SITE_ROOT=$site JURYDESK_LISTEN=127.0.0.1:$port JURYDESK_LOG=warn
export JURYDESK_PUBLIC_URL=$base JURYDESK_LANG=en
"$bin" demo --entries "$entries" --judges "$judges" >/dev/null
"$bin" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
measure() { # measure NAME PATH [WRK ARGS...]
  local name=$1 path=$2 one
  shift 2
  one=$(wrk -t1 -c1 -d5s --latency -H 'Accept-Language: vi' "$@" "$base$path")
  local p50 p99 bad rps
  p50=$(awk '$1 == "50%" {print $2}' <<<"$one")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$one")
  rps=$(awk '$1 == "Requests/sec:" {print $2}' <<<"$one")
  bad=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$one" | awk '{s+=$1} END {print s+0}')
  printf '%-44s p50 %8s  p99 %8s  %8s req/s (1 connection)  errors %s\n' "$name" "$p50" "$p99" "$rps" "$bad"
}
# Warm: the published rounds are replayed from their kept files once.
curl -fs -o /dev/null "$base/contests/LS24/results"
measure "GET /healthz" /healthz
measure "public results page, LS24" /contests/LS24/results
printf 'wrk.method = "POST"\nwrk.body = "code=LS24"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n' >"$data/post.lua"
measure "public results JSON (/api/public_results)" /api/public_results -H 'Accept: application/json' \
  -H 'Sec-Fetch-Site: same-origin' -s "$data/post.lua"
measure "published sheets.csv, LS24 final" /contests/LS24/rounds/2/published/sheets.csv
measure "public results page, LS25 (none published)" /contests/LS25/results
