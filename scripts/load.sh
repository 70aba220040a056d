#!/usr/bin/env bash
# Load test of a release build on loopback with wrk (Debian's package): starts a server on a
# fresh data directory, creates an administrator and 200 contests, then measures the public
# pages anonymously and signed in (a contest's results page among them), the JSON API's
# contests and a contest's results, the administration page and the health check. Bounded: 15 s per URL, 2 threads, 32 connections. Counts every
# error (socket errors, answers that are not 2xx or 3xx, panics in the log) and exits
# non-zero when there is one.
# Usage: scripts/load.sh [BINARY] [SITE_ROOT]   (DATABASE_URL=postgres://… for PostgreSQL)
set -euo pipefail
bin=${1:-$HOME/.cache/jurydesk/target/release/jurydesk}
site=${2:-$HOME/.cache/jurydesk/target/site-release}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
port=3400
data=$(mktemp -d)
export JURYDESK_DATA_DIR=$data LEPTOS_SITE_ROOT=$site JURYDESK_LISTEN=127.0.0.1:$port JURYDESK_LOG=warn
base=http://127.0.0.1:$port
"$bin" migrate >/dev/null
printf 'load-test-password-2026\n' | "$bin" create-admin --email load@example.test --name Load --password-stdin >/dev/null
"$bin" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

jar=$data/cookies
post() { curl -fs -o /dev/null -b "$jar" -c "$jar" -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' "$@"; }
post --data-urlencode email=load@example.test --data-urlencode password=load-test-password-2026 "$base/api/sign_in"
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/contests/LOAD-200")" != 200 ]; then
  for i in $(seq 1 200); do
    post --data-urlencode "contest[code]=LOAD-$i" \
      --data-urlencode "contest[name_vi]=Cuộc thi Ý tưởng khởi nghiệp số $i" \
      --data-urlencode "contest[name_en]=Startup Idea Contest no. $i" \
      --data-urlencode "contest[description_vi]=Thể lệ cuộc thi số $i." \
      --data-urlencode "contest[description_en]=Rules of contest $i." \
      --data-urlencode "contest[time_zone]=Asia/Ho_Chi_Minh" "$base/api/create_contest"
  done
fi
session="Cookie: $(awk '$6 == "jurydesk_session" {print $6 "=" $7}' "$jar")"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F), database: ${DATABASE_URL:-sqlite}"
errors=0
run() { # run NAME PATH [HEADER]
  local name=$1 path=$2 out
  shift 2
  out=$(wrk -t2 -c32 -d15s -H 'Accept-Language: vi' "$@" "$base$path")
  local rps latency socket non2xx
  rps=$(sed -n 's/^Requests\/sec: *//p' <<<"$out")
  latency=$(awk '/^ *Latency/ {print $2; exit}' <<<"$out")
  socket=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' <<<"$out" | awk '{print $1+$2+$3+$4}')
  non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$out")
  local bad=$(( ${socket:-0} + ${non2xx:-0} ))
  errors=$(( errors + bad ))
  printf '%-28s %10s req/s  mean latency %8s  errors %s\n' "$name" "$rps" "$latency" "$bad"
}
run "GET /contests" /contests
run "GET /contests (signed in)" /contests -H "$session"
run "GET /" /
run "GET /contests/LOAD-100" /contests/LOAD-100
run "GET /contests/LOAD-100/results" /contests/LOAD-100/results
run "GET /api/v1/contests" "/api/v1/contests?limit=100"
run "GET /api/v1/…/LOAD-100/results" /api/v1/contests/LOAD-100/results
run "GET /admin (administrator)" /admin -H "$session"
run "GET /healthz" /healthz
panics=$(grep -c 'panicked' "$data/server.log" || true)
errors=$(( errors + panics ))
echo "panics in the server log: $panics"
echo "errors: $errors"
[ "$errors" -eq 0 ]
