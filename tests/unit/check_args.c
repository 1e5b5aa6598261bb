/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * args_parse, args_uint and args_duration: every common option, every
 * error with its one-line message, hostile values included.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* A PEM file main() writes into the working directory for --ca-file. */
#define CA_FIXTURE "check_args-ca.pem"

#include "args.h"

#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))
#define MAXARGS	 16

/* Host names: 50 valid characters, 253 (the limit) and 254. */
#define H10    "abcdefghi."
#define H50    H10 H10 H10 H10 H10
#define H253   H50 H50 H50 H50 H50 "abc"
#define H254   H253 "d"
#define PIPE10 "||||||||||"
#define PIPE100                                                                \
	PIPE10 PIPE10 PIPE10 PIPE10 PIPE10 PIPE10 PIPE10 PIPE10 PIPE10 PIPE10

/*
 * A writable argv built from literals: getopt permutes argv, and the
 * parsed struct keeps pointers into it, so it lives as long as the test.
 */
struct cmd {
	char  store[MAXARGS][320];
	char *argv[MAXARGS + 1];
	int   argc;
};

static void
cmd_build(struct cmd *c, const char *const *args)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->store[0], sizeof(c->store[0]), "check_tls_test");
	c->argv[c->argc] = c->store[c->argc];
	c->argc++;
	for (; *args != NULL; args++) {
		ck_assert_int_lt(c->argc, MAXARGS);
		ck_assert_uint_lt(strlen(*args), sizeof(c->store[0]));
		snprintf(c->store[c->argc], sizeof(c->store[0]), "%s", *args);
		c->argv[c->argc] = c->store[c->argc];
		c->argc++;
	}
	c->argv[c->argc] = NULL;
}

static enum args_status
parse(struct common_args *a, struct cmd *c, const char *const *args)
{
	cmd_build(c, args);
	return args_parse(a, c->argc, c->argv, NULL, NULL, NULL);
}

/* The argv of a row, escaped and joined, for failure messages. */
static const char *
show(char *buf, size_t bufsz, const char *const *args)
{
	size_t off = 0;

	buf[0] = '\0';
	for (; *args != NULL && off + 1 < bufsz; args++) {
		if (off > 0)
			buf[off++] = ' ';
		off += out_escape(buf + off, bufsz - off, *args, strlen(*args));
	}
	return buf;
}

/* why is one non-empty line without '|' (it goes to the status line). */
static void
assert_one_line(const char *why, const char *ctx)
{
	ck_assert_msg(why[0] != '\0', "%s: empty why", ctx);
	ck_assert_msg(strlen(why) < sizeof(((struct common_args *)0)->why),
	    "%s: why not terminated", ctx);
	ck_assert_msg(strpbrk(why, "\n\r|") == NULL,
	    "%s: raw LF, CR or '|' in why '%s'", ctx, why);
}

/*
 * Accepted command lines. Zero fields mean the default: port "443",
 * timeout 10000 ms and CRITICAL, nagios format, no -w/-c, sni/address/
 * ca_file NULL (set no_sni for "").
 */
