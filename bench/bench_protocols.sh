#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check_tls_protocols' full scan against one check_tls_expiry handshake and
# against sslscan (Debian), all through delayproxy (DELAY_MS each way,
# default 20) in front of the test server, in the same run: medians of wall
# time, CPU time and peak RSS, and the ratios. Target: scan wall at most
# 1.5x one handshake's.
# Usage: bench/bench_protocols.sh [BUILDDIR]  (RUNS=30 RUNS_SSLSCAN=5 DELAY_MS=20)
set -eu
top=${1:-.}
. "$(dirname "$0")/lib.sh"
delay=${DELAY_MS:-20}
runs_sslscan=${RUNS_SSLSCAN:-5}
target=1.50

bench_init
bench_need_pkg sslscan /usr/bin/sslscan
cc -O2 -pthread -o "$work/delayproxy" "$here/delayproxy.c"
# NORMAL: TLS 1.0-1.3 all accepted, so every probe of the scan completes.
bench_server --priority NORMAL --key ecdsa
bench_spawn delayproxy "$work/delayproxy" -l 127.0.0.1 \
    -t "127.0.0.1:$port" -d "$delay" -x 900
pport=$spawned_port
echo "server: tls_test_server (ecdsa leaf, NORMAL) on 127.0.0.1:$port"
echo "proxy:  delayproxy on 127.0.0.1:$pport, $delay ms each way; $runs runs each, sslscan $runs_sslscan"

scan="$top/plugins/check_tls_protocols -H localhost -I 127.0.0.1 -p $pport"
one="$top/plugins/check_tls_expiry -H localhost -I 127.0.0.1 -p $pport"
sslscan="/usr/bin/sslscan --no-colour 127.0.0.1:$pport"

# The plugins exit 1 (WARNING: TLS 1.0 and 1.1 accepted): not a failure.
echo "scan:    $($scan | head -n 1 || :)"
echo "one:     $($one | head -n 1 || :)"
echo "sslscan: $($sslscan | sed -n 's/^\(SSLv[0-9]\|TLSv[0-9.]*\) *enabled$/\1/p' |
    tr '\n' ' ')enabled"

bench_measure "$runs" 3 $scan
s_wall=$m_wall s_cpu=$m_cpu s_rss=$m_rss
bench_measure "$runs" 3 $one
o_wall=$m_wall o_cpu=$m_cpu o_rss=$m_rss
bench_measure "$runs_sslscan" 1 $sslscan
x_wall=$m_wall x_cpu=$m_cpu x_rss=$m_rss

bench_header
bench_row "check_tls_protocols (scan)" "$s_wall" "$s_cpu" "$s_rss"
bench_row "check_tls_expiry (one)" "$o_wall" "$o_cpu" "$o_rss"
bench_row "sslscan" "$x_wall" "$x_cpu" "$x_rss"
awk -v sw="$s_wall" -v sc="$s_cpu" -v ow="$o_wall" -v oc="$o_cpu" \
    -v xw="$x_wall" -v xc="$x_cpu" -v t="$target" -v d="$delay" 'BEGIN {
	printf "%-26s %10.2fx %9.2fx\n", "ratio scan / one", sw / ow, sc / oc
	printf "%-26s %10.2fx %9.2fx\n", "ratio sslscan / scan", xw / sw, xc / sc
	if (d > 0)
		printf "round trip through the proxy %d ms; scan wall = %.2f of them\n", 2 * d, sw / (2 * d)
	printf "target: scan wall <= %.2fx one handshake: %s\n", t, (sw / ow <= t) ? "met" : "NOT met"
}'
