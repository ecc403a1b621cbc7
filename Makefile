# Backstop's two commands: `make run` (install what is missing, build, serve) and `make test`
# (everything CI checks). Tools come only from crates.io, npm and Debian: never a prebuilt download.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)

ADDR ?= 127.0.0.1:8080
TRUNK_VERSION := 0.21.14
WASM_OPT_VERSION := 0.116.1
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, byte for byte.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/[^0-9.]/, ""); print }' Cargo.lock)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test tools wasm-target trunk wasm-bindgen wasm-opt page server fmt clippy unit e2e chromium e2e-deps bundle-size validate-exports load-test

## run: install missing tools, build the page and the server in release mode, serve on $(ADDR)
run: page server
	./target/release/backstop serve --addr $(ADDR) --dist dist

## test: formatting, lints (host and wasm32), unit and corpus tests, the release page, browser tests
test: tools fmt clippy unit page server validate-exports e2e

tools: wasm-target trunk wasm-bindgen wasm-opt

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

trunk:
	@trunk --version 2>/dev/null | grep -qx 'trunk $(TRUNK_VERSION)' || cargo install trunk --version $(TRUNK_VERSION) --locked

# Without --locked: wasm-bindgen-cli's own lockfile names a crate version the registry lacks.
wasm-bindgen:
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' || cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION)

# Debian's binaryen is too old (its output crashes at load); the crate builds binaryen 116.
wasm-opt:
	@wasm-opt --version 2>/dev/null | grep -q 'version 116' || cargo install wasm-opt --version $(WASM_OPT_VERSION) --locked

page: tools
	trunk build --release

server:
	cargo build --release -p server

fmt:
	cargo fmt --all --check

clippy: wasm-target
	cargo clippy -p policy -p server -- -D warnings
	cargo clippy -p app -p policy --target wasm32-unknown-unknown -- -D warnings

unit:
	cargo test -p policy -p server

chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	else echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian's package) and retry" >&2; exit 1; fi

e2e-deps:
	cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund

## e2e: Playwright in Debian's Chromium against a real `backstop serve` on a free loopback port
e2e: chromium e2e-deps page server
	cd e2e && BACKSTOP_E2E_PORT=$$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})") \
		CHROMIUM_PATH=$(CHROMIUM) npx playwright test

## bundle-size: raw and gzip sizes of the release page's wasm, js and css
bundle-size: page
	@scripts/bundle-size.sh dist

## validate-exports: every export format checked by its own tool (cfn-lint, terraform fmt)
validate-exports: server
	scripts/validate-exports.sh target/release/backstop

## load-test: POST /api/v1/export for 60 s with wrk (run on an idle machine)
load-test: server
	scripts/load-test.sh