static const struct ok_row {
	const char     *args[MAXARGS];
	const char     *host;
	const char     *port;
	int		family;
	const char     *sni;
	bool		no_sni;
	const char     *address;
	const char     *ca_file;
	unsigned	timeout_ms;
	enum state	timeout_state;
	enum out_format format;
	int		verbose;
	const char     *warn, *crit;
} ok[] = {
    {.args = {"-H", "www.example.org"}, .host = "www.example.org"},
    {.args = {"--hostname=www.example.org"}, .host = "www.example.org"},
    {.args = {"--hostname", "www.example.org"}, .host = "www.example.org"},
    {.args = {"-Hwww.example.org"}, .host = "www.example.org"},
    {.args = {"-H", "www.example.org."}, .host = "www.example.org"},
    {.args = {"-H", "www.example.org.."}, .host = "www.example.org."},
    {.args = {"-H", "[::1]"}, .host = "::1"},
    {.args = {"-H", "[2001:db8::1]"}, .host = "2001:db8::1"},
    {.args = {"-H", "2001:db8::1"}, .host = "2001:db8::1"},
    {.args = {"-H", "fe80::1%eth0"}, .host = "fe80::1%eth0"},
    {.args = {"-H", "192.0.2.1"}, .host = "192.0.2.1"},
    {.args = {"-H", "_dmarc.Example-1.org"}, .host = "_dmarc.Example-1.org"},
    {.args = {"-H", H253}, .host = H253},
    {.args = {"-H", H253 "."}, .host = H253},
    {.args = {"-H", "h", "-p", "8443"}, .host = "h", .port = "8443"},
    {.args = {"-H", "h", "--port=1"}, .host = "h", .port = "1"},
    {.args = {"-H", "h", "-p", "65535"}, .host = "h", .port = "65535"},
    {.args = {"-H", "h", "-p", "0443"}, .host = "h", .port = "443"},
    {.args = {"-H", "h", "-4"}, .host = "h", .family = AF_INET},
    {.args = {"-H", "h", "-6"}, .host = "h", .family = AF_INET6},
    {.args = {"-H", "h", "--ipv6"}, .host = "h", .family = AF_INET6},
    {.args = {"-4", "-H", "h", "-4"}, .host = "h", .family = AF_INET},
    {.args = {"-H", "h", "--sni=other.example.org"},
	.host = "h",
	.sni = "other.example.org"},
    {.args = {"-H", "h", "--sni", "other.example.org."},
	.host = "h",
	.sni = "other.example.org"},
    {.args = {"-H", "h", "--no-sni"}, .host = "h", .no_sni = true},
    {.args = {"-H", "h", "-I", "192.0.2.7"},
	.host = "h",
	.address = "192.0.2.7"},
    {.args = {"-H", "h", "--address=[2001:db8::7]"},
	.host = "h",
	.address = "2001:db8::7"},
    {.args = {"-H", "h", "--ca-file=" CA_FIXTURE},
	.host = "h",
	.ca_file = CA_FIXTURE},
    {.args = {"-H", "h", "-t", "5"}, .host = "h", .timeout_ms = 5000},
    {.args = {"-H", "h", "-t", "2.5:warning"},
	.host = "h",
	.timeout_ms = 2500,
	.timeout_state = STATE_WARNING},
    {.args = {"-H", "h", "-t", "3:unknown"},
	.host = "h",
	.timeout_ms = 3000,
	.timeout_state = STATE_UNKNOWN},
    {.args = {"-H", "h", "--timeout=1:critical"},
	.host = "h",
	.timeout_ms = 1000,
	.timeout_state = STATE_CRITICAL},
    {.args = {"-H", "h", "-t", "7:WARNING"},
	.host = "h",
	.timeout_ms = 7000,
	.timeout_state = STATE_WARNING},
    {.args = {"-H", "h", "-t", "3600"}, .host = "h", .timeout_ms = 3600000},
    {.args = {"-H", "h", "-t", "0.25"}, .host = "h", .timeout_ms = 250},
    {.args = {"-H", "h", "-t", "0.0001"}, .host = "h", .timeout_ms = 1},
    {.args = {"-H", "h", "-o", "json"}, .host = "h", .format = OUT_JSON},
    {.args = {"-H", "h", "--output=nagios"}, .host = "h", .format = OUT_NAGIOS},
    {.args = {"-H", "h", "-o", "json", "-o", "nagios"},
	.host = "h",
	.format = OUT_NAGIOS},
    {.args = {"-H", "h", "-v"}, .host = "h", .verbose = 1},
    {.args = {"-H", "h", "-vv"}, .host = "h", .verbose = 2},
    {.args = {"-H", "h", "-vvv"}, .host = "h", .verbose = 3},
    {.args = {"-H", "h", "-vvvv"}, .host = "h", .verbose = 3},
    {.args = {"-v", "-v", "-H", "h", "-v", "-v", "--verbose"},
	.host = "h",
	.verbose = 3},
    {.args = {"-H", "h", "-w", "30", "-c", "14"},
	.host = "h",
	.warn = "30",
	.crit = "14"},
    {.args = {"-H", "h", "--warning=~:5", "--critical=@1:9"},
	.host = "h",
	.warn = "~:5",
	.crit = "@1:9"},
    {.args = {"-H", "h", "-w", "10|x\n"},
	.host = "h",
	.warn = "10|x\n"}, /* kept as given; range_parse judges it */
    {.args = {"-H", "h", "--"}, .host = "h"},
    {.args = {"-vH", "h", "-4p", "25", "-o", "json", "-t", "9:unknown",
	 "--sni=s.example", "-w", "1", "-c", "2"},
	.host = "h",
	.port = "25",
	.family = AF_INET,
	.sni = "s.example",
	.timeout_ms = 9000,
	.timeout_state = STATE_UNKNOWN,
	.format = OUT_JSON,
	.verbose = 1,
	.warn = "1",
	.crit = "2"},
};

