#!/usr/bin/env bash
# Starts a JuryDesk server on a fresh data directory, creates the administrator the specs
# sign in as, runs the Playwright specs with JavaScript off and on, and stops the server.
# Usage: end2end/run.sh BINARY SITE_ROOT [PLAYWRIGHT ARGS…]  (e.g. a spec file to run alone)
set -euo pipefail
bin=$1 site=$2
here=$(cd "$(dirname "$0")" && pwd)
port=${E2E_PORT:-3100}
data=$(mktemp -d)
export JURYDESK_DATA_DIR=$data LEPTOS_SITE_ROOT=$site JURYDESK_LISTEN=127.0.0.1:$port
export JURYDESK_PUBLIC_URL=http://127.0.0.1:$port JURYDESK_LOG=warn
# The specs stand for many visitors: each persona names its own address in X-Forwarded-For,
# as a reverse proxy would, so the per-address limits meet one visitor each.
export JURYDESK_TRUSTED_PROXIES=127.0.0.1
export E2E_PORT=$port E2E_ADMIN_EMAIL=admin@e2e.test E2E_ADMIN_PASSWORD='quản-trị-e2e-2026'
unset DATABASE_URL

"$bin" migrate >/dev/null
printf '%s\n' "$E2E_ADMIN_PASSWORD" | "$bin" create-admin --email "$E2E_ADMIN_EMAIL" --name "Quản trị viên" --password-stdin >/dev/null
"$bin" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
cd "$here"
status=0
npx playwright test "${@:3}" || status=$?
if [ $status -ne 0 ]; then
  echo "---- server log ----"; tail -n 50 "$data/server.log"
fi
exit $status
