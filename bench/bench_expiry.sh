#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: check_tls_expiry against check_http -C (monitoring-plugins)
# on the same local test server, in the same run. Medians of wall time,
# CPU time and peak RSS over RUNS runs each (default 30), and the ratios.
# Usage: bench/bench_expiry.sh [BUILDDIR]   (RUNS=50 to change the count)
set -eu

top=${1:-.}
runs=${RUNS:-30}
here=$(cd "$(dirname "$0")" && pwd)
server="$top/tests/server/tls_test_server"
plugin="$top/plugins/check_tls_expiry"
peer=/usr/lib/nagios/plugins/check_http

if [ ! -x "$peer" ]; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq monitoring-plugins-standard >/dev/null
	else
		echo "bench: $peer missing: apt-get install monitoring-plugins-standard" >&2
		exit 1
	fi
fi
[ -x "$server" ] && [ -x "$plugin" ] || { echo "bench: build first (make check)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tls-bench.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT INT TERM

cc -O2 -o "$work/runstat" "$here/runstat.c"

"$server" --dir "$work" --key "${KEY:-rsa}" --lifetime 600 >"$work/ready" &
pid=$!
port=
i=0
while [ -z "$port" ] && [ $i -lt 200 ]; do
	port=$(sed -n 's/^READY //p' "$work/ready")
	i=$((i + 1)); sleep 0.05
done
[ -n "$port" ] || { echo "bench: server did not start" >&2; exit 1; }

ours="$plugin -H localhost -I 127.0.0.1 -p $port -w 30 -c 14"
theirs="$peer -H localhost -I 127.0.0.1 -p $port --sni -C 30,14"
echo "server: tls_test_server (${KEY:-rsa} leaf) on 127.0.0.1:$port; $runs runs each"
echo "ours:   $($ours | head -n 1)"
echo "peer:   $($theirs | head -n 1)"

# Warm the page cache, then measure, alternating to share any drift.
"$work/runstat" 3 $ours >/dev/null
"$work/runstat" 3 $theirs >/dev/null
set -- $("$work/runstat" "$runs" $ours)
o_wall=$1 o_cpu=$2 o_rss=$3
set -- $("$work/runstat" "$runs" $theirs)
p_wall=$1 p_cpu=$2 p_rss=$3

printf '%-26s %10s %10s %12s\n' "" "wall ms" "cpu ms" "maxrss KiB"
printf '%-26s %10s %10s %12s\n' "check_tls_expiry" "$o_wall" "$o_cpu" "$o_rss"
printf '%-26s %10s %10s %12s\n' "check_http -C" "$p_wall" "$p_cpu" "$p_rss"
awk -v ow="$o_wall" -v oc="$o_cpu" -v orss="$o_rss" \
    -v pw="$p_wall" -v pc="$p_cpu" -v prss="$p_rss" 'BEGIN {
	printf "%-26s %10.2fx %9.2fx %11.2fx\n", "ratio (ours / peer)", ow / pw, oc / pc, orss / prss
	printf "target: cpu ratio <= 0.70: %s\n", (oc / pc <= 0.70) ? "met" : "NOT met"
}'
