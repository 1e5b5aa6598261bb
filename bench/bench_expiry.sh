#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check_tls_expiry against check_http -C (monitoring-plugins) on the same
# local test server, in the same run: medians of wall time, CPU time and
# peak RSS over RUNS runs each (default 30), and the ratios.
# Usage: bench/bench_expiry.sh [BUILDDIR]   (RUNS=50 KEY=ecdsa to change)
set -eu
top=${1:-.}
. "$(dirname "$0")/lib.sh"
bench_setup
bench_compare check_tls_expiry "check_http -C" 0.70 \
    "$top/plugins/check_tls_expiry -H localhost -I 127.0.0.1 -p $port -w 30 -c 14" \
    "$peerdir/check_http -H localhost -I 127.0.0.1 -p $port --sni -C 30,14"
