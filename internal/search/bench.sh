#!/usr/bin/env bash
# make bench-search: the search index of the 10,000-brief synthetic book
# (BENCH_BRIEFS overrides), against Pagefind over the same output. Pagefind
# is installed with npm into .bench/node, never a dependency of briefbook;
# Chromium must be installed (as for the browser tests).
set -euo pipefail
GO=${GO:-go}
PAGEFIND_VERSION=1.6.0
B=.bench
mkdir -p "$B"
if [ -n "${BENCH_DIR:-}" ]; then
	D=$BENCH_DIR
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
	D=/dev/shm/briefbook-search-bench
	if [ "${BENCH_KEEP:-}" != 1 ]; then
		trap 'rm -rf /dev/shm/briefbook-search-bench' EXIT
	fi
else
	D=$B/search
fi
mkdir -p "$D"
PF="$B/node/node_modules/.bin/pagefind"
if [ ! -x "$PF" ] || ! "$PF" --version | grep -qF "$PAGEFIND_VERSION"; then
	npm install --prefix "$B/node" --no-save --no-package-lock --no-audit --no-fund "pagefind@$PAGEFIND_VERSION"
fi
PAGEFIND="$(cd "$(dirname "$PF")" && pwd)/pagefind" BENCH_SEARCH_DIR="$D" \
	$GO test ./internal/search -run '^$' -bench BenchmarkAgainstPagefind -benchtime 1x -timeout 60m -v |
	grep --line-buffered -v '^\(goos\|goarch\|pkg\|cpu\|BenchmarkAgainstPagefind\|PASS\|ok \)'
