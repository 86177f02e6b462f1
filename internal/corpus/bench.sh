#!/usr/bin/env bash
# bench.sh (make bench): full-build cost of briefbook against the floor of
# its stack, on synthetic books of 1,000 and 10,000 briefs (and 100,000
# with BENCH_LARGE=1).
#
# For each size N it generates the book corpus-N in BENCH_DIR with
# internal/corpus (kept, when BENCH_DIR is kept, while the generator
# version, N and seed are the same), then
# measures with internal/bench/measure, in the same run on the same book:
#   - the floor (internal/bench/floor): read, split frontmatter,
#     goldmark-convert, minify and write each brief, on all cores;
#   - briefbook build --source BENCH_DIR/corpus-N --output BENCH_DIR/out-N.
# Both run once unmeasured (to warm the page cache and leave an output
# folder to rebuild over), then in turns BENCH_RUNS times each (default 3);
# the table shows median wall time, median CPU time (user + system) and the
# largest peak RSS, from the kernel's rusage of the process.
#
# Environment: see bench-common.sh for BENCH_LARGE, BENCH_SIZES,
# BENCH_RUNS, BENCH_SEED, BENCH_DIR and BENCH_KEEP; also
#   BENCH_FLOOR_ONLY=1  skip briefbook (measure the floor alone)
#   BENCH_GO=1          also run the Go benchmarks of internal/...
#
# Command output goes to .bench/*.log. The script fails if a build fails
# or prints a diagnostic: the generated books must build cleanly.
set -euo pipefail

cd "$(dirname "$0")/../.."
. internal/corpus/bench-common.sh
FLOOR_ONLY=${BENCH_FLOOR_ONLY:-}

echo "building tools into $B/"
$GO build -o "$B/corpus" ./internal/corpus
$GO build -o "$B/floor" ./internal/bench/floor
$GO build -o "$B/measure" ./internal/bench/measure
if [ -z "$FLOOR_ONLY" ]; then
	$GO build -o "$B/briefbook" ./cmd/briefbook
fi

status=0
rows=()
for n in $SIZES; do
	corpus="$D/corpus-$n"
	"$B/corpus" -n "$n" -seed "$SEED" -reuse -out "$corpus"
	rm -f "$B/check-$n.log" "$B/bench-$n.log"
	floor=("$B/floor" -source "$corpus" -out "$D/floor-out-$n")
	build=("$B/briefbook" build --source "$corpus" --output "$D/out-$n")

	if [ -n "$FLOOR_ONLY" ]; then
		out=$("$B/measure" -n "$RUNS" -warmup 1 -tsv -label "floor-$n" -log "$B/bench-$n.log" -- \
			"${floor[@]}") || { status=1; continue; }
		read -r _ fwall fcpu frss <<<"$out"
		rows+=("$(printf '| %7d | %8s | %8s | %9s | %8.2f s | %8.2f s | %5.0f MiB | %6s |' \
			"$n" - - - "$fwall" "$fcpu" "$frss" -)")
		continue
	fi

	# A first build checks that the book builds cleanly.
	if ! "${build[@]}" >"$B/check-$n.log" 2>&1; then
		echo "briefbook build failed on $corpus:"; tail -20 "$B/check-$n.log"
		status=1
		continue
	fi
	if grep -qE '(error|warning):' "$B/check-$n.log"; then
		echo "briefbook printed diagnostics on $corpus (the book should build cleanly):"
		grep -E '(error|warning):' "$B/check-$n.log" | head -10
		status=1
	fi
	# The floor and the build run in turns, so that load from elsewhere
	# on the machine weighs on both alike.
	out=$("$B/measure" -n "$RUNS" -warmup 1 -tsv -label "floor-$n,briefbook-$n" -log "$B/bench-$n.log" -- \
		"${floor[@]}" :: "${build[@]}") || { status=1; continue; }
	{ read -r _ fwall fcpu frss; read -r _ bwall bcpu brss; } <<<"$out"
	ratio=$(ratio "$bwall" "$fwall")
	rows+=("$(printf '| %7d | %6.2f s | %6.2f s | %5.0f MiB | %8.2f s | %8.2f s | %5.0f MiB | %6s |' \
		"$n" "$bwall" "$bcpu" "$brss" "$fwall" "$fcpu" "$frss" "$ratio")")
done

echo
echo "median of $RUNS runs, $(nproc) cores, $($GO env GOVERSION), seed $SEED, books on $MEDIUM ($D)"
echo
echo "|  briefs | briefbook wall | CPU | peak RSS | floor wall | CPU | peak RSS | build/floor |"
echo "|--------:|---------:|---------:|----------:|-----------:|-----------:|----------:|-------:|"
for r in "${rows[@]}"; do
	echo "$r"
done

if [ "${BENCH_GO:-}" = 1 ]; then
	echo
	$GO test -run '^$' -bench . -benchmem ./internal/... || status=1
fi
exit $status