static void
assert_str_or_null(
    const char *got, const char *want, const char *what, const char *ctx)
{
	if (want == NULL)
		ck_assert_msg(
		    got == NULL, "%s: %s '%s', want NULL", ctx, what, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		    "%s: %s '%s', want '%s'", ctx, what, got ? got : "(null)",
		    want);
}

START_TEST(test_ok)
{
	const struct ok_row	 *t = &ok[_i];
	static struct cmd	  c;
	static struct common_args a;
	char			  ctx[512], shown[OUT_FIELD_SIZE];
	enum args_status	  st;

	show(ctx, sizeof(ctx), t->args);
	st = parse(&a, &c, t->args);
	ck_assert_msg(st == ARGS_OK, "%s: status %d, why '%s'", ctx, st, a.why);
	ck_assert_str_eq(a.why, "");
	ck_assert_msg(
	    strcmp(a.host, t->host) == 0, "%s: host '%s'", ctx, a.host);
	ck_assert_ptr_eq(a.probe.host, a.host);
	out_escape(shown, sizeof(shown), t->host, strlen(t->host));
	ck_assert_str_eq(a.shown_host, shown);
	assert_str_or_null(
	    a.probe.port, t->port ? t->port : "443", "port", ctx);
	ck_assert_int_eq(a.probe.family, t->family);
	if (t->no_sni)
		assert_str_or_null(a.probe.sni, "", "sni", ctx);
	else
		assert_str_or_null(a.probe.sni, t->sni, "sni", ctx);
	assert_str_or_null(a.probe.address, t->address, "address", ctx);
	assert_str_or_null(a.probe.ca_file, t->ca_file, "ca_file", ctx);
	ck_assert_msg(
	    a.probe.timeout_ms == (t->timeout_ms ? t->timeout_ms : 10000),
	    "%s: timeout_ms %u", ctx, a.probe.timeout_ms);
	ck_assert_int_eq(a.timeout_state,
	    t->timeout_state ? t->timeout_state : STATE_CRITICAL);
	ck_assert_int_eq(a.format, t->format);
	ck_assert_int_eq(a.verbose, t->verbose);
	assert_str_or_null(a.warn, t->warn, "warn", ctx);
	assert_str_or_null(a.crit, t->crit, "crit", ctx);
	/* Defaults nobody asked to change. */
	ck_assert_ptr_null(a.probe.priority);
	ck_assert(!a.probe.insecure_noverify);
}
END_TEST

