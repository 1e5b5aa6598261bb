# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the bench_*.sh scripts (sourced, not run): a work directory,
# Debian peers, helpers that print READY <port>, runstat medians, tables.
# Each script sets $top, then calls bench_setup and bench_compare, or the
# pieces: bench_init, bench_need_pkg, bench_server, bench_measure, bench_row.

# bench_init: $runs, $here, $work (removed on exit), $work/runstat.
bench_init() {
	runs=${RUNS:-30}
	here=$(cd "$(dirname "$0")" && pwd)
	server="$top/tests/server/tls_test_server"
	[ -x "$server" ] || { echo "bench: build first (make check)" >&2; exit 1; }
	pids=
	work=$(mktemp -d "${TMPDIR:-/tmp}/tls-bench.XXXXXX")
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	cc -O2 -o "$work/runstat" "$here/runstat.c"
}

# Ends only the helpers this script started, by pid.
bench_cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null || :
	done
	rm -rf "$work"
}

# bench_need_pkg PACKAGE FILE...: install the Debian package (as root)
# when one of the files is not there.
bench_need_pkg() {
	pkg=$1
	shift
	missing=
	for f in "$@"; do
		[ -x "$f" ] || missing=1
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" \
		    >/dev/null 2>&1 || {
			apt-get update -qq >/dev/null 2>&1 || :
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			    "$pkg" >/dev/null || :
		}
	fi
	for f in "$@"; do
		[ -x "$f" ] || { echo "bench: apt-get install $pkg" >&2; exit 1; }
	done
}

# bench_spawn NAME COMMAND...: start a helper that prints "READY <port>",
# wait for that line; sets $spawned_port and adds its pid to $pids.
bench_spawn() {
	name=$1
	shift
	# Made first: the child may open it after the first sed, and a sed
	# error would end the script (set -e).
	: >"$work/$name.ready"
	"$@" >>"$work/$name.ready" &
	spid=$!
	pids="$pids $spid"
	spawned_port=
	i=0
	while [ -z "$spawned_port" ] && [ $i -lt 200 ]; do
		spawned_port=$(sed -n 's/^READY //p' "$work/$name.ready")
		i=$((i + 1))
		[ -n "$spawned_port" ] || kill -0 "$spid" 2>/dev/null || break
		[ -n "$spawned_port" ] || sleep 0.05
	done
	[ -n "$spawned_port" ] || { echo "bench: $name did not start" >&2; exit 1; }
}

# bench_server [SERVER OPTIONS...]: the test server; sets $port.
bench_server() {
	bench_spawn server "$server" --dir "$work" --lifetime 900 "$@"
	port=$spawned_port
}

# bench_setup: a plugin against monitoring-plugins on the test server.
bench_setup() {
	peerdir=/usr/lib/nagios/plugins
	bench_init
	bench_need_pkg monitoring-plugins-standard "$peerdir/check_http" \
	    "$peerdir/check_curl"
	bench_server --key "${KEY:-rsa}"
	echo "server: tls_test_server (${KEY:-rsa} leaf) on 127.0.0.1:$port; $runs runs each"
}

# bench_measure RUNS WARMUP COMMAND...: medians into $m_wall $m_cpu $m_rss.
bench_measure() {
	n=$1 warm=$2
	shift 2
	if [ "$warm" -gt 0 ]; then
		# Warm the page cache first.
		"$work/runstat" "$warm" "$@" >/dev/null
	fi
	# An assignment, so that set -e stops on a runstat failure.
	stats=$("$work/runstat" "$n" "$@")
	set -- $stats
	m_wall=$1 m_cpu=$2 m_rss=$3
	[ "$4" -eq "$n" ] || echo "bench: only $4 of $n runs exited 0-3" >&2
}

bench_header() {
	printf '%-26s %10s %10s %12s\n' "" "wall ms" "cpu ms" "maxrss KiB"
}

# bench_row NAME WALL CPU RSS
bench_row() {
	printf '%-26s %10s %10s %12s\n' "$1" "$2" "$3" "$4"
}

# bench_compare OURS_NAME PEER_NAME MAX_CPU_RATIO "ours command" "peer command"
bench_compare() {
	ours_name=$1 peer_name=$2 target=$3 ours=$4 theirs=$5
	echo "ours:   $($ours | head -n 1)"
	echo "peer:   $($theirs | head -n 1)"
	bench_measure "$runs" 3 $ours
	o_wall=$m_wall o_cpu=$m_cpu o_rss=$m_rss
	bench_measure "$runs" 3 $theirs
	p_wall=$m_wall p_cpu=$m_cpu p_rss=$m_rss
	bench_header
	bench_row "$ours_name" "$o_wall" "$o_cpu" "$o_rss"
	bench_row "$peer_name" "$p_wall" "$p_cpu" "$p_rss"
	awk -v ow="$o_wall" -v oc="$o_cpu" -v orss="$o_rss" \
	    -v pw="$p_wall" -v pc="$p_cpu" -v prss="$p_rss" -v t="$target" 'BEGIN {
		printf "%-26s %10.2fx %9.2fx %11.2fx\n", "ratio (ours / peer)", ow / pw, oc / pc, orss / prss
		printf "target: cpu ratio <= %.2f: %s\n", t, (oc / pc <= t) ? "met" : "NOT met"
	}'
}
