/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tls_test_server: GnuTLS server for the integration tests. Mints a fresh
 * root, intermediate and leaf at start-up, then serves one scenario on a
 * loopback ephemeral port until its lifetime ends.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <sys/types.h>
#include <sys/socket.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#define PROG		"tls_test_server"
#define DAY		86400.0
#define MAX_DAYS	100000.0	/* about 270 years either way */
#define MAX_LIFETIME	86400L
#define SERIAL_LEN	16
#define KEYID_MAX	64
#define SAN_DER_MAX	8192	/* evil SANs plus MAX_NAMES long names */
#define NAME_MAX_LEN	255
#define MAX_NAMES	16	/* --name at most this often */
#define MAX_ORDER	8	/* certificates in one --order list */
#define MAX_VHOSTS	8	/* --vhost at most this often */
#define MAX_VCERTS	(MAX_VHOSTS + 1)	/* distinct CERTNAMEs */
#define RSA_BITS_MIN	512
#define RSA_BITS_MAX	8192
#define RSA_BITS_DEF	2048
#define HTTP_WAIT_MS	2000
#define ALERT_WAIT_MS	2000	/* for the client to close after our alert */
#define SLOW_STEP_S	1

enum srv_mode {
	MODE_TLS,
	MODE_HTTP,
	MODE_SILENT,
	MODE_RESET,
	MODE_CLOSE,
	MODE_SSH,
	MODE_SMTP,
	MODE_GARBAGE,
	MODE_SLOW,
	MODE_ALERT,
	MODE_HTTP_OK,
	MODE_HTTPS_PORT
};

/* The certificates an --order list can name. */
enum chain_cert {
	CHAIN_LEAF,
	CHAIN_INT,
	CHAIN_ROOT,
	CHAIN_EXTRA
};

static const char *const chain_names[] = {
	[CHAIN_LEAF] = "leaf",
	[CHAIN_INT] = "int",
	[CHAIN_ROOT] = "root",
	[CHAIN_EXTRA] = "extra",
};

static const char *const mode_names[] = {
	[MODE_TLS] = "tls",
	[MODE_HTTP] = "http",
	[MODE_SILENT] = "silent",
	[MODE_RESET] = "reset",
	[MODE_CLOSE] = "close",
	[MODE_SSH] = "ssh",
	[MODE_SMTP] = "smtp",
	[MODE_GARBAGE] = "garbage",
	[MODE_SLOW] = "slow",
	[MODE_ALERT] = "alert",
	[MODE_HTTP_OK] = "http-ok",
	[MODE_HTTPS_PORT] = "https-port",
};

/* The fatal alerts --no-sni-alert and --unknown-sni-alert can send. */
struct alert_name {
	const char			*name;	/* RFC 8446 6 spelling */
	gnutls_alert_description_t	 alert;
};

static const struct alert_name alert_names[] = {
	{ "handshake_failure",	GNUTLS_A_HANDSHAKE_FAILURE },
	{ "unrecognized_name",	GNUTLS_A_UNRECOGNIZED_NAME },
	{ "access_denied",	GNUTLS_A_ACCESS_DENIED },
	{ "internal_error",	GNUTLS_A_INTERNAL_ERROR },
};

/* One --vhost SNI=CERTNAME. */
struct vhost {
	const char	*sni;		/* borrowed from argv; not NUL-ended */
	size_t		 sni_len;	/* up to '=', one trailing dot dropped */
	size_t		 cert;		/* index into srv_opts.vcerts */
};

struct srv_opts {
	const char	*dir;		/* borrowed from argv; NULL: write nothing */
	const char	*names[MAX_NAMES];	/* borrowed; [0]: the CN */
	size_t		 nnames;	/* 1 or more after parse_args() */
	const char	*priority;	/* borrowed from argv */
	enum srv_mode	 mode;
	int		 family;	/* AF_INET or AF_INET6 */
	bool		 leaf_rsa;
	unsigned int	 key_bits;	/* RSA leaf only */
	bool		 key_bits_set;
	gnutls_digest_algorithm_t leaf_hash;	/* signs the leaf */
	bool		 no_san;	/* no subjectAltName extension */
	bool		 no_ip_san;	/* no 127.0.0.1 and ::1 SANs */
	double		 expires_in;	/* days relative to now */
	double		 not_before;
	bool		 not_before_set;
	double		 int_expires_in;
	double		 int_not_before;
	bool		 int_not_before_set;
	double		 root_expires_in;
	bool		 omit_intermediate;
	bool		 send_root;
	bool		 untrusted_root;	/* chain up to a second root */
	bool		 cross_root;	/* send a cross-signed root copy */
	enum chain_cert	 order[MAX_ORDER];	/* --order, as listed */
	size_t		 norder;	/* 0: no --order */
	bool		 self_signed;
	bool		 evil_names;
	bool		 reset_on_fail;	/* a failed handshake ends in a TCP RST */
	bool		 evil_nonul;	/* --evil-names=nonul */
	struct vhost	 vhosts[MAX_VHOSTS];	/* --vhost, as listed */
	size_t		 nvhosts;	/* 0: one certificate for every SNI */
	const char	*vcerts[MAX_VCERTS];	/* borrowed; distinct CERTNAMEs */
	size_t		 nvcerts;
	const char	*default_cert;	/* borrowed; NULL: the --name leaf */
	size_t		 default_vcert;	/* its index into vcerts */
	bool		 no_sni_alert_set;
	gnutls_alert_description_t no_sni_alert;
	bool		 unknown_sni_alert_set;
	gnutls_alert_description_t unknown_sni_alert;
	bool		 verbose;
	long		 lifetime;	/* seconds */
};

/*
 * The minted certificates; NULL where the options need none. untrusted
 * stands for --untrusted-root; extra (and the throwaway CA that issued it)
 * only exists when --order names it; old_root and cross (the root's
 * subject and key, issued by old_root) only with --cross-root; vcrt[i] is
 * the leaf for the --vhost CERTNAME srv_opts.vcerts[i].
 */
struct pki {
	gnutls_x509_privkey_t	 root_key;
	gnutls_x509_privkey_t	 untrusted_key;
	gnutls_x509_privkey_t	 old_root_key;
	gnutls_x509_privkey_t	 int_key;
	gnutls_x509_privkey_t	 leaf_key;
	gnutls_x509_privkey_t	 extra_ca_key;
	gnutls_x509_privkey_t	 extra_key;
	gnutls_x509_crt_t	 root;
	gnutls_x509_crt_t	 untrusted;
	gnutls_x509_crt_t	 old_root;
	gnutls_x509_crt_t	 cross;
	gnutls_x509_crt_t	 inter;
	gnutls_x509_crt_t	 leaf;
	gnutls_x509_crt_t	 extra_ca;
	gnutls_x509_crt_t	 extra;
	gnutls_x509_privkey_t	 vkey[MAX_VCERTS];
	gnutls_x509_crt_t	 vcrt[MAX_VCERTS];
};

/* What one certificate gets besides its key, issuer and SANs. */
struct cert_spec {
	const char	*cn;		/* may hold NUL bytes: cn_len counts */
	size_t		 cn_len;
	const char	*org;		/* NULL: no O attribute */
	bool		 is_ca;
	int		 pathlen;	/* CA only; -1: unlimited */
	unsigned int	 key_usage;	/* GNUTLS_KEY_* bits */
	bool		 server_auth;	/* EKU id-kp-serverAuth */
	time_t		 not_before;
	time_t		 not_after;
};

/*
 * A chain exactly as it goes on the wire: the --order list, the
 * --cross-root chain, or one chain per --vhost certificate. GnuTLS sorts
 * a chain given to gnutls_certificate_set_x509_key(), so these are handed
 * out by cert_retrieve() instead, which GnuTLS sends unchanged.
 */
struct wire_chain {
	gnutls_pcert_st		 pcert[MAX_ORDER];
	unsigned int		 n;	/* pcert[0..n-1] are set */
	gnutls_privkey_t	 key;	/* copy of the leaf key */
};

/*
 * Everything a connection child needs; owned by main(). wire is the
 * --order or --cross-root chain; vchain[i] serves opts->vcerts[i]; plain
 * is the --name chain when it is the --vhost default. fallback (borrowed:
 * one of those) is what cert_retrieve() serves unless sni_hook() picks a
 * --vhost chain; NULL (no --order, --cross-root or --vhost) means cred
 * holds key and chain.
 */
struct srv_ctx {
	const struct srv_opts			*opts;
	gnutls_certificate_credentials_t	 cred;
	struct wire_chain			*wire;	/* NULL: none */
	struct wire_chain			*vchain[MAX_VCERTS];
	struct wire_chain			*plain;	/* NULL: none */
	struct wire_chain			*fallback;
	bool					 sni_hook;	/* installed */
	gnutls_priority_t			 prio;
	struct timespec				 deadline;	/* CLOCK_MONOTONIC */
};

/*
 * One connection's state, on conn_tls()'s stack and reached through the
 * session pointer: sni_hook() writes it, cert_retrieve() reads it.
 */
struct conn_state {
	const struct srv_ctx	*ctx;
	struct wire_chain	*chain;		/* borrowed; NULL: cred's own */
	bool			 alert_sent;	/* by sni_hook(): no second one */
};

/*
 * The --evil-names CN: '|', LF, ';', CR and a NUL in the middle. GnuTLS
 * 3.7.9 stores the NUL (UTF8String, 26 bytes), but its decoding getters
 * (gnutls_x509_crt_get_dn_by_oid, _get_dn3) then show the whole value as
 * hex DER, "#0c1a6576...", hiding the other bytes; --evil-names=nonul
 * leaves the NUL out so that '|', LF and CR reach a client's decoded CN.
 */
static const char evil_cn[] = "evil|name\nINJECT|x=1\0;;;;\r";
static const char evil_cn_nonul[] = "evil|name\nINJECT|x=1;;;;\r";
static const char evil_dns[] = "evil|san\ninject.example";

/* the leaf's iPAddress SANs unless --no-ip-san */
static const unsigned char loop_ip4[4] = { 127, 0, 0, 1 };
static const unsigned char loop_ip6[16] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
};

static const char http_body[] = "<html><body>400 Bad Request</body></html>\r\n";
static const char http_ok_body[] = "<html><body>It works</body></html>\r\n";
/* What nginx says when plain HTTP reaches its TLS listener. */
static const char https_port_body[] = "<html><head><title>400 The plain HTTP "
    "request was sent to HTTPS port</title></head><body><center><h1>400 Bad "
    "Request</h1></center><center>The plain HTTP request was sent to HTTPS "
    "port</center></body></html>\r\n";
