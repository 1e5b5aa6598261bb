#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check_tls_chain against check_curl -C -D (which also verifies the chain
# and the name) on the same local test server and trust anchor, in the
# same run: medians over RUNS runs each (default 30), and the ratios.
# Usage: bench/bench_chain.sh [BUILDDIR]
set -eu
top=${1:-.}
. "$(dirname "$0")/lib.sh"
bench_setup
bench_compare check_tls_chain "check_curl -C -D" 1.50 \
    "$top/plugins/check_tls_chain -H localhost -I 127.0.0.1 -p $port --ca-file $work/ca.pem" \
    "$peerdir/check_curl -H localhost -I 127.0.0.1 -p $port -S --sni -C 30,14 -D --ca-cert $work/ca.pem"
