/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tls_test_server's options as one table: getopt_long's array, the
 * defaults, the parsing and the usage text all come from its rows.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts.h"

#define XSTR(x)	    STR(x)
#define STR(x)	    #x
#define HELP_COL    25	/* help text starts in this column */
#define USAGE_WIDTH 78	/* generated lists wrap before this column */
#define OPT_VAL0    256 /* getopt_long's value for row 0 */
/* numbers in help texts, from the constants that enforce them */
#define KEY_BITS_RANGE XSTR(TS_RSA_BITS_MIN) ".." XSTR(TS_RSA_BITS_MAX)
#define KEY_BITS_DEF   XSTR(PKI_RSA_BITS)
#define VHOSTS_MAX     XSTR(TS_MAX_VHOSTS)
#define EXTRA_SANS_MAX XSTR(TS_MAX_EXTRA_SANS)
#define SAN_BYTES_MAX  XSTR(TS_MAX_SAN_BYTES)

/* How a row stores its value at .off in struct ts_opts. */
enum opt_kind {
	OPT_FLAG,   /* bool, set to true; no argument */
	OPT_STRING, /* const char *, borrowed from argv */
	OPT_DAYS,   /* double: a day count, +-TS_MAX_DAYS */
	OPT_INT,    /* long in .min...max */
	OPT_ENUM,   /* int: the value of a name in .values */
	OPT_LIST,   /* const char *[.max], count in size_t .count */
	OPT_CALL,   /* .set parses and stores */
	OPT_HELP    /* print the usage to stdout */
};

struct ts_option {
	const char   *name; /* long option, without "--" */
	const char   *arg;  /* placeholder in the usage; ENUM NULL: names */
	bool	      arg_optional; /* --name[=ARG] */
	enum opt_kind kind;
	size_t	      off;	      /* AT(field): where the value goes */
	size_t	      seen;	      /* SEEN(field): a bool set when given */
	size_t	      count;	      /* LIST: AT(its count) */
	long	      min, max;	      /* INT: range; LIST: max entries */
	const struct ts_enum *values; /* ENUM: names, NULL-name ended */
	int (*set)(struct ts_opts *, const char *); /* CALL */
	const char *def;  /* default, parsed as if given; LIST: if none */
	const char *help; /* lines end in \n but the last */
};

#define AT(f) offsetof(struct ts_opts, f)
/* offset plus one, so that a row's 0 means "no such flag" */
#define SEEN(f) (offsetof(struct ts_opts, f) + 1)

static int opt_evil_names(struct ts_opts *, const char *);
static int opt_extra_sans(struct ts_opts *, const char *);

static const struct ts_enum key_types[] = {
    {"rsa", PKI_KEY_RSA},
    {"ecdsa", PKI_KEY_ECDSA},
    {NULL, 0},
};

static const struct ts_enum cert_requests[] = {
    {"none", GNUTLS_CERT_IGNORE},
    {"request", GNUTLS_CERT_REQUEST},
    {"require", GNUTLS_CERT_REQUIRE},
    {NULL, 0},
};

static const struct ts_enum leaf_hashes[] = {
    {"sha256", GNUTLS_DIG_SHA256},
    {"sha1", GNUTLS_DIG_SHA1},
    {"md5", GNUTLS_DIG_MD5},
    {NULL, 0},
};

/*
 * The options, in usage order. A new option is a row here plus the code
 * that reads its field; cross-option rules go to opts_check().
 */