static const char ssh_banner[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";
static const char smtp_banner[] =
    "220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n";
static const char smtp_error[] = "500 5.5.2 Error: bad syntax\r\n";

/* fatal handshake_failure alert, TLS 1.2 record version (RFC 5246 7.2) */
static const unsigned char alert_record[] = {
	0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28
};

/* 48 bytes that are neither printable ASCII nor a TLS record type */
static const unsigned char garbage_bytes[48] = {
	0xa8, 0x92, 0x90, 0x87, 0xe1, 0x05, 0xc3, 0xfe,
	0x00, 0x9b, 0x1f, 0xb4, 0x81, 0x02, 0xdd, 0x7f,
	0xa8, 0x11, 0xf0, 0x8e, 0x03, 0xcc, 0x99, 0x1b,
	0xe7, 0x80, 0x06, 0xbd, 0x94, 0x1c, 0xfa, 0x0e,
	0xc9, 0x85, 0x17, 0xab, 0x01, 0xd2, 0x8b, 0xee,
	0x04, 0x9f, 0xb7, 0x1e, 0x83, 0xf5, 0x10, 0xa1
};

/*
 * Start of a ServerHello in a TLS 1.2 handshake record. The record claims
 * 16384 bytes, so at one byte a second it never completes.
 */
static const unsigned char slow_prefix[] = {
	0x16, 0x03, 0x03, 0x40, 0x00,	/* record: handshake, 16384 bytes */
	0x02, 0x00, 0x3f, 0xfc,		/* ServerHello, 16380 bytes */
	0x03, 0x03			/* server_version TLS 1.2 */
};

static bool	 verbose_log;

static void	logmsg(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: " PROG " [options]\n"
	    "  --dir DIR              write DIR/ca.pem (the trusted root),\n"
	    "                         DIR/ca-with-int.pem (root and intermediate),\n"
	    "                         DIR/chain.pem (leaf up to its root) and,\n"
	    "                         with --untrusted-root, DIR/untrusted-root.pem\n"
	    "  --ipv6                 bind [::1]:0 instead of 127.0.0.1:0\n"
	    "  --key rsa|ecdsa        leaf key type (default ecdsa)\n"
	    "  --key-bits N           RSA leaf key size, %d..%d (default %d);\n"
	    "                         needs --key rsa; below 1024 bits only\n"
	    "                         TLS 1.2 works (no room for RSA-PSS)\n"
	    "  --name NAME            leaf DNS SAN, repeatable, in order; the first\n"
	    "                         is also the CN (default localhost)\n"
	    "  --no-san               leaf without subjectAltName (CN only)\n"
	    "  --no-ip-san            leaf without the 127.0.0.1 and ::1 SANs\n"
	    "  --leaf-hash sha256|sha1|md5\n"
	    "                         digest of the leaf's signature (default\n"
	    "                         sha256); md5 gives its issuer an RSA key\n"
	    "  --expires-in DAYS      leaf notAfter = now + DAYS (default 90)\n"
	    "  --not-before DAYS      leaf notBefore = now + DAYS (default -1)\n"
	    "  --int-expires-in DAYS  intermediate notAfter (default 1000)\n"
	    "  --int-not-before DAYS  intermediate notBefore = now + DAYS\n"
	    "                         (default: before every other date)\n"
	    "  --root-expires-in DAYS root notAfter (default 3650)\n"
	    "  --omit-intermediate    send only the leaf\n"
	    "  --send-root            also send the root\n"
	    "  --untrusted-root       the intermediate (with --omit-intermediate:\n"
	    "                         the leaf) is issued by \"TLS Test Untrusted\n"
	    "                         Root\", not by the root in ca.pem; --send-root\n"
	    "                         and --order's root send that one\n"
	    "  --cross-root           send leaf, intermediate and a copy of the\n"
	    "                         root (same subject and key) issued by \"TLS\n"
	    "                         Test Old Root\", a CA written nowhere, like\n"
	    "                         Let's Encrypt's chain with ISRG Root X1\n"
	    "                         cross-signed by DST Root CA X3; ca.pem\n"
	    "                         keeps the self-signed root. Not with\n"
	    "                         --self-signed, --untrusted-root, --order,\n"
	    "                         --vhost, --omit-intermediate or --send-root\n"
	    "  --order LIST           send exactly these certificates in this\n"
	    "                         order, comma-separated from leaf int root\n"
	    "                         extra (an unrelated certificate), e.g.\n"
	    "                         leaf,root,int; overrides --omit-intermediate\n"
	    "                         and --send-root\n"
	    "  --self-signed          self-signed leaf, no CA\n"
	    "  --reset-on-fail        answer a failed handshake with a TCP reset\n"
	    "  --evil-names[=nonul]   hostile bytes in the leaf CN and SANs;\n"
	    "                         nonul: no NUL byte in the CN\n"
	    "  --vhost SNI=CERTNAME   repeatable, up to %d: a client whose SNI is\n"
	    "                         SNI (any case, one trailing dot ignored)\n"
	    "                         gets a leaf with CN and only SAN the DNS\n"
	    "                         name CERTNAME, no IP SANs; its issuer,\n"
	    "                         --key, --leaf-hash, dates and the chain sent\n"
	    "                         are as for the --name leaf. Each CERTNAME is\n"
	    "                         minted once and need not cover SNI. Not\n"
	    "                         with --order or --self-signed. Without\n"
	    "                         --vhost the --name leaf is served whatever\n"
	    "                         the SNI\n"
	    "  --default-cert CERTNAME\n"
	    "                         leaf for no SNI or an SNI that no --vhost\n"
	    "                         names (needs --vhost; default: the --name\n"
	    "                         leaf)\n"
	    "  --no-sni-alert ALERT   fail a handshake without SNI with this\n"
	    "                         fatal alert: handshake_failure,\n"
	    "                         unrecognized_name, access_denied or\n"
	    "                         internal_error\n"
	    "  --unknown-sni-alert ALERT\n"
	    "                         the same for an SNI that no --vhost names\n"
	    "                         (needs --vhost)\n"
	    "  --priority STRING      GnuTLS priority string (default NORMAL)\n"
	    "  --mode MODE            tls http http-ok https-port silent reset\n"
	    "                         close ssh smtp\n"
	    "                         garbage slow alert (default tls)\n"
	    "  --lifetime SECONDS     exit after SECONDS (default 120)\n"
	    "  --verbose              log each connection on stderr\n"
	    "  --help                 this text\n",
	    RSA_BITS_MIN, RSA_BITS_MAX, RSA_BITS_DEF, MAX_VHOSTS);
}

