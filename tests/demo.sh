#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make demo: run each built plugin against the bundled scenario servers
# (our GnuTLS test server on 127.0.0.1, port chosen by the kernel) and
# print each plugin's first line. Exits non-zero if a plugin's exit status
# is not the one the scenario should give.
set -u

top=${1:-.}
server="$top/tests/server/tls_test_server"
plugins="$top/plugins"
[ -x "$server" ] || { echo "demo: $server not built (make check builds it)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tls-demo.XXXXXX")
srv_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

failures=0
total=0

# start_server ARGS...: sets $port, or returns 1.
start_server() {
	rm -f "$work/ready"
	mkdir -p "$work/pki"
	"$server" --dir "$work/pki" --lifetime 60 "$@" >"$work/ready" 2>"$work/server.err" &
	srv_pid=$!
	i=0
	while [ $i -lt 200 ]; do
		port=$(sed -n 's/^READY \([0-9][0-9]*\)$/\1/p' "$work/ready" 2>/dev/null)
		if [ -n "$port" ]; then
			# Keep the first root: a trust store the later servers are not in.
			[ -f "$work/other-ca.pem" ] || cp "$work/pki/ca.pem" "$work/other-ca.pem"
			return 0
		fi
		kill -0 "$srv_pid" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	echo "demo: test server did not start: $(cat "$work/server.err")" >&2
	return 1
}

stop_server() {
	kill "$srv_pid" 2>/dev/null
	wait "$srv_pid" 2>/dev/null
	srv_pid=
}

# scenario "TITLE" EXPECTED_EXIT "SERVER ARGS" PLUGIN PLUGIN ARGS...
scenario() {
	title=$1 want=$2 sargs=$3 plugin=$4
	shift 4
	total=$((total + 1))
	# shellcheck disable=SC2086
	start_server $sargs || { failures=$((failures + 1)); return; }
	# @CA@ and @CAINT@ name the trust anchors this server just wrote;
	# @OTHERCA@ a root that did not sign this server's certificates.
	shown="$*"
	for a in "$@"; do
		shift
		case "$a" in
		@CA@) set -- "$@" "$work/pki/ca.pem" ;;
		@CAINT@) set -- "$@" "$work/pki/ca-with-int.pem" ;;
		@OTHERCA@) set -- "$@" "$work/other-ca.pem" ;;
		*) set -- "$@" "$a" ;;
		esac
	done
	out=$("$plugins/$plugin" -H localhost -p "$port" "$@" 2>&1)
	rc=$?
	stop_server
	mark="ok"
	if [ "$rc" -ne "$want" ]; then
		mark="UNEXPECTED (wanted exit $want)"
		failures=$((failures + 1))
	fi
	printf '\n== %s  [server: %s]\n$ %s -H localhost -p PORT %s\n%s\n-> exit %s %s\n' \
	    "$title" "${sargs:-defaults}" "$plugin" "$shown" \
	    "$(printf '%s\n' "$out" | head -n 1)" "$rc" "$mark"
}

echo "tls-monitoring-plugins demo: each plugin against local scenario servers"

scenario "valid ECDSA certificate, 90 days left" 0 "" check_tls_expiry
scenario "valid RSA-2048 certificate" 0 "--key rsa" check_tls_expiry
scenario "expires in 20 days" 1 "--expires-in 20" check_tls_expiry
scenario "expires in 9.5 days" 2 "--expires-in 9.5" check_tls_expiry
scenario "expired 3 days ago" 2 "--expires-in -3" check_tls_expiry
scenario "not yet valid (or a wrong clock)" 2 "--not-before 2" check_tls_expiry
scenario "intermediate expires first (--chain)" 2 "--int-expires-in 5" check_tls_expiry --chain
scenario "plaintext HTTP on the TLS port" 2 "--mode http" check_tls_expiry
scenario "SSH on the TLS port" 2 "--mode ssh" check_tls_expiry
scenario "SMTP on the TLS port" 2 "--mode smtp" check_tls_expiry
scenario "reset after the ClientHello" 2 "--mode reset" check_tls_expiry
scenario "silent server (-t 2)" 2 "--mode silent" check_tls_expiry -t 2
scenario "hostile certificate names" 0 "--evil-names" check_tls_expiry
scenario "JSON output" 1 "--expires-in 20" check_tls_expiry -o json

scenario "chain: complete and trusted" 0 "" check_tls_chain --ca-file @CA@
scenario "chain: server forgets the intermediate" 2 "--omit-intermediate" check_tls_chain --ca-file @CA@
scenario "chain: intermediate hidden by the local store" 1 "--omit-intermediate" check_tls_chain --ca-file @CAINT@
scenario "chain: untrusted root" 2 "--untrusted-root --send-root" check_tls_chain --ca-file @CA@
scenario "chain: self-signed certificate" 2 "--self-signed" check_tls_chain --ca-file @OTHERCA@
scenario "chain: expired intermediate" 2 "--int-expires-in -2" check_tls_chain --ca-file @CA@
scenario "chain: certificate for another name" 2 "--name www.example.test" check_tls_chain --ca-file @CA@
scenario "chain: SHA-1 signed leaf" 2 "--leaf-hash sha1" check_tls_chain --ca-file @CA@
scenario "chain: RSA-1024 leaf" 2 "--key rsa --key-bits 1024" check_tls_chain --ca-file @CA@
scenario "chain: misordered (leaf, root, intermediate)" 1 "--order leaf,root,int" check_tls_chain --ca-file @CA@
scenario "chain: superfluous certificate" 1 "--order leaf,int,extra" check_tls_chain --ca-file @CA@

scenario "vhosts: with SNI fine, without SNI the default" 1 "--vhost localhost=localhost --vhost api.example.test=api.example.test --default-cert default.example.test" check_tls_sni
scenario "vhosts: server ignores SNI" 2 "--name default.example.test" check_tls_sni
scenario "vhosts: server requires SNI" 1 "--vhost localhost=localhost --no-sni-alert unrecognized_name" check_tls_sni
scenario "vhosts: wrong certificate for the name" 2 "--vhost localhost=other.example.test --vhost api.example.test=api.example.test --default-cert default.example.test" check_tls_sni
scenario "versions: TLS 1.2 and 1.3" 0 "--priority NORMAL:-VERS-TLS1.0:-VERS-TLS1.1" check_tls_protocols
scenario "versions: everything from TLS 1.0" 1 "--priority NORMAL" check_tls_protocols
scenario "versions: TLS 1.0 only" 2 "--priority NORMAL:-VERS-ALL:+VERS-TLS1.0" check_tls_protocols
scenario "versions: a cipher no modern client offers" 2 "--priority NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+CAMELLIA-128-CBC:+SHA256:+SHA1" check_tls_protocols
scenario "port: speaks TLS" 0 "" check_tls_plaintext
scenario "port: plaintext HTTP where TLS is expected" 2 "--mode http" check_tls_plaintext
scenario "port: SMTP where TLS is expected" 2 "--mode smtp" check_tls_plaintext
scenario "port: TLS where plaintext is expected" 2 "" check_tls_plaintext --expect plain
scenario "port: TLS listener answering plain HTTP (nginx-like)" 2 "--mode https-port" check_tls_plaintext --expect plain --send http
scenario "port: plain HTTP as expected" 0 "--mode http-ok" check_tls_plaintext --expect plain --send http

printf '\ndemo: %d scenarios, %d unexpected\n' "$total" "$failures"
[ "$failures" -eq 0 ]
