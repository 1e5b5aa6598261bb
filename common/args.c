/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The options every plugin takes, parsed once, never by atoi. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "args.h"

enum { OPT_SNI = 200, OPT_NO_SNI, OPT_CA_FILE };

static const struct option common_opts[] = {
    {"hostname", required_argument, NULL, 'H'},
    {"address", required_argument, NULL, 'I'},
    {"port", required_argument, NULL, 'p'},
    {"ipv4", no_argument, NULL, '4'},
    {"ipv6", no_argument, NULL, '6'},
    {"sni", required_argument, NULL, OPT_SNI},
    {"no-sni", no_argument, NULL, OPT_NO_SNI},
    {"ca-file", required_argument, NULL, OPT_CA_FILE},
    {"timeout", required_argument, NULL, 't'},
    {"warning", required_argument, NULL, 'w'},
    {"critical", required_argument, NULL, 'c'},
    {"output", required_argument, NULL, 'o'},
    {"verbose", no_argument, NULL, 'v'},
    {"version", no_argument, NULL, 'V'},
    {"help", no_argument, NULL, 'h'},
};
#define NCOMMON	   (sizeof(common_opts) / sizeof(common_opts[0]))
#define NEXTRA_MAX 32

const char *
args_common_help(void)
{
	return " -H, --hostname=HOST     name (or IP literal) to check; required\n"
	       " -I, --address=ADDR      connect to ADDR instead of resolving HOST\n"
	       " -p, --port=PORT         TCP port (default 443)\n"
	       " -4, -6                  use only IPv4 / only IPv6\n"
	       "     --sni=NAME          send NAME as SNI (default: HOST, never an IP)\n"
	       "     --no-sni            send no SNI\n"
	       "     --ca-file=FILE      PEM trust anchors instead of the system store\n"
	       " -t, --timeout=SEC[:STATE]  deadline for the whole run (default 10);\n"
	       "                         STATE on timeout: critical (default), warning,\n"
	       "                         unknown\n"
	       " -o, --output=FORMAT     nagios (default) or json\n"
	       " -v, --verbose           more detail; repeat up to 3 times\n"
	       " -V, --version           print versions and exit (status 3)\n"
	       " -h, --help              print this help and exit (status 3)\n";
}

/* Quote a user string for a message: escaped and capped. */
static const char *
q(char *buf, size_t bufsz, const char *s)
{
	out_escape(buf, bufsz, s, strlen(s));
	return buf;
}