/* Rejected command lines and a piece of the one-line reason. */
static const struct bad_row {
	const char *args[MAXARGS];
	const char *why;
} bad[] = {
    /* -H */
    {{NULL}, "missing -H/--hostname"},
    {{"-p", "443", "-4"}, "missing -H/--hostname"},
    {{"-H", "a|b"}, "-H/--hostname"},
    {{"-H", "a|b"}, "not a host name"},
    {{"-H", "a\nb"}, "-H/--hostname"},
    {{"-H", "a\r\nb"}, "-H/--hostname"},
    {{"-H", "a b"}, "not a host name"},
    {{"-H", "a\tb"}, "not a host name"},
    {{"-H", "www.example.org/x"}, "not a host name"},
    {{"-H", "user@host"}, "not a host name"},
    {{"-H", "h\xc3\xa9"}, "not a host name"},
    {{"-H", "\xff"}, "not a host name"},
    {{"-H", ""}, "empty"},
    {{"-H", "."}, "empty"},
    {{"-H", "[]"}, "empty"},
    {{"-H", H254}, "too long"},
    {{"-H", H254 "."}, "too long"},
    {{"-H", PIPE100}, "-H/--hostname"},
    /* -I, --sni, --ca-file */
    {{"-H", "h", "-I", "a|b"}, "-I/--address"},
    {{"-H", "h", "-I", ""}, "-I/--address"},
    {{"-H", "h", "--sni=a|b"}, "--sni"},
    {{"-H", "h", "--sni="}, "--sni"},
    {{"-H", "h", "--ca-file="}, "--ca-file"},
    /* -p */
    {{"-H", "h", "-p", "0"}, "-p/--port"},
    {{"-H", "h", "-p", "0"}, "from 1 to 65535"},
    {{"-H", "h", "-p", "65536"}, "-p/--port"},
    {{"-H", "h", "-p", "abc"}, "-p/--port"},
    {{"-H", "h", "-p", " 80"}, "-p/--port"},
    {{"-H", "h", "-p", "80x"}, "-p/--port"},
    {{"-H", "h", "-p", "80 "}, "-p/--port"},
    {{"-H", "h", "-p", "-1"}, "-p/--port"},
    {{"-H", "h", "-p", "+80"}, "-p/--port"},
    {{"-H", "h", "-p", ""}, "-p/--port"},
    {{"-H", "h", "-p", "0x50"}, "-p/--port"},
    {{"-H", "h", "-p", "https"}, "-p/--port"},
    {{"-H", "h", "-p", "99999999999999999999999"}, "-p/--port"},
    {{"-H", "h", "-p", "8|0"}, "-p/--port"},
    {{"-H", "h", "-p", "80\n"}, "-p/--port"},
    /* -4 -6, --sni --no-sni */
    {{"-H", "h", "-4", "-6"}, "-4 and -6 exclude each other"},
    {{"-H", "h", "-6", "-4"}, "-4 and -6 exclude each other"},
    {{"-H", "h", "--ipv4", "--ipv6"}, "-4 and -6"},
    {{"-H", "h", "--sni=a", "--no-sni"},
	"--sni and --no-sni exclude each other"},
    {{"-H", "h", "--no-sni", "--sni=a"},
	"--sni and --no-sni exclude each other"},
    /* -t */
    {{"-H", "h", "-t", "0"}, "-t/--timeout"},
    {{"-H", "h", "-t", "-1"}, "-t/--timeout"},
    {{"-H", "h", "-t", "abc"}, "-t/--timeout"},
    {{"-H", "h", "-t", "5:bogus"}, "-t/--timeout"},
    {{"-H", "h", "-t", "5:bogus"}, "critical, warning or unknown"},
    {{"-H", "h", "-t", "5:"}, "critical, warning or unknown"},
    {{"-H", "h", "-t", ":warning"}, "-t/--timeout"},
    {{"-H", "h", "-t", ""}, "-t/--timeout"},
    {{"-H", "h", "-t", "3601"}, "-t/--timeout"},
    {{"-H", "h", "-t", "inf"}, "-t/--timeout"},
    {{"-H", "h", "-t", "nan"}, "-t/--timeout"},
    {{"-H", "h", "-t", "1e400"}, "-t/--timeout"},
    {{"-H", "h", "-t", "5 "}, "-t/--timeout"},
    {{"-H", "h", "-t", " 5"}, "-t/--timeout"},
    {{"-H", "h", "-t", "5:warning:x"}, "-t/--timeout"},
    {{"-H", "h", "-t", "5|"}, "-t/--timeout"},
    {{"-H", "h", "-t", "5:a\nb"}, "-t/--timeout"},
    {{"-H", "h", "-t", PIPE100}, "-t/--timeout"},
    /* -o */
    {{"-H", "h", "-o", "xml"}, "-o/--output"},
    {{"-H", "h", "-o", "xml"}, "not nagios or json"},
    {{"-H", "h", "-o", ""}, "-o/--output"},
    {{"-H", "h", "-o", "x|y"}, "-o/--output"},
    {{"-H", "h", "-o", "json\n"}, "-o/--output"},
    /* unknown options, missing values, stray arguments */
    {{"-H", "h", "-x"}, "unknown option -x"},
    {{"-H", "h", "--bogus"}, "unknown option '--bogus'"},
    {{"-H", "h", "--bogus=1|2"}, "unknown option"},
    {{"-H", "h", "--bog\nus"}, "unknown option"},
    {{"-H", "h", "--no-sni=1"}, "takes no value"},
    {{"-H", "h", "--no-sni=a|b\n"}, "takes no value"},
    {{"-H", "h", "-|"}, "unknown option"},
    {{"-H", "h", "-\n"}, "\\x0a"},
    {{"-H", "h", "-\nv"}, "\\x0a"},
    {{"-H"}, "option -H needs a value"},
    {{"-H", "h", "-p"}, "option -p needs a value"},
    {{"-H", "h", "-t"}, "option -t needs a value"},
    {{"-H", "h", "--sni"}, "option '--sni' needs a value"},
    {{"-H", "h", "--output"}, "needs a value"},
    {{"-H", "h", "extra"}, "unexpected argument 'extra'"},
    {{"extra", "-H", "h"}, "unexpected argument 'extra'"},
    {{"-H", "h", "--", "-p"}, "unexpected argument '-p'"},
    {{"-H", "h", "stray|arg"}, "unexpected argument"},
    {{"-H", "h", "stray\narg"}, "unexpected argument"},
    /* the first error is the one reported */
    {{"-H", "h", "-p", "0", "-t", "abc"}, "-p/--port"},
    {{"-H", "h", "-x", "-p", "0"}, "unknown option -x"},
    {{"-H", "a|b", "-o", "xml"}, "-H/--hostname"},
};