static const struct ts_option options[] = {
    {.name = "dir",
	.arg = "DIR",
	.kind = OPT_STRING,
	.off = AT(dir),
	.help = "write DIR/ca.pem (the trusted root),\n"
		"DIR/ca-with-int.pem (root and intermediate),\n"
		"DIR/chain.pem (leaf up to its root) and,\n"
		"with --untrusted-root, DIR/untrusted-root.pem"},
    {.name = "ipv6",
	.kind = OPT_FLAG,
	.off = AT(ipv6),
	.help = "bind [::1]:0 instead of 127.0.0.1:0"},
    {.name = "key",
	.kind = OPT_ENUM,
	.off = AT(key_type),
	.values = key_types,
	.def = "ecdsa",
	.help = "leaf key type (default ecdsa)"},
    {.name = "key-bits",
	.arg = "N",
	.kind = OPT_INT,
	.off = AT(key_bits),
	.seen = SEEN(key_bits_set),
	.min = TS_RSA_BITS_MIN,
	.max = TS_RSA_BITS_MAX,
	.def = KEY_BITS_DEF,
	.help = "RSA leaf key size, " KEY_BITS_RANGE " (default " KEY_BITS_DEF
		");\n"
		"needs --key rsa; below 1024 bits only\n"
		"TLS 1.2 works (no room for RSA-PSS)"},
    {.name = "name",
	.arg = "NAME",
	.kind = OPT_LIST,
	.off = AT(names),
	.count = AT(nnames),
	.max = TS_MAX_NAMES,
	.def = "localhost",
	.help = "leaf DNS SAN, repeatable, in order; the first\n"
		"is also the CN (default localhost)"},
    {.name = "no-san",
	.kind = OPT_FLAG,
	.off = AT(no_san),
	.help = "leaf without subjectAltName (CN only)"},
    {.name = "no-ip-san",
	.kind = OPT_FLAG,
	.off = AT(no_ip_san),
	.help = "leaf without the 127.0.0.1 and ::1 SANs"},
    {.name = "extra-sans",
	.arg = "N[:BYTES]",
	.kind = OPT_CALL,
	.set = opt_extra_sans,
	.help = "N more DNS SANs after the --name ones,\n"
		"host-00001.example.test and on (N up to\n" EXTRA_SANS_MAX
		"); with BYTES (up to " SAN_BYTES_MAX "), each\n"
		"name is padded to BYTES bytes with\n"
		"63-byte labels"},
    {.name = "leaf-hash",
	.kind = OPT_ENUM,
	.off = AT(leaf_hash),
	.values = leaf_hashes,
	.def = "sha256",
	.help = "digest of the leaf's signature (default\n"
		"sha256); md5 gives its issuer an RSA key"},
    {.name = "expires-in",
	.arg = "DAYS",
	.kind = OPT_DAYS,
	.off = AT(expires_in),
	.def = "90",
	.help = "leaf notAfter = now + DAYS (default 90)"},
    {.name = "not-before",
	.arg = "DAYS",
	.kind = OPT_DAYS,
	.off = AT(not_before),
	.seen = SEEN(not_before_set),
	.def = "-1",
	.help = "leaf notBefore = now + DAYS (default -1)"},
    {.name = "int-expires-in",
	.arg = "DAYS",
	.kind = OPT_DAYS,
	.off = AT(int_expires_in),
	.def = "1000",
	.help = "intermediate notAfter (default 1000)"},
    {.name = "int-not-before",
	.arg = "DAYS",
	.kind = OPT_DAYS,
	.off = AT(int_not_before),
	.seen = SEEN(int_not_before_set),
	.help = "intermediate notBefore = now + DAYS\n"
		"(default: before every other date)"},
    {.name = "root-expires-in",
	.arg = "DAYS",
	.kind = OPT_DAYS,
	.off = AT(root_expires_in),
	.def = "3650",
	.help = "root notAfter (default 3650)"},
    {.name = "omit-intermediate",
	.kind = OPT_FLAG,
	.off = AT(omit_intermediate),
	.help = "send only the leaf"},
    {.name = "send-root",
	.kind = OPT_FLAG,
	.off = AT(send_root),
	.help = "also send the root"},
    {.name = "untrusted-root",
	.kind = OPT_FLAG,
	.off = AT(untrusted_root),
	.help = "the intermediate (with --omit-intermediate:\n"
		"the leaf) is issued by \"TLS Test Untrusted\n"
		"Root\", not by the root in ca.pem; --send-root\n"
		"and --order's root send that one"},
    {.name = "cross-root",
	.kind = OPT_FLAG,
	.off = AT(cross_root),
	.help = "send leaf, intermediate and a copy of the\n"
		"root (same subject and key) issued by \"TLS\n"
		"Test Old Root\", a CA written nowhere, like\n"
		"Let's Encrypt's chain with ISRG Root X1\n"
		"cross-signed by DST Root CA X3; ca.pem\n"
		"keeps the self-signed root. Not with\n"
		"--self-signed, --untrusted-root, --order,\n"
		"--vhost, --omit-intermediate or --send-root"},
    {.name = "order",
	.arg = "LIST",
	.kind = OPT_CALL,
	.set = ts_chain_parse_order,
	.help = "send exactly these certificates in this\n"
		"order, comma-separated from leaf int root\n"
		"extra (an unrelated certificate), e.g.\n"
		"leaf,root,int; overrides --omit-intermediate\n"
		"and --send-root"},
    {.name = "ca-issuers",
	.arg = "URL",
	.kind = OPT_STRING,
	.off = AT(ca_issuers),
	.help = "the leaf names its issuer's certificate at URL\n"
		"(authorityInfoAccess caIssuers), as CAs'\n"
		"leaves do"},
    {.name = "untrusted-root-cn",
	.arg = "NAME",
	.kind = OPT_STRING,
	.off = AT(untrusted_cn),
	.def = "TLS Test Untrusted Root",
	.help = "CN of the --untrusted-root (default \"TLS\n"
		"Test Untrusted Root\"), e.g. \"Superfish, Inc.\""},
    {.name = "ocsp",
	.arg = "STATUS",
	.kind = OPT_ENUM,
	.off = AT(ocsp),
	.values = ts_ocsp_kinds,
	.def = "none",
	.help = "staple an OCSP response for the leaf, signed\n"
		"by its issuer and minted now: good (fresh\n"
		"for 7 days), revoked (2 days ago,\n"
		"keyCompromise), unknown, expired (nextUpdate\n"
		"a day ago), wrong-key (signed by another\n"
		"key), other-cert (another serial); default\n"
		"none"},
    {.name = "must-staple",
	.kind = OPT_FLAG,
	.off = AT(must_staple),
	.help = "the leaf demands a stapled OCSP response\n"
		"(TLS feature status_request, RFC 7633)"},
    {.name = "self-signed",
	.kind = OPT_FLAG,
	.off = AT(self_signed),
	.help = "self-signed leaf, no CA"},
    {.name = "reset-on-fail",
	.kind = OPT_FLAG,
	.off = AT(reset_on_fail),
	.help = "answer a failed handshake with a TCP reset"},
    {.name = "evil-names",
	.arg = "nonul",
	.arg_optional = true,
	.kind = OPT_CALL,
	.set = opt_evil_names,
	.help = "hostile bytes in the leaf CN and SANs;\n"
		"nonul: no NUL byte in the CN"},
    {.name = "vhost",
	.arg = "SNI=CERTNAME",
	.kind = OPT_CALL,
	.set = ts_vhost_parse,
	.help = "repeatable, up to " VHOSTS_MAX ": a client whose SNI is\n"
		"SNI (any case, one trailing dot ignored)\n"
		"gets a leaf with CN and only SAN the DNS\n"
		"name CERTNAME, no IP SANs; its issuer,\n"
		"--key, --leaf-hash, dates and the chain sent\n"
		"are as for the --name leaf. Each CERTNAME is\n"
		"minted once and need not cover SNI. Not\n"
		"with --order or --self-signed. Without\n"
		"--vhost the --name leaf is served whatever\n"
		"the SNI"},
    {.name = "default-cert",
	.arg = "CERTNAME",
	.kind = OPT_STRING,
	.off = AT(default_cert),
	.help = "leaf for no SNI or an SNI that no --vhost\n"
		"names (needs --vhost; default: the --name\n"
		"leaf)"},
    {.name = "no-sni-alert",
	.arg = "ALERT",
	.kind = OPT_ENUM,
	.off = AT(no_sni_alert),
	.seen = SEEN(no_sni_alert_set),
	.values = ts_vhost_alerts,
	.help = "fail a handshake without SNI with this\n"
		"fatal alert"},
    {.name = "unknown-sni-alert",
	.arg = "ALERT",
	.kind = OPT_ENUM,
	.off = AT(unknown_sni_alert),
	.seen = SEEN(unknown_sni_alert_set),
	.values = ts_vhost_alerts,
	.help = "the same for an SNI that no --vhost names\n"
		"(needs --vhost)"},
    {.name = "priority",
	.arg = "STRING",
	.kind = OPT_STRING,
	.off = AT(priority),
	.def = "NORMAL",
	.help = "GnuTLS priority string (default NORMAL)"},
    {.name = "dh-params",
	.arg = "GROUP",
	.kind = OPT_ENUM,
	.off = AT(dh_params),
	.values = ts_dh_groups,
	.def = "none",
	.help = "the group of a TLS 1.2 DHE handshake (default\n"
		"none). GnuTLS uses it only with -GROUP-DH-ALL\n"
		"in the priority, and then refuses DHE to a\n"
		"client that names RFC 7919 groups (RFC 7919\n"
		"section 4); DHE-RSA needs --key rsa"},
    {.name = "client-cert",
	.kind = OPT_ENUM,
	.off = AT(client_cert),
	.values = cert_requests,
	.def = "none",
	.help = "send a CertificateRequest: request (a client\n"
		"without a certificate gets on) or require (its\n"
		"handshake fails); default none"},
    {.name = "mode",
	.arg = "MODE",
	.kind = OPT_ENUM,
	.off = AT(mode),
	.values = ts_modes,
	.def = "tls",
	.help = "what each connection gets (default tls)"},
    {.name = "lifetime",
	.arg = "SECONDS",
	.kind = OPT_INT,
	.off = AT(lifetime),
	.min = 1,
	.max = TS_MAX_LIFETIME,
	.def = "120",
	.help = "exit after SECONDS (default 120)"},
    {.name = "verbose",
	.kind = OPT_FLAG,
	.off = AT(verbose),
	.help = "log each connection on stderr"},
    {.name = "help", .kind = OPT_HELP, .help = "this text"},
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

const char *
ts_enum_name(const struct ts_enum *list, int value)
{
	for (; list->name != NULL; list++) {
		if (list->value == value)
			return list->name;
	}
	return "?";
}

/* list's names into buf: "a, b or c" (sep ", ") or "a|b|c" (sep "|"). */
static const char *
enum_join(const struct ts_enum *list, const char *sep, const char *last,
    char *buf, size_t bufsz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (; list->name != NULL && len < bufsz; list++) {
		if (len > 0)
			len += (size_t)snprintf(buf + len, bufsz - len, "%s",
			    list[1].name == NULL ? last : sep);
		if (len < bufsz)
			len += (size_t)snprintf(
			    buf + len, bufsz - len, "%s", list->name);
	}
	return buf;
}

/* --evil-names[=nonul] */
static int
opt_evil_names(struct ts_opts *o, const char *arg)
{
	o->evil_names = true;
	if (arg == NULL)
		return 0;
	if (strcmp(arg, "nonul") != 0) {
		ts_log(
		    "--evil-names: want no value or '=nonul', got '%s'", arg);
		return -1;
	}
	o->evil_nonul = true;
	return 0;
}

/* A decimal count in 1..max up to end (a ':' or the NUL), or -1. */
static long
count_until(const char *s, char end, long max)
{
	char *stop;
	long  v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &stop, 10);
	if (errno != 0 || *stop != end || v < 1 || v > max)
		return -1;
	return v;
}

