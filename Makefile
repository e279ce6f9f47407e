# FirstGoal. The README's two commands: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(PATH)

APP := target/debug/firstgoal

.PHONY: run test deps deps-test ui app bindings lint-rust test-rust test-server lint-ui test-ui e2e package test-package bench bench-server clean

## Install what is missing, build, and open the app on the default database file.
run: deps app
	./$(APP)

## Everything CI runs.
test: deps-test lint-rust lint-ui test-ui ui test-rust test-server app e2e test-package
	@echo "make test: all checks passed"

deps:
	scripts/install-deps.sh

deps-test:
	scripts/install-deps.sh --test

ui:
	cd ui && npm run build

app: ui
	cargo build -p firstgoal

## Regenerates ui/src/lib/bindings.ts from the Rust command definitions.
bindings: ui
	UPDATE_BINDINGS=1 cargo test -p firstgoal --lib bindings

lint-rust: ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo deny check licenses bans sources

## Core, CLI and benchmark tests, then the IPC-bindings freshness check. firstgoal-cli is built
## first: the benchmark tests run it from the folder firstgoal-bench is built in.
test-rust: ui
	cargo build -p firstgoal-cli
	cargo test -p firstgoal-core -p firstgoal-cli -p firstgoal-bench
	cargo test -p firstgoal --lib

## The team server against a throwaway PostgreSQL cluster (scripts/pg-cluster.sh), stopped and
## removed afterwards whether the tests pass or not.
test-server:
	cargo build -p firstgoal-server -p firstgoal-cli
	cargo test -p firstgoal-sync
	cargo test -p firstgoal-protocol
	dir=$$(mktemp -d /tmp/firstgoal-pg.XXXXXX); \
	trap 'scripts/pg-cluster.sh stop "$$dir"' EXIT; \
	url=$$(scripts/pg-cluster.sh start "$$dir"); \
	FIRSTGOAL_TEST_DATABASE_URL="$$url" cargo test -p firstgoal-server

lint-ui:
	cd ui && npm run check && npm run lint

test-ui:
	cd ui && npm test

## The real app over WebDriver under Xvfb; screenshots land in tests/e2e/screenshots/.
## The CLI is built too: scenarios prepare their files with it (and the team server, for team.test.mjs).
e2e: app
	cargo build -p firstgoal -p firstgoal-cli -p firstgoal-bench -p firstgoal-server
	cd tests && timeout 1200 xvfb-run -a --server-args="-screen 0 1280x900x24" npm test

## The Debian package for users (release build, Tauri's bundler from ui/node_modules):
## target/release/bundle/deb/FirstGoal_<version>_amd64.deb.
package: deps ui
	ui/node_modules/.bin/tauri build --bundles deb

## The package test: the debug build bundled as a .deb (no release build, to fit CI), installed
## with dpkg, started under Xvfb on a temporary file, and removed (needs root or sudo).
test-package: app
	rm -rf target/debug/bundle/deb
	ui/node_modules/.bin/tauri bundle --debug --bundles deb
	cd tests && FIRSTGOAL_APP=/usr/bin/firstgoal timeout 600 xvfb-run -a --server-args="-screen 0 1280x900x24" \
		node --test --test-concurrency=1 package/

## Benchmarks (release builds; not part of `make test`): the firstgoal-bench suite (its files are
## made by firstgoal-cli demo), then the cold start of the app vs a bare Tauri window on a
## 10,000-project file. Figures go to the terminal.
bench: deps-test ui
	cargo build --release -p firstgoal -p firstgoal-cli -p firstgoal-bench
	cargo build --release --manifest-path bench/bare-window/Cargo.toml --target-dir target
	./target/release/firstgoal-bench all
	cd tests && xvfb-run -a --server-args="-screen 0 1280x900x24" node bench/startup.mjs

## The team server's load benchmark (50 clients x 200 changes, one vs two server processes),
## 20 SIGKILL trials, the first sync of a 10,000-project team into an empty file and the time from
## an edit to an online replica (30 trials), against a throwaway PostgreSQL cluster with a 1 GB
## buffer cache (the 10,000 projects' records take 0.5 GB; PostgreSQL's default is 128 MB). Figures
## go to the terminal.
bench-server: deps-test
	cargo build --release -p firstgoal-server -p firstgoal-cli -p firstgoal-bench
	dir=$$(mktemp -d /tmp/firstgoal-pg.XXXXXX); \
	trap 'scripts/pg-cluster.sh stop "$$dir"' EXIT; \
	url=$$(PG_SHARED_BUFFERS=1GB scripts/pg-cluster.sh start "$$dir"); \
	./target/release/firstgoal-server --database-url "$$url" bench && \
	./target/release/firstgoal-server --database-url "$$url" bench-kill --trials 20 && \
	./target/release/firstgoal-bench team-first-sync --database-url "$$url" --projects 10000 --records-only && \
	./target/release/firstgoal-bench team-news --database-url "$$url" --trials 30

clean:
	cargo clean
	rm -rf ui/dist tests/e2e/screenshots
