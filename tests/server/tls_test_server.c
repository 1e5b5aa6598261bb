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
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#define PROG		"tls_test_server"
#define DAY		86400.0
#define MAX_DAYS	100000.0	/* about 270 years either way */
#define MAX_LIFETIME	86400L
#define SERIAL_LEN	16
#define KEYID_MAX	64
#define SAN_DER_MAX	4096
#define NAME_MAX_LEN	255
#define HTTP_WAIT_MS	2000
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
	MODE_ALERT
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
};

struct srv_opts {
	const char	*dir;		/* borrowed from argv; NULL: write nothing */
	const char	*name;		/* borrowed from argv */
	const char	*priority;	/* borrowed from argv */
	enum srv_mode	 mode;
	int		 family;	/* AF_INET or AF_INET6 */
	bool		 leaf_rsa;
	double		 expires_in;	/* days relative to now */
	double		 not_before;
	bool		 not_before_set;
	double		 int_expires_in;
	double		 root_expires_in;
	bool		 omit_intermediate;
	bool		 send_root;
	bool		 self_signed;
	bool		 evil_names;
	bool		 evil_nonul;	/* --evil-names=nonul */
	bool		 verbose;
	long		 lifetime;	/* seconds */
};

struct pki {
	gnutls_x509_privkey_t	 root_key;
	gnutls_x509_privkey_t	 int_key;
	gnutls_x509_privkey_t	 leaf_key;
	gnutls_x509_crt_t	 root;
	gnutls_x509_crt_t	 inter;
	gnutls_x509_crt_t	 leaf;
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

/* Everything a connection child needs; owned by main(). */
struct srv_ctx {
	const struct srv_opts			*opts;
	gnutls_certificate_credentials_t	 cred;
	gnutls_priority_t			 prio;
	struct timespec				 deadline;	/* CLOCK_MONOTONIC */
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

static const char http_body[] = "<html><body>400 Bad Request</body></html>\r\n";
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
	    "  --dir DIR              write DIR/ca.pem and DIR/chain.pem\n"
	    "  --ipv6                 bind [::1]:0 instead of 127.0.0.1:0\n"
	    "  --key rsa|ecdsa        leaf key type (default ecdsa)\n"
	    "  --name NAME            leaf CN and DNS SAN (default localhost)\n"
	    "  --expires-in DAYS      leaf notAfter = now + DAYS (default 90)\n"
	    "  --not-before DAYS      leaf notBefore = now + DAYS (default -1)\n"
	    "  --int-expires-in DAYS  intermediate notAfter (default 1000)\n"
	    "  --root-expires-in DAYS root notAfter (default 3650)\n"
	    "  --omit-intermediate    send only the leaf\n"
	    "  --send-root            also send the root\n"
	    "  --self-signed          self-signed leaf, no CA\n"
	    "  --evil-names[=nonul]   hostile bytes in the leaf CN and SANs;\n"
	    "                         nonul: no NUL byte in the CN\n"
	    "  --priority STRING      GnuTLS priority string (default NORMAL)\n"
	    "  --mode MODE            tls http silent reset close ssh smtp\n"
	    "                         garbage slow alert (default tls)\n"
	    "  --lifetime SECONDS     exit after SECONDS (default 120)\n"
	    "  --verbose              log each connection on stderr\n"
	    "  --help                 this text\n");
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

/* Returns 0 to run, 1 after --help, -1 on a usage error (message printed). */
static int
parse_args(int argc, char *argv[], struct srv_opts *o)
{
	enum {
		OPT_DIR = 256, OPT_IPV6, OPT_KEY, OPT_NAME, OPT_EXPIRES,
		OPT_NOT_BEFORE, OPT_INT_EXPIRES, OPT_ROOT_EXPIRES, OPT_OMIT_INT,
		OPT_SEND_ROOT, OPT_SELF_SIGNED, OPT_EVIL, OPT_PRIORITY,
		OPT_MODE, OPT_LIFETIME, OPT_VERBOSE, OPT_HELP
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
		{ "priority",		required_argument, NULL, OPT_PRIORITY },
		{ "mode",		required_argument, NULL, OPT_MODE },
		{ "lifetime",		required_argument, NULL, OPT_LIFETIME },
		{ "verbose",		no_argument,	   NULL, OPT_VERBOSE },
		{ "help",		no_argument,	   NULL, OPT_HELP },
		{ NULL,			0,		   NULL, 0 }
	};
	int	 c;

	memset(o, 0, sizeof(*o));
	o->name = "localhost";
	o->priority = "NORMAL";
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
			o->name = optarg;
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
	if (o->name[0] == '\0' || strlen(o->name) > NAME_MAX_LEN) {
		logmsg("--name: want 1..%d bytes", NAME_MAX_LEN);
		return -1;
	}
	return 0;
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

static int
key_new(gnutls_x509_privkey_t *key, bool rsa)
{
	int	 rc;

	*key = NULL;
	rc = gnutls_x509_privkey_init(key);
	if (rc < 0)
		return gtls_fail("gnutls_x509_privkey_init", rc);
	if (rsa)
		rc = gnutls_x509_privkey_generate(*key, GNUTLS_PK_RSA, 2048, 0);
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

/* Set the authority key ID from the issuer's SKI, then sign with SHA-256. */
static int
cert_sign(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
    gnutls_x509_privkey_t issuer_key)
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
	rc = gnutls_x509_crt_sign2(crt, issuer, issuer_key, GNUTLS_DIG_SHA256,
	    0);
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
leaf_set_evil_sans(gnutls_x509_crt_t crt, const char *name)
{
	static const unsigned char ip4[4] = { 127, 0, 0, 1 };
	static const unsigned char ip6[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};
	static const char long_suffix[] = ".example";
	char		 long_dns[1000 + sizeof(long_suffix)];
	struct der_buf	*body, *ext;
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
	der_put_item(body, 0x82, name, strlen(name));
	der_put_item(body, 0x87, ip4, sizeof(ip4));
	der_put_item(body, 0x87, ip6, sizeof(ip6));
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

static int
leaf_set_sans(gnutls_x509_crt_t crt, const char *name)
{
	static const unsigned char ip4[4] = { 127, 0, 0, 1 };
	static const unsigned char ip6[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};
	int	 rc;

	rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME,
	    name, (unsigned int)strlen(name), GNUTLS_FSAN_SET);
	if (rc < 0)
		return gtls_fail("set DNS SAN", rc);
	rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS,
	    ip4, sizeof(ip4), GNUTLS_FSAN_APPEND);
	if (rc < 0)
		return gtls_fail("set IPv4 SAN", rc);
	rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS,
	    ip6, sizeof(ip6), GNUTLS_FSAN_APPEND);
	if (rc < 0)
		return gtls_fail("set IPv6 SAN", rc);
	return 0;
}

static void
pki_release(struct pki *p)
{
	if (p->leaf != NULL)
		gnutls_x509_crt_deinit(p->leaf);
	if (p->inter != NULL)
		gnutls_x509_crt_deinit(p->inter);
	if (p->root != NULL)
		gnutls_x509_crt_deinit(p->root);
	if (p->leaf_key != NULL)
		gnutls_x509_privkey_deinit(p->leaf_key);
	if (p->int_key != NULL)
		gnutls_x509_privkey_deinit(p->int_key);
	if (p->root_key != NULL)
		gnutls_x509_privkey_deinit(p->root_key);
	memset(p, 0, sizeof(*p));
}

/*
 * Mint the PKI. Dates are relative to now, so nothing can expire on disk.
 * The CAs start before every date given on the command line, so that an
 * expired or future leaf is still validly dated relative to its issuer.
 */
static int
pki_mint(struct pki *p, const struct srv_opts *o)
{
	static const char org[] = "tls-monitoring-plugins test";
	static const char root_cn[] = "TLS Test Root CA";
	static const char int_cn[] = "TLS Test Intermediate CA";
	struct cert_spec s;
	time_t		 now, leaf_nb, leaf_na, ca_nb;
	double		 nb_days, earliest;

	memset(p, 0, sizeof(*p));
	now = time(NULL);

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
	ca_nb = days_from(now, dmin(-2, earliest - 1));

	memset(&s, 0, sizeof(s));
	if (!o->self_signed) {
		if (key_new(&p->root_key, false) == -1 ||
		    key_new(&p->int_key, false) == -1)
			return -1;
		s.org = org;
		s.is_ca = true;
		s.key_usage = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN;
		s.not_before = ca_nb;

		s.cn = root_cn;
		s.cn_len = sizeof(root_cn) - 1;
		s.pathlen = -1;
		s.not_after = days_from(now, o->root_expires_in);
		if (cert_new(&p->root, &s, p->root_key) == -1 ||
		    cert_sign(p->root, p->root, p->root_key) == -1)
			return -1;

		s.cn = int_cn;
		s.cn_len = sizeof(int_cn) - 1;
		s.pathlen = 0;
		s.not_after = days_from(now, o->int_expires_in);
		if (cert_new(&p->inter, &s, p->int_key) == -1 ||
		    cert_sign(p->inter, p->root, p->root_key) == -1)
			return -1;
	}

	if (key_new(&p->leaf_key, o->leaf_rsa) == -1)
		return -1;
	memset(&s, 0, sizeof(s));
	if (o->evil_names && o->evil_nonul) {
		s.cn = evil_cn_nonul;
		s.cn_len = sizeof(evil_cn_nonul) - 1;
	} else if (o->evil_names) {
		s.cn = evil_cn;
		s.cn_len = sizeof(evil_cn) - 1;
	} else {
		s.cn = o->name;
		s.cn_len = strlen(o->name);
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
	if (o->evil_names) {
		if (leaf_set_evil_sans(p->leaf, o->name) == -1)
			return -1;
	} else if (leaf_set_sans(p->leaf, o->name) == -1)
		return -1;
	if (o->self_signed)
		return cert_sign(p->leaf, p->leaf, p->leaf_key);
	return cert_sign(p->leaf, p->inter, p->int_key);
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
 * chain.pem: leaf, intermediate and root, whatever the server sends.
 */
static int
pki_write(const struct pki *p, const char *dir)
{
	gnutls_x509_crt_t	 chain[3];

	if (p->root == NULL) {
		if (write_pem(dir, "ca.pem", &p->leaf, 1) == -1 ||
		    write_pem(dir, "chain.pem", &p->leaf, 1) == -1)
			return -1;
		return 0;
	}
	chain[0] = p->leaf;
	chain[1] = p->inter;
	chain[2] = p->root;
	if (write_pem(dir, "ca.pem", &p->root, 1) == -1 ||
	    write_pem(dir, "chain.pem", chain, 3) == -1)
		return -1;
	return 0;
}

/* Credentials serving the leaf plus whatever chain the options ask for. */
static int
cred_new(gnutls_certificate_credentials_t *cred, const struct pki *p,
    const struct srv_opts *o)
{
	gnutls_x509_crt_t	 list[3];
	int			 n = 0;
	int			 rc;

	list[n++] = p->leaf;
	if (!o->self_signed) {
		if (!o->omit_intermediate)
			list[n++] = p->inter;
		if (o->send_root)
			list[n++] = p->root;
	}
	*cred = NULL;
	rc = gnutls_certificate_allocate_credentials(cred);
	if (rc < 0)
		return gtls_fail("gnutls_certificate_allocate_credentials", rc);
	rc = gnutls_certificate_set_x509_key(*cred, list, n, p->leaf_key);
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

static void
conn_tls(int fd, const struct srv_ctx *ctx)
{
	gnutls_session_t	 s;
	char			 buf[16384];
	ssize_t			 n;
	int			 rc;

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
	gnutls_transport_set_int(s, fd);
	gnutls_handshake_set_timeout(s, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);

	do {
		rc = gnutls_handshake(s);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0) {
		if (verbose_log)
			logmsg("handshake failed: %s", gnutls_strerror(rc));
		/* tell the client why, as a real server would */
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
		if (n > 0)
			continue;
		if (n == 0 || gnutls_error_is_fatal((int)n))
			break;
	}
	gnutls_bye(s, GNUTLS_SHUT_WR);
out:
	gnutls_deinit(s);
	close(fd);
}

static void
conn_http(int fd)
{
	char	 resp[512];
	int	 n;

	read_some(fd, HTTP_WAIT_MS);
	n = snprintf(resp, sizeof(resp),
	    "HTTP/1.1 400 Bad Request\r\n"
	    "Server: tls_test_server\r\n"
	    "Content-Type: text/html\r\n"
	    "Content-Length: %zu\r\n"
	    "Connection: close\r\n"
	    "\r\n"
	    "%s", sizeof(http_body) - 1, http_body);
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
		conn_http(fd);
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
	if (o.dir != NULL && pki_write(&p, o.dir) == -1)
		goto out;
	if (cred_new(&ctx.cred, &p, &o) == -1)
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
	if (ctx.prio != NULL)
		gnutls_priority_deinit(ctx.prio);
	pki_release(&p);
	gnutls_global_deinit();
	return status;
}