static void
logmsg(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, PROG "[%ld]: ", (long)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int
gtls_fail(const char *what, int rc)
{
	logmsg("%s: %s", what, gnutls_strerror(rc));
	return -1;
}

static int
parse_days(const char *opt, const char *s, double *out)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v) ||
	    v > MAX_DAYS || v < -MAX_DAYS) {
		logmsg("--%s: bad day count '%s'", opt, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int
parse_lifetime(const char *s, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < 1 ||
	    v > MAX_LIFETIME) {
		logmsg("--lifetime: want 1..%ld seconds, got '%s'",
		    MAX_LIFETIME, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int
parse_key_bits(const char *s, unsigned int *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < RSA_BITS_MIN ||
	    v > RSA_BITS_MAX) {
		logmsg("--key-bits: want %d..%d, got '%s'", RSA_BITS_MIN,
		    RSA_BITS_MAX, s);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int
parse_leaf_hash(const char *s, gnutls_digest_algorithm_t *out)
{
	if (strcmp(s, "sha256") == 0)
		*out = GNUTLS_DIG_SHA256;
	else if (strcmp(s, "sha1") == 0)
		*out = GNUTLS_DIG_SHA1;
	else if (strcmp(s, "md5") == 0)
		*out = GNUTLS_DIG_MD5;
	else {
		logmsg("--leaf-hash: want sha256, sha1 or md5, got '%s'", s);
		return -1;
	}
	return 0;
}

/* "leaf,root,int" into o->order; repeats are kept, empty tokens are not. */
static int
parse_order(const char *s, struct srv_opts *o)
{
	const char	*tok = s;
	size_t		 len, i;

	o->norder = 0;
	for (;;) {
		len = strcspn(tok, ",");
		for (i = 0; i < sizeof(chain_names) / sizeof(chain_names[0]);
		    i++) {
			if (strlen(chain_names[i]) == len &&
			    memcmp(tok, chain_names[i], len) == 0)
				break;
		}
		if (i == sizeof(chain_names) / sizeof(chain_names[0])) {
			logmsg("--order: want a comma-separated list of leaf, "
			    "int, root, extra; got '%s'", s);
			return -1;
		}
		if (o->norder == MAX_ORDER) {
			logmsg("--order: at most %d certificates", MAX_ORDER);
			return -1;
		}
		o->order[o->norder++] = (enum chain_cert)i;
		if (tok[len] == '\0')
			break;
		tok += len + 1;
	}
	return 0;
}

static bool
order_has(const struct srv_opts *o, enum chain_cert which)
{
	size_t	 i;

	for (i = 0; i < o->norder; i++) {
		if (o->order[i] == which)
			return true;
	}
	return false;
}

static int
parse_mode(const char *s, enum srv_mode *out)
{
	size_t	 i;

	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++) {
		if (strcmp(s, mode_names[i]) == 0) {
			*out = (enum srv_mode)i;
			return 0;
		}
	}
	logmsg("--mode: unknown mode '%s'", s);
	return -1;
}

static int
parse_alert(const char *opt, const char *s, gnutls_alert_description_t *out)
{
	size_t	 i;

	for (i = 0; i < sizeof(alert_names) / sizeof(alert_names[0]); i++) {
		if (strcmp(s, alert_names[i].name) == 0) {
			*out = alert_names[i].alert;
			return 0;
		}
	}
	logmsg("--%s: want handshake_failure, unrecognized_name, "
	    "access_denied or internal_error, got '%s'", opt, s);
	return -1;
}

/* The command-line name of an alert in alert_names[]. */
static const char *
alert_str(gnutls_alert_description_t alert)
{
	size_t	 i;

	for (i = 0; i < sizeof(alert_names) / sizeof(alert_names[0]); i++) {
		if (alert_names[i].alert == alert)
			return alert_names[i].name;
	}
	return "?";
}

/* len without one trailing dot: "a.test." and "a.test" name one host. */
static size_t
name_trim(const char *s, size_t len)
{
	if (len > 0 && s[len - 1] == '.')
		len--;
	return len;
}

/*
 * DNS names compare case-insensitively, in ASCII only (RFC 4343 3);
 * strncasecmp() would follow the locale.
 */
static bool
name_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	unsigned char	 ca, cb;
	size_t		 i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++) {
		ca = (unsigned char)a[i];
		cb = (unsigned char)b[i];
		if (ca >= 'A' && ca <= 'Z')
			ca = (unsigned char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (unsigned char)(cb - 'A' + 'a');
		if (ca != cb)
			return false;
	}
	return true;
}

/*
 * The index of CERTNAME name in o->vcerts, added if new. Returns -1 (message
 * printed) if the name is empty or too long.
 */
static int
vcert_index(struct srv_opts *o, const char *opt, const char *name,
    size_t *idx)
{
	size_t	 i, len;

	len = strlen(name);
	if (len == 0 || len > NAME_MAX_LEN) {
		logmsg("--%s: want a CERTNAME of 1..%d bytes, got '%s'", opt,
		    NAME_MAX_LEN, name);
		return -1;
	}
	for (i = 0; i < o->nvcerts; i++) {
		if (strcmp(o->vcerts[i], name) == 0) {
			*idx = i;
			return 0;
		}
	}
	/* cannot happen: MAX_VHOSTS names plus --default-cert */
	if (o->nvcerts == MAX_VCERTS) {
		logmsg("--%s: too many certificate names", opt);
		return -1;
	}
	o->vcerts[o->nvcerts] = name;
	*idx = o->nvcerts++;
	return 0;
}

/* "SNI=CERTNAME" into the next o->vhosts entry. */
static int
parse_vhost(const char *s, struct srv_opts *o)
{
	struct vhost	*v;
	const char	*eq;
	size_t		 raw, i;

	if (o->nvhosts == MAX_VHOSTS) {
		logmsg("--vhost: at most %d", MAX_VHOSTS);
		return -1;
	}
	eq = strchr(s, '=');
	if (eq == NULL) {
		logmsg("--vhost: want SNI=CERTNAME, got '%s'", s);
		return -1;
	}
	raw = (size_t)(eq - s);
	v = &o->vhosts[o->nvhosts];
	v->sni = s;
	v->sni_len = name_trim(s, raw);
	if (v->sni_len == 0 || raw > NAME_MAX_LEN) {
		logmsg("--vhost: want an SNI of 1..%d bytes, got '%s'",
		    NAME_MAX_LEN, s);
		return -1;
	}
	for (i = 0; i < o->nvhosts; i++) {
		if (name_eq(o->vhosts[i].sni, o->vhosts[i].sni_len, v->sni,
		    v->sni_len)) {
			logmsg("--vhost: SNI '%.*s' given twice",
			    (int)v->sni_len, v->sni);
			return -1;
		}
	}
	if (vcert_index(o, "vhost", eq + 1, &v->cert) == -1)
		return -1;
	o->nvhosts++;
	return 0;
}

/*
 * The --vhost family after all options are read: what needs --vhost, what
 * --vhost cannot be combined with, and --default-cert's CERTNAME.
 */
static int
parse_vhost_check(struct srv_opts *o)
{
	if (o->nvhosts == 0) {
		if (o->default_cert != NULL) {
			logmsg("--default-cert: needs --vhost");
			return -1;
		}
		if (o->unknown_sni_alert_set) {
			logmsg("--unknown-sni-alert: needs --vhost");
			return -1;
		}
		return 0;
	}
	/*
	 * --order's "leaf" would be ambiguous, and a --self-signed leaf has
	 * no CA to issue the vhost leaves.
	 */
	if (o->norder > 0) {
		logmsg("--vhost: cannot be combined with --order");
		return -1;
	}
	if (o->self_signed) {
		logmsg("--vhost: cannot be combined with --self-signed");
		return -1;
	}
	if (o->default_cert != NULL &&
	    vcert_index(o, "default-cert", o->default_cert,
	    &o->default_vcert) == -1)
		return -1;
	return 0;
}

/*
 * --cross-root fixes the chain sent (leaf, intermediate, cross-signed
 * root) and the root it copies, so it takes no option that changes either.
 */
static int
parse_cross_root_check(const struct srv_opts *o)
{
	const struct {
		bool		 set;
		const char	*name;
	} clash[] = {
		{ o->self_signed,	"--self-signed" },
		{ o->untrusted_root,	"--untrusted-root" },
		{ o->norder > 0,	"--order" },
		{ o->nvhosts > 0,	"--vhost" },
		{ o->omit_intermediate,	"--omit-intermediate" },
		{ o->send_root,		"--send-root" },
	};
	size_t	 i;

	if (!o->cross_root)
		return 0;
	for (i = 0; i < sizeof(clash) / sizeof(clash[0]); i++) {
		if (clash[i].set) {
			logmsg("--cross-root: cannot be combined with %s",
			    clash[i].name);
			return -1;
		}
	}
	return 0;
}

/* Returns 0 to run, 1 after --help, -1 on a usage error (message printed). */
static int
parse_args(int argc, char *argv[], struct srv_opts *o)
{
	enum {
		OPT_DIR = 256, OPT_IPV6, OPT_KEY, OPT_NAME, OPT_EXPIRES,
		OPT_NOT_BEFORE, OPT_INT_EXPIRES, OPT_ROOT_EXPIRES, OPT_OMIT_INT,
		OPT_SEND_ROOT, OPT_SELF_SIGNED, OPT_EVIL, OPT_RESET_ON_FAIL,
		OPT_PRIORITY,
		OPT_MODE, OPT_LIFETIME, OPT_VERBOSE, OPT_HELP, OPT_NO_SAN,
		OPT_NO_IP_SAN, OPT_UNTRUSTED_ROOT, OPT_ORDER, OPT_LEAF_HASH,
		OPT_KEY_BITS, OPT_INT_NOT_BEFORE, OPT_VHOST, OPT_DEFAULT_CERT,
		OPT_NO_SNI_ALERT, OPT_UNKNOWN_SNI_ALERT, OPT_CROSS_ROOT
	};
	static const struct option longopts[] = {
		{ "dir",		required_argument, NULL, OPT_DIR },
		{ "ipv6",		no_argument,	   NULL, OPT_IPV6 },
		{ "key",		required_argument, NULL, OPT_KEY },
		{ "name",		required_argument, NULL, OPT_NAME },
		{ "expires-in",		required_argument, NULL, OPT_EXPIRES },
		{ "not-before",		required_argument, NULL, OPT_NOT_BEFORE },
		{ "int-expires-in",	required_argument, NULL, OPT_INT_EXPIRES },
		{ "root-expires-in",	required_argument, NULL, OPT_ROOT_EXPIRES },
		{ "omit-intermediate",	no_argument,	   NULL, OPT_OMIT_INT },
		{ "send-root",		no_argument,	   NULL, OPT_SEND_ROOT },
		{ "self-signed",	no_argument,	   NULL, OPT_SELF_SIGNED },
		{ "evil-names",		optional_argument, NULL, OPT_EVIL },
		{ "reset-on-fail",	no_argument,	   NULL, OPT_RESET_ON_FAIL },
		{ "priority",		required_argument, NULL, OPT_PRIORITY },
		{ "mode",		required_argument, NULL, OPT_MODE },
		{ "lifetime",		required_argument, NULL, OPT_LIFETIME },
		{ "verbose",		no_argument,	   NULL, OPT_VERBOSE },
		{ "help",		no_argument,	   NULL, OPT_HELP },
		{ "no-san",		no_argument,	   NULL, OPT_NO_SAN },
		{ "no-ip-san",		no_argument,	   NULL, OPT_NO_IP_SAN },
		{ "untrusted-root",	no_argument,	   NULL, OPT_UNTRUSTED_ROOT },
		{ "cross-root",		no_argument,	   NULL, OPT_CROSS_ROOT },
		{ "order",		required_argument, NULL, OPT_ORDER },
		{ "leaf-hash",		required_argument, NULL, OPT_LEAF_HASH },
		{ "key-bits",		required_argument, NULL, OPT_KEY_BITS },
		{ "int-not-before",	required_argument, NULL, OPT_INT_NOT_BEFORE },
		{ "vhost",		required_argument, NULL, OPT_VHOST },
		{ "default-cert",	required_argument, NULL, OPT_DEFAULT_CERT },
		{ "no-sni-alert",	required_argument, NULL, OPT_NO_SNI_ALERT },
		{ "unknown-sni-alert",	required_argument, NULL,
		    OPT_UNKNOWN_SNI_ALERT },
		{ NULL,			0,		   NULL, 0 }
	};
	size_t	 i, len;
	int	 c;

	memset(o, 0, sizeof(*o));
	o->priority = "NORMAL";
	o->key_bits = RSA_BITS_DEF;
	o->leaf_hash = GNUTLS_DIG_SHA256;
	o->mode = MODE_TLS;
	o->family = AF_INET;
	o->expires_in = 90;
	o->not_before = -1;
	o->int_expires_in = 1000;
	o->root_expires_in = 3650;
	o->lifetime = 120;

	for (;;) {
		c = getopt_long(argc, argv, "", longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case OPT_DIR:
			o->dir = optarg;
			break;
		case OPT_IPV6:
			o->family = AF_INET6;
			break;
		case OPT_KEY:
			if (strcmp(optarg, "rsa") == 0)
				o->leaf_rsa = true;
			else if (strcmp(optarg, "ecdsa") == 0)
				o->leaf_rsa = false;
			else {
				logmsg("--key: want rsa or ecdsa, got '%s'",
				    optarg);
				return -1;
			}
			break;
		case OPT_NAME:
			if (o->nnames == MAX_NAMES) {
				logmsg("--name: at most %d names", MAX_NAMES);
				return -1;
			}
			o->names[o->nnames++] = optarg;
			break;
		case OPT_NO_SAN:
			o->no_san = true;
			break;
		case OPT_NO_IP_SAN:
			o->no_ip_san = true;
			break;
		case OPT_UNTRUSTED_ROOT:
			o->untrusted_root = true;
			break;
		case OPT_CROSS_ROOT:
			o->cross_root = true;
			break;
		case OPT_ORDER:
			if (parse_order(optarg, o) == -1)
				return -1;
			break;
		case OPT_LEAF_HASH:
			if (parse_leaf_hash(optarg, &o->leaf_hash) == -1)
				return -1;
			break;
		case OPT_KEY_BITS:
			if (parse_key_bits(optarg, &o->key_bits) == -1)
				return -1;
			o->key_bits_set = true;
			break;
		case OPT_INT_NOT_BEFORE:
			if (parse_days("int-not-before", optarg,
			    &o->int_not_before) == -1)
				return -1;
			o->int_not_before_set = true;
			break;
		case OPT_EXPIRES:
			if (parse_days("expires-in", optarg,
			    &o->expires_in) == -1)
				return -1;
			break;
		case OPT_NOT_BEFORE:
			if (parse_days("not-before", optarg,
			    &o->not_before) == -1)
				return -1;
			o->not_before_set = true;
			break;
		case OPT_INT_EXPIRES:
			if (parse_days("int-expires-in", optarg,
			    &o->int_expires_in) == -1)
				return -1;
			break;
		case OPT_ROOT_EXPIRES:
			if (parse_days("root-expires-in", optarg,
			    &o->root_expires_in) == -1)
				return -1;
			break;
		case OPT_OMIT_INT:
			o->omit_intermediate = true;
			break;
		case OPT_SEND_ROOT:
			o->send_root = true;
			break;
		case OPT_SELF_SIGNED:
			o->self_signed = true;
			break;
		case OPT_RESET_ON_FAIL:
			o->reset_on_fail = true;
			break;
		case OPT_EVIL:
			o->evil_names = true;
			if (optarg == NULL)
				break;
			if (strcmp(optarg, "nonul") != 0) {
				logmsg("--evil-names: want no value or "
				    "'=nonul', got '%s'", optarg);
				return -1;
			}
			o->evil_nonul = true;
			break;
		case OPT_VHOST:
			if (parse_vhost(optarg, o) == -1)
				return -1;
			break;
		case OPT_DEFAULT_CERT:
			o->default_cert = optarg;
			break;
		case OPT_NO_SNI_ALERT:
			if (parse_alert("no-sni-alert", optarg,
			    &o->no_sni_alert) == -1)
				return -1;
			o->no_sni_alert_set = true;
			break;
		case OPT_UNKNOWN_SNI_ALERT:
			if (parse_alert("unknown-sni-alert", optarg,
			    &o->unknown_sni_alert) == -1)
				return -1;
			o->unknown_sni_alert_set = true;
			break;
		case OPT_PRIORITY:
			o->priority = optarg;
			break;
		case OPT_MODE:
			if (parse_mode(optarg, &o->mode) == -1)
				return -1;
			break;
		case OPT_LIFETIME:
			if (parse_lifetime(optarg, &o->lifetime) == -1)
				return -1;
			break;
		case OPT_VERBOSE:
			o->verbose = true;
			break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		logmsg("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (o->nnames == 0)
		o->names[o->nnames++] = "localhost";
	for (i = 0; i < o->nnames; i++) {
		len = strlen(o->names[i]);
		if (len == 0 || len > NAME_MAX_LEN) {
			logmsg("--name: want 1..%d bytes", NAME_MAX_LEN);
			return -1;
		}
	}
	if (o->key_bits_set && !o->leaf_rsa) {
		logmsg("--key-bits: needs --key rsa");
		return -1;
	}
	if (o->self_signed && o->untrusted_root) {
		logmsg("--untrusted-root: a --self-signed leaf has no issuer");
		return -1;
	}
	if (o->self_signed &&
	    (order_has(o, CHAIN_INT) || order_has(o, CHAIN_ROOT))) {
		logmsg("--order: a --self-signed leaf has no int or root");
		return -1;
	}
	/* RFC 3279 2.2 and RFC 5758 3.2: MD5 signatures exist for RSA only */
	if (o->self_signed && o->leaf_hash == GNUTLS_DIG_MD5 &&
	    !o->leaf_rsa) {
		logmsg("--leaf-hash md5: a --self-signed leaf needs --key rsa");
		return -1;
	}
	if (parse_cross_root_check(o) == -1)
		return -1;
	return parse_vhost_check(o);
}

static double
dmin(double a, double b)
{
	return a < b ? a : b;
}

/* now + days, in whole seconds (fractions of a second are dropped). */
static time_t
days_from(time_t now, double days)
{
	return now + (time_t)(days * DAY);
}

/* A new ECDSA P-256 key, or an RSA key of bits bits. */
static int
key_new(gnutls_x509_privkey_t *key, bool rsa, unsigned int bits)
{
	int	 rc;

	*key = NULL;
	rc = gnutls_x509_privkey_init(key);
	if (rc < 0)
		return gtls_fail("gnutls_x509_privkey_init", rc);
	if (rsa)
		rc = gnutls_x509_privkey_generate(*key, GNUTLS_PK_RSA, bits, 0);
	else
		rc = gnutls_x509_privkey_generate(*key, GNUTLS_PK_ECDSA,
		    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (rc < 0)
		return gtls_fail("key generation", rc);
	return 0;
}

/*
 * Fill a new certificate with version, key, random serial, subject, dates
 * and the extensions named by spec. SANs, the authority key ID and the
 * signature are the caller's.
 */
static int
cert_new(gnutls_x509_crt_t *crt, const struct cert_spec *spec,
    gnutls_x509_privkey_t key)
{
	unsigned char	 serial[SERIAL_LEN];
	unsigned char	 kid[KEYID_MAX];
	size_t		 kidlen;
	gnutls_x509_crt_t c;
	int		 rc;

	*crt = NULL;
	rc = gnutls_x509_crt_init(crt);
	if (rc < 0)
		return gtls_fail("gnutls_x509_crt_init", rc);
	c = *crt;
	rc = gnutls_x509_crt_set_version(c, 3);
	if (rc < 0)
		return gtls_fail("set_version", rc);
	rc = gnutls_x509_crt_set_key(c, key);
	if (rc < 0)
		return gtls_fail("set_key", rc);

	/* RFC 5280 4.1.2.2: positive, at most 20 octets */
	rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial));
	if (rc < 0)
		return gtls_fail("gnutls_rnd", rc);
	serial[0] = (unsigned char)((serial[0] & 0x7f) | 0x40);
	rc = gnutls_x509_crt_set_serial(c, serial, sizeof(serial));
	if (rc < 0)
		return gtls_fail("set_serial", rc);

	/* DER order O, CN: printed as "CN=...,O=..." (RFC 4514 2.1) */
	if (spec->org != NULL) {
		rc = gnutls_x509_crt_set_dn_by_oid(c,
		    GNUTLS_OID_X520_ORGANIZATION_NAME, 0, spec->org,
		    (unsigned int)strlen(spec->org));
		if (rc < 0)
			return gtls_fail("set O", rc);
	}
	rc = gnutls_x509_crt_set_dn_by_oid(c, GNUTLS_OID_X520_COMMON_NAME, 0,
	    spec->cn, (unsigned int)spec->cn_len);
	if (rc < 0)
		return gtls_fail("set CN", rc);

	rc = gnutls_x509_crt_set_activation_time(c, spec->not_before);
	if (rc < 0)
		return gtls_fail("set_activation_time", rc);
	rc = gnutls_x509_crt_set_expiration_time(c, spec->not_after);
	if (rc < 0)
		return gtls_fail("set_expiration_time", rc);

	rc = gnutls_x509_crt_set_basic_constraints(c, spec->is_ca ? 1 : 0,
	    spec->is_ca ? spec->pathlen : -1);
	if (rc < 0)
		return gtls_fail("set_basic_constraints", rc);
	rc = gnutls_x509_crt_set_key_usage(c, spec->key_usage);
	if (rc < 0)
		return gtls_fail("set_key_usage", rc);
	if (spec->server_auth) {
		rc = gnutls_x509_crt_set_key_purpose_oid(c,
		    GNUTLS_KP_TLS_WWW_SERVER, 0);
		if (rc < 0)
			return gtls_fail("set_key_purpose_oid", rc);
	}

	kidlen = sizeof(kid);
	rc = gnutls_x509_crt_get_key_id(c, GNUTLS_KEYID_USE_SHA1, kid, &kidlen);
	if (rc < 0)
		return gtls_fail("get_key_id", rc);
	rc = gnutls_x509_crt_set_subject_key_id(c, kid, kidlen);
	if (rc < 0)
		return gtls_fail("set_subject_key_id", rc);
	return 0;
}

/*
 * Set the authority key ID from the issuer's SKI, then sign with dig.
 * GnuTLS 3.7.9 signs with SHA-1 (ECDSA and RSA) and MD5 (RSA only: there
 * is no ECDSA-with-MD5 algorithm) without extra flags; it only refuses to
 * trust such signatures when verifying.
 */
static int
cert_sign(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
    gnutls_x509_privkey_t issuer_key, gnutls_digest_algorithm_t dig)
{
	unsigned char	 kid[KEYID_MAX];
	size_t		 kidlen;
	unsigned int	 critical;
	int		 rc;

	kidlen = sizeof(kid);
	rc = gnutls_x509_crt_get_subject_key_id(issuer, kid, &kidlen,
	    &critical);
	if (rc < 0)
		return gtls_fail("get_subject_key_id", rc);
	rc = gnutls_x509_crt_set_authority_key_id(crt, kid, kidlen);
	if (rc < 0)
		return gtls_fail("set_authority_key_id", rc);
	rc = gnutls_x509_crt_sign2(crt, issuer, issuer_key, dig, 0);
	if (rc < 0)
		return gtls_fail("gnutls_x509_crt_sign2", rc);
	return 0;
}

/* A bounded DER writer: overflow is sticky and checked once at the end. */
struct der_buf {
	unsigned char	 b[SAN_DER_MAX];
	size_t		 n;
	bool		 overflow;
};

static void
der_put(struct der_buf *d, const void *p, size_t len)
{
	if (d->overflow || len > sizeof(d->b) - d->n) {
		d->overflow = true;
		return;
	}
	memcpy(d->b + d->n, p, len);
	d->n += len;
}

/* Tag and definite length (X.690 8.1.3); lengths here stay below 64 KiB. */
static void
der_put_header(struct der_buf *d, unsigned char tag, size_t len)
{
	unsigned char	 h[4];
	size_t		 hl;

	h[0] = tag;
	if (len < 0x80) {
		h[1] = (unsigned char)len;
		hl = 2;
	} else if (len <= 0xff) {
		h[1] = 0x81;
		h[2] = (unsigned char)len;
		hl = 3;
	} else if (len <= 0xffff) {
		h[1] = 0x82;
		h[2] = (unsigned char)(len >> 8);
		h[3] = (unsigned char)(len & 0xff);
		hl = 4;
	} else {
		d->overflow = true;
		return;
	}
	der_put(d, h, hl);
}

static void
der_put_item(struct der_buf *d, unsigned char tag, const void *p, size_t len)
{
	der_put_header(d, tag, len);
	der_put(d, p, len);
}

/*
 * The --evil-names SAN extension. gnutls_x509_crt_set_subject_alt_name()
 * runs DNS names through gnutls_idna_map(), which in 3.7.9 silently drops
 * '|' and '\n' ("evil|san\ninject.example" became "evilsaninject.example")
 * and stops at a NUL. So the GeneralNames (RFC 5280 4.2.1.6) are encoded
 * here and set verbatim with gnutls_x509_crt_set_extension_by_oid().
 */
static int
leaf_set_evil_sans(gnutls_x509_crt_t crt, const struct srv_opts *o)
{
	static const char long_suffix[] = ".example";
	char		 long_dns[1000 + sizeof(long_suffix)];
	struct der_buf	*body, *ext;
	size_t		 i;
	int		 rc = -1;

	memset(long_dns, 'a', 1000);
	memcpy(long_dns + 1000, long_suffix, sizeof(long_suffix));

	body = calloc(1, sizeof(*body));
	ext = calloc(1, sizeof(*ext));
	if (body == NULL || ext == NULL) {
		logmsg("out of memory");
		goto out;
	}
	/* dNSName is [2] IA5String, iPAddress is [7] OCTET STRING */
	der_put_item(body, 0x82, evil_dns, sizeof(evil_dns) - 1);
	der_put_item(body, 0x82, long_dns, strlen(long_dns));
	for (i = 0; i < o->nnames; i++)
		der_put_item(body, 0x82, o->names[i], strlen(o->names[i]));
	if (!o->no_ip_san) {
		der_put_item(body, 0x87, loop_ip4, sizeof(loop_ip4));
		der_put_item(body, 0x87, loop_ip6, sizeof(loop_ip6));
	}
	if (!body->overflow)
		der_put_item(ext, 0x30, body->b, body->n);
	if (body->overflow || ext->overflow) {
		logmsg("evil SAN extension too large");
		goto out;
	}
	rc = gnutls_x509_crt_set_extension_by_oid(crt, GNUTLS_X509EXT_OID_SAN,
	    ext->b, ext->n, 0);
	if (rc < 0) {
		rc = gtls_fail("set SAN extension", rc);
		goto out;
	}
	rc = 0;
out:
	free(ext);
	free(body);
	return rc;
}

/*
 * The DNS SANs in --name order, then the loopback addresses. Printable
 * ASCII such as "*.example.test" passes gnutls_idna_map() unchanged
 * (3.7.9); other names come out as IDNA A-labels.
 */
static int
leaf_set_sans(gnutls_x509_crt_t crt, const struct srv_opts *o)
{
	size_t	 i;
	int	 rc;

	for (i = 0; i < o->nnames; i++) {
		rc = gnutls_x509_crt_set_subject_alt_name(crt,
		    GNUTLS_SAN_DNSNAME, o->names[i],
		    (unsigned int)strlen(o->names[i]),
		    i == 0 ? GNUTLS_FSAN_SET : GNUTLS_FSAN_APPEND);
		if (rc < 0)
			return gtls_fail("set DNS SAN", rc);
	}
	if (o->no_ip_san)
		return 0;
	rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS,
	    loop_ip4, sizeof(loop_ip4), GNUTLS_FSAN_APPEND);
	if (rc < 0)
		return gtls_fail("set IPv4 SAN", rc);
	rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS,
	    loop_ip6, sizeof(loop_ip6), GNUTLS_FSAN_APPEND);
	if (rc < 0)
		return gtls_fail("set IPv6 SAN", rc);
	return 0;
}

static void
pki_release(struct pki *p)
{
	gnutls_x509_crt_t	 crts[] = {
		p->extra, p->extra_ca, p->leaf, p->inter, p->cross,
		p->old_root, p->untrusted, p->root
	};
	gnutls_x509_privkey_t	 keys[] = {
		p->extra_key, p->extra_ca_key, p->leaf_key, p->int_key,
		p->old_root_key, p->untrusted_key, p->root_key
	};
	size_t			 i;

	for (i = 0; i < MAX_VCERTS; i++) {
		if (p->vcrt[i] != NULL)
			gnutls_x509_crt_deinit(p->vcrt[i]);
		if (p->vkey[i] != NULL)
			gnutls_x509_privkey_deinit(p->vkey[i]);
	}
	for (i = 0; i < sizeof(crts) / sizeof(crts[0]); i++) {
		if (crts[i] != NULL)
			gnutls_x509_crt_deinit(crts[i]);
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i] != NULL)
			gnutls_x509_privkey_deinit(keys[i]);
	}
	memset(p, 0, sizeof(*p));
}

/*
 * With --untrusted-root --omit-intermediate the untrusted root issues the
 * leaf directly (the intermediate still exists for --order and
 * ca-with-int.pem, but is no part of the leaf's chain).
 */
static bool
pki_root_issues_leaf(const struct srv_opts *o)
{
	return o->untrusted_root && o->omit_intermediate;
}

/* The root the leaf's chain ends in: the untrusted one if there is one. */
static gnutls_x509_crt_t
pki_top(const struct pki *p)
{
	return p->untrusted != NULL ? p->untrusted : p->root;
}

/*
 * --order's "extra": a leaf "Unrelated Certificate" from a throwaway CA
 * that is never sent nor written, so nothing a client sees vouches for it.
 * Its dates are fixed (-1 to +90 days) and ignore the leaf options.
 */
static int
pki_mint_extra(struct pki *p, const struct cert_spec *ca_spec, time_t now)
{
	static const char ca_cn[] = "TLS Test Throwaway CA";
	static const char cn[] = "Unrelated Certificate";
	struct cert_spec s;

	if (key_new(&p->extra_ca_key, false, 0) == -1 ||
	    key_new(&p->extra_key, false, 0) == -1)
		return -1;
	s = *ca_spec;
	s.cn = ca_cn;
	s.cn_len = sizeof(ca_cn) - 1;
	s.pathlen = -1;
	if (cert_new(&p->extra_ca, &s, p->extra_ca_key) == -1 ||
	    cert_sign(p->extra_ca, p->extra_ca, p->extra_ca_key,
	    GNUTLS_DIG_SHA256) == -1)
		return -1;

	memset(&s, 0, sizeof(s));
	s.cn = cn;
	s.cn_len = sizeof(cn) - 1;
	s.pathlen = -1;
	s.key_usage = GNUTLS_KEY_DIGITAL_SIGNATURE;
	s.server_auth = true;
	s.not_before = days_from(now, -1);
	s.not_after = days_from(now, 90);
	if (cert_new(&p->extra, &s, p->extra_key) == -1 ||
	    cert_sign(p->extra, p->extra_ca, p->extra_ca_key,
	    GNUTLS_DIG_SHA256) == -1)
		return -1;
	return 0;
}

/*
 * The --vhost leaves: CN and the only SAN are the CERTNAME, everything
 * else as in leaf_spec, signed by the --name leaf's issuer. No IP SANs, so
 * that a client checking 127.0.0.1 cannot match a vhost leaf by accident.
 */
static int
pki_mint_vhosts(struct pki *p, const struct srv_opts *o,
    const struct cert_spec *leaf_spec, gnutls_x509_crt_t issuer,
    gnutls_x509_privkey_t issuer_key)
{
	struct cert_spec s;
	size_t		 i, len;
	int		 rc;

	for (i = 0; i < o->nvcerts; i++) {
		if (key_new(&p->vkey[i], o->leaf_rsa, o->key_bits) == -1)
			return -1;
		len = strlen(o->vcerts[i]);
		s = *leaf_spec;
		s.cn = o->vcerts[i];
		s.cn_len = len;
		if (cert_new(&p->vcrt[i], &s, p->vkey[i]) == -1)
			return -1;
		rc = gnutls_x509_crt_set_subject_alt_name(p->vcrt[i],
		    GNUTLS_SAN_DNSNAME, o->vcerts[i], (unsigned int)len,
		    GNUTLS_FSAN_SET);
		if (rc < 0)
			return gtls_fail("set vhost DNS SAN", rc);
		if (cert_sign(p->vcrt[i], issuer, issuer_key,
		    o->leaf_hash) == -1)
			return -1;
	}
	return 0;
}

/*
 * Whether a and b have byte-identical subject DNs and the same public key
 * (compared by its SHA-256 key ID). Returns 0 if so, else -1 with a
 * message; what a client matches against its trust store must not drift.
 */
static int
pki_same_subject_key(gnutls_x509_crt_t a, gnutls_x509_crt_t b)
{
	gnutls_datum_t	 dn_a = { NULL, 0 }, dn_b = { NULL, 0 };
	unsigned char	 kid_a[KEYID_MAX], kid_b[KEYID_MAX];
	size_t		 len_a = sizeof(kid_a), len_b = sizeof(kid_b);
	int		 rc, ret = -1;

	rc = gnutls_x509_crt_get_raw_dn(a, &dn_a);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_raw_dn(b, &dn_b);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_key_id(a, GNUTLS_KEYID_USE_SHA256,
		    kid_a, &len_a);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_key_id(b, GNUTLS_KEYID_USE_SHA256,
		    kid_b, &len_b);
	if (rc < 0) {
		gtls_fail("compare subject and key", rc);
		goto out;
	}
	if (dn_a.size != dn_b.size ||
	    memcmp(dn_a.data, dn_b.data, dn_a.size) != 0 ||
	    len_a != len_b || memcmp(kid_a, kid_b, len_a) != 0) {
		logmsg("internal error: cross-signed root differs from the "
		    "root in subject or key");
		goto out;
	}
	ret = 0;
out:
	gnutls_free(dn_b.data);
	gnutls_free(dn_a.data);
	return ret;
}

/*
 * --cross-root: a self-signed "TLS Test Old Root", written nowhere, and
 * cross, a CA certificate with the root's subject DN and key pair (so its
 * subject key ID too) but its own serial, issued by the Old Root, as ISRG
 * Root X1 was cross-signed by DST Root CA X3. root_spec (the root's, also
 * used for the Old Root) gives both the root's dates. A client that
 * trusts the root can match cross to it by subject and key, never needing
 * the Old Root.
 */
static int
pki_mint_cross(struct pki *p, const struct cert_spec *root_spec)
{
	static const char old_cn[] = "TLS Test Old Root";
	struct cert_spec s;

	if (key_new(&p->old_root_key, false, 0) == -1)
		return -1;
	s = *root_spec;
	s.cn = old_cn;
	s.cn_len = sizeof(old_cn) - 1;
	if (cert_new(&p->old_root, &s, p->old_root_key) == -1 ||
	    cert_sign(p->old_root, p->old_root, p->old_root_key,
	    GNUTLS_DIG_SHA256) == -1)
		return -1;
	if (cert_new(&p->cross, root_spec, p->root_key) == -1 ||
	    cert_sign(p->cross, p->old_root, p->old_root_key,
	    GNUTLS_DIG_SHA256) == -1)
		return -1;
	return pki_same_subject_key(p->cross, p->root);
}

/*
 * Mint the PKI. Dates are relative to now, so nothing can expire on disk.
 * The CAs start before every date given on the command line, so that an
 * expired or future leaf is still validly dated relative to its issuer;
 * only --int-not-before moves the intermediate's start.
 */
static int
pki_mint(struct pki *p, const struct srv_opts *o)
{
	static const char org[] = "tls-monitoring-plugins test";
	static const char root_cn[] = "TLS Test Root CA";
	static const char untrusted_cn[] = "TLS Test Untrusted Root";
	static const char int_cn[] = "TLS Test Intermediate CA";
	struct cert_spec s, ca;
	gnutls_x509_crt_t int_issuer, leaf_issuer;
	gnutls_x509_privkey_t int_issuer_key, leaf_issuer_key;
	time_t		 now, leaf_nb, leaf_na, ca_nb;
	double		 nb_days, earliest;
	bool		 md5;
	int		 rc;

	memset(p, 0, sizeof(*p));
	now = time(NULL);
	/* RFC 3279 2.2: MD5 signatures exist for RSA keys only */
	md5 = o->leaf_hash == GNUTLS_DIG_MD5;

	/*
	 * The default notBefore (-1 day) would be after the notAfter of a
	 * leaf that expired over a day ago; such a leaf starts a day before
	 * it ends instead. An explicit --not-before is used as given.
	 */
	nb_days = o->not_before;
	if (!o->not_before_set && nb_days >= o->expires_in)
		nb_days = o->expires_in - 1;
	leaf_nb = days_from(now, nb_days);
	leaf_na = days_from(now, o->expires_in);

	earliest = dmin(dmin(nb_days, o->expires_in),
	    dmin(o->int_expires_in, o->root_expires_in));
	if (o->int_not_before_set)
		earliest = dmin(earliest, o->int_not_before);
	ca_nb = days_from(now, dmin(-2, earliest - 1));

	memset(&ca, 0, sizeof(ca));
	ca.org = org;
	ca.is_ca = true;
	ca.key_usage = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN;
	ca.not_before = ca_nb;
	ca.not_after = days_from(now, o->root_expires_in);
	leaf_issuer = NULL;
	leaf_issuer_key = NULL;
	if (!o->self_signed) {
		if (key_new(&p->root_key, false, 0) == -1)
			return -1;
		s = ca;
		s.cn = root_cn;
		s.cn_len = sizeof(root_cn) - 1;
		s.pathlen = -1;
		if (cert_new(&p->root, &s, p->root_key) == -1 ||
		    cert_sign(p->root, p->root, p->root_key,
		    GNUTLS_DIG_SHA256) == -1)
			return -1;
		int_issuer = p->root;
		int_issuer_key = p->root_key;
		if (o->cross_root && pki_mint_cross(p, &s) == -1)
			return -1;

		if (o->untrusted_root) {
			if (key_new(&p->untrusted_key,
			    md5 && pki_root_issues_leaf(o), RSA_BITS_DEF) == -1)
				return -1;
			s.cn = untrusted_cn;
			s.cn_len = sizeof(untrusted_cn) - 1;
			if (cert_new(&p->untrusted, &s,
			    p->untrusted_key) == -1 ||
			    cert_sign(p->untrusted, p->untrusted,
			    p->untrusted_key, GNUTLS_DIG_SHA256) == -1)
				return -1;
			int_issuer = p->untrusted;
			int_issuer_key = p->untrusted_key;
		}

		if (key_new(&p->int_key, md5 && !pki_root_issues_leaf(o),
		    RSA_BITS_DEF) == -1)
			return -1;
		s.cn = int_cn;
		s.cn_len = sizeof(int_cn) - 1;
		s.pathlen = 0;
		if (o->int_not_before_set)
			s.not_before = days_from(now, o->int_not_before);
		s.not_after = days_from(now, o->int_expires_in);
		if (cert_new(&p->inter, &s, p->int_key) == -1 ||
		    cert_sign(p->inter, int_issuer, int_issuer_key,
		    GNUTLS_DIG_SHA256) == -1)
			return -1;

		if (pki_root_issues_leaf(o)) {
			leaf_issuer = p->untrusted;
			leaf_issuer_key = p->untrusted_key;
		} else {
			leaf_issuer = p->inter;
			leaf_issuer_key = p->int_key;
		}
	}

	if (key_new(&p->leaf_key, o->leaf_rsa, o->key_bits) == -1)
		return -1;
	memset(&s, 0, sizeof(s));
	if (o->evil_names && o->evil_nonul) {
		s.cn = evil_cn_nonul;
		s.cn_len = sizeof(evil_cn_nonul) - 1;
	} else if (o->evil_names) {
		s.cn = evil_cn;
		s.cn_len = sizeof(evil_cn) - 1;
	} else {
		s.cn = o->names[0];
		s.cn_len = strlen(o->names[0]);
	}
	s.is_ca = false;
	s.pathlen = -1;
	s.key_usage = GNUTLS_KEY_DIGITAL_SIGNATURE;
	if (o->leaf_rsa)
		s.key_usage |= GNUTLS_KEY_KEY_ENCIPHERMENT;
	s.server_auth = true;
	s.not_before = leaf_nb;
	s.not_after = leaf_na;
	if (cert_new(&p->leaf, &s, p->leaf_key) == -1)
		return -1;
	/* --no-san: CN only, for a client's RFC 6125 6.4.4 CN fallback */
	if (!o->no_san) {
		if (o->evil_names)
			rc = leaf_set_evil_sans(p->leaf, o);
		else
			rc = leaf_set_sans(p->leaf, o);
		if (rc == -1)
			return -1;
	}
	if (o->self_signed) {
		leaf_issuer = p->leaf;
		leaf_issuer_key = p->leaf_key;
	}
	if (cert_sign(p->leaf, leaf_issuer, leaf_issuer_key,
	    o->leaf_hash) == -1)
		return -1;
	if (pki_mint_vhosts(p, o, &s, leaf_issuer, leaf_issuer_key) == -1)
		return -1;

	if (order_has(o, CHAIN_EXTRA))
		return pki_mint_extra(p, &ca, now);
	return 0;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const unsigned char	*p = buf;
	ssize_t			 n;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write crts as PEM to dir/file (created or truncated). */
static int
write_pem(const char *dir, const char *file, gnutls_x509_crt_t const *crts,
    size_t ncrts)
{
	char		 path[PATH_MAX];
	gnutls_datum_t	 pem;
	FILE		*fp;
	size_t		 i;
	int		 rc, n;

	n = snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		logmsg("path too long: %s/%s", dir, file);
		return -1;
	}
	fp = fopen(path, "we");
	if (fp == NULL) {
		logmsg("open '%s': %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < ncrts; i++) {
		rc = gnutls_x509_crt_export2(crts[i], GNUTLS_X509_FMT_PEM, &pem);
		if (rc < 0) {
			fclose(fp);
			return gtls_fail("gnutls_x509_crt_export2", rc);
		}
		if (fwrite(pem.data, 1, pem.size, fp) != pem.size)
			rc = -1;
		gnutls_free(pem.data);
		if (rc == -1) {
			logmsg("write '%s': %s", path, strerror(errno));
			fclose(fp);
			return -1;
		}
	}
	if (fclose(fp) == EOF) {
		logmsg("close '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * ca.pem: what a client should trust (the root, or the self-signed leaf);
 * ca-with-int.pem: the same plus the intermediate, so that a chain which
 * lacks its intermediate still verifies from the local store;
 * chain.pem: the leaf up to the root it chains to, whatever is sent;
 * untrusted-root.pem: the other root, with --untrusted-root only.
 */
static int
pki_write(const struct pki *p, const struct srv_opts *o, const char *dir)
{
	gnutls_x509_crt_t	 chain[3], trusted[2];
	size_t			 n = 0;

	if (p->root == NULL) {
		if (write_pem(dir, "ca.pem", &p->leaf, 1) == -1 ||
		    write_pem(dir, "ca-with-int.pem", &p->leaf, 1) == -1 ||
		    write_pem(dir, "chain.pem", &p->leaf, 1) == -1)
			return -1;
		return 0;
	}
	chain[n++] = p->leaf;
	if (!pki_root_issues_leaf(o))
		chain[n++] = p->inter;
	chain[n++] = pki_top(p);
	trusted[0] = p->root;
	trusted[1] = p->inter;
	if (write_pem(dir, "ca.pem", &p->root, 1) == -1 ||
	    write_pem(dir, "ca-with-int.pem", trusted, 2) == -1 ||
	    write_pem(dir, "chain.pem", chain, n) == -1)
		return -1;
	if (p->untrusted != NULL &&
	    write_pem(dir, "untrusted-root.pem", &p->untrusted, 1) == -1)
		return -1;
	return 0;
}

/* The certificate an --order token stands for; NULL if there is none. */
static gnutls_x509_crt_t
pki_cert(const struct pki *p, enum chain_cert which)
{
	switch (which) {
	case CHAIN_LEAF:
		return p->leaf;
	case CHAIN_INT:
		return p->inter;
	case CHAIN_ROOT:
		return pki_top(p);
	case CHAIN_EXTRA:
		return p->extra;
	}
	return NULL;
}

static void
wire_free(struct wire_chain *w)
{
	unsigned int	 i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		gnutls_pcert_deinit(&w->pcert[i]);
	if (w->key != NULL)
		gnutls_privkey_deinit(w->key);
	free(w);
}

/*
 * crts[0..n-1] (n at most MAX_ORDER) as pcerts plus a copy of key, which
 * belongs to the leaf wherever the list puts it. Returns 0 with *out owned
 * by the caller (wire_free()), or -1 with *out NULL.
 */
static int
wire_new_list(struct wire_chain **out, gnutls_x509_crt_t const *crts,
    size_t n, gnutls_x509_privkey_t key)
{
	struct wire_chain	*w;
	size_t			 i;
	unsigned int		 usage = 0;
	int			 rc;

	*out = NULL;
	if (n == 0 || n > MAX_ORDER) {
		logmsg("internal error: chain of %zu certificates", n);
		return -1;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		logmsg("out of memory");
		return -1;
	}
	rc = gnutls_privkey_init(&w->key);
	if (rc < 0) {
		w->key = NULL;
		gtls_fail("gnutls_privkey_init", rc);
		goto err;
	}
	rc = gnutls_privkey_import_x509(w->key, key,
	    GNUTLS_PRIVKEY_IMPORT_COPY);
	if (rc < 0) {
		gtls_fail("gnutls_privkey_import_x509", rc);
		goto err;
	}
	for (i = 0; i < n; i++) {
		rc = gnutls_pcert_import_x509(&w->pcert[i], crts[i], 0);
		if (rc < 0) {
			gtls_fail("gnutls_pcert_import_x509", rc);
			goto err;
		}
		w->n++;
	}

	/*
	 * A server refuses to send a first certificate whose key usage lacks
	 * digitalSignature ("No supported cipher suites have been found"),
	 * as with --order int,leaf. Widen the usage GnuTLS reads from the
	 * parsed key; the certificate bytes sent stay as minted, so clients
	 * get the list and fail with a key usage violation, as they should.
	 */
	rc = gnutls_pubkey_get_key_usage(w->pcert[0].pubkey, &usage);
	if (rc >= 0 && usage != 0 &&
	    (usage & GNUTLS_KEY_DIGITAL_SIGNATURE) == 0)
		rc = gnutls_pubkey_set_key_usage(w->pcert[0].pubkey,
		    usage | GNUTLS_KEY_DIGITAL_SIGNATURE);
	if (rc < 0) {
		gtls_fail("first certificate's key usage", rc);
		goto err;
	}
	*out = w;
	return 0;
err:
	wire_free(w);
	return -1;
}

/*
 * The --order chain, or the --cross-root one (leaf, intermediate,
 * cross-signed root), plus a copy of the leaf key. Returns 0 with *out
 * owned by the caller (wire_free()), or -1 with *out NULL.
 */
static int
wire_new(struct wire_chain **out, const struct pki *p,
    const struct srv_opts *o)
{
	gnutls_x509_crt_t	 crts[MAX_ORDER];
	size_t			 i;

	*out = NULL;
	if (o->cross_root) {
		crts[0] = p->leaf;
		crts[1] = p->inter;
		crts[2] = p->cross;
		return wire_new_list(out, crts, 3, p->leaf_key);
	}
	for (i = 0; i < o->norder; i++) {
		crts[i] = pki_cert(p, o->order[i]);
		if (crts[i] == NULL) {
			logmsg("--order: no '%s' certificate",
			    chain_names[o->order[i]]);
			return -1;
		}
	}
	return wire_new_list(out, crts, o->norder, p->leaf_key);
}

/*
 * leaf followed by what goes with the --name leaf without --order: the
 * intermediate unless --omit-intermediate, the root with --send-root.
 * Fills list (room for 3) and returns the count.
 */
static size_t
chain_list(gnutls_x509_crt_t list[3], gnutls_x509_crt_t leaf,
    const struct pki *p, const struct srv_opts *o)
{
	size_t	 n = 0;

	list[n++] = leaf;
	if (!o->self_signed) {
		if (!o->omit_intermediate)
			list[n++] = p->inter;
		if (o->send_root)
			list[n++] = pki_top(p);
	}
	return n;
}

static void
vhost_chains_free(struct srv_ctx *ctx)
{
	size_t	 i;

	for (i = 0; i < MAX_VCERTS; i++) {
		wire_free(ctx->vchain[i]);
		ctx->vchain[i] = NULL;
	}
	wire_free(ctx->plain);
	ctx->plain = NULL;
}

/*
 * One wire chain per --vhost CERTNAME, plus the --name chain unless
 * --default-cert names another; ctx->fallback becomes the default. On
 * failure the chains made so far stay for vhost_chains_free().
 */
static int
vhost_chains_new(struct srv_ctx *ctx, const struct pki *p)
{
	const struct srv_opts	*o = ctx->opts;
	gnutls_x509_crt_t	 list[3];
	size_t			 i, n;

	for (i = 0; i < o->nvcerts; i++) {
		n = chain_list(list, p->vcrt[i], p, o);
		if (wire_new_list(&ctx->vchain[i], list, n, p->vkey[i]) == -1)
			return -1;
	}
	if (o->default_cert != NULL) {
		ctx->fallback = ctx->vchain[o->default_vcert];
		return 0;
	}
	n = chain_list(list, p->leaf, p, o);
	if (wire_new_list(&ctx->plain, list, n, p->leaf_key) == -1)
		return -1;
	ctx->fallback = ctx->plain;
	return 0;
}

/*
 * gnutls_certificate_retrieve_function2 for --order and --vhost: the chain
 * in the connection's struct conn_state (the session pointer, see
 * conn_tls()), which sni_hook() has set by the time GnuTLS selects a
 * certificate. GnuTLS sends the list as returned, without sorting it, and
 * neither changes nor frees it; it may ask more than once.
 */
static int
cert_retrieve(gnutls_session_t s, const gnutls_datum_t *req_ca_rdn,
    int nreqs, const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
    gnutls_pcert_st **pcert, unsigned int *pcert_length,
    gnutls_privkey_t *privkey)
{
	const struct conn_state	*cs;

	(void)req_ca_rdn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	cs = gnutls_session_get_ptr(s);
	if (cs == NULL || cs->chain == NULL)
		return -1;
	*pcert = cs->chain->pcert;
	*pcert_length = cs->chain->n;
	*privkey = cs->chain->key;
	return 0;
}

/*
 * Credentials serving the leaf plus whatever chain the options ask for;
 * with retrieve (--order or --vhost), what cert_retrieve() hands out.
 */
static int
cred_new(gnutls_certificate_credentials_t *cred, const struct pki *p,
    const struct srv_opts *o, bool retrieve)
{
	gnutls_x509_crt_t	 list[3];
	size_t			 n;
	int			 rc;

	*cred = NULL;
	rc = gnutls_certificate_allocate_credentials(cred);
	if (rc < 0)
		return gtls_fail("gnutls_certificate_allocate_credentials", rc);
	if (retrieve) {
		gnutls_certificate_set_retrieve_function2(*cred, cert_retrieve);
		return 0;
	}
	n = chain_list(list, p->leaf, p, o);
	rc = gnutls_certificate_set_x509_key(*cred, list, (int)n, p->leaf_key);
	if (rc < 0)
		return gtls_fail("gnutls_certificate_set_x509_key", rc);
	return 0;
}

static int
listen_loopback(int family, int *port)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin;
	struct sockaddr_in6	*sin6;
	socklen_t		 sslen;
	int			 fd, one = 1;

	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		logmsg("socket: %s", strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1) {
		logmsg("SO_REUSEADDR: %s", strerror(errno));
		goto err;
	}
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET6) {
		sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		sslen = sizeof(*sin6);
	} else {
		sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sslen = sizeof(*sin);
	}
	if (bind(fd, (struct sockaddr *)&ss, sslen) == -1) {
		logmsg("bind %s: %s", family == AF_INET6 ? "[::1]:0" :
		    "127.0.0.1:0", strerror(errno));
		goto err;
	}
	if (listen(fd, 64) == -1) {
		logmsg("listen: %s", strerror(errno));
		goto err;
	}
	sslen = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == -1) {
		logmsg("getsockname: %s", strerror(errno));
		goto err;
	}
	if (family == AF_INET6)
		*port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	else
		*port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return fd;
err:
	close(fd);
	return -1;
}

static long long
ms_until(const struct timespec *deadline)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/*
 * Wait up to ms (-1: forever) for bytes, then read what is there once.
 * Returns bytes read, 0 on EOF, -1 on error or timeout.
 */
static ssize_t
read_some(int fd, int ms)
{
	unsigned char	 buf[16384];
	struct pollfd	 pfd;
	ssize_t		 n;
	int		 rc;

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		pfd.revents = 0;
		rc = poll(&pfd, 1, ms);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc <= 0)
			return -1;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == -1 && errno == EINTR)
			continue;
		return n;
	}
}