START_TEST(test_bad)
{
	const struct bad_row	 *t = &bad[_i];
	static struct cmd	  c;
	static struct common_args a;
	char			  ctx[512];
	enum args_status	  st;

	show(ctx, sizeof(ctx), t->args);
	st = parse(&a, &c, t->args);
	ck_assert_msg(st == ARGS_ERROR, "%s: status %d", ctx, st);
	assert_one_line(a.why, ctx);
	ck_assert_msg(strstr(a.why, t->why) != NULL, "%s: why '%s' lacks '%s'",
	    ctx, a.why, t->why);
}
END_TEST

/* After an error, a later -o json still applies: the error goes out as JSON. */
static const struct json_after_row {
	const char *args[MAXARGS];
	const char *why;
} json_after[] = {
    {{"-H", "h", "-p", "0", "-o", "json"}, "-p/--port"},
    {{"-H", "h", "-x", "-o", "json"}, "unknown option"},
    {{"-H", "a|b", "-o", "json"}, "-H/--hostname"},
    {{"-H", "h", "-t", "abc", "--output=json"}, "-t/--timeout"},
    {{"-H", "h", "-4", "-6", "-o", "json"}, "-4 and -6"},
    {{"-o", "xml", "-H", "h", "-o", "json"}, "'xml'"},
    {{"-p", "443", "-o", "json"}, "missing -H/--hostname"},
    {{"-H", "h", "-o", "json", "stray"}, "unexpected argument"},
    {{"-H", "h", "--sni=a", "--no-sni", "-o", "json"}, "--no-sni"},
};

START_TEST(test_json_after_error)
{
	const struct json_after_row *t = &json_after[_i];
	static struct cmd	     c;
	static struct common_args    a;
	char			     ctx[512];

	show(ctx, sizeof(ctx), t->args);
	ck_assert_int_eq(parse(&a, &c, t->args), ARGS_ERROR);
	ck_assert_msg(a.format == OUT_JSON, "%s: format %d", ctx, a.format);
	assert_one_line(a.why, ctx);
	ck_assert_msg(strstr(a.why, t->why) != NULL, "%s: why '%s' lacks '%s'",
	    ctx, a.why, t->why);
}
END_TEST

/* -h and -V win over everything, errors and missing -H included. */
static const struct info_row {
	const char	*args[MAXARGS];
	enum args_status want;
} info[] = {
    {{"-h"}, ARGS_HELP},
    {{"--help"}, ARGS_HELP},
    {{"-H", "h", "-h"}, ARGS_HELP},
    {{"-p", "0", "-h"}, ARGS_HELP},
    {{"-h", "-x", "stray"}, ARGS_HELP},
    {{"-V"}, ARGS_VERSION},
    {{"--version"}, ARGS_VERSION},
    {{"-H", "a|b", "-V"}, ARGS_VERSION},
    {{"-V", "-h"}, ARGS_HELP},
    {{"-vV"}, ARGS_VERSION},
};

