#!/usr/bin/env bash
# Load test of a release build on loopback with wrk (Debian's package): starts a server on a
# fresh data directory, creates an administrator and 200 contests, then measures the public
# contest list, a contest page and the health check. Bounded: 15 s per URL, 2 threads,
# 32 connections. Usage: scripts/load.sh [BINARY] [SITE_ROOT]
set -euo pipefail
bin=${1:-$HOME/.cache/jurydesk/target/release/jurydesk}
site=${2:-$HOME/.cache/jurydesk/target/site-release}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
port=3400
data=$(mktemp -d)
export JURYDESK_DATA_DIR=$data LEPTOS_SITE_ROOT=$site JURYDESK_LISTEN=127.0.0.1:$port JURYDESK_LOG=warn
unset DATABASE_URL
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
for i in $(seq 1 200); do
  post --data-urlencode "contest[code]=LOAD-$i" \
    --data-urlencode "contest[name_vi]=Cuộc thi Ý tưởng khởi nghiệp số $i" \
    --data-urlencode "contest[name_en]=Startup Idea Contest no. $i" \
    --data-urlencode "contest[description_vi]=Thể lệ cuộc thi số $i." \
    --data-urlencode "contest[description_en]=Rules of contest $i." \
    --data-urlencode "contest[time_zone]=Asia/Ho_Chi_Minh" "$base/api/create_contest"
done

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F)"
for path in /contests /contests/LOAD-100 /healthz; do
  echo "== GET $path"
  wrk -t2 -c32 -d15s -H 'Accept-Language: vi' "$base$path" | grep -E 'Requests/sec|Latency|requests in|Non-2xx'
done
