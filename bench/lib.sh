# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the bench_*.sh scripts (sourced, not run): start the test
# server, measure two commands with runstat in the same run, print medians
# and ratios. Each script sets $top, then calls bench_setup, bench_compare.

bench_setup() {
	runs=${RUNS:-30}
	here=$(cd "$(dirname "$0")" && pwd)
	server="$top/tests/server/tls_test_server"
	peerdir=/usr/lib/nagios/plugins
	if [ ! -x "$peerdir/check_http" ] || [ ! -x "$peerdir/check_curl" ]; then
		if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			    monitoring-plugins-standard >/dev/null
		else
			echo "bench: apt-get install monitoring-plugins-standard" >&2
			exit 1
		fi
	fi
	[ -x "$server" ] || { echo "bench: build first (make check)" >&2; exit 1; }
	work=$(mktemp -d "${TMPDIR:-/tmp}/tls-bench.XXXXXX")
	pid=
	trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT INT TERM
	cc -O2 -o "$work/runstat" "$here/runstat.c"

	"$server" --dir "$work" --key "${KEY:-rsa}" --lifetime 900 >"$work/ready" &
	pid=$!
	port=
	i=0
	while [ -z "$port" ] && [ $i -lt 200 ]; do
		port=$(sed -n 's/^READY //p' "$work/ready")
		i=$((i + 1)); sleep 0.05
	done
	[ -n "$port" ] || { echo "bench: server did not start" >&2; exit 1; }
	echo "server: tls_test_server (${KEY:-rsa} leaf) on 127.0.0.1:$port; $runs runs each"
}

# bench_compare OURS_NAME PEER_NAME MAX_CPU_RATIO "ours command" "peer command"
bench_compare() {
	ours_name=$1 peer_name=$2 target=$3 ours=$4 theirs=$5
	echo "ours:   $($ours | head -n 1)"
	echo "peer:   $($theirs | head -n 1)"
	# Warm the page cache first.
	"$work/runstat" 3 $ours >/dev/null
	"$work/runstat" 3 $theirs >/dev/null
	set -- $("$work/runstat" "$runs" $ours)
	o_wall=$1 o_cpu=$2 o_rss=$3
	set -- $("$work/runstat" "$runs" $theirs)
	p_wall=$1 p_cpu=$2 p_rss=$3
	printf '%-26s %10s %10s %12s\n' "" "wall ms" "cpu ms" "maxrss KiB"
	printf '%-26s %10s %10s %12s\n' "$ours_name" "$o_wall" "$o_cpu" "$o_rss"
	printf '%-26s %10s %10s %12s\n' "$peer_name" "$p_wall" "$p_cpu" "$p_rss"
	awk -v ow="$o_wall" -v oc="$o_cpu" -v orss="$o_rss" \
	    -v pw="$p_wall" -v pc="$p_cpu" -v prss="$p_rss" -v t="$target" 'BEGIN {
		printf "%-26s %10.2fx %9.2fx %11.2fx\n", "ratio (ours / peer)", ow / pw, oc / pc, orss / prss
		printf "target: cpu ratio <= %.2f: %s\n", t, (oc / pc <= t) ? "met" : "NOT met"
	}'
}