/* Wait up to ms for the client's first byte and look at it: 0-255, or -1. */
static int
peek_byte(int fd, int ms)
{
	struct pollfd	 pfd;
	unsigned char	 b;
	int		 rc;

	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	do {
		rc = poll(&pfd, 1, ms);
	} while (rc == -1 && errno == EINTR);
	if (rc <= 0 || recv(fd, &b, 1, MSG_PEEK) != 1)
		return -1;
	return b;
}

/* Read and discard until EOF or an error such as a reset. */
static void
drain(int fd)
{
	while (read_some(fd, -1) > 0)
		continue;
}

/*
 * Send FIN, then read until the client closes: closing a socket with
 * unread data makes the kernel answer with RST instead (RFC 2525 2.17).
 */
static void
close_graceful(int fd)
{
	shutdown(fd, SHUT_WR);
	drain(fd);
	close(fd);
}

/*
 * After an alert of ours: send FIN and give the client a bounded time to
 * close first, as in close_graceful(), so that the kernel cannot answer
 * late client bytes with an RST that overtakes the alert.
 */
static void
close_after_alert(int fd)
{
	shutdown(fd, SHUT_WR);
	while (read_some(fd, ALERT_WAIT_MS) > 0)
		continue;
	close(fd);
}

enum sni_kind {
	SNI_NONE,	/* no server_name extension */
	SNI_NAME,	/* a host name, in the buffer */
	SNI_OTHER	/* something no --vhost can name, e.g. too long */
};