/* --extra-sans N[:BYTES] */
static int
opt_extra_sans(struct ts_opts *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	long	    n, bytes = 0;

	n = count_until(arg, colon != NULL ? ':' : '\0', TS_MAX_EXTRA_SANS);
	if (n > 0 && colon != NULL)
		bytes = count_until(colon + 1, '\0', TS_MAX_SAN_BYTES);
	if (n < 0 || bytes < 0) {
		ts_log("--extra-sans: want N (1..%d) or N:BYTES (BYTES "
		       "1..%d), got '%s'",
		    TS_MAX_EXTRA_SANS, TS_MAX_SAN_BYTES, arg);
		return -1;
	}
	o->extra_sans = (size_t)n;
	o->extra_len = (size_t)bytes;
	return 0;
}

static int
parse_days(const struct ts_option *opt, const char *s, double *out)
{
	char  *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v) ||
	    v > TS_MAX_DAYS || v < -TS_MAX_DAYS) {
		ts_log("--%s: bad day count '%s'", opt->name, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int
parse_long(const struct ts_option *opt, const char *s, long *out)
{
	char *end;
	long  v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < opt->min ||
	    v > opt->max) {
		ts_log("--%s: want %ld..%ld, got '%s'", opt->name, opt->min,
		    opt->max, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int
parse_enum(const struct ts_option *opt, const char *s, int *out)
{
	const struct ts_enum *e;
	char		      names[256];

	for (e = opt->values; e->name != NULL; e++) {
		if (strcmp(s, e->name) == 0) {
			*out = e->value;
			return 0;
		}
	}
	ts_log("--%s: want %s, got '%s'", opt->name,
	    enum_join(opt->values, ", ", " or ", names, sizeof(names)), s);
	return -1;
}

static int
list_add(const struct ts_option *opt, const char *s, struct ts_opts *o)
{
	const char **list = (const char **)((char *)o + opt->off);
	size_t	    *n = (size_t *)((char *)o + opt->count);

	if (*n == (size_t)opt->max) {
		ts_log("--%s: at most %ld", opt->name, opt->max);
		return -1;
	}
	list[(*n)++] = s;
	return 0;
}

/* Store one value as the row says; given: from argv, not a default. */
static int
opt_set(
    const struct ts_option *opt, const char *arg, struct ts_opts *o, bool given)
{
	void *at = (char *)o + opt->off;
	int   rc = 0;

	switch (opt->kind) {
	case OPT_FLAG:
		*(bool *)at = true;
		break;
	case OPT_STRING:
		*(const char **)at = arg;
		break;
	case OPT_DAYS:
		rc = parse_days(opt, arg, at);
		break;
	case OPT_INT:
		rc = parse_long(opt, arg, at);
		break;
	case OPT_ENUM:
		rc = parse_enum(opt, arg, at);
		break;
	case OPT_LIST:
		rc = list_add(opt, arg, o);
		break;
	case OPT_CALL:
		rc = opt->set(o, arg);
		break;
	case OPT_HELP:
		break;
	}
	if (rc == 0 && given && opt->seen != 0)
		*(bool *)((char *)o + opt->seen - 1) = true;
	return rc;
}

/* getopt_long's has_arg: FLAG and HELP take none, the rest one. */
static int
opt_has_arg(const struct ts_option *opt)
{
	if (opt->arg_optional)
		return optional_argument;
	if (opt->kind == OPT_FLAG || opt->kind == OPT_HELP)
		return no_argument;
	return required_argument;
}

/* The rows' defaults; a LIST's only when the command line gave none. */
static int
opts_defaults(struct ts_opts *o, bool lists)
{
	const struct ts_option *opt;

	for (opt = options; opt < options + NOPTIONS; opt++) {
		if (opt->def == NULL || (opt->kind == OPT_LIST) != lists)
			continue;
		if (lists && *(size_t *)((char *)o + opt->count) != 0)
			continue;
		if (opt_set(opt, opt->def, o, false) == -1)
			return -1;
	}
	return 0;
}

/* names wrapped at USAGE_WIDTH, each line starting in HELP_COL */
static void
usage_values(FILE *fp, const struct ts_enum *e)
{
	size_t col;

	fprintf(fp, "%*s%s", HELP_COL, "", "one of:");
	col = HELP_COL + strlen("one of:");
	for (; e->name != NULL; e++) {
		if (col + 1 + strlen(e->name) > USAGE_WIDTH) {
			fprintf(fp, "\n%*s", HELP_COL, "");
			col = HELP_COL;
		} else {
			fputc(' ', fp);
			col++;
		}
		fputs(e->name, fp);
		col += strlen(e->name);
	}
	fputc('\n', fp);
}

static void
usage_row(FILE *fp, const struct ts_option *opt)
{
	char	    head[128], names[128];
	const char *arg = opt->arg, *line, *nl;
	int	    n;

	if (arg == NULL && opt->kind == OPT_ENUM)
		arg = enum_join(opt->values, "|", "|", names, sizeof(names));
	if (arg == NULL)
		n = snprintf(head, sizeof(head), "  --%s", opt->name);
	else
		n = snprintf(head, sizeof(head),
		    opt->arg_optional ? "  --%s[=%s]" : "  --%s %s", opt->name,
		    arg);
	if (n < HELP_COL)
		fprintf(fp, "%-*s", HELP_COL, head);
	else
		fprintf(fp, "%s\n%*s", head, HELP_COL, "");
	for (line = opt->help;; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			break;
		fprintf(fp, "%.*s\n%*s", (int)(nl - line), line, HELP_COL, "");
	}
	fprintf(fp, "%s\n", line);
	if (opt->kind == OPT_ENUM && opt->arg != NULL)
		usage_values(fp, opt->values);
}

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: " TS_PROG " [options]\n");
	for (i = 0; i < NOPTIONS; i++)
		usage_row(fp, &options[i]);
}

/*
 * Rules between options, after all are read, in this order (the first
 * broken one is reported).
 */
static int
opts_check(struct ts_opts *o)
{
	size_t i, len;

	for (i = 0; i < o->nnames; i++) {
		len = strlen(o->names[i]);
		if (len == 0 || len > TS_NAME_MAX_LEN) {
			ts_log("--name: want 1..%d bytes", TS_NAME_MAX_LEN);
			return -1;
		}
	}
	if (o->key_bits_set && o->key_type != PKI_KEY_RSA) {
		ts_log("--key-bits: needs --key rsa");
		return -1;
	}
	/* RFC 3279 2.2 and RFC 5758 3.2: MD5 signatures exist for RSA only */
	if (o->self_signed && o->leaf_hash == GNUTLS_DIG_MD5 &&
	    o->key_type != PKI_KEY_RSA) {
		ts_log("--leaf-hash md5: a --self-signed leaf needs --key rsa");
		return -1;
	}
	if (ts_chain_check(o) == -1)
		return -1;
	return ts_vhost_check(o);
}

int
ts_opts_parse(int argc, char *argv[], struct ts_opts *o)
{
	struct option		longopts[NOPTIONS + 1];
	const struct ts_option *opt;
	size_t			i;
	int			c;

	memset(o, 0, sizeof(*o));
	memset(longopts, 0, sizeof(longopts));
	for (i = 0; i < NOPTIONS; i++) {
		longopts[i].name = options[i].name;
		longopts[i].has_arg = opt_has_arg(&options[i]);
		longopts[i].val = OPT_VAL0 + (int)i;
	}
	if (opts_defaults(o, false) == -1)
		return -1;
	for (;;) {
		c = getopt_long(argc, argv, "", longopts, NULL);
		if (c == -1)
			break;
		if (c < OPT_VAL0 || c >= OPT_VAL0 + (int)NOPTIONS) {
			usage(stderr);
			return -1;
		}
		opt = &options[c - OPT_VAL0];
		if (opt->kind == OPT_HELP) {
			usage(stdout);
			return 1;
		}
		if (opt_set(opt, optarg, o, true) == -1)
			return -1;
	}
	if (optind != argc) {
		ts_log("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (opts_defaults(o, true) == -1)
		return -1;
	return opts_check(o);
}
