#!/usr/bin/env bash
# bench-hugo.sh (make bench-hugo): briefbook against Hugo on the same
# synthetic books of 1,000 and 10,000 briefs (and 100,000 with
# BENCH_LARGE=1).
#
# Hugo is never a dependency of briefbook: it is installed with
# "go install github.com/gohugoio/hugo@$HUGO_VERSION" in module-aware mode
# from a temporary folder outside the repository, into a temporary GOBIN,
# and the binary is kept in .bench/hugo-$HUGO_VERSION/ for later runs.
#
# For each size N the generator writes the same book twice: in briefbook's
# format (BENCH_DIR/corpus-N) and as a Hugo site (BENCH_DIR/hugo-corpus-N) with
# taxonomies domains, actors and sources, minified output, and a
# related-content block (on those taxonomies) that the "related" parameter
# switches on. Wikilinks become plain markdown links, citations plain text.
# Then it measures, like bench.sh (one unmeasured run, then BENCH_RUNS
# runs in turns; medians, rusage of the process):
#   - briefbook build (topic pages, backlinks, related briefs, citations,
#     feed, sitemap, minification: everything on);
#   - hugo, related content off;
#   - hugo, related content on (HUGO_PARAMS_RELATED=true).
#
# Environment: see bench-common.sh for BENCH_LARGE, BENCH_SIZES,
# BENCH_RUNS, BENCH_SEED, BENCH_DIR and BENCH_KEEP; HUGO_VERSION (default v0.165.0); HUGO=path to use an installed
# hugo instead.
set -euo pipefail

cd "$(dirname "$0")/../.."
. internal/corpus/bench-common.sh
HUGO_VERSION=${HUGO_VERSION:-v0.165.0}

echo "building tools into $B/"
$GO build -o "$B/corpus" ./internal/corpus
$GO build -o "$B/measure" ./internal/bench/measure
$GO build -o "$B/briefbook" ./cmd/briefbook

# install_hugo puts hugo $HUGO_VERSION in $B/hugo-$HUGO_VERSION/hugo.
install_hugo() {
	local dest="$B/hugo-$HUGO_VERSION"
	if [ -x "$dest/hugo" ]; then
		return
	fi
	echo "installing hugo $HUGO_VERSION with go install (this compiles Hugo: a few minutes)"
	local tmp gobin
	tmp=$(mktemp -d)
	gobin=$(mktemp -d)
	# Outside the repository, so that go.mod is neither read nor changed.
	(cd "$tmp" && GOFLAGS= GOBIN="$gobin" $GO install "github.com/gohugoio/hugo@$HUGO_VERSION")
	mkdir -p "$dest"
	mv "$gobin/hugo" "$dest/hugo"
	rm -rf "$tmp" "$gobin"
}

if [ -n "${HUGO:-}" ]; then
	hugo=$HUGO
else
	install_hugo
	hugo="$B/hugo-$HUGO_VERSION/hugo"
fi
echo "using $("$hugo" version)"

status=0
rows=()
for n in $SIZES; do
	"$B/corpus" -n "$n" -seed "$SEED" -reuse -out "$D/corpus-$n"
	"$B/corpus" -n "$n" -seed "$SEED" -reuse -format hugo -out "$D/hugo-corpus-$n"
	rm -f "$B/hugo-$n.log"
	out=$("$B/measure" -n "$RUNS" -warmup 1 -tsv -label "briefbook-$n,hugo-$n,hugo-related-$n" -log "$B/hugo-$n.log" -- \
		"$B/briefbook" build --source "$D/corpus-$n" --output "$D/out-$n" :: \
		env HUGO_PARAMS_RELATED=false "$hugo" --quiet --source "$D/hugo-corpus-$n" --destination "$D/hugo-out-$n" :: \
		env HUGO_PARAMS_RELATED=true "$hugo" --quiet --source "$D/hugo-corpus-$n" --destination "$D/hugo-related-out-$n") ||
		{ status=1; continue; }
	{ read -r _ bw bc br; read -r _ hw hc hr; read -r _ rw rc rr; } <<<"$out"
	rows+=("$(printf '| %7d | %6.2f s | %6.2f s | %5.0f MiB | %6.2f s | %6.2f s | %5.0f MiB | %5s | %6.2f s | %6.2f s | %5.0f MiB | %5s |' \
		"$n" "$bw" "$bc" "$br" "$hw" "$hc" "$hr" "$(ratio "$hw" "$bw")" "$rw" "$rc" "$rr" "$(ratio "$rw" "$bw")")")
done

echo
echo "median of $RUNS runs, $(nproc) cores, seed $SEED, books on $MEDIUM ($D); ratio = Hugo wall / briefbook wall"
echo
echo "|  briefs | briefbook wall | CPU | peak RSS | Hugo wall | CPU | peak RSS | ratio | Hugo + related wall | CPU | peak RSS | ratio |"
echo "|--------:|---------:|---------:|----------:|---------:|---------:|----------:|------:|---------:|---------:|----------:|------:|"
for r in "${rows[@]}"; do
	echo "$r"
done
exit $status
