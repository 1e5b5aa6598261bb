/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The scenario table (see scenarios.h): every plugin against every test
 * server scenario we assert on, grouped by plugin; rows with a .demo
 * title are what make demo shows, in this order.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>

#include "scenarios.h"

#define EXPIRY	  "check_tls_expiry"
#define CHAIN	  "check_tls_chain"
#define SNI	  "check_tls_sni"
#define PROTOCOLS "check_tls_protocols"
#define PLAINTEXT "check_tls_plaintext"

/* Targets: the server by name, or by address with -H set apart. */
#define LOCALHOST      "-H", "localhost", "-p", "@PORT@"
#define LOOPBACK       "-I", "127.0.0.1", "-p", "@PORT@"
#define LOCAL_LOOPBACK "-H", "localhost", LOOPBACK
#define TRUST_CA       "--ca-file", "@CA@"

/* Test server scenarios. */
#define MODE(m) "--mode", (m)
#define PRIO(p) "--priority", (p)
#define VHOSTS                                                                 \
	"--vhost", "www.example.test=www.example.test", "--vhost",             \
	    "api.example.test=api.example.test"
#define DEFAULT_CERT "--default-cert", "default.example.test"
/* The leaf names its issuer, as CAs' leaves do: an intermediate exists. */
#define AIA "--ca-issuers", "http://ca.example.test/int.der"

/* Test server options for DH groups and client-certificate demands. */
#define KEY_RSA	       "--key", "rsa"
#define DH(g)	       "--dh-params", (g)
#define CLIENT_CERT(m) "--client-cert", (m)
/* ECDHE for RFC 7919 clients, DHE with --dh-params for the others. */
#define DHE_PRIO "NORMAL:-VERS-ALL:+VERS-TLS1.2:-GROUP-DH-ALL"

#define INT_DN	    "CN=TLS Test Intermediate CA,O=tls-monitoring-plugins test"
#define INT_CN	    "TLS Test Intermediate CA"
#define SSH_BANNER  "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"
#define SMTP_BANNER "220 mail.example.test ESMTP Postfix (Debian/GNU)"
#define HTTP_400    "'HTTP/1.1 400 Bad Request'"
#define SILENT_2S   "no reply to the ClientHello within 2 s"

/*
 * Over-long SANs (1,037 bytes each: 16 labels of 63 letters): GnuTLS
 * 3.7.9-2+deb12u6 stopped its name check at the first, so the host as
 * the 5th SAN was a mismatch there.
 */
#define A63 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
#define LONG_NAME(x)                                                           \
	x A63 A63 A63 A63 A63 A63 A63 A63 A63 A63 A63 A63 A63 A63 A63 A63      \
	    "example.test"
#define FIFTH_SAN                                                              \
	"--name", LONG_NAME("a"), "--name", LONG_NAME("b"), "--name",          \
	    LONG_NAME("c"), "--name", LONG_NAME("d"), "--name",                \
	    "www.example.test"
#define CAMELLIA_ONLY                                                          \
	PRIO("NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+CAMELLIA-128-CBC:+SHA256:"      \
	     "+SHA1")

