# JuryDesk — the two commands of the README, and the steps they are made of.
#   make run    install missing tools, build a release, migrate ./data, serve :3000
#   make test   every test tier: domain, service (SQLite + PostgreSQL), HTTP, browser
#   make demo   the same app on ./demo-data filled with a demo contest (accounts printed)
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

# One target directory outside the clone, so repeated runs on a machine reuse the build.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/jurydesk/target
# The page asks for <name>_bg.wasm only when this is unset at compile time.
unexport LEPTOS_OUTPUT_NAME
# Every build erases component types: debug builds compile faster, and the release
# WebAssembly shrinks from 440 to 367 KB brotli (docs/benchmarks.md). Server and browser
# must agree on it, so it is one setting for both.
DEV_FLAGS := --cfg erase_components
export RUSTFLAGS := $(DEV_FLAGS)
WASM_TARGET := wasm32-unknown-unknown
WASM_OPT := tools/node_modules/.bin/wasm-opt
SITE_RELEASE := $(CARGO_TARGET_DIR)/site-release
SITE_DEBUG := $(CARGO_TARGET_DIR)/site-debug
BIN_RELEASE := $(CARGO_TARGET_DIR)/release/jurydesk
BIN_DEBUG := $(CARGO_TARGET_DIR)/debug/jurydesk
# Tests that found no PostgreSQL write a line here (see app/tests/common).
export JURYDESK_SKIPPED_LOG := $(CARGO_TARGET_DIR)/skipped-postgres-tiers.log
SKIPPED_LOG := $(JURYDESK_SKIPPED_LOG)

.PHONY: run demo test tools tools-test release debug-site test-rust test-e2e bench bench-entries bench-judging bench-ranking bench-public bench-api bench-results load crash admin

## Set up and start the app: release build, ./data created and migrated, http://127.0.0.1:3000
run: release
	mkdir -p data
	LEPTOS_SITE_ROOT=$(SITE_RELEASE) $(BIN_RELEASE) serve

## A demo on its own data directory (./demo-data, made afresh): a provincial contest with 60
## entries, nine judges and an account of each role, printed; then serve it. Larger:
## make demo ENTRIES=20000 JUDGES=1000 (the national round)
demo: release
	rm -rf demo-data
	JURYDESK_DATA_DIR=demo-data $(BIN_RELEASE) demo --entries $${ENTRIES:-60} --judges $${JUDGES:-9}
	JURYDESK_DATA_DIR=demo-data LEPTOS_SITE_ROOT=$(SITE_RELEASE) $(BIN_RELEASE) serve

## Every test tier, as CI runs it.
test: tools-test
	@start=$$(date +%s); rm -f $(SKIPPED_LOG); \
	$(MAKE) --no-print-directory test-rust; \
	$(MAKE) --no-print-directory debug-site; \
	$(MAKE) --no-print-directory test-e2e; \
	echo "make test: all tiers passed in $$(( $$(date +%s) - start )) s"; \
	if [ -s $(SKIPPED_LOG) ]; then \
	  echo "make test: PostgreSQL did not answer at 127.0.0.1:5432; $$(wc -l < $(SKIPPED_LOG)) tests ran on SQLite only (see $(SKIPPED_LOG))"; \
	else echo "make test: every database tier ran on SQLite and PostgreSQL"; fi

tools:
	scripts/tools.sh build

tools-test:
	scripts/tools.sh test

release: tools
	cargo build --release -p server
	cargo build --profile wasm-release -p app --lib --target $(WASM_TARGET) --no-default-features --features hydrate
	$(call site,$(SITE_RELEASE),$(CARGO_TARGET_DIR)/$(WASM_TARGET)/wasm-release/app.wasm)
	$(WASM_OPT) -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
	  $(SITE_RELEASE)/pkg/jurydesk_bg.wasm -o $(SITE_RELEASE)/pkg/jurydesk_bg.wasm
	scripts/site.sh $(SITE_RELEASE)

debug-site:
	cargo build -p app --lib --target $(WASM_TARGET) --no-default-features --features hydrate
	$(call site,$(SITE_DEBUG),$(CARGO_TARGET_DIR)/$(WASM_TARGET)/debug/app.wasm)
	scripts/site.sh $(SITE_DEBUG)

# $(call site,DIR,WASM): the browser files — wasm-bindgen output and the stylesheet
# (scripts/site.sh then hashes their names and compresses them).
define site
	rm -rf $(1)/pkg
	mkdir -p $(1)/pkg
	wasm-bindgen --target web --no-typescript --out-dir $(1)/pkg --out-name jurydesk $(2)
	cp style/main.css $(1)/pkg/jurydesk.css
endef

## Formatting and lints, then domain, service and HTTP tests (SQLite always; PostgreSQL when 127.0.0.1:5432 answers).
test-rust:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace --no-fail-fast

## Browser tests against the debug server, JavaScript off and on.
test-e2e:
	cargo build -p server
	end2end/run.sh $(BIN_DEBUG) $(SITE_DEBUG)

## Criterion benchmarks of the domain at national scale (see docs/benchmarks.md).
bench:
	cargo bench -p jurydesk-domain

## Entries at 2,000 and 20,000: list, filters, search, CSV, autosave (see docs/benchmarks.md).
bench-entries: release
	scripts/bench-entries.sh $(BIN_RELEASE) $(SITE_RELEASE)

bench-judging: release
	scripts/bench-judging.sh $(BIN_RELEASE) $(SITE_RELEASE)

## The ranking page and the round's CSVs at national scale (make bench-ranking ENTRIES=2000
## JUDGES=50 for a mid-size contest)
bench-ranking: release
	scripts/bench-ranking.sh $(BIN_RELEASE) $(SITE_RELEASE) $${ENTRIES:-20000} $${JUDGES:-1000}

## Published results: the public page, its JSON and a published file, on the demo's LS24 beside
## a mid-size LS25 (make bench-public ENTRIES=20000 JUDGES=1000 for the national one)
bench-public: release
	scripts/bench-public.sh $(BIN_RELEASE) $(SITE_RELEASE) $${ENTRIES:-2000} $${JUDGES:-50}

## The JSON API and the public results of a published mid-size round (docs/benchmarks.md, "JSON API")
bench-api: release
	scripts/bench-api.sh $(BIN_RELEASE) $(SITE_RELEASE) $${ENTRIES:-2000} $${JUDGES:-50}

## `jurydesk results` on the national round's files: time and peak memory (see docs/benchmarks.md).
bench-results: release
	scripts/bench-results.sh $(BIN_RELEASE)

## Load test of the release build on loopback (see docs/benchmarks.md).
load: release
	scripts/load.sh $(BIN_RELEASE) $(SITE_RELEASE)

## Crash test of the release build on SQLite: kill -9 under concurrent writes, 20 cycles (see docs/reliability.md).
crash: release
	python3 scripts/crash.py $(BIN_RELEASE) $(SITE_RELEASE) $${CYCLES:-20}

## Create an administrator: make admin EMAIL=you@example.org NAME="Your Name"
admin:
	$(BIN_RELEASE) create-admin --email "$(EMAIL)" --name "$(NAME)"
