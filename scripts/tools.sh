#!/usr/bin/env bash
# Installs what building and testing JuryDesk needs, skipping whatever is already present.
# Only package registries are used (crates.io, npm, Debian); nothing downloads a binary
# from anywhere else.
#   scripts/tools.sh build   wasm target, wasm-bindgen-cli, binaryen (wasm-opt) from npm
#   scripts/tools.sh test    the above, plus Chromium and Playwright for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io"
  # Its published lockfile names a webpki-roots release the registry no longer serves:
  # install from the crate source with that one entry moved back a patch release.
  cargo info "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" >/dev/null 2>&1 || true
  src=$(ls -d "$HOME"/.cargo/registry/src/*/wasm-bindgen-cli-"$WASM_BINDGEN_VERSION" 2>/dev/null | head -n1)
  if [ -z "$src" ]; then
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
  else
    tmp=$(mktemp -d)
    cp -r "$src" "$tmp/wbg"
    (cd "$tmp/wbg" && cargo update -p webpki-roots --precise 1.0.10 >/dev/null 2>&1 || true)
    cargo install --path "$tmp/wbg" --locked
    rm -rf "$tmp"
  fi
fi

if ! command -v brotli >/dev/null; then
  say "installing Debian's brotli (precompressed browser files)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq brotli >/dev/null
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  say "installing binaryen (wasm-opt) from npm"
  (cd tools && npm ci --no-audit --no-fund)
fi

if [ "${1:-build}" = "test" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  fi
  if [ ! -d end2end/node_modules/@playwright/test ]; then
    say "installing Playwright (without its browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi
