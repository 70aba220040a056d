#!/usr/bin/env bash
# `jurydesk results` on the national round's files (issue 11): scripts/national-files.py writes
# the round of domain/benches/scoring.rs as round.toml, entries.csv and sheets.csv (20,000
# entries, 1,000 judges, 60,000 sheets, 360,000 score rows); the release binary replays it five
# times and GNU time reports each run's wall time and peak memory. Prints lines for
# docs/benchmarks.md. Usage: scripts/bench-results.sh [BINARY]
set -euo pipefail
bin=${1:-$HOME/.cache/jurydesk/target/release/jurydesk}
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$(dirname "$0")/national-files.py" "$dir"
echo "sheets.csv: $(du -k "$dir/sheets.csv" | cut -f1) KiB, $(($(wc -l <"$dir/sheets.csv") - 1)) score rows"
for run in 1 2 3 4 5; do
  /usr/bin/time -f "run $run: %e s wall, %U s user, %M KiB peak" \
    "$bin" results --rules "$dir/round.toml" --sheets "$dir/sheets.csv" \
    --entries "$dir/entries.csv" --out "$dir/results.csv" --lang en >/dev/null
done 2>&1
echo "digest: $(sed -n 2p "$dir/results.csv" | awk -F, '{print $NF}')"
