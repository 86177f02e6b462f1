# bench-common.sh: settings shared by bench.sh and bench-hugo.sh, which
# source it from the repository's root.
#
#   BENCH_SIZES="..."  book sizes (default "1000 10000"; BENCH_LARGE=1 adds 100000)
#   BENCH_RUNS=N       measured runs per command (default 3), after one unmeasured run
#   BENCH_SEED=S       corpus seed (default 1)
#   BENCH_DIR=DIR      where books and outputs go. Default: a folder in the
#                      tmpfs /dev/shm when there is one, removed at the end
#                      (BENCH_KEEP=1 keeps it), so that figures measure the
#                      tools and not the disk; else .bench. Tools always go
#                      to .bench, logs to .bench/*.log.

GO=${GO:-go}
B=.bench
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-1}
SIZES=${BENCH_SIZES:-"1000 10000"}
if [ "${BENCH_LARGE:-}" = 1 ] && [ -z "${BENCH_SIZES:-}" ]; then
	SIZES="$SIZES 100000"
fi

if [ -n "${BENCH_DIR:-}" ]; then
	D=$BENCH_DIR
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
	D=/dev/shm/briefbook-bench
	if [ "${BENCH_KEEP:-}" != 1 ]; then
		trap 'rm -rf /dev/shm/briefbook-bench' EXIT
	fi
else
	D=$B
fi
mkdir -p "$B" "$D"
D=$(cd "$D" && pwd)
MEDIUM=$(df -P -T "$D" 2>/dev/null | awk 'NR == 2 { print $2 }')

# ratio A B prints A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
