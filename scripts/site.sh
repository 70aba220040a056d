#!/usr/bin/env bash
# Finishes the browser files in DIR/pkg (jurydesk.js, jurydesk_bg.wasm, jurydesk.css as
# wasm-bindgen and the stylesheet left them): names them after a hash of their content,
# writes that name into pkg/ASSET_NAME for the server, and puts gzip and brotli copies
# beside each, so they can be served compressed and cached for a year.
#   scripts/site.sh DIR
set -euo pipefail
pkg=$1/pkg
cd "$pkg"
hash=$(cat jurydesk.js jurydesk_bg.wasm jurydesk.css | sha256sum | cut -c1-16)
name=jurydesk.$hash
mv jurydesk.js "$name.js"
mv jurydesk_bg.wasm "${name}_bg.wasm"
mv jurydesk.css "$name.css"
for f in "$name.js" "${name}_bg.wasm" "$name.css"; do
  gzip -9 -k -f "$f"
  if command -v brotli >/dev/null; then brotli -q 11 -k -f "$f"; fi
done
printf '%s\n' "$name" > ASSET_NAME
echo "browser files: $pkg/$name.{js,_bg.wasm,css}"
