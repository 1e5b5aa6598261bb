#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check_tls_expiry against check_http -C (monitoring-plugins) on the same
# local test server, in the same run: medians of wall time, CPU time and
# peak RSS over RUNS runs each (default 30), and the ratios. Twice: an
# ordinary leaf, then a leaf with 2,000 more DNS SANs (about 50 KB), whose
# names check_tls_expiry must not decode just to read two dates.
# Usage: bench/bench_expiry.sh [BUILDDIR]   (RUNS=50 KEY=ecdsa to change)
set -eu
top=${1:-.}
. "$(dirname "$0")/lib.sh"
bench_setup
bench_compare check_tls_expiry "check_http -C" 0.70 \
    "$top/plugins/check_tls_expiry -H localhost -I 127.0.0.1 -p $port -w 30 -c 14" \
    "$peerdir/check_http -H localhost -I 127.0.0.1 -p $port --sni -C 30,14"
echo
bench_server --key "${KEY:-rsa}" --extra-sans 2000
echo "server: tls_test_server (${KEY:-rsa} leaf, 2,000 extra SANs) on 127.0.0.1:$port; $runs runs each"
bench_compare "check_tls_expiry 2k SANs" "check_http -C" 1.00 \
    "$top/plugins/check_tls_expiry -H localhost -I 127.0.0.1 -p $port -w 30 -c 14" \
    "$peerdir/check_http -H localhost -I 127.0.0.1 -p $port --sni -C 30,14"