int
args_uint(const char *s, unsigned long min, unsigned long max,
    unsigned long *out, const char *opt, char *why, size_t whysz)
{
	char	      eb[OUT_FIELD_SIZE], *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || errno != 0 || *end != '\0' || v < min ||
	    v > max) {
		snprintf(why, whysz,
		    "invalid value for %s: '%s' is not a "
		    "whole number from %lu to %lu",
		    opt, q(eb, sizeof(eb), s), min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
args_duration(const char *s, double max, double *out, const char *opt,
    char *why, size_t whysz)
{
	char   eb[OUT_FIELD_SIZE], *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	/* Plain decimals only: strtod would also take hex and exponents. */
	if (s[0] < '0' || s[0] > '9' || strspn(s, "0123456789.") != strlen(s) ||
	    errno != 0 || *end != '\0' || !isfinite(v) || v <= 0 || v > max) {
		snprintf(why, whysz,
		    "invalid value for %s: '%s' is not a "
		    "number of seconds above 0 and at most %g",
		    opt, q(eb, sizeof(eb), s), max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * A host name or address as the user typed it: letters, digits, '-', '.',
 * '_', and ':' or '%' for IPv6 literals (brackets are removed). One
 * trailing dot is dropped (it names the same host).
 */
static int
norm_host(const char *s, char *dst, size_t dstsz, const char *opt, char *why,
    size_t whysz)
{
	char   eb[OUT_FIELD_SIZE];
	size_t l = strlen(s);

	if (l >= 2 && s[0] == '[' && s[l - 1] == ']') {
		s++;
		l -= 2;
	}
	if (l > 0 && s[l - 1] == '.')
		l--;
	if (l == 0 || l > 253 || l >= dstsz) {
		snprintf(why, whysz, "invalid value for %s: '%s' is %s", opt,
		    q(eb, sizeof(eb), s), l == 0 ? "empty" : "too long");
		return -1;
	}
	if (strspn(s,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789-._:%") < l) {
		snprintf(why, whysz,
		    "invalid value for %s: '%s' is not a host "
		    "name or IP address",
		    opt, q(eb, sizeof(eb), s));
		return -1;
	}
	memcpy(dst, s, l);
	dst[l] = '\0';
	return 0;
}

static int
parse_timeout(struct common_args *a, const char *s)
{
	char	    num[64], eb[OUT_FIELD_SIZE];
	const char *colon = strchr(s, ':');
	size_t	    l = colon ? (size_t)(colon - s) : strlen(s);
	double	    secs;

	if (l >= sizeof(num)) {
		snprintf(a->why, sizeof(a->why),
		    "invalid value for -t/--timeout:"
		    " '%s'",
		    q(eb, sizeof(eb), s));
		return -1;
	}
	memcpy(num, s, l);
	num[l] = '\0';
	if (args_duration(
		num, 3600, &secs, "-t/--timeout", a->why, sizeof(a->why)) == -1)
		return -1;
	if (colon != NULL) {
		const char *st = colon + 1;

		if (strcasecmp(st, "critical") == 0)
			a->timeout_state = STATE_CRITICAL;
		else if (strcasecmp(st, "warning") == 0)
			a->timeout_state = STATE_WARNING;
		else if (strcasecmp(st, "unknown") == 0)
			a->timeout_state = STATE_UNKNOWN;
		else {
			snprintf(a->why, sizeof(a->why),
			    "invalid value for "
			    "-t/--timeout: state '%s' is not critical, warning "
			    "or unknown",
			    q(eb, sizeof(eb), st));
			return -1;
		}
	}
	a->probe.timeout_ms = (unsigned int)(secs * 1000.0 + 0.5);
	if (a->probe.timeout_ms == 0)
		a->probe.timeout_ms = 1;
	return 0;
}

/*
 * --ca-file must name a readable PEM file with a certificate, whether or
 * not this plugin verifies trust: never a silently ignored option.
 */
static int
check_ca_file(struct common_args *a)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	char		  eb[OUT_FIELD_SIZE], buf[4096];
	size_t		  have = 0, n, tail = sizeof(begin) - 1;
	bool		  found = false;
	FILE		 *f;

	out_escape(eb, sizeof(eb), a->probe.ca_file, strlen(a->probe.ca_file));
	f = fopen(a->probe.ca_file, "r");
	if (f == NULL) {
		snprintf(a->why, sizeof(a->why), "cannot read CA file '%s': %s",
		    eb, strerror(errno));
		return -1;
	}
	for (;;) {
		n = fread(buf + have, 1, sizeof(buf) - 1 - have, f);
		if (n == 0)
			break;
		have += n;
		buf[have] = '\0';
		if (strstr(buf, begin) != NULL) {
			found = true;
			break;
		}
		/* Keep a tail, so a marker split across two reads is found. */
		if (have > tail) {
			memmove(buf, buf + have - tail, tail);
			have = tail;
		}
	}
	fclose(f);
	if (!found) {
		snprintf(a->why, sizeof(a->why),
		    "CA file '%s' holds no usable "
		    "PEM certificate",
		    eb);
		return -1;
	}
	return 0;
}

/* What the parse has seen so far that later checks need. */
struct args_seen {
	bool sni_set;
	bool no_sni;
};

/* -H -I -p -4 -6 --sni --no-sni --ca-file: where and what to probe. */
static int
handle_target(
    struct common_args *a, int ch, const char *arg, struct args_seen *seen)
{
	unsigned long port;

	switch (ch) {
	case 'H':
		if (norm_host(arg, a->host, sizeof(a->host), "-H/--hostname",
			a->why, sizeof(a->why)) == -1)
			return -1;
		a->probe.host = a->host;
		out_escape(a->shown_host, sizeof(a->shown_host), a->host,
		    strlen(a->host));
		return 0;
	case 'I':
		if (norm_host(arg, a->address, sizeof(a->address),
			"-I/--address", a->why, sizeof(a->why)) == -1)
			return -1;
		a->probe.address = a->address;
		return 0;
	case 'p':
		if (args_uint(arg, 1, 65535, &port, "-p/--port", a->why,
			sizeof(a->why)) == -1)
			return -1;
		snprintf(a->port, sizeof(a->port), "%lu", port);
		a->probe.port = a->port;
		return 0;
	case '4':
	case '6':
		if (a->probe.family != AF_UNSPEC &&
		    a->probe.family != (ch == '4' ? AF_INET : AF_INET6)) {
			snprintf(a->why, sizeof(a->why),
			    "-4 and -6 exclude each "
			    "other");
			return -1;
		}
		a->probe.family = ch == '4' ? AF_INET : AF_INET6;
		return 0;
	case OPT_SNI:
		if (norm_host(arg, a->sni, sizeof(a->sni), "--sni", a->why,
			sizeof(a->why)) == -1)
			return -1;
		seen->sni_set = true;
		a->probe.sni = a->sni;
		return 0;
	case OPT_NO_SNI:
		seen->no_sni = true;
		a->probe.sni = "";
		return 0;
	case OPT_CA_FILE:
		if (arg[0] == '\0') {
			snprintf(a->why, sizeof(a->why),
			    "invalid value for "
			    "--ca-file: empty file name");
			return -1;
		}
		a->probe.ca_file = arg;
		return 0;
	}
	return 1;
}

/* -t -w -c -o -v: the deadline, thresholds and output. */
static int
handle_output(struct common_args *a, int ch, const char *arg)
{
	char eb[OUT_FIELD_SIZE];

	switch (ch) {
	case 't':
		return parse_timeout(a, arg);
	case 'w':
		a->warn = arg;
		return 0;
	case 'c':
		a->crit = arg;
		return 0;
	case 'o':
		if (strcmp(arg, "nagios") == 0) {
			a->format = OUT_NAGIOS;
		} else if (strcmp(arg, "json") == 0) {
			a->format = OUT_JSON;
		} else {
			snprintf(a->why, sizeof(a->why),
			    "invalid value for "
			    "-o/--output: '%s' is not nagios or json",
			    q(eb, sizeof(eb), arg));
			return -1;
		}
		return 0;
	case 'v':
		if (a->verbose < 3)
			a->verbose++;
		return 0;
	}
	return 1;
}

static int
handle_common(
    struct common_args *a, int ch, const char *arg, struct args_seen *seen)
{
	int r = handle_target(a, ch, arg, seen);

	if (r == 1)
		r = handle_output(a, ch, arg);
	if (r != 1)
		return r;
	snprintf(a->why, sizeof(a->why), "internal error: option %d", ch);
	return -1;
}

/* getopt's '?' (unknown, or a value where none goes) and ':' in words. */
static void
getopt_error(struct common_args *a, int ch, const char *opt)
{
	char eb[OUT_FIELD_SIZE];

	if (ch == ':') {
		if (optopt != 0 && optopt < 128)
			snprintf(a->why, sizeof(a->why),
			    "option -%c needs a "
			    "value",
			    optopt);
		else
			snprintf(a->why, sizeof(a->why),
			    "option '%s' needs a "
			    "value",
			    q(eb, sizeof(eb), opt));
	} else if (strncmp(opt, "--", 2) == 0 && strchr(opt, '=') != NULL &&
	    optopt != 0) {
		snprintf(a->why, sizeof(a->why), "option '%s' takes no value",
		    q(eb, sizeof(eb), opt));
	} else if (optopt > 0 && optopt < 256) {
		char c = (char)optopt;

		out_escape(eb, sizeof(eb), &c, 1);
		snprintf(a->why, sizeof(a->why), "unknown option -%s", eb);
	} else {
		snprintf(a->why, sizeof(a->why), "unknown option '%s'",
		    q(eb, sizeof(eb), opt));
	}
}

/* One option: 0, or -1 with a->why set unless an error came first. */
static int
handle_one(struct common_args *a, int ch, const char *opt, bool err,
    args_handler handler, void *ctx, struct args_seen *seen)
{
	char keep[sizeof(a->why)];
	int  r;

	if (ch == '?' || ch == ':') {
		if (!err)
			getopt_error(a, ch, opt);
		return -1;
	}
	if (ch >= 256 && handler != NULL) {
		r = handler(ctx, ch, optarg, keep, sizeof(keep));
		if (r == -1 && !err)
			snprintf(a->why, sizeof(a->why), "%s", keep);
		return r;
	}
	if (!err)
		return handle_common(a, ch, optarg, seen);
	/* Still apply -o and friends after an error; keep the first why. */
	memcpy(keep, a->why, sizeof(keep));
	(void)handle_common(a, ch, optarg, seen);
	memcpy(a->why, keep, sizeof(keep));
	return 0;
}

/* After every option: what must hold of the whole command line. */
static enum args_status
args_final(
    struct common_args *a, int argc, char *argv[], const struct args_seen *seen)
{
	char eb[OUT_FIELD_SIZE];

	if (optind < argc) {
		snprintf(a->why, sizeof(a->why), "unexpected argument '%s'",
		    q(eb, sizeof(eb), argv[optind]));
		return ARGS_ERROR;
	}
	if (a->host[0] == '\0') {
		snprintf(a->why, sizeof(a->why), "missing -H/--hostname");
		return ARGS_ERROR;
	}
	if (a->probe.ca_file != NULL && check_ca_file(a) == -1) {
		a->why_local = true;
		return ARGS_ERROR;
	}
	if (seen->sni_set && seen->no_sni) {
		snprintf(a->why, sizeof(a->why),
		    "--sni and --no-sni exclude "
		    "each other");
		return ARGS_ERROR;
	}
	return ARGS_OK;
}

enum args_status
args_parse(struct common_args *a, int argc, char *argv[],
    const struct option *extra, args_handler handler, void *ctx)
{
	struct option	 all[NCOMMON + NEXTRA_MAX + 1];
	struct args_seen seen = {false, false};
	size_t		 n = 0, i;
	bool		 help = false, version = false, err = false;
	int		 ch;

	memset(a, 0, sizeof(*a));
	probe_opts_init(&a->probe);
	a->timeout_state = STATE_CRITICAL;
	a->format = OUT_NAGIOS;
	for (i = 0; i < NCOMMON; i++)
		all[n++] = common_opts[i];
	for (i = 0; extra != NULL && extra[i].name != NULL && i < NEXTRA_MAX;
	     i++)
		all[n++] = extra[i];
	memset(&all[n], 0, sizeof(all[n]));

	opterr = 0;
	optind = 0; /* glibc: a full re-initialisation, for repeat calls */
	for (;;) {
		const char *opt;

		ch = getopt_long(argc, argv, ":H:I:p:46t:w:c:o:vVh", all, NULL);
		if (ch == -1)
			break;
		opt = argv[optind - 1] ? argv[optind - 1] : "?";
		if (ch == 'h')
			help = true;
		else if (ch == 'V')
			version = true;
		else if (handle_one(a, ch, opt, err, handler, ctx, &seen) == -1)
			err = true;
	}
	if (help)
		return ARGS_HELP;
	if (version)
		return ARGS_VERSION;
	if (err)
		return ARGS_ERROR;
	return args_final(a, argc, argv, &seen);
}