START_TEST(test_help_version)
{
	const struct info_row	 *t = &info[_i];
	static struct cmd	  c;
	static struct common_args a;
	char			  ctx[512];
	enum args_status	  st;

	show(ctx, sizeof(ctx), t->args);
	st = parse(&a, &c, t->args);
	ck_assert_msg(
	    st == t->want, "%s: status %d, want %d", ctx, st, t->want);
}
END_TEST

/* Parsing again in the same process starts from scratch. */
START_TEST(test_reparse)
{
	static const char *const first[] = {
	    "-H", "x", "-vx", "-4", "-p", "0", "--sni=s", NULL};
	static const char *const  second[] = {"-H", "y", "-6", NULL};
	static struct cmd	  c;
	static struct common_args a;

	ck_assert_int_eq(parse(&a, &c, first), ARGS_ERROR);
	ck_assert_int_eq(parse(&a, &c, second), ARGS_OK);
	ck_assert_str_eq(a.host, "y");
	ck_assert_int_eq(a.probe.family, AF_INET6);
	ck_assert_str_eq(a.probe.port, "443");
	ck_assert_ptr_null(a.probe.sni);
	ck_assert_int_eq(a.verbose, 0);
	ck_assert_str_eq(a.why, "");
	ck_assert_int_eq(parse(&a, &c, first), ARGS_ERROR);
	ck_assert_ptr_nonnull(strstr(a.why, "unknown option -x"));
}
END_TEST

/* The help text names every common option and is plain ASCII lines. */
START_TEST(test_help_text)
{
	static const char *const opts[] = {"--hostname", "--address", "--port",
	    "-4", "-6", "--sni", "--no-sni", "--ca-file", "--timeout",
	    "--output", "--verbose", "--version", "--help"};
	const char		*h = args_common_help();
	size_t			 i;

	ck_assert_ptr_nonnull(h);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		ck_assert_msg(
		    strstr(h, opts[i]) != NULL, "help lacks %s", opts[i]);
	for (i = 0; h[i] != '\0'; i++)
		ck_assert(h[i] == '\n' || (h[i] >= 0x20 && h[i] < 0x7f));
}
END_TEST

static const struct uint_row {
	const char   *s;
	unsigned long min, max;
	int	      rc;
	unsigned long want;
} uints[] = {
    {"0", 0, 10, 0, 0},
    {"10", 0, 10, 0, 10},
    {"11", 0, 10, -1, 0},
    {"0", 1, 10, -1, 0},
    {"1", 1, 65535, 0, 1},
    {"65535", 1, 65535, 0, 65535},
    {"65536", 1, 65535, -1, 0},
    {"010", 0, 100, 0, 10}, /* decimal, not octal */
    {"18446744073709551615", 0, ULONG_MAX, 0, ULONG_MAX},
    {"18446744073709551616", 0, ULONG_MAX, -1, 0},
    {"99999999999999999999999", 0, ULONG_MAX, -1, 0},
    {"", 0, 10, -1, 0},
    {" 1", 0, 10, -1, 0},
    {"1 ", 0, 10, -1, 0},
    {"+1", 0, 10, -1, 0},
    {"-1", 0, ULONG_MAX, -1, 0},
    {"-0", 0, 10, -1, 0},
    {"0x10", 0, 100, -1, 0},
    {"1e2", 0, 1000, -1, 0},
    {"1.0", 0, 10, -1, 0},
    {"abc", 0, 10, -1, 0},
    {"1|", 0, 10, -1, 0},
    {"1\n", 0, 10, -1, 0},
    {"\xff", 0, 10, -1, 0},
};

START_TEST(test_uint)
{
	const struct uint_row *t = &uints[_i];
	char		       why[256], sb[OUT_FIELD_SIZE];
	unsigned long	       v = 4242;
	int		       rc;

	memset(why, 0, sizeof(why));
	rc = args_uint(
	    t->s, t->min, t->max, &v, "-n/--number", why, sizeof(why));
	out_escape(sb, sizeof(sb), t->s, strlen(t->s));
	ck_assert_msg(rc == t->rc, "'%s' in %lu..%lu: rc %d, want %d", sb,
	    t->min, t->max, rc, t->rc);
	if (rc == 0) {
		ck_assert_msg(
		    v == t->want, "'%s': %lu, want %lu", sb, v, t->want);
	} else {
		ck_assert_msg(v == 4242, "'%s': out changed on error", sb);
		assert_one_line(why, sb);
		ck_assert_ptr_nonnull(strstr(why, "-n/--number"));
	}
}
END_TEST