/*
 * The client's first host_name (RFC 6066 3) into buf, NUL-terminated, its
 * length without one trailing dot in *len.
 */
static enum sni_kind
sni_read(gnutls_session_t s, char *buf, size_t bufsz, size_t *len)
{
	unsigned int	 type = 0;
	size_t		 n = bufsz;
	int		 rc;

	*len = 0;
	buf[0] = '\0';
	rc = gnutls_server_name_get(s, buf, &n, &type, 0);
	if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return SNI_NONE;
	if (rc < 0 || type != GNUTLS_NAME_DNS || n >= bufsz) {
		buf[0] = '\0';
		return SNI_OTHER;
	}
	buf[n] = '\0';
	*len = name_trim(buf, n);
	if (*len == 0 || memchr(buf, '\0', *len) != NULL)
		return SNI_OTHER;
	return SNI_NAME;
}

/* A client's name made safe for a log line: non-printables become '?'. */
static void
sni_printable(char *buf)
{
	for (; *buf != '\0'; buf++) {
		if ((unsigned char)*buf < 0x20 || (unsigned char)*buf > 0x7e)
			*buf = '?';
	}
}

/*
 * Fail the handshake with the fatal alert chosen on the command line. The
 * hook's error ends gnutls_handshake(); conn_tls() sees alert_sent and
 * sends nothing more, so the client receives exactly this alert.
 */