const struct scenario scenarios[] = {
    /* ---------------------------------------- check_tls_expiry */
    {
	/* The alert alone says nothing; the version scan names it. */
	.id = "followup-expiry-no-common-cipher",
	.plugin = EXPIRY,
	.server = {CAMELLIA_ONLY},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "no-common-cipher",
	.first = "TLS-EXPIRY CRITICAL: localhost:@PORT@ TLS 1.2 accepted, but "
		 "no cipher in common with modern clients (server chose "
		 "TLS_ECDHE_ECDSA_CAMELLIA_128_CBC_SHA256); a default "
		 "handshake fails with alert handshake_failure | ",
	.demo = "any plugin: handshake_failure explained",
    },
    {
	/* A refusal the scan cannot explain keeps the alert's words. */
	.id = "followup-expiry-unexplained",
	.plugin = EXPIRY,
	.server = {"--no-sni-alert", "handshake_failure", "--vhost",
	    "www.example.test=www.example.test"},
	.args = {"-H", "127.0.0.1", "-p", "@PORT@"},
	.exit_code = 2,
	.cause = "handshake-failed",
	.first = "TLS-EXPIRY CRITICAL: 127.0.0.1:@PORT@ TLS handshake failed: "
		 "the server sent fatal alert handshake_failure | ",
    },
    {
	.id = "expiry-ok",
	.plugin = EXPIRY,
	.args = {LOCAL_LOOPBACK},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-EXPIRY OK: localhost:@PORT@ certificate "
		 "'localhost' expires in 90 days (",
	.line_has = {" | days_left=90.00;30:;14:;; chain_days_left=",
	    " handshake_time="},
    },
    {
	/* By name only, as make demo runs it: no -I. */
	.id = "expiry-ok-by-name",
	.plugin = EXPIRY,
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-EXPIRY OK: localhost:@PORT@ certificate "
		 "'localhost' expires in 90 days (",
	.line_has = {" | days_left=90.00;30:;14:;; chain_days_left=90.00;;;; "
		     "handshake_time="},
	.demo = "valid ECDSA certificate, 90 days left",
    },
    {
	.id = "expiry-rsa",
	.plugin = EXPIRY,
	.server = {"--key", "rsa"},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-EXPIRY OK: localhost:@PORT@ certificate "
		 "'localhost' expires in 90 days (",
	.demo = "valid RSA-2048 certificate",
    },
    {
	.id = "expiry-rsa-verbose",
	.plugin = EXPIRY,
	.server = {"--key", "rsa"},
	.args = {LOCALHOST, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {"RSA 2048 bits", "issuer 'CN=TLS Test Intermediate CA"},
    },
    {
	.id = "expiry-ipv6",
	.plugin = EXPIRY,
	.server = {"--ipv6"},
	.args = {"-H", "localhost", "-I", "::1", "-p", "@PORT@", "-6"},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-EXPIRY OK: localhost:@PORT@ certificate "
		 "'localhost'",
    },
    {
	/* An IP literal as the host: no SNI, brackets in the output. */
	.id = "expiry-ipv6-literal",
	.plugin = EXPIRY,
	.server = {"--ipv6"},
	.args = {"-H", "::1", "-p", "@PORT@", "-v"},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-EXPIRY OK: [::1]:@PORT@ certificate 'localhost'",
	.out_has = {"SNI (none)"},
    },
    {
	.id = "expiry-ipv4-only-v6-literal",
	.plugin = EXPIRY,
	.args = {"-H", "::1", "-4", "-p", "@PORT@"},
	.exit_code = 3,
	.cause = "dns-failure",
	.line_has = {"cannot resolve '::1' (IPv4)"},
    },
    {
	.id = "expiry-warning",
	.plugin = EXPIRY,
	.server = {"--expires-in", "20"},
	.args = {LOCALHOST},
	.exit_code = 1,
	.cause = "cert-expiring",
	.first = "TLS-EXPIRY WARNING: localhost:@PORT@ certificate "
		 "'localhost' expires in 20 days (",
	.demo = "expires in 20 days",
    },
    {
	.id = "expiry-critical",
	.plugin = EXPIRY,
	.server = {"--expires-in", "9.5"},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "cert-expiring",
	.line_has = {"expires in 9 days (", "days_left=9.50;30:;14:;;"},
	.demo = "expires in 9.5 days",
    },
    {
	.id = "expiry-custom-thresholds",
	.plugin = EXPIRY,
	.server = {"--expires-in", "9.5"},
	.args = {LOCALHOST, "-w", "10", "-c", "5.5"},
	.exit_code = 1,
	.cause = "cert-expiring",
	.line_has = {"days_left=9.50;10:;5.5:;;"},
    },
    {
	.id = "expiry-custom-thresholds-ok",
	.plugin = EXPIRY,
	.server = {"--expires-in", "9.5"},
	.args = {LOCALHOST, "-w", "5", "-c", "2"},
	.exit_code = 0,
	.cause = "ok",
    },
    {
	.id = "expiry-expired",
	.plugin = EXPIRY,
	.server = {"--expires-in", "-3"},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "cert-expired",
	.first = "TLS-EXPIRY CRITICAL: localhost:@PORT@ certificate "
		 "'localhost' expired 3 days ago (",
	.line_has = {"days_left=-3.00;"},
	.demo = "expired 3 days ago",
    },
    {
	.id = "expiry-not-yet-valid",
	.plugin = EXPIRY,
	.server = {"--not-before", "3"},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "cert-not-yet-valid",
	.line_has = {"certificate 'localhost' is not yet valid: valid "
		     "from ",
	    "(in 3 days); if that date looks wrong, check this host's "
	    "clock"},
    },
    {
	.id = "expiry-not-yet-valid-2-days",
	.plugin = EXPIRY,
	.server = {"--not-before", "2"},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "cert-not-yet-valid",
	.first = "TLS-EXPIRY CRITICAL: localhost:@PORT@ certificate "
		 "'localhost' is not yet valid: valid from ",
	.line_has = {"(in 2 days); if that date looks wrong, check this "
		     "host's clock"},
	.demo = "not yet valid (or a wrong clock)",
    },
    {
	/* Without --chain the intermediate only shows in perfdata. */
	.id = "expiry-intermediate-first",
	.plugin = EXPIRY,
	.server = {"--int-expires-in", "5"},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"chain_days_left=5.00;;;;"},
    },
    {
	.id = "expiry-intermediate-first-chain",
	.plugin = EXPIRY,
	.server = {"--int-expires-in", "5"},
	.args = {LOCALHOST, "--chain"},
	.exit_code = 2,
	.cause = "cert-expiring",
	.line_has = {"chain certificate #1 'TLS Test Intermediate CA' "
		     "expires in 5 days"},
	.demo = "intermediate expires first (--chain)",
    },
    {
	.id = "expiry-chain-ignores-sent-root",
	.plugin = EXPIRY,
	.server = {"--send-root", "--root-expires-in", "3"},
	.args = {LOCALHOST, "--chain"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"certificate 'localhost' expires in 90 days"},
    },
    {
	/* Lifetime is judged without trust: self-signed, leaf only. */
	.id = "expiry-self-signed",
	.plugin = EXPIRY,
	.server = {"--self-signed", "--expires-in", "40"},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"expires in 40 days"},
    },
    {
	/* A server that forgets its intermediate: lifetime judged. */
	.id = "expiry-omit-intermediate",
	.plugin = EXPIRY,
	.server = {"--omit-intermediate"},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"expires in 90 days"},
    },
    {
	.id = "expiry-ca-file",
	.plugin = EXPIRY,
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {"trust: chain verifies (1 trust anchors)"},
    },
    {
	.id = "expiry-ca-file-missing",
	.plugin = EXPIRY,
	.args = {LOCALHOST, "--ca-file", "/nonexistent/ca.pem"},
	.exit_code = 3,
	.cause = "local-error",
	.line_has = {"cannot read CA file '/nonexistent/ca.pem': No such "
		     "file"},
    },
    {
	.id = "expiry-ca-file-not-pem",
	.plugin = EXPIRY,
	.args = {LOCALHOST, "--ca-file", "@DIR@/empty.pem"},
	.exit_code = 3,
	.cause = "local-error",
	.line_has = {"holds no usable PEM certificate"},
	.file = {"empty.pem", "not a certificate\n"},
    },
    {
	.id = "expiry-plaintext-http",
	.plugin = EXPIRY,
	.server = {MODE("http")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "plaintext-on-tls-port",
	.first = "TLS-EXPIRY CRITICAL: localhost:@PORT@ speaks plaintext "
		 "HTTP, not TLS: answered the ClientHello with " HTTP_400,
	.demo = "plaintext HTTP on the TLS port",
    },
    {
	.id = "expiry-ssh-banner",
	.plugin = EXPIRY,
	.server = {MODE("ssh")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "not-tls-ssh",
	.line_has = {"speaks SSH, not TLS: banner '" SSH_BANNER "'"},
	.demo = "SSH on the TLS port",
    },
    {
	.id = "expiry-smtp-banner",
	.plugin = EXPIRY,
	.server = {MODE("smtp")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "not-tls-smtp",
	.line_has = {"speaks SMTP, not TLS: banner '" SMTP_BANNER
		     "' (the service may need STARTTLS)"},
	.demo = "SMTP on the TLS port",
    },
    {
	.id = "expiry-garbage",
	.plugin = EXPIRY,
	.server = {MODE("garbage")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "not-tls",
	.line_has = {"does not speak TLS: answered the ClientHello with ",
	    "bytes of non-TLS data (a8 "},
    },
    {
	.id = "expiry-alert",
	.plugin = EXPIRY,
	.server = {MODE("alert")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "handshake-failed",
	.line_has = {"TLS handshake failed: the server sent fatal alert "
		     "handshake_failure"},
    },
    {
	.id = "expiry-reset-after-hello",
	.plugin = EXPIRY,
	.server = {MODE("reset")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "connection-reset",
	.line_has = {"connection reset by the server after our "
		     "ClientHello, with no reply"},
	.demo = "reset after the ClientHello",
    },
    {
	/* Whether the FIN beat our ClientHello depends on scheduling. */
	.id = "expiry-close-at-once",
	.plugin = EXPIRY,
	.server = {MODE("close")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "connection-reset",
	.line_any = {"connection closed at once, before the ClientHello "
		     "was sent",
	    "connection closed by the server after our ClientHello, "
	    "with no reply"},
    },
    {
	.id = "expiry-refused",
	.plugin = EXPIRY,
	.args = {LOCAL_LOOPBACK},
	.exit_code = 2,
	.cause = "connection-refused",
	.first = "TLS-EXPIRY CRITICAL: localhost:@PORT@ connection "
		 "refused by 127.0.0.1 port @PORT@",
	.flags = SC_REFUSED,
    },
    {
	/* The deadline holds: ends within the timeout plus a margin. */
	.id = "expiry-silent",
	.plugin = EXPIRY,
	.server = {MODE("silent")},
	.args = {LOCALHOST, "-t", "2"},
	.exit_code = 2,
	.cause = "timeout",
	.line_has = {SILENT_2S},
	.min_s = 1.9,
	.max_s = 3.5,
	.demo = "silent server (-t 2)",
    },
    {
	.id = "expiry-silent-as-warning",
	.plugin = EXPIRY,
	.server = {MODE("silent")},
	.args = {LOCALHOST, "-t", "1:warning"},
	.exit_code = 1,
	.cause = "timeout",
    },
    {
	.id = "expiry-silent-as-unknown",
	.plugin = EXPIRY,
	.server = {MODE("silent")},
	.args = {LOCALHOST, "-t", "1:unknown"},
	.exit_code = 3,
	.cause = "timeout",
    },
    {
	/* One byte a second of a handshake that never completes. */
	.id = "expiry-slow-server",
	.plugin = EXPIRY,
	.server = {MODE("slow")},
	.args = {LOCALHOST, "-t", "3"},
	.exit_code = 2,
	.cause = "timeout",
	.line_any = {"TLS handshake stalled", "within 3 s"},
	.max_s = 4.5,
    },
    {
	/* The 1000-character SAN is capped with "...". */
	.id = "expiry-hostile-names",
	.plugin = EXPIRY,
	.server = {"--evil-names"},
	.args = {LOCALHOST, "-vvv"},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-EXPIRY OK: localhost:@PORT@ certificate "
		 "'evil\\x7cname\\x0aINJECT\\x7cx=1",
	.out_has = {"evil\\x7csan\\x0ainject.example", "aaaa..."},
    },
    {
	.id = "expiry-hostile-names-brief",
	.plugin = EXPIRY,
	.server = {"--evil-names"},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-EXPIRY OK: localhost:@PORT@ certificate "
		 "'evil\\x7cname\\x0aINJECT\\x7cx=1\\x00;;;;\\x0d' expires "
		 "in 90 days (",
	.demo = "hostile certificate names",
    },
    {
	.id = "expiry-json",
	.plugin = EXPIRY,
	.server = {"--expires-in", "20"},
	.args = {LOCALHOST, "-o", "json"},
	.exit_code = 1,
	.cause = "cert-expiring",
	.out_has = {"{\"plugin\":\"check_tls_expiry\",\"host\":"
		    "\"localhost\",",
	    "\"state\":\"WARNING\",\"exit_code\":1,",
	    "\"metrics\":{\"days_left\":20.00,\"chain_days_left\":",
	    "\"chain\":[{\"position\":0,\"name\":\"localhost\"",
	    "\"expiry\":{\"judged\":\"leaf\""},
	.demo = "JSON output",
    },
    {
	.id = "expiry-usage-no-host",
	.plugin = EXPIRY,
	.exit_code = 3,
	.cause = "usage",
	.first = "TLS-EXPIRY UNKNOWN: missing -H/--hostname",
	.flags = SC_NO_SERVER | SC_EXACT,
    },
    {
	.id = "expiry-usage-bad-warning",
	.plugin = EXPIRY,
	.args = {"-H", "x", "-w", "soon"},
	.exit_code = 3,
	.cause = "usage",
	.out_has = {"invalid value for -w/--warning: 'soon'"},
	.flags = SC_NO_SERVER,
    },
    {
	.id = "expiry-usage-hostile-host",
	.plugin = EXPIRY,
	.args = {"-H", "x\n|y=1"},
	.exit_code = 3,
	.cause = "usage",
	.first = "TLS-EXPIRY UNKNOWN: invalid value for -H/--hostname: "
		 "'x\\x0a\\x7cy=1' is not a host name or IP address",
	.flags = SC_NO_SERVER | SC_EXACT,
    },
    {
	.id = "expiry-usage-zero-timeout",
	.plugin = EXPIRY,
	.args = {"-H", "x", "-t", "0"},
	.exit_code = 3,
	.cause = "usage",
	.flags = SC_NO_SERVER,
    },
    {
	.id = "expiry-help",
	.plugin = EXPIRY,
	.args = {"--help"},
	.exit_code = 3,
	.out_has = {"--chain"},
	.flags = SC_NO_SERVER | SC_NOT_A_CHECK,
    },
    {
	.id = "expiry-version",
	.plugin = EXPIRY,
	.args = {"-V"},
	.exit_code = 3,
	.out_has = {"GnuTLS 3."},
	.flags = SC_NO_SERVER | SC_NOT_A_CHECK,
    },
    {
	/* About 250 KB of names: over GnuTLS's default 128 KiB. */
	.id = "expiry-10k-sans",
	.plugin = EXPIRY,
	.server = {"--extra-sans", "10000"},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-EXPIRY OK: localhost:@PORT@ certificate 'localhost' "
		 "expires in 90 days (",
    },
    {
	/* Over our own limit: UNKNOWN, a local limit, not the server's. */
	.id = "expiry-flight-over-limit",
	.plugin = EXPIRY,
	.server = {MODE("huge-flight")},
	.args = {LOCALHOST},
	.exit_code = 3,
	.cause = "local-error",
	.first = "TLS-EXPIRY UNKNOWN: localhost:@PORT@ the server's "
		 "handshake messages exceed this plugin's limit of 1 MiB (a "
		 "local limit, not a server failure) |",
    },
    {
	/* A CA certificate first: GnuTLS refuses; the leaf is still judged. */
	.id = "expiry-ca-first",
	.plugin = EXPIRY,
	.server = {"--order", "root,int,leaf", "--expires-in", "20"},
	.args = {LOCALHOST, "-v"},
	.exit_code = 1,
	.cause = "cert-expiring",
	.first = "TLS-EXPIRY WARNING: localhost:@PORT@ certificate "
		 "'localhost' expires in 20 days (",
	.line_has = {"days_left=20.00;30:;14:;; chain_days_left=20.00;"},
	.out_has = {"\nnote: chain misordered: certificate #0 'TLS Test Root "
		    "CA' is a CA certificate; the leaf 'localhost' is sent at "
		    "#2: clients take the first",
	    "\n[2] leaf: subject 'CN=localhost'"},
    },
    {
	.id = "expiry-ca-first-tls12-chain",
	.plugin = EXPIRY,
	.server = {"--order", "int,leaf", "--int-expires-in", "5",
	    PRIO("NORMAL:-VERS-TLS1.3")},
	.args = {LOCALHOST, "--chain"},
	.exit_code = 2,
	.cause = "cert-expiring",
	.line_has = {"chain certificate #0 'TLS Test Intermediate CA' "
		     "expires in 5 days",
	    "days_left=90.00;;;; chain_days_left=5.00;30:;14:;;"},
    },

    {
	/* TLS 1.3: the demand comes after the client's Finished. */
	.id = "expiry-client-cert-required",
	.plugin = EXPIRY,
	.server = {CLIENT_CERT("require")},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 2,
	.cause = "client-cert-required",
	.first = "TLS-EXPIRY CRITICAL: localhost:@PORT@ the server requires "
		 "a client certificate: the handshake failed after its "
		 "CertificateRequest (alert certificate_required) |",
	.out_has = {"\nserver requires a client certificate: the handshake "
		    "failed after CertificateRequest\n"},
    },
    {
	.id = "expiry-client-cert-optional",
	.plugin = EXPIRY,
	.server = {CLIENT_CERT("request")},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {"\nserver requests a client certificate (the handshake "
		    "completes without one)\n"},
    },
    {
	/* The DH group is a fact every plugin shows. */
	.id = "expiry-dhe-group",
	.plugin = EXPIRY,
	.server = {KEY_RSA,
	    PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:"
		 "+DHE-RSA")},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {"kx DHE-RSA, group FFDHE2048,",
	    "\nDHE group: 2048 bits, the RFC 7919 group FFDHE2048\n"},
    },

    /* ---------------------------------------- check_tls_chain */
    {
	.id = "followup-chain-no-common-cipher",
	.plugin = CHAIN,
	.server = {CAMELLIA_ONLY},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "no-common-cipher",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ TLS 1.2 accepted, but "
		 "no cipher in common with modern clients (server chose "
		 "TLS_ECDHE_ECDSA_CAMELLIA_128_CBC_SHA256); a default "
		 "handshake fails with alert handshake_failure | ",
    },
    {
	/* Only a version modern clients dropped, and only old ciphers. */
	.id = "followup-chain-tls10-only",
	.plugin = CHAIN,
	.server = {"--key", "rsa",
	    PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.0:-CIPHER-ALL:"
		 "+CAMELLIA-128-CBC:+SHA1")},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "protocol-obsolete",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ modern clients cannot "
		 "connect: server accepts only TLS 1.0; a default handshake "
		 "fails with alert handshake_failure | ",
    },
    {
	.id = "chain-ok",
	.plugin = CHAIN,
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-CHAIN OK: localhost:@PORT@ chain of 2 certificates "
		 "verifies to trusted root 'TLS Test Root CA'; name "
		 "'localhost' covered | chain_length=2;;;0; "
		 "handshake_time=",
	.out_has = {"\n[0] leaf: subject 'CN=localhost', issuer '" INT_DN "'\n",
	    "\n    sha256 "},
    },
    {
	.id = "chain-ok-brief",
	.plugin = CHAIN,
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-CHAIN OK: localhost:@PORT@ chain of 2 certificates "
		 "verifies to trusted root 'TLS Test Root CA'; name "
		 "'localhost' covered | chain_length=2;;;0; "
		 "handshake_time=",
	.demo = "chain: complete and trusted",
    },
    {
	.id = "chain-missing-intermediate",
	.plugin = CHAIN,
	.server = {"--omit-intermediate", AIA},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "chain-incomplete",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ chain incomplete: "
		 "server does not send the intermediate that issued leaf "
		 "'localhost' (issuer '" INT_CN "') | chain_length=1;",
	.demo = "chain: server forgets the intermediate",
    },
    {
	.id = "chain-missing-intermediate-hidden-locally",
	.plugin = CHAIN,
	.server = {"--omit-intermediate"},
	.args = {LOCALHOST, "--ca-file", "@CAINT@"},
	.exit_code = 1,
	.cause = "chain-incomplete",
	.line_has = {"chain incomplete: server does not send the "
		     "intermediate that issued leaf 'localhost' (issuer "
		     "'" INT_CN "'); it verifies here only because the "
		     "local store holds it, other clients will fail"},
	.demo = "chain: intermediate hidden by the local store",
    },
    {
	.id = "chain-untrusted-root",
	.plugin = CHAIN,
	.server = {"--untrusted-root", "--send-root"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "chain-untrusted",
	.line_has = {"untrusted root: the chain ends at 'TLS Test "
		     "Untrusted Root', which",
	    "which is not a trusted root here"},
	.demo = "chain: untrusted root",
    },
    {
	.id = "chain-untrusted-root-not-sent",
	.plugin = CHAIN,
	.server = {"--untrusted-root"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "chain-untrusted",
	.line_has = {"intermediate 'TLS Test Intermediate CA' is issued by "
		     "'TLS Test Untrusted Root', which is neither sent nor "
		     "trusted here: an untrusted or private root, or a "
		     "missing intermediate"},
    },
    {
	/* Like Let's Encrypt's long chain: the root sent, cross-signed. */
	.id = "chain-cross-signed-root",
	.plugin = CHAIN,
	.server = {"--cross-root"},
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"chain of 3 certificates verifies to trusted root "
		     "'TLS Test Root CA'; name 'localhost' covered |"},
	.out_has = {"\nnote: the server also sends 'TLS Test Root CA' "
		    "(issued by 'TLS Test Old Root'), which clients "
		    "trusting 'TLS Test Root CA' do not need\n"},
    },
    {
	/* Trust another server's root, not the self-signed leaf. */
	.id = "chain-self-signed",
	.plugin = CHAIN,
	.server = {"--self-signed"},
	.args = {LOCALHOST, "--ca-file", "@OTHERCA@"},
	.exit_code = 2,
	.cause = "self-signed",
	.line_has = {"self-signed certificate 'localhost': no client "
		     "trusts it unless it is installed there"},
	.demo = "chain: self-signed certificate",
    },
    {
	.id = "chain-self-signed-allowed",
	.plugin = CHAIN,
	.server = {"--self-signed"},
	.args = {LOCALHOST, "--ca-file", "@OTHERCA@", "--allow-self-signed"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"self-signed certificate 'localhost' accepted "
		     "(--allow-self-signed)"},
    },
    {
	/* Pinned: the self-signed certificate is itself the anchor. */
	.id = "chain-self-signed-pinned",
	.plugin = CHAIN,
	.server = {"--self-signed"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 0,
	.cause = "ok",
    },
    {
	.id = "chain-expired-intermediate",
	.plugin = CHAIN,
	.server = {"--int-expires-in", "-1.5"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "chain-cert-expired",
	.line_has = {"intermediate 'TLS Test Intermediate CA' expired 36 "
		     "hours ago ("},
    },
    {
	.id = "chain-expired-intermediate-2-days",
	.plugin = CHAIN,
	.server = {"--int-expires-in", "-2"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "chain-cert-expired",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ intermediate 'TLS "
		 "Test Intermediate CA' expired 2 days ago (",
	.demo = "chain: expired intermediate",
    },
    {
	.id = "chain-intermediate-not-yet-valid",
	.plugin = CHAIN,
	.server = {"--int-not-before", "2"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "cert-not-yet-valid",
	.line_has = {"intermediate 'TLS Test Intermediate CA' is not yet "
		     "valid: valid from ",
	    "check this host's clock"},
    },
    {
	.id = "chain-expired-leaf",
	.plugin = CHAIN,
	.server = {"--expires-in", "-4"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "cert-expired",
	.line_has = {"leaf 'localhost' expired 4 days ago ("},
    },
    {
	.id = "chain-wrong-name",
	.plugin = CHAIN,
	.server = {"--name", "other.test", "--no-ip-san"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ hostname mismatch: "
		 "the certificate does not cover 'localhost'; it covers "
		 "'other.test' |",
    },
    {
	/* The IP SANs stay: the name is still not covered. */
	.id = "chain-wrong-name-with-ip-san",
	.plugin = CHAIN,
	.server = {"--name", "www.example.test"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ hostname mismatch: "
		 "the certificate does not cover 'localhost'; it covers "
		 "'www.example.test', '127.0.0.1', '::1' |",
	.demo = "chain: certificate for another name",
    },
    {
	/* --name checks another name; --no-hostname checks none. */
	.id = "chain-wrong-name-checked-as",
	.plugin = CHAIN,
	.server = {"--name", "other.test", "--no-ip-san"},
	.args = {LOCALHOST, TRUST_CA, "--name", "other.test"},
	.exit_code = 0,
	.cause = "ok",
    },
    {
	.id = "chain-wrong-name-not-checked",
	.plugin = CHAIN,
	.server = {"--name", "other.test", "--no-ip-san"},
	.args = {LOCALHOST, TRUST_CA, "--no-hostname"},
	.exit_code = 0,
	.cause = "ok",
    },
    {
	.id = "chain-wildcard",
	.plugin = CHAIN,
	.server = {"--name", "*.example.test"},
	.args = {"-H", "www.example.test", LOOPBACK, TRUST_CA},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"name 'www.example.test' covered"},
    },
    {
	/* RFC 6125: the wildcard covers exactly one label. */
	.id = "chain-wildcard-two-labels",
	.plugin = CHAIN,
	.server = {"--name", "*.example.test"},
	.args = {"-H", "a.b.example.test", LOOPBACK, TRUST_CA},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.line_has = {"hostname mismatch: the certificate does not cover "
		     "'a.b.example.test'; it covers '*.example.test'"},
    },
    {
	.id = "chain-wildcard-no-label",
	.plugin = CHAIN,
	.server = {"--name", "*.example.test"},
	.args = {"-H", "example.test", LOOPBACK, TRUST_CA},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.line_has = {"hostname mismatch"},
    },
    {
	.id = "chain-ip-san",
	.plugin = CHAIN,
	.args = {"-H", "127.0.0.1", "-p", "@PORT@", TRUST_CA},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"name '127.0.0.1' covered"},
    },
    {
	.id = "chain-ip-san-mismatch",
	.plugin = CHAIN,
	.args = {"-H", "127.0.0.2", LOOPBACK, TRUST_CA},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.line_has = {"hostname mismatch: the certificate does not cover "
		     "'127.0.0.2'; it covers 'localhost', '127.0.0.1', "
		     "'::1'"},
    },
    {
	/* RFC 9525: no CN-ID; browsers, Go and Python refuse this. */
	.id = "chain-cn-fallback",
	.plugin = CHAIN,
	.server = {"--name", "cn.example.test", "--no-san"},
	.args = {"-H", "cn.example.test", LOOPBACK, TRUST_CA},
	.exit_code = 2,
	.cause = "no-san",
	.first = "TLS-CHAIN CRITICAL: cn.example.test:@PORT@ the certificate "
		 "has no subjectAltName; clients ignore the CN "
		 "'cn.example.test' since RFC 9525 |",
    },
    {
	.id = "chain-cn-fallback-mismatch",
	.plugin = CHAIN,
	.server = {"--name", "cn.example.test", "--no-san"},
	.args = {"-H", "other.example.test", LOOPBACK, TRUST_CA},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.line_has = {"it covers only its subject CN 'cn.example.test'"},
    },
    {
	.id = "chain-sha1-leaf",
	.plugin = CHAIN,
	.server = {"--leaf-hash", "sha1"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "weak-signature",
	.line_has = {"weak signature: leaf 'localhost' is signed with "
		     "SHA1 ("},
	.demo = "chain: SHA-1 signed leaf",
    },
    {
	.id = "chain-rsa1024-leaf",
	.plugin = CHAIN,
	.server = {"--key", "rsa", "--key-bits", "1024"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "weak-key",
	.line_has = {"weak key: leaf 'localhost' has a 1024-bit RSA key "
		     "(minimum 2048)"},
	.demo = "chain: RSA-1024 leaf",
    },
    {
	.id = "chain-rsa1024-leaf-allowed",
	.plugin = CHAIN,
	.server = {"--key", "rsa", "--key-bits", "1024"},
	.args = {LOCALHOST, TRUST_CA, "--min-key-bits", "1024"},
	.exit_code = 0,
	.cause = "ok",
    },
    {
	.id = "chain-misordered",
	.plugin = CHAIN,
	.server = {"--order", "leaf,root,int"},
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 1,
	.cause = "chain-misordered",
	.line_has = {"chain misordered: a certificate is sent before the "
		     "one it signs (issuer path by position sent: #0, "
		     "#2, #1)"},
	.out_has = {"note: the server also sends the root 'TLS Test Root "
		    "CA'"},
    },
    {
	.id = "chain-misordered-brief",
	.plugin = CHAIN,
	.server = {"--order", "leaf,root,int"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 1,
	.cause = "chain-misordered",
	.first = "TLS-CHAIN WARNING: localhost:@PORT@ chain misordered: a "
		 "certificate is sent before the one it signs (issuer path "
		 "by position sent: #0, #2, #1) | chain_length=3;",
	.demo = "chain: misordered (leaf, root, intermediate)",
    },
    {
	.id = "chain-superfluous",
	.plugin = CHAIN,
	.server = {"--order", "leaf,int,extra"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 1,
	.cause = "chain-superfluous",
	.line_has = {"superfluous certificate #2 'Unrelated Certificate' "
		     "is on no path to the leaf"},
	.demo = "chain: superfluous certificate",
    },
    {
	.id = "chain-combined",
	.plugin = CHAIN,
	.server = {"--expires-in", "-1", "--name", "other.test", "--order",
	    "leaf,root,int"},
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 2,
	.cause = "cert-expired",
	.line_has = {"leaf 'other.test' expired 24 hours ago",
	    "(and 2 more problems)"},
	.out_has = {"\nCRITICAL: hostname mismatch: ",
	    "\nWARNING: chain misordered: "},
    },
    {
	.id = "chain-plaintext-http",
	.plugin = CHAIN,
	.server = {MODE("http")},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "plaintext-on-tls-port",
	.line_has = {"speaks plaintext HTTP, not TLS: answered the "
		     "ClientHello with " HTTP_400},
    },
    {
	.id = "chain-ca-file-missing",
	.plugin = CHAIN,
	.args = {LOCALHOST, "--ca-file", "@DIR@/none.pem"},
	.exit_code = 3,
	.cause = "local-error",
	.line_has = {"cannot read CA file"},
    },
    {
	.id = "chain-json",
	.plugin = CHAIN,
	.server = {"--omit-intermediate", AIA},
	.args = {LOCALHOST, TRUST_CA, "-o", "json"},
	.exit_code = 2,
	.cause = "chain-incomplete",
	.out_has = {"\"plugin\":\"check_tls_chain\"",
	    "\"state\":\"CRITICAL\",\"exit_code\":2",
	    "\"metrics\":{\"chain_length\":1,",
	    "\"findings\":[{\"state\":\"CRITICAL\",\"code\":"
	    "\"chain_incomplete\""},
    },
    {
	.id = "chain-fifth-san-after-long-ones",
	.plugin = CHAIN,
	.server = {FIFTH_SAN},
	.args = {"-H", "www.example.test", LOOPBACK, TRUST_CA},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"; name 'www.example.test' covered |"},
    },
    {
	.id = "chain-cn-allowed",
	.plugin = CHAIN,
	.server = {"--name", "cn.example.test", "--no-san"},
	.args = {"-H", "cn.example.test", LOOPBACK, TRUST_CA, "--allow-cn",
	    "-v"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"; name 'cn.example.test' covered by the CN "
		     "(--allow-cn) |"},
	.out_has = {"\nnote: the certificate has no subjectAltName; its CN "
		    "'cn.example.test' covers 'cn.example.test', accepted "
		    "(--allow-cn)"},
    },
    {
	/* --allow-cn takes the CN by the same rules: no other name. */
	.id = "chain-cn-allowed-mismatch",
	.plugin = CHAIN,
	.server = {"--name", "cn.example.test", "--no-san"},
	.args = {"-H", "other.example.test", LOOPBACK, TRUST_CA, "--allow-cn"},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.line_has = {"it covers only its subject CN 'cn.example.test'"},
    },
    {
	.id = "chain-10k-sans",
	.plugin = CHAIN,
	.server = {"--extra-sans", "10000"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-CHAIN OK: localhost:@PORT@ chain of 2 certificates "
		 "verifies to trusted root 'TLS Test Root CA'; name "
		 "'localhost' covered |",
    },
    {
	.id = "chain-flight-over-limit",
	.plugin = CHAIN,
	.server = {MODE("huge-flight")},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 3,
	.cause = "local-error",
	.line_has = {"exceed this plugin's limit of 1 MiB (a local limit"},
    },
    {
	/* The CA certificate first: every client refuses the handshake. */
	.id = "chain-ca-first",
	.plugin = CHAIN,
	.server = {"--order", "root,int,leaf"},
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 2,
	.cause = "chain-misordered",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ chain misordered: "
		 "certificate #0 'TLS Test Root CA' is a CA certificate; the "
		 "leaf 'localhost' is sent at #2 | chain_length=3;",
	.out_has = {"\ntrust: chain verifies (1 trust anchors)\n",
	    "\n[0] root: subject 'CN=TLS Test Root CA,"},
	.demo = "chain: CA certificate sent first",
    },
    {
	/* -vvv names GnuTLS's error; no bare "GnuTLS error code -48". */
	.id = "chain-ca-first-vvv",
	.plugin = CHAIN,
	.server = {"--order", "int,leaf"},
	.args = {LOCALHOST, TRUST_CA, "-vvv"},
	.exit_code = 2,
	.cause = "chain-misordered",
	.out_has = {"\nGnuTLS: Key usage violation in certificate has been "
		    "detected. (GNUTLS_E_KEY_USAGE_VIOLATION, -48)\n"},
    },
    {
	.id = "chain-ca-first-tls12",
	.plugin = CHAIN,
	.server = {"--order", "int,leaf", PRIO("NORMAL:-VERS-TLS1.3")},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "chain-misordered",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ chain misordered: "
		 "certificate #0 'TLS Test Intermediate CA' is a CA "
		 "certificate; the leaf 'localhost' is sent at #1 | ",
    },
    {
	/* The leaf found is judged as any: here for its name too. */
	.id = "chain-ca-first-wrong-name",
	.plugin = CHAIN,
	.server = {"--order", "int,root,leaf", "--name", "other.test",
	    "--no-ip-san"},
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 2,
	.cause = "chain-misordered",
	.line_has = {"chain misordered: certificate #0 'TLS Test "
		     "Intermediate CA' is a CA certificate; the leaf "
		     "'other.test' is sent at #2 (and 1 more problem)"},
	.out_has = {"\nCRITICAL: hostname mismatch: the certificate does not "
		    "cover 'localhost'; it covers 'other.test'\n"},
    },
    {
	/*
	 * An interception product's root issued the leaf, and nothing says
	 * an intermediate exists: not called a missing intermediate.
	 */
	.id = "chain-untrusted-issuer-not-sent",
	.plugin = CHAIN,
	.server = {"--untrusted-root", "--omit-intermediate",
	    "--untrusted-root-cn", "Superfish, Inc."},
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 2,
	.cause = "chain-untrusted",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ leaf 'localhost' is "
		 "issued by 'Superfish, Inc.', which is neither sent nor "
		 "trusted here: an untrusted or private root, or a missing "
		 "intermediate | chain_length=1;",
	.out_has = {"issuer 'CN=Superfish, Inc.,O=tls-monitoring-plugins "
		    "test'\n"},
	.demo = "chain: leaf from an untrusted root not sent (interception)",
    },
    {
	/* The same for a forgotten intermediate the leaf does not name. */
	.id = "chain-missing-intermediate-no-evidence",
	.plugin = CHAIN,
	.server = {"--omit-intermediate"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "chain-untrusted",
	.line_has = {"leaf 'localhost' is issued by 'TLS Test Intermediate "
		     "CA', which is neither sent nor trusted here"},
    },
    {
	.id = "chain-missing-intermediate-aia",
	.plugin = CHAIN,
	.server = {"--omit-intermediate", AIA},
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 2,
	.cause = "chain-incomplete",
	.out_has = {"\nnote: the leaf names its issuer's certificate at "
		    "'http://ca.example.test/int.der' (AIA caIssuers): the "
		    "server should send it after the leaf\n"},
    },
    {
	/* An intermediate in the CA file is evidence enough, as before. */
	.id = "chain-untrusted-issuer-int-in-ca-file",
	.plugin = CHAIN,
	.server = {"--omit-intermediate"},
	.args = {LOCALHOST, "--ca-file", "@CAINT@"},
	.exit_code = 1,
	.cause = "chain-incomplete",
	.line_has = {"chain incomplete: server does not send the "
		     "intermediate that issued leaf 'localhost'"},
    },
    {
	.id = "chain-ocsp-good",
	.plugin = CHAIN,
	.server = {"--ocsp", "good"},
	.args = {LOCALHOST, TRUST_CA, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"verifies to trusted root 'TLS Test Root CA'",
	    " ocsp_age=360"},
	.out_has = {"\nnote: the stapled OCSP response says leaf 'localhost' "
		    "is good (signature verified, next update ",
	    "\nOCSP: signature verifies against issuer 'TLS Test "
	    "Intermediate CA', "},
    },
    {
	.id = "chain-ocsp-revoked",
	.plugin = CHAIN,
	.server = {"--ocsp", "revoked"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "ocsp-revoked",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ leaf 'localhost' is "
		 "revoked since ",
	.line_has = {" UTC (2 days ago, reason keyCompromise), says the "
		     "stapled OCSP response |",
	    " ocsp_age=360"},
	.demo = "chain: stapled OCSP response says revoked",
    },
    {
	.id = "chain-ocsp-revoked-tls12",
	.plugin = CHAIN,
	.server = {"--ocsp", "revoked", PRIO("NORMAL:-VERS-TLS1.3")},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "ocsp-revoked",
	.line_has = {"leaf 'localhost' is revoked since "},
    },
    {
	.id = "chain-ocsp-unknown",
	.plugin = CHAIN,
	.server = {"--ocsp", "unknown"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 1,
	.cause = "ocsp-staple-missing",
	.line_has = {"the stapled OCSP response does not know leaf "
		     "'localhost' (status unknown): clients get no proof it "
		     "is not revoked |"},
    },
    {
	.id = "chain-ocsp-expired",
	.plugin = CHAIN,
	.server = {"--ocsp", "expired"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 1,
	.cause = "ocsp-stale",
	.line_has = {"the stapled OCSP response for leaf 'localhost' is "
		     "stale: its next update was due 24 hours ago (",
	    " ocsp_age=6912"},
    },
    {
	.id = "chain-ocsp-wrong-key",
	.plugin = CHAIN,
	.server = {"--ocsp", "wrong-key"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "ocsp-staple-missing",
	.line_has = {"the stapled OCSP response for leaf 'localhost' is not "
		     "signed by issuer 'TLS Test Intermediate CA' (its "
		     "signature does not verify) |"},
    },
    {
	.id = "chain-ocsp-other-cert",
	.plugin = CHAIN,
	.server = {"--ocsp", "other-cert"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "ocsp-staple-missing",
	.line_has = {"the stapled OCSP response is about another "
		     "certificate, not leaf 'localhost' |"},
    },
    {
	/* Signed by the root that issued the leaf, found in the CA file. */
	.id = "chain-ocsp-root-issued-leaf",
	.plugin = CHAIN,
	.server = {"--ocsp", "good", "--untrusted-root", "--omit-intermediate"},
	.args = {LOCALHOST, "--ca-file", "@DIR@/untrusted-root.pem", "-v"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {"\nOCSP: signature verifies against trusted issuer 'TLS "
		    "Test Untrusted Root', "},
    },
    {
	.id = "chain-must-staple-missing",
	.plugin = CHAIN,
	.server = {"--must-staple"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 2,
	.cause = "ocsp-staple-missing",
	.first = "TLS-CHAIN CRITICAL: localhost:@PORT@ the certificate "
		 "requires a stapled OCSP response (must-staple) and the "
		 "server sent none | chain_length=2;",
	.demo = "chain: must-staple certificate without a staple",
    },
    {
	/* GnuTLS's sentence is for -vvv only. */
	.id = "chain-must-staple-missing-verbose",
	.plugin = CHAIN,
	.server = {"--must-staple"},
	.args = {LOCALHOST, TRUST_CA, "-vvv"},
	.exit_code = 2,
	.cause = "ocsp-staple-missing",
	.line_has = {"the certificate requires a stapled OCSP response "
		     "(must-staple) and the server sent none |"},
	.out_has = {"\nOCSP: no staple (requested), though the leaf "
		    "demands one (must-staple)\n",
	    "\ntrust detail: The certificate is NOT trusted. "},
    },
    {
	.id = "chain-must-staple-stapled",
	.plugin = CHAIN,
	.server = {"--must-staple", "--ocsp", "good"},
	.args = {LOCALHOST, TRUST_CA},
	.exit_code = 0,
	.cause = "ok",
    },
    {
	.id = "chain-ocsp-json",
	.plugin = CHAIN,
	.server = {"--ocsp", "revoked"},
	.args = {LOCALHOST, TRUST_CA, "-o", "json"},
	.exit_code = 2,
	.cause = "ocsp-revoked",
	.out_has = {"\"metrics\":{\"chain_length\":2,\"handshake_time\":",
	    ",\"ocsp_age\":360",
	    "\"ocsp\":{\"requested\":true,\"must_staple\":false,"
	    "\"stapled\":true,\"status\":\"revoked\",\"for_leaf\":true,"
	    "\"this_update\":",
	    "\"revocation_reason\":\"keyCompromise\",\"signature_checked\":"
	    "true,\"signature_valid\":true,\"signer\":\"issuer 'TLS Test "
	    "Intermediate CA'\""},
    },
    {
	.id = "chain-no-ocsp-json",
	.plugin = CHAIN,
	.args = {LOCALHOST, TRUST_CA, "-o", "json"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {",\"ocsp_age\":null}",
	    "\"ocsp\":{\"requested\":true,\"must_staple\":false,"
	    "\"stapled\":false,\"status\":\"none\""},
    },

    {
	/* TLS 1.2: the demand ends the handshake itself. */
	.id = "chain-client-cert-required-json",
	.plugin = CHAIN,
	.server = {CLIENT_CERT("require"),
	    PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2")},
	.args = {LOCALHOST, TRUST_CA, "-o", "json"},
	.exit_code = 2,
	.cause = "client-cert-required",
	.out_has = {"\"client_certificate\":\"required\"",
	    "the server requires a client certificate: the handshake failed "
	    "after its CertificateRequest (alert "},
    },

    /* ---------------------------------------- check_tls_sni */
    {
	.id = "followup-sni-no-common-cipher",
	.plugin = SNI,
	.server = {CAMELLIA_ONLY},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "no-common-cipher",
	.line_has = {"no cipher in common with modern clients (server chose "
		     "TLS_ECDHE_ECDSA_CAMELLIA_128_CBC_SHA256); a default "
		     "handshake fails with alert handshake_failure"},
    },
    {
	.id = "sni-default-cert-without-sni",
	.plugin = SNI,
	.server = {VHOSTS, DEFAULT_CERT},
	.args = {LOOPBACK, "-H", "www.example.test", "--unknown-sni",
	    "nope.example.test", "-v"},
	.exit_code = 1,
	.cause = "sni-required",
	.first = "TLS-SNI WARNING: www.example.test:@PORT@ clients without "
		 "SNI get 'default.example.test', which does not cover "
		 "'www.example.test' | sni_match=1;;;0;1 "
		 "nosni_match=0;;;0;1 ",
	.out_has = {"\nnote: unknown name 'nope.example.test' gets "
		    "'default.example.test' (the certificate for clients "
		    "without SNI)\n",
	    "\nwith SNI 'www.example.test': 'www.example.test' (sha256 "},
    },
    {
	/* The vhost scenarios by name only, as make demo runs them. */
	.id = "sni-localhost-default-cert",
	.plugin = SNI,
	.server = {"--vhost", "localhost=localhost", "--vhost",
	    "api.example.test=api.example.test", DEFAULT_CERT},
	.args = {LOCALHOST},
	.exit_code = 1,
	.cause = "sni-required",
	.first = "TLS-SNI WARNING: localhost:@PORT@ clients without SNI get "
		 "'default.example.test', which does not cover "
		 "'localhost' | sni_match=1;;;0;1 nosni_match=0;;;0;1 ",
	.demo = "vhosts: with SNI fine, without SNI the default",
    },
    {
	/* The unknown-name state applies only when asked for. */
	.id = "sni-unknown-name-gets-default",
	.plugin = SNI,
	.server = {VHOSTS, DEFAULT_CERT},
	.args = {LOOPBACK, "-H", "api.example.test", "--unknown-sni-state",
	    "critical", "--no-sni-state", "ok"},
	.exit_code = 2,
	.cause = "sni-ignored",
	.line_has = {"gets 'default.example.test' (the certificate for "
		     "clients without SNI)"},
    },
    {
	.id = "sni-ignored",
	.plugin = SNI,
	.server = {"--name", "default.example.test"},
	.args = {LOOPBACK, "-H", "www.example.test"},
	.exit_code = 2,
	.cause = "sni-ignored",
	.first = "TLS-SNI CRITICAL: www.example.test:@PORT@ serves "
		 "'default.example.test' for this name, the same "
		 "certificate as without SNI: no certificate for "
		 "'www.example.test' is configured, or the server ignores "
		 "SNI | sni_match=0;;;0;1 nosni_match=0;;;0;1 ",
    },
    {
	/*
	 * Virtual hosts, but none for this name: the same three
	 * certificates as a server that ignores SNI, and the same words,
	 * which must not claim it ignores SNI.
	 */
	.id = "sni-vhosts-none-for-name",
	.plugin = SNI,
	.server = {VHOSTS, DEFAULT_CERT},
	.args = {LOOPBACK, "-H", "shop.example.test"},
	.exit_code = 2,
	.cause = "sni-ignored",
	.first = "TLS-SNI CRITICAL: shop.example.test:@PORT@ serves "
		 "'default.example.test' for this name, the same "
		 "certificate as without SNI: no certificate for "
		 "'shop.example.test' is configured, or the server ignores "
		 "SNI | ",
    },
    {
	.id = "sni-localhost-ignored",
	.plugin = SNI,
	.server = {"--name", "default.example.test"},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "sni-ignored",
	.first = "TLS-SNI CRITICAL: localhost:@PORT@ serves "
		 "'default.example.test' for this name, the same "
		 "certificate as without SNI: no certificate for "
		 "'localhost' is configured, or the server ignores SNI | "
		 "sni_match=0;;;0;1 nosni_match=0;;;0;1 ",
	.demo = "vhosts: server ignores SNI",
    },
    {
	/* The one name it has is fine, with or without SNI. */
	.id = "sni-ignored-own-name",
	.plugin = SNI,
	.server = {"--name", "default.example.test"},
	.args = {LOOPBACK, "-H", "default.example.test"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"SNI 'default.example.test' gets "
		     "'default.example.test', which covers it; without "
		     "SNI: 'default.example.test' | sni_match=1;;;0;1 "
		     "nosni_match=1;;;0;1 "},
    },
    {
	.id = "sni-required",
	.plugin = SNI,
	.server = {VHOSTS, "--no-sni-alert", "handshake_failure"},
	.args = {LOOPBACK, "-H", "www.example.test"},
	.exit_code = 1,
	.cause = "sni-required",
	.line_has = {"server requires SNI: handshake without SNI fails "
		     "with alert handshake_failure | sni_match=1;;;0;1 "
		     "nosni_match=0;;;0;1 "},
    },
    {
	.id = "sni-localhost-required",
	.plugin = SNI,
	.server = {"--vhost", "localhost=localhost", "--no-sni-alert",
	    "unrecognized_name"},
	.args = {LOCALHOST},
	.exit_code = 1,
	.cause = "sni-required",
	.first = "TLS-SNI WARNING: localhost:@PORT@ server requires SNI: "
		 "handshake without SNI fails with alert "
		 "unrecognized_name | sni_match=1;;;0;1 "
		 "nosni_match=0;;;0;1 ",
	.demo = "vhosts: server requires SNI",
    },
    {
	.id = "sni-required-critical",
	.plugin = SNI,
	.server = {VHOSTS, "--no-sni-alert", "handshake_failure"},
	.args = {LOOPBACK, "-H", "www.example.test", "--no-sni-state",
	    "critical"},
	.exit_code = 2,
	.cause = "sni-required",
    },
    {
	.id = "sni-unknown-name-alert",
	.plugin = SNI,
	.server = {VHOSTS, "--default-cert", "www.example.test",
	    "--unknown-sni-alert", "unrecognized_name"},
	.args = {LOOPBACK, "-H", "www.example.test", "--unknown-sni-state",
	    "critical", "-v"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {"\nnote: unknown name 'tlsmp-unknown-",
	    ".example.test': handshake fails with alert "
	    "unrecognized_name\n"},
    },
    {
	/* A name the server does not know, asked for directly. */
	.id = "sni-name-not-known",
	.plugin = SNI,
	.server = {VHOSTS, "--default-cert", "www.example.test",
	    "--unknown-sni-alert", "unrecognized_name"},
	.args = {LOOPBACK, "-H", "shop.example.test"},
	.exit_code = 2,
	.cause = "sni-ignored",
	.first = "TLS-SNI CRITICAL: shop.example.test:@PORT@ server does "
		 "not know 'shop.example.test': handshake with SNI fails "
		 "with alert unrecognized_name",
    },
    {
	.id = "sni-wrong-cert-for-name",
	.plugin = SNI,
	.server = {"--vhost", "www.example.test=other.example.test", "--vhost",
	    "api.example.test=api.example.test", DEFAULT_CERT},
	.args = {LOOPBACK, "-H", "www.example.test"},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.line_has = {"server selects certificates by SNI but serves "
		     "'other.example.test' for 'www.example.test', which "
		     "does not cover it (and 1 more problem)"},
    },
    {
	.id = "sni-localhost-wrong-cert",
	.plugin = SNI,
	.server = {"--vhost", "localhost=other.example.test", "--vhost",
	    "api.example.test=api.example.test", DEFAULT_CERT},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "hostname-mismatch",
	.first = "TLS-SNI CRITICAL: localhost:@PORT@ server selects "
		 "certificates by SNI but serves 'other.example.test' for "
		 "'localhost', which does not cover it (and 1 more "
		 "problem) | sni_match=0;;;0;1 nosni_match=0;;;0;1 ",
	.demo = "vhosts: wrong certificate for the name",
    },
    {
	.id = "sni-ip-host",
	.plugin = SNI,
	.server = {VHOSTS},
	.args = {LOOPBACK, "-H", "127.0.0.1"},
	.exit_code = 3,
	.cause = "usage",
	.first = "TLS-SNI UNKNOWN: no name to test: -H is an IP address",
    },
    {
	.id = "sni-ip-host-with-sni",
	.plugin = SNI,
	.server = {VHOSTS},
	.args = {LOOPBACK, "-H", "127.0.0.1", "--sni", "api.example.test",
	    "--no-sni-state", "ok"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"SNI 'api.example.test' gets 'api.example.test', "
		     "which covers it"},
    },
    {
	/* Three handshakes at once: one deadline, not three. */
	.id = "sni-silent",
	.plugin = SNI,
	.server = {MODE("silent")},
	.args = {LOOPBACK, "-H", "www.example.test", "-t", "2"},
	.exit_code = 2,
	.cause = "timeout",
	.line_has = {SILENT_2S},
	.min_s = 1.9,
	.max_s = 3.5,
    },
    {
	.id = "sni-refused",
	.plugin = SNI,
	.args = {LOOPBACK, "-H", "www.example.test"},
	.exit_code = 2,
	.cause = "connection-refused",
	.line_has = {"connection refused by 127.0.0.1 port @PORT@"},
	.flags = SC_REFUSED,
    },
    {
	.id = "sni-json",
	.plugin = SNI,
	.server = {VHOSTS, DEFAULT_CERT},
	.args = {LOOPBACK, "-H", "www.example.test", "-o", "json"},
	.exit_code = 1,
	.cause = "sni-required",
	.out_has = {"\"plugin\":\"check_tls_sni\"",
	    "\"handshakes\":[{\"handshake\":\"sni\",\"sni\":"
	    "\"www.example.test\",\"result\":\"ok\"",
	    "{\"handshake\":\"no_sni\",\"sni\":\"\",\"result\":\"ok\","
	    "\"reason\":\"\",\"covers_name\":false,\"certificate\":{"
	    "\"name\":\"default.example.test\"",
	    "\"metrics\":{\"sni_match\":1,\"nosni_match\":0,"},
    },
    {
	/* One certificate for every name: the CN is no reason to blame SNI. */
	.id = "sni-cn-only",
	.plugin = SNI,
	.server = {"--name", "cn.example.test", "--no-san"},
	.args = {"-H", "cn.example.test", LOOPBACK},
	.exit_code = 2,
	.cause = "no-san",
	.first = "TLS-SNI CRITICAL: cn.example.test:@PORT@ the certificate "
		 "has no subjectAltName; clients ignore the CN "
		 "'cn.example.test' since RFC 9525 |",
    },
    {
	.id = "sni-cn-allowed",
	.plugin = SNI,
	.server = {"--name", "cn.example.test", "--no-san"},
	.args = {"-H", "cn.example.test", LOOPBACK, "--allow-cn"},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-SNI OK: cn.example.test:@PORT@ SNI 'cn.example.test' "
		 "gets 'cn.example.test', which covers it",
	.line_has = {"sni_match=1;"},
    },
    {
	.id = "sni-fifth-san-after-long-ones",
	.plugin = SNI,
	.server = {FIFTH_SAN},
	.args = {"-H", "www.example.test", LOOPBACK},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-SNI OK: www.example.test:@PORT@ SNI 'www.example.test' "
		 "gets 'aaaa",
	.line_has = {"', which covers it"},
    },

    /* ---------------------------------------- check_tls_protocols */
    {
	.id = "protocols-modern",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-TLS1.0:-VERS-TLS1.1")},
	.args = {LOCAL_LOOPBACK},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-PROTOCOLS OK: localhost:@PORT@ accepts TLS 1.2, TLS "
		 "1.3 | ssl3=0;;;0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 "
		 "tls1_2=1;;;0;1 tls1_3=1;;;0;1 scan_time=",
    },
    {
	/* By name only, as make demo runs it: no -I. */
	.id = "protocols-modern-by-name",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-TLS1.0:-VERS-TLS1.1")},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-PROTOCOLS OK: localhost:@PORT@ accepts TLS 1.2, TLS "
		 "1.3 | ssl3=0;;;0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 "
		 "tls1_2=1;;;0;1 tls1_3=1;;;0;1 scan_time=",
	.demo = "versions: TLS 1.2 and 1.3",
    },
    {
	.id = "protocols-all-versions",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL")},
	.args = {LOCAL_LOOPBACK},
	.exit_code = 1,
	.cause = "protocol-legacy-enabled",
	.line_has = {"accepts TLS 1.0 (and 1 more problem); accepted: "
		     "TLS 1.0, TLS 1.1, TLS 1.2, TLS 1.3 |"},
    },
    {
	.id = "protocols-all-versions-by-name",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL")},
	.args = {LOCALHOST},
	.exit_code = 1,
	.cause = "protocol-legacy-enabled",
	.first = "TLS-PROTOCOLS WARNING: localhost:@PORT@ accepts TLS 1.0 "
		 "(and 1 more problem); accepted: TLS 1.0, TLS 1.1, TLS "
		 "1.2, TLS 1.3 | ssl3=0;;;0;1 tls1_0=1;;;0;1 "
		 "tls1_1=1;;;0;1 tls1_2=1;;;0;1 tls1_3=1;;;0;1 scan_time=",
	.demo = "versions: everything from TLS 1.0",
    },
    {
	.id = "protocols-all-versions-no-policy",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL")},
	.args = {LOCAL_LOOPBACK, "-w", "none"},
	.exit_code = 0,
	.cause = "ok",
    },
    {
	.id = "protocols-all-versions-critical",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL")},
	.args = {LOCAL_LOOPBACK, "-c", "tls1.0", "-w", "tls1.1"},
	.exit_code = 2,
	.cause = "protocol-legacy-enabled",
	.line_has = {"accepts TLS 1.0"},
    },
    {
	.id = "protocols-tls10-only",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.0")},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 2,
	.cause = "protocol-obsolete",
	.first = "TLS-PROTOCOLS CRITICAL: localhost:@PORT@ modern clients "
		 "cannot connect: server accepts only TLS 1.0 (and 1 more "
		 "problem); accepted: TLS 1.0 | ssl3=0;;;0;1 "
		 "tls1_0=1;;;0;1 tls1_1=0;;;0;1 tls1_2=0;;;0;1 "
		 "tls1_3=0;;;0;1 scan_time=",
	.out_has = {"\nWARNING: accepts TLS 1.0\n", "\nTLS 1.0: accepted (TLS_",
	    "\nTLS 1.2: refused ("},
    },
    {
	.id = "protocols-tls10-only-by-name",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.0")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "protocol-obsolete",
	.first = "TLS-PROTOCOLS CRITICAL: localhost:@PORT@ modern clients "
		 "cannot connect: server accepts only TLS 1.0 (and 1 more "
		 "problem); accepted: TLS 1.0 | ssl3=0;;;0;1 "
		 "tls1_0=1;;;0;1 tls1_1=0;;;0;1 tls1_2=0;;;0;1 "
		 "tls1_3=0;;;0;1 scan_time=",
	.demo = "versions: TLS 1.0 only",
    },
    {
	.id = "protocols-tls11-only",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.1")},
	.args = {LOCAL_LOOPBACK},
	.exit_code = 2,
	.cause = "protocol-obsolete",
	.line_has = {"modern clients cannot connect: server accepts only "
		     "TLS 1.1",
	    "tls1_1=1;;;0;1 tls1_2=0;;;0;1"},
    },
    {
	.id = "protocols-tls12-only",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2")},
	.args = {LOCAL_LOOPBACK},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-PROTOCOLS OK: localhost:@PORT@ accepts TLS 1.2 | "
		 "ssl3=0;;;0;1 tls1_0=0;;;0;1 tls1_1=0;;;0;1 "
		 "tls1_2=1;;;0;1 tls1_3=0;;;0;1 ",
    },
    {
	.id = "protocols-tls13-required",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2")},
	.args = {LOCAL_LOOPBACK, "--require", "tls1.3"},
	.exit_code = 2,
	.cause = "protocol-required-missing",
	.line_has = {"TLS 1.3 is required but refused ("},
    },
    {
	.id = "protocols-tls13-only",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.3")},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"accepts TLS 1.3 | ssl3=0;;;0;1 tls1_0=0;;;0;1 "
		     "tls1_1=0;;;0;1 tls1_2=0;;;0;1 tls1_3=1;;;0;1 "},
	.out_has = {"\nTLS 1.3: accepted (TLS_AES_"},
    },
    {
	.id = "protocols-legacy-cipher-only",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-TLS1.3:-CIPHER-ALL:"
			"+CAMELLIA-128-CBC:+CAMELLIA-256-CBC:+SHA256:"
			"+SHA384:+SHA1")},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 2,
	.cause = "no-common-cipher",
	.line_has = {"TLS 1.2 accepted, but no cipher in common with "
		     "modern clients (server chose "
		     "TLS_ECDHE_ECDSA_CAMELLIA_"},
	.out_has = {"\nTLS 1.2: accepted only with legacy ciphers "
		    "(TLS_ECDHE_ECDSA_CAMELLIA_"},
    },
    {
	.id = "protocols-camellia-128-only",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-TLS1.3:-CIPHER-ALL:"
			"+CAMELLIA-128-CBC:+SHA256:+SHA1")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "no-common-cipher",
	.first = "TLS-PROTOCOLS CRITICAL: localhost:@PORT@ TLS 1.2 "
		 "accepted, but no cipher in common with modern clients "
		 "(server chose TLS_ECDHE_ECDSA_CAMELLIA_128_CBC_",
	.line_has = {"); accepted: TLS 1.2 | ssl3=0;;;0;1 tls1_0=0;;;0;1 "
		     "tls1_1=0;;;0;1 tls1_2=1;;;0;1 tls1_3=0;;;0;1 "
		     "scan_time="},
	.demo = "versions: a cipher no modern client offers",
    },
    {
	.id = "protocols-reset-on-refused-versions",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-TLS1.0:-VERS-TLS1.1"), "--reset-on-fail"},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"accepts TLS 1.2, TLS 1.3 |"},
	.out_has = {"\nTLS 1.0: refused (connection reset by the server",
	    "\nSSL 3.0: refused (connection reset by the server"},
    },
    {
	.id = "protocols-ssl3-refused",
	.plugin = PROTOCOLS,
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 1,
	.cause = "protocol-legacy-enabled",
	.line_has = {"ssl3=0;;;0;1"},
	.out_has = {"\nSSL 3.0: refused ("},
    },
    {
	.id = "protocols-plaintext-http",
	.plugin = PROTOCOLS,
	.server = {MODE("http")},
	.args = {LOCAL_LOOPBACK},
	.exit_code = 2,
	.cause = "plaintext-on-tls-port",
	.line_has = {"speaks plaintext HTTP, not TLS: answered the "
		     "ClientHello with " HTTP_400},
    },
    {
	/* Eight probes at once: one deadline, not eight. */
	.id = "protocols-silent",
	.plugin = PROTOCOLS,
	.server = {MODE("silent")},
	.args = {LOCAL_LOOPBACK, "-t", "2"},
	.exit_code = 2,
	.cause = "timeout",
	.line_has = {SILENT_2S},
	.min_s = 1.9,
	.max_s = 3.5,
    },
    {
	/*
	 * A system crypto policy, as Fedora/RHEL ship, forbidding TLS
	 * 1.0/1.1; GnuTLS reads it at the plugin's start.
	 */
	.id = "protocols-local-policy",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL")},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 3,
	.cause = "local-error",
	.line_has = {"TLS 1.0 cannot be probed: the local GnuTLS policy "
		     "forbids it (and 1 more problem); accepted: TLS 1.2, "
		     "TLS 1.3 |"},
	.out_has = {"\nTLS 1.1: not testable here ("},
	.file = {"gnutls-policy.conf",
	    "[overrides]\ndisabled-version = tls1.0\n"
	    "disabled-version = tls1.1\n"},
	.env = "GNUTLS_SYSTEM_PRIORITY_FILE=@DIR@/gnutls-policy.conf",
    },
    {
	.id = "protocols-json",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3")},
	.args = {LOCAL_LOOPBACK, "-o", "json"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {"\"plugin\":\"check_tls_protocols\"",
	    "\"metrics\":{\"ssl3\":0,\"tls1_0\":0,\"tls1_1\":0,"
	    "\"tls1_2\":1,\"tls1_3\":1,\"scan_time\":",
	    "{\"version\":\"TLS 1.0\",\"result\":\"refused\""},
    },

    {
	/*
	 * A middlebox that black-holes TLS 1.1-and-older ClientHellos: those
	 * versions got no answer, so they are neither accepted nor refused
	 * (the -t state, no 0 in their perfdata).
	 */
	.id = "protocols-legacy-hellos-dropped",
	.plugin = PROTOCOLS,
	.server = {MODE("drop-legacy")},
	.args = {LOCAL_LOOPBACK, "-t", "2", "-v"},
	.exit_code = 2,
	.cause = "timeout",
	.first = "TLS-PROTOCOLS CRITICAL: localhost:@PORT@ no reply to the "
		 "ClientHello for SSL 3.0, TLS 1.0, TLS 1.1 within 2 s; "
		 "accepted: TLS 1.2, TLS 1.3 | ssl3=U;;;0;1 tls1_0=U;;;0;1 "
		 "tls1_1=U;;;0;1 tls1_2=1;;;0;1 tls1_3=1;;;0;1 scan_time=",
	.out_has = {"\nTLS 1.0: neither accepted nor refused (" SILENT_2S ")\n",
	    "\nSSL 3.0: neither accepted nor refused (" SILENT_2S ")\n"},
	.max_s = 3.5,
    },
    {
	/* The same with -t 2:warning: the timeout state is the user's. */
	.id = "protocols-legacy-hellos-dropped-warning",
	.plugin = PROTOCOLS,
	.server = {MODE("drop-legacy")},
	.args = {LOCAL_LOOPBACK, "-t", "2:warning"},
	.exit_code = 1,
	.cause = "timeout",
	.line_has = {"WARNING: localhost:@PORT@ no reply to the ClientHello "
		     "for SSL 3.0, TLS 1.0, TLS 1.1 within 2 s"},
    },
    {
	/* Those versions get 9 bytes of a ServerHello, then nothing. */
	.id = "protocols-legacy-hellos-stalled",
	.plugin = PROTOCOLS,
	.server = {MODE("stall-legacy")},
	.args = {LOCAL_LOOPBACK, "-t", "2", "-v"},
	.exit_code = 2,
	.cause = "timeout",
	.first = "TLS-PROTOCOLS CRITICAL: localhost:@PORT@ handshake "
		 "stalled for SSL 3.0, TLS 1.0, TLS 1.1: the server sent 9 "
		 "bytes, then nothing within 2 s; accepted: TLS 1.2, TLS 1.3 "
		 "| ssl3=U;;;0;1 tls1_0=U;;;0;1 tls1_1=U;;;0;1 tls1_2=1;;;0;1 ",
	.out_has = {"\nTLS 1.1: neither accepted nor refused (TLS handshake "
		    "stalled: the server sent 9 bytes, then nothing until the "
		    "2 s timeout)\n"},
    },
    {
	/* A silent server: no version is known, none reads as refused. */
	.id = "protocols-silent-versions-unknown",
	.plugin = PROTOCOLS,
	.server = {MODE("silent")},
	.args = {LOCAL_LOOPBACK, "-t", "2", "-v"},
	.exit_code = 2,
	.cause = "timeout",
	.line_has = {SILENT_2S,
	    "ssl3=U;;;0;1 tls1_0=U;;;0;1 tls1_1=U;;;0;1 "
	    "tls1_2=U;;;0;1 tls1_3=U;;;0;1 scan_time="},
	.out_has = {"\nTLS 1.2: neither accepted nor refused (" SILENT_2S
		    ")\n"},
    },
    {
	/*
	 * Every version's ServerHello arrives, but nothing after it: the
	 * scan alone says OK; the default client's whole handshake stalls.
	 */
	.id = "protocols-stall-after-serverhello",
	.plugin = PROTOCOLS,
	.server = {MODE("stall-after-hello"),
	    PRIO("NORMAL:-VERS-TLS1.0:-VERS-TLS1.1")},
	.args = {LOCAL_LOOPBACK, "-t", "2", "-v"},
	.exit_code = 2,
	.cause = "stall-after-serverhello",
	.first = "TLS-PROTOCOLS CRITICAL: localhost:@PORT@ accepts TLS 1.2, "
		 "TLS 1.3, but no handshake completes: the server's "
		 "certificate flight never arrives (a ServerHello, then "
		 "nothing for 2 s) | ssl3=0;;;0;1 tls1_0=0;;;0;1 "
		 "tls1_1=0;;;0;1 tls1_2=1;;;0;1 tls1_3=1;;;0;1 scan_time=",
	.out_has = {"\ndefault client: no handshake (TLS handshake stalled: "
		    "the server sent "},
    },
    {
	/* A path that drops ClientHellos over 360 bytes (a default one). */
	.id = "protocols-large-clienthello-dropped",
	.plugin = PROTOCOLS,
	.server = {MODE("drop-large-hello"),
	    PRIO("NORMAL:-VERS-TLS1.0:-VERS-TLS1.1")},
	.args = {LOCAL_LOOPBACK, "-t", "2"},
	.exit_code = 2,
	.cause = "large-clienthello-dropped",
	.first = "TLS-PROTOCOLS CRITICAL: localhost:@PORT@ accepts TLS 1.2, "
		 "TLS 1.3, but no handshake completes: the default "
		 "ClientHello (",
	.line_has = {" bytes) got no reply within 2 s, those up to ",
	    " bytes did: large ClientHellos are dropped | ssl3=0;"},
    },
    {
	/* What a default client negotiates, beside the scan's versions. */
	.id = "protocols-default-handshake-json",
	.plugin = PROTOCOLS,
	.server = {PRIO("NORMAL:-VERS-TLS1.0:-VERS-TLS1.1")},
	.args = {LOCAL_LOOPBACK, "-o", "json"},
	.exit_code = 0,
	.cause = "ok",
	.out_has = {"\"default_handshake\":{\"completed\":true,"
		    "\"protocol\":\"TLS1.3\",\"suite\":\"TLS_AES_",
	    "\"dh\":null,\"client_certificate\":\"not_requested\"}",
	    "\"dhe_handshake\":{\"completed\":false,"},
    },
    {
	/*
	 * A server that takes ECDHE, and DHE with RFC 2409's 1024-bit
	 * group for clients that name no RFC 7919 group (most do not).
	 */
	.id = "protocols-dh-1024",
	.plugin = PROTOCOLS,
	.server = {KEY_RSA, DH("modp1024"), PRIO(DHE_PRIO)},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 1,
	.cause = "weak-dh",
	.first = "TLS-PROTOCOLS WARNING: localhost:@PORT@ DHE uses a 1024-bit "
		 "group, under 2048 bits; accepted: TLS 1.2 | ssl3=0;",
	.out_has = {"\nDHE-only client's group: 1024 bits, a safe prime\n",
	    "\ndefault client: TLS1.2 TLS_ECDHE_RSA_"},
    },
    {
	.id = "protocols-dh-768",
	.plugin = PROTOCOLS,
	.server = {KEY_RSA, DH("modp768"), PRIO(DHE_PRIO)},
	.args = {LOCAL_LOOPBACK},
	.exit_code = 2,
	.cause = "weak-dh",
	.line_has = {"CRITICAL: localhost:@PORT@ DHE uses a 768-bit group, "
		     "under 1024 bits; accepted: TLS 1.2 |"},
    },
    {
	.id = "protocols-dh-composite",
	.plugin = PROTOCOLS,
	.server = {KEY_RSA, DH("composite"), PRIO(DHE_PRIO)},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 2,
	.cause = "weak-dh",
	.line_has = {"CRITICAL: localhost:@PORT@ DHE uses a 1024-bit modulus "
		     "that is not prime; accepted: TLS 1.2 |"},
	.out_has = {"\nDHE-only client's group: 1024 bits, a modulus that "
		    "is not prime\n"},
    },
    {
	/* RFC 5114's group: prime, but p - 1 has small factors. */
	.id = "protocols-dh-not-safe-prime",
	.plugin = PROTOCOLS,
	.server = {KEY_RSA, DH("rfc5114-1024"), PRIO(DHE_PRIO)},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 1,
	.cause = "weak-dh",
	.line_has = {"DHE uses a 1024-bit group, under 2048 bits (and 1 more "
		     "problem)"},
	.out_has = {"\nWARNING: DHE uses a 1024-bit prime that is not a safe "
		    "prime: its group may have small subgroups\n"},
    },
    {
	.id = "protocols-dh-2048",
	.plugin = PROTOCOLS,
	.server = {KEY_RSA, DH("ffdhe2048"), PRIO(DHE_PRIO)},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-PROTOCOLS OK: localhost:@PORT@ accepts TLS 1.2 |",
	.out_has = {"\nDHE-only client's group: 2048 bits, a safe prime\n"},
    },
    {
	.id = "protocols-dh-json",
	.plugin = PROTOCOLS,
	.server = {KEY_RSA, DH("modp1024"), PRIO(DHE_PRIO)},
	.args = {LOCAL_LOOPBACK, "-o", "json"},
	.exit_code = 1,
	.cause = "weak-dh",
	.out_has = {"\"dhe_handshake\":{\"completed\":true,"
		    "\"protocol\":\"TLS1.2\",",
	    "\"dh\":{\"prime_bits\":1024,\"named_group\":false,"
	    "\"probable_prime\":true,\"safe_prime\":true}",
	    "{\"state\":\"WARNING\",\"code\":\"dh_small\","},
    },
    {
	/*
	 * Mutual TLS by design: the versions are fine; the default client,
	 * with no certificate, is refused. A note, not a problem.
	 */
	.id = "protocols-client-cert-required",
	.plugin = PROTOCOLS,
	.server = {CLIENT_CERT("require"),
	    PRIO("NORMAL:-VERS-TLS1.0:-VERS-TLS1.1")},
	.args = {LOCAL_LOOPBACK, "-v"},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-PROTOCOLS OK: localhost:@PORT@ accepts TLS 1.2, TLS "
		 "1.3 |",
	.out_has = {"\nnote: the server requires a client certificate: the "
		    "handshake failed after its CertificateRequest (alert "
		    "certificate_required)\n"},
    },

    /* ---------------------------------------- check_tls_plaintext */
    {
	.id = "plaintext-tls",
	.plugin = PLAINTEXT,
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-PLAINTEXT OK: localhost:@PORT@ speaks TLS: answered "
		 "the ClientHello with a TLS 1.3 ServerHello | time=",
	.demo = "port: speaks TLS",
    },
    {
	.id = "plaintext-http",
	.plugin = PLAINTEXT,
	.server = {MODE("http")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "plaintext-on-tls-port",
	.first =
	    "TLS-PLAINTEXT CRITICAL: localhost:@PORT@ speaks "
	    "plaintext HTTP, not TLS: answered the ClientHello with " HTTP_400
	    " | time=",
	.demo = "port: plaintext HTTP where TLS is expected",
    },
    {
	.id = "plaintext-smtp",
	.plugin = PLAINTEXT,
	.server = {MODE("smtp")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "not-tls-smtp",
	.line_has = {"speaks SMTP, not TLS: banner '" SMTP_BANNER
		     "' (the service may need STARTTLS)"},
	.demo = "port: SMTP where TLS is expected",
    },
    {
	.id = "plaintext-tls-expecting-plain",
	.plugin = PLAINTEXT,
	.args = {LOCALHOST, "--expect", "plain"},
	.exit_code = 2,
	.cause = "tls-on-plaintext-port",
	.line_has = {"speaks TLS on a port expected to be plaintext: a "
		     "TLS profile or listener is attached (answered the "
		     "ClientHello with a TLS 1.3 ServerHello)"},
	.demo = "port: TLS where plaintext is expected",
    },
    {
	.id = "plaintext-https-port-plain-http",
	.plugin = PLAINTEXT,
	.server = {MODE("https-port")},
	.args = {LOCALHOST, "--expect", "plain", "--send", "http"},
	.exit_code = 2,
	.cause = "tls-on-plaintext-port",
	.line_has = {"answered plain HTTP with " HTTP_400 ", saying the "
		     "port expects TLS (a TLS listener that answers "
		     "plain HTTP)"},
	.demo = "port: TLS listener answering plain HTTP (nginx-like)",
    },
    {
	.id = "plaintext-http-ok",
	.plugin = PLAINTEXT,
	.server = {MODE("http-ok")},
	.args = {LOCALHOST, "--expect", "plain", "--send", "http", "-v"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"speaks plaintext HTTP: 'HTTP/1.1 200 OK'"},
	.out_has = {"\nplain HTTP request: plaintext HTTP: HTTP/1.1 200 "
		    "OK\n"},
    },
    {
	.id = "plaintext-http-ok-brief",
	.plugin = PLAINTEXT,
	.server = {MODE("http-ok")},
	.args = {LOCALHOST, "--expect", "plain", "--send", "http"},
	.exit_code = 0,
	.cause = "ok",
	.first = "TLS-PLAINTEXT OK: localhost:@PORT@ speaks plaintext "
		 "HTTP: 'HTTP/1.1 200 OK' | time=",
	.demo = "port: plain HTTP as expected",
    },
    {
	.id = "plaintext-tls12",
	.plugin = PLAINTEXT,
	.server = {PRIO("NORMAL:-VERS-ALL:+VERS-TLS1.2")},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"answered the ClientHello with a TLS 1.2 "
		     "ServerHello"},
    },
    {
	.id = "plaintext-tls-alert",
	.plugin = PLAINTEXT,
	.server = {MODE("alert")},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"speaks TLS: answered the ClientHello with TLS alert "
		     "handshake_failure"},
    },
    {
	.id = "plaintext-http-expecting-plain",
	.plugin = PLAINTEXT,
	.server = {MODE("http")},
	.args = {LOCALHOST, "--expect", "plain"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"speaks plaintext HTTP: " HTTP_400},
    },
    {
	.id = "plaintext-https-port",
	.plugin = PLAINTEXT,
	.server = {MODE("https-port")},
	.args = {LOCALHOST},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"speaks TLS: answered the ClientHello with a TLS 1.3 "
		     "ServerHello"},
    },
    {
	/* Our GnuTLS server answers a plain request with this alert. */
	.id = "plaintext-tls-port-alerts-plain-http",
	.plugin = PLAINTEXT,
	.args = {LOCALHOST, "--expect", "plain", "--send", "http"},
	.exit_code = 2,
	.cause = "tls-on-plaintext-port",
	.line_has = {"answered a plain HTTP request with TLS alert "
		     "unexpected_message: the port expects TLS"},
    },
    {
	.id = "plaintext-ssh",
	.plugin = PLAINTEXT,
	.server = {MODE("ssh")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "not-tls-ssh",
	.line_has = {"speaks SSH, not TLS: banner '" SSH_BANNER "'"},
    },
    {
	.id = "plaintext-ssh-expecting-plain",
	.plugin = PLAINTEXT,
	.server = {MODE("ssh")},
	.args = {LOCALHOST, "--expect", "plain"},
	.exit_code = 0,
	.cause = "ok",
	.line_has = {"speaks SSH: '" SSH_BANNER "'"},
    },
    {
	.id = "plaintext-garbage-json",
	.plugin = PLAINTEXT,
	.server = {MODE("garbage")},
	.args = {LOCALHOST, "-o", "json"},
	.exit_code = 2,
	.cause = "not-tls",
	.out_has = {"does not speak TLS: answered the ClientHello with 48 "
		    "bytes of non-TLS data (a8 ",
	    "\"classification\":\"non-TLS binary data\"",
	    "\"first_bytes_hex\":\"a8 "},
    },
    {
	.id = "plaintext-reset",
	.plugin = PLAINTEXT,
	.server = {MODE("reset")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "connection-reset",
	.line_has = {"connection reset by the server after our "
		     "ClientHello"},
    },
    {
	.id = "plaintext-close",
	.plugin = PLAINTEXT,
	.server = {MODE("close")},
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "connection-reset",
	.line_has = {"connection closed"},
    },
    {
	.id = "plaintext-refused",
	.plugin = PLAINTEXT,
	.args = {LOCALHOST},
	.exit_code = 2,
	.cause = "connection-refused",
	.line_has = {"connection refused"},
	.flags = SC_REFUSED,
    },
    {
	.id = "plaintext-silent",
	.plugin = PLAINTEXT,
	.server = {MODE("silent")},
	.args = {LOCALHOST, "-t", "2"},
	.exit_code = 2,
	.cause = "timeout",
	.line_has = {SILENT_2S},
	.min_s = 1.9,
	.max_s = 3.5,
    },
};

const size_t scenarios_count = sizeof(scenarios) / sizeof(scenarios[0]);