static const struct duration_row {
	const char *s;
	double	    max;
	int	    rc;
	double	    want;
} durations[] = {
    {"1", 10, 0, 1},
    {"10", 10, 0, 10},
    {"10.0001", 10, -1, 0},
    {"11", 10, -1, 0},
    {"0.001", 10, 0, 0.001},
    {"2.5", 10, 0, 2.5},
    {"0", 10, -1, 0},
    {"0.0", 10, -1, 0},
    {"-1", 10, -1, 0},
    {"-0.5", 10, -1, 0},
    {"", 10, -1, 0},
    {"abc", 10, -1, 0},
    {"inf", 1e308, -1, 0},
    {"nan", 10, -1, 0},
    {"1e400", 1e308, -1, 0},
    {"0x10", 3600, -1, 0}, /* seconds are decimal */
    {"5 ", 10, -1, 0},
    {" 5", 10, -1, 0},
    {"5s", 10, -1, 0},
    {"5|", 10, -1, 0},
    {"5\n", 10, -1, 0},
    {"\xff", 10, -1, 0},
};

START_TEST(test_duration)
{
	const struct duration_row *t = &durations[_i];
	char			   why[256], sb[OUT_FIELD_SIZE];
	double			   v = 42.5;
	int			   rc;

	memset(why, 0, sizeof(why));
	rc = args_duration(t->s, t->max, &v, "-t/--timeout", why, sizeof(why));
	out_escape(sb, sizeof(sb), t->s, strlen(t->s));
	ck_assert_msg(rc == t->rc, "'%s' up to %g: rc %d, want %d", sb, t->max,
	    rc, t->rc);
	if (rc == 0) {
		ck_assert_msg(
		    v == t->want, "'%s': %g, want %g", sb, v, t->want);
	} else {
		ck_assert_msg(v == 42.5, "'%s': out changed on error", sb);
		assert_one_line(why, sb);
		ck_assert_ptr_nonnull(strstr(why, "-t/--timeout"));
	}
}
END_TEST

/* A small why buffer is cut, never overflowed. */
START_TEST(test_small_why)
{
	char	      why[8 + 8];
	unsigned long u;
	double	      d;
	size_t	      i;

	memset(why, 0x5a, sizeof(why));
	ck_assert_int_eq(args_uint("x", 0, 1, &u, "-p", why, 8), -1);
	ck_assert_uint_eq(strlen(why), 7);
	for (i = 8; i < sizeof(why); i++)
		ck_assert_int_eq(why[i], 0x5a);
	memset(why, 0x5a, sizeof(why));
	ck_assert_int_eq(args_duration("x", 1, &d, "-t", why, 8), -1);
	ck_assert_uint_eq(strlen(why), 7);
	for (i = 8; i < sizeof(why); i++)
		ck_assert_int_eq(why[i], 0x5a);
}
END_TEST

static Suite *
args_suite(void)
{
	Suite *s = suite_create("args");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_ok, 0, NROWS(ok));
	tcase_add_loop_test(tc, test_bad, 0, NROWS(bad));
	tcase_add_loop_test(tc, test_json_after_error, 0, NROWS(json_after));
	tcase_add_loop_test(tc, test_help_version, 0, NROWS(info));
	tcase_add_test(tc, test_reparse);
	tcase_add_test(tc, test_help_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("numbers");
	tcase_add_loop_test(tc, test_uint, 0, NROWS(uints));
	tcase_add_loop_test(tc, test_duration, 0, NROWS(durations));
	tcase_add_test(tc, test_small_why);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int r;

	if (cktest_pem_fixture(CA_FIXTURE) == -1)
		return EXIT_FAILURE;
	r = cktest_run(args_suite());
	remove(CA_FIXTURE);
	return r;
}