static int
sni_refuse(gnutls_session_t s, struct conn_state *cs,
    gnutls_alert_description_t alert)
{
	int	 rc;

	cs->alert_sent = true;
	do {
		rc = gnutls_alert_send(s, GNUTLS_AL_FATAL, alert);
	} while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
	if (rc < 0)
		gtls_fail("gnutls_alert_send", rc);
	return GNUTLS_E_USER_ERROR;
}

/*
 * Post-client-hello hook, installed for --vhost and the SNI alerts: pick
 * this connection's chain from the SNI, or refuse the handshake. Runs
 * before GnuTLS selects a certificate, and again for a second ClientHello
 * after a HelloRetryRequest, so it decides afresh each time.
 */
static int
sni_hook(gnutls_session_t s)
{
	struct conn_state	*cs;
	const struct srv_ctx	*ctx;
	const struct srv_opts	*o;
	char			 name[NAME_MAX_LEN + 2];
	const char		*cert;
	enum sni_kind		 kind;
	size_t			 len, i;

	cs = gnutls_session_get_ptr(s);
	ctx = cs->ctx;
	o = ctx->opts;
	cs->chain = ctx->fallback;
	cert = o->default_cert != NULL ? o->default_cert : o->names[0];

	kind = sni_read(s, name, sizeof(name), &len);
	if (kind == SNI_NONE) {
		if (o->no_sni_alert_set) {
			if (verbose_log)
				logmsg("no SNI: sending fatal alert %s",
				    alert_str(o->no_sni_alert));
			return sni_refuse(s, cs, o->no_sni_alert);
		}
		if (verbose_log && o->nvhosts > 0)
			logmsg("no SNI: serving '%s'", cert);
		return 0;
	}
	for (i = 0; kind == SNI_NAME && i < o->nvhosts; i++) {
		if (name_eq(name, len, o->vhosts[i].sni,
		    o->vhosts[i].sni_len))
			break;
	}
	sni_printable(name);	/* from here on, only for log lines */
	if (kind == SNI_NAME && i < o->nvhosts) {
		cs->chain = ctx->vchain[o->vhosts[i].cert];
		if (verbose_log)
			logmsg("SNI '%s': serving '%s'", name,
			    o->vcerts[o->vhosts[i].cert]);
		return 0;
	}
	if (o->unknown_sni_alert_set) {
		if (verbose_log)
			logmsg("SNI '%s' unknown: sending fatal alert %s", name,
			    alert_str(o->unknown_sni_alert));
		return sni_refuse(s, cs, o->unknown_sni_alert);
	}
	if (verbose_log && o->nvhosts > 0)
		logmsg("SNI '%s' unknown: serving '%s'", name, cert);
	return 0;
}

static void
conn_tls(int fd, const struct srv_ctx *ctx)
{
	gnutls_session_t	 s;
	struct conn_state	 cs;
	char			 buf[16384];
	ssize_t			 n;
	int			 rc;

	memset(&cs, 0, sizeof(cs));
	cs.ctx = ctx;
	cs.chain = ctx->fallback;
	rc = gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NO_SIGNAL);
	if (rc < 0) {
		gtls_fail("gnutls_init", rc);
		close(fd);
		return;
	}
	rc = gnutls_priority_set(s, ctx->prio);
	if (rc >= 0)
		rc = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE,
		    ctx->cred);
	if (rc < 0) {
		gtls_fail("session setup", rc);
		goto out;
	}
	gnutls_certificate_server_set_request(s, GNUTLS_CERT_IGNORE);
	/* for cert_retrieve() and sni_hook(); cs outlives the session */
	gnutls_session_set_ptr(s, &cs);
	if (ctx->sni_hook)
		gnutls_handshake_set_post_client_hello_function(s, sni_hook);
	gnutls_transport_set_int(s, fd);
	gnutls_handshake_set_timeout(s, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);

	do {
		rc = gnutls_handshake(s);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0) {
		if (verbose_log)
			logmsg("handshake failed: %s", gnutls_strerror(rc));
		if (ctx->opts->reset_on_fail) {
			/* like a middlebox that resets what it does not like */
			struct linger lg = { 1, 0 };

			setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
			goto out;
		}
		/* tell the client why, as a real server would */
		if (!cs.alert_sent)
			gnutls_alert_send_appropriate(s, rc);
		goto out;
	}
	if (verbose_log) {
		char	*desc = gnutls_session_get_desc(s);

		logmsg("handshake done: %s", desc != NULL ? desc : "?");
		gnutls_free(desc);
	}

	for (;;) {
		n = gnutls_record_recv(s, buf, sizeof(buf));
		if (n > 0) {
			/* A web client (a peer plugin in bench/) gets an answer. */
			static const char ok[] = "HTTP/1.1 200 OK\r\n"
			    "Content-Length: 3\r\nConnection: close\r\n\r\nok\n";

			if (n >= 4 && (memcmp(buf, "GET ", 4) == 0 ||
			    memcmp(buf, "HEAD", 4) == 0)) {
				(void)gnutls_record_send(s, ok, sizeof(ok) - 1);
				break;
			}
			continue;
		}
		if (n == 0 || gnutls_error_is_fatal((int)n))
			break;
	}
	gnutls_bye(s, GNUTLS_SHUT_WR);
out:
	gnutls_deinit(s);
	if (cs.alert_sent)
		close_after_alert(fd);
	else
		close(fd);
}

/* Read the request (if any), answer with status and body, close. */
static void
conn_http(int fd, const char *status, const char *body)
{
	char	 resp[1024];
	int	 n;

	read_some(fd, HTTP_WAIT_MS);
	n = snprintf(resp, sizeof(resp),
	    "HTTP/1.1 %s\r\n"
	    "Server: tls_test_server\r\n"
	    "Content-Type: text/html\r\n"
	    "Content-Length: %zu\r\n"
	    "Connection: close\r\n"
	    "\r\n"
	    "%s", status, strlen(body), body);
	if (n > 0 && (size_t)n < sizeof(resp))
		write_all(fd, resp, (size_t)n);
	close_graceful(fd);
}

static void
conn_reset(int fd)
{
	struct linger	 lg;

	read_some(fd, -1);
	/* zero linger time: close() discards the socket with RST */
	lg.l_onoff = 1;
	lg.l_linger = 0;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static void
conn_smtp(int fd)
{
	write_all(fd, smtp_banner, sizeof(smtp_banner) - 1);
	if (read_some(fd, -1) > 0)
		write_all(fd, smtp_error, sizeof(smtp_error) - 1);
	close_graceful(fd);
}

/* Dribble a handshake record one byte per second until the client leaves. */
static void
conn_slow(int fd)
{
	unsigned char	 buf[4096], byte;
	struct timespec	 next;
	struct pollfd	 pfd;
	long long	 wait;
	size_t		 i = 0;
	ssize_t		 n;
	int		 rc;

	if (read_some(fd, -1) <= 0) {
		close(fd);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &next);
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		wait = ms_until(&next);
		if (wait <= 0) {
			if (i < sizeof(slow_prefix))
				byte = slow_prefix[i];
			else	/* stand-in for server random and the rest */
				byte = (unsigned char)(i * 151 + 7);
			if (write_all(fd, &byte, 1) == -1)
				break;
			i++;
			next.tv_sec += SLOW_STEP_S;
			continue;
		}
		pfd.revents = 0;
		rc = poll(&pfd, 1, (int)wait);
		if (rc == -1 && errno != EINTR)
			break;
		if (rc <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == 0 || (n == -1 && errno != EINTR))
			break;
	}
	close(fd);
}

static void
conn_serve(int fd, const struct srv_ctx *ctx)
{
	switch (ctx->opts->mode) {
	case MODE_TLS:
		conn_tls(fd, ctx);
		break;
	case MODE_HTTP:
		conn_http(fd, "400 Bad Request", http_body);
		break;
	case MODE_HTTP_OK:
		conn_http(fd, "200 OK", http_ok_body);
		break;
	case MODE_HTTPS_PORT:
		/* A TLS listener that answers plain HTTP, as nginx does. */
		if (peek_byte(fd, HTTP_WAIT_MS) == 0x16)
			conn_tls(fd, ctx);
		else
			conn_http(fd, "400 Bad Request", https_port_body);
		break;
	case MODE_SILENT:
		drain(fd);
		close(fd);
		break;
	case MODE_RESET:
		conn_reset(fd);
		break;
	case MODE_CLOSE:
		close_graceful(fd);
		break;
	case MODE_SSH:
		write_all(fd, ssh_banner, sizeof(ssh_banner) - 1);
		read_some(fd, -1);
		close_graceful(fd);
		break;
	case MODE_SMTP:
		conn_smtp(fd);
		break;
	case MODE_GARBAGE:
		read_some(fd, -1);
		write_all(fd, garbage_bytes, sizeof(garbage_bytes));
		close_graceful(fd);
		break;
	case MODE_SLOW:
		conn_slow(fd);
		break;
	case MODE_ALERT:
		read_some(fd, -1);
		write_all(fd, alert_record, sizeof(alert_record));
		close_graceful(fd);
		break;
	}
}

/*
 * Runs in a new connection child: die with the parent (Linux), and by
 * SIGALRM's default action when the server's lifetime is over.
 */
static void
child_setup(pid_t parent, const struct timespec *deadline)
{
	struct sigaction	 sa;
	long long		 ms;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(0);
#else
	(void)parent;
#endif
	ms = ms_until(deadline);
	if (ms <= 0)
		_exit(0);
	alarm((unsigned int)((ms + 999) / 1000));
}

/*
 * Accept until the deadline, one child per connection. Returns 0 in the
 * parent when the lifetime is over, 1 in a child whose connection is done,
 * -1 on a listening socket error.
 */
static int
serve(int lfd, const struct srv_ctx *ctx)
{
	struct pollfd	 pfd;
	long long	 ms;
	pid_t		 parent, pid;
	int		 fd, rc;

	parent = getpid();
	pfd.fd = lfd;
	pfd.events = POLLIN;
	for (;;) {
		ms = ms_until(&ctx->deadline);
		if (ms <= 0)
			return 0;
		pfd.revents = 0;
		rc = poll(&pfd, 1, ms > INT_MAX ? INT_MAX : (int)ms);
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			logmsg("poll: %s", strerror(errno));
			return -1;
		}
		if (rc == 0)
			continue;
		fd = accept(lfd, NULL, NULL);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED ||
			    errno == EAGAIN || errno == EMFILE ||
			    errno == ENFILE)
				continue;
			logmsg("accept: %s", strerror(errno));
			return -1;
		}
		pid = fork();
		if (pid == -1) {
			logmsg("fork: %s", strerror(errno));
			close(fd);
			continue;
		}
		if (pid == 0) {
			close(lfd);
			child_setup(parent, &ctx->deadline);
			if (verbose_log)
				logmsg("connection (%s)",
				    mode_names[ctx->opts->mode]);
			conn_serve(fd, ctx);
			return 1;
		}
		close(fd);
	}
}

static int
signals_setup(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		return -1;
	/* children are reaped by the kernel: no zombies, no handler */
	sa.sa_flags = SA_NOCLDWAIT;
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		return -1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct srv_opts	 o;
	struct pki	 p;
	struct srv_ctx	 ctx;
	const char	*errpos = NULL;
	int		 lfd = -1, port = 0, rc, status = 1;

	memset(&p, 0, sizeof(p));
	memset(&ctx, 0, sizeof(ctx));
	rc = parse_args(argc, argv, &o);
	if (rc != 0)
		return rc == 1 ? 0 : 1;
	verbose_log = o.verbose;
	ctx.opts = &o;

	/* the lifetime counts from start-up, minting included */
	clock_gettime(CLOCK_MONOTONIC, &ctx.deadline);
	ctx.deadline.tv_sec += o.lifetime;

	if (signals_setup() == -1) {
		logmsg("sigaction: %s", strerror(errno));
		return 1;
	}
	rc = gnutls_global_init();
	if (rc < 0) {
		gtls_fail("gnutls_global_init", rc);
		return 1;
	}
	rc = gnutls_priority_init(&ctx.prio, o.priority, &errpos);
	if (rc < 0) {
		ctx.prio = NULL;
		logmsg("--priority: %s at '%s'", gnutls_strerror(rc),
		    errpos != NULL ? errpos : "?");
		goto out;
	}
	if (pki_mint(&p, &o) == -1)
		goto out;
	if (o.dir != NULL && pki_write(&p, &o, o.dir) == -1)
		goto out;
	/*
	 * --cross-root's chain goes out as a wire chain too: sent as built,
	 * whatever GnuTLS would make of two certificates for one subject.
	 */
	if ((o.norder > 0 || o.cross_root) &&
	    wire_new(&ctx.wire, &p, &o) == -1)
		goto out;
	ctx.fallback = ctx.wire;
	if (o.nvhosts > 0 && vhost_chains_new(&ctx, &p) == -1)
		goto out;
	ctx.sni_hook = o.nvhosts > 0 || o.no_sni_alert_set;
	if (cred_new(&ctx.cred, &p, &o, ctx.fallback != NULL) == -1)
		goto out;
	lfd = listen_loopback(o.family, &port);
	if (lfd == -1)
		goto out;

	if (printf("READY %d\n", port) < 0 || fflush(stdout) == EOF) {
		logmsg("stdout: %s", strerror(errno));
		goto out;
	}

	rc = serve(lfd, &ctx);
	if (rc == 1) {
		/* a connection child: its socket is closed, lfd too */
		lfd = -1;
		status = 0;
		goto out;
	}
	status = rc == 0 ? 0 : 1;
out:
	if (lfd != -1)
		close(lfd);
	if (ctx.cred != NULL)
		gnutls_certificate_free_credentials(ctx.cred);
	wire_free(ctx.wire);
	vhost_chains_free(&ctx);
	if (ctx.prio != NULL)
		gnutls_priority_deinit(ctx.prio);
	pki_release(&p);
	gnutls_global_deinit();
	return status;
}
