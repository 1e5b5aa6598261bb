/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_plaintext: does the port speak what it should? Plaintext (HTTP,
 * SSH, SMTP, ...) where TLS is expected, TLS where plaintext is expected,
 * or nothing at all; named from the server's own first bytes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "net.h"
#include "out.h"
#include "plugin.h"
#include "probe.h"
#include "report.h"

#define PROG	"check_tls_plaintext"
#define LABEL	"TLS-PLAINTEXT"

enum {
	OPT_EXPECT = 256,
	OPT_SEND,
	OPT_BANNER_WAIT
};

enum expect {
	EXPECT_TLS,
	EXPECT_PLAIN
};

enum send {
	SEND_DEFAULT,		/* http on ports 80 and 8080 with --expect plain */
	SEND_NONE,
	SEND_HTTP
};

/* The two probes: a real ClientHello, and a plain HTTP request. */
enum {
	PT_HELLO,
	PT_HTTP,
	PT_COUNT
};

struct plain_args {
	struct common_args	c;
	enum expect		expect;
	enum send		send;
	double			banner_wait;	/* seconds */
	char			request[512];	/* the HTTP request, when sent */
};

static const struct option plain_opts[] = {
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "send", required_argument, NULL, OPT_SEND },
	{ "banner-wait", required_argument, NULL, OPT_BANNER_WAIT },
	{ NULL, 0, NULL, 0 }
};

static int
plain_option(void *ctx, int val, const char *arg, char *why, size_t whysz)
{
	struct plain_args *pa = ctx;
	char eb[OUT_FIELD_SIZE];

	out_escape(eb, sizeof(eb), arg, strlen(arg));
	switch (val) {
	case OPT_EXPECT:
		if (strcmp(arg, "tls") == 0)
			pa->expect = EXPECT_TLS;
		else if (strcmp(arg, "plain") == 0)
			pa->expect = EXPECT_PLAIN;
		else {
			snprintf(why, whysz, "invalid value for --expect: '%s' "
			    "is not tls or plain", eb);
			return -1;
		}
		return 0;
	case OPT_SEND:
		if (strcmp(arg, "http") == 0)
			pa->send = SEND_HTTP;
		else if (strcmp(arg, "none") == 0)
			pa->send = SEND_NONE;
		else {
			snprintf(why, whysz, "invalid value for --send: '%s' is "
			    "not http or none", eb);
			return -1;
		}
		return 0;
	case OPT_BANNER_WAIT:
		if (strcmp(arg, "0") == 0) {
			pa->banner_wait = 0;
			return 0;
		}
		return args_duration(arg, 10, &pa->banner_wait,
		    "--banner-wait", why, whysz);
	}
	snprintf(why, whysz, "internal error: option %d", val);
	return -1;
}

static enum args_status
plain_parse_args(int argc, char *argv[], struct plain_args *pa)
{
	enum args_status st;
	const char *port;

	memset(pa, 0, sizeof(*pa));
	pa->banner_wait = 0.2;
	st = args_parse(&pa->c, argc, argv, plain_opts, plain_option, pa);
	if (st != ARGS_OK)
		return st;
	if (pa->c.warn != NULL || pa->c.crit != NULL) {
		snprintf(pa->c.why, sizeof(pa->c.why), "-w/-c are not used by "
		    "%s", PROG);
		return ARGS_ERROR;
	}
	if (pa->banner_wait * 1000 >= pa->c.probe.timeout_ms) {
		snprintf(pa->c.why, sizeof(pa->c.why), "--banner-wait must be "
		    "shorter than the timeout");
		return ARGS_ERROR;
	}
	port = pa->c.probe.port;
	if (pa->send == SEND_DEFAULT)
		pa->send = pa->expect == EXPECT_PLAIN && (strcmp(port, "80") ==
		    0 || strcmp(port, "8080") == 0) ? SEND_HTTP : SEND_NONE;
	if (pa->send == SEND_HTTP && pa->expect == EXPECT_TLS) {
		snprintf(pa->c.why, sizeof(pa->c.why), "--send http goes with "
		    "--expect plain");
		return ARGS_ERROR;
	}
	snprintf(pa->request, sizeof(pa->request), "HEAD / HTTP/1.1\r\nHost: "
	    "%s\r\nUser-Agent: %s\r\nConnection: close\r\n\r\n",
	    pa->c.host, PROG);
	pa->c.probe.insecure_noverify = true;
	pa->c.probe.stop_after_hello = true;
	pa->c.probe.preread_ms = (unsigned int)(pa->banner_wait * 1000);
	return ARGS_OK;
}

/*
 * Did the port answer as a TLS server would? Only a ServerHello or a whole
 * alert counts: a stray 0x16 byte or a cut record header proves nothing.
 */
static bool
tls_evidence(const struct probe_result *r)
{
	const struct cls_result *c = &r->reply;

	if (r->spoke_first)
		return false;	/* TLS servers wait for the client */
	if (r->err == PROBE_OK && r->protocol[0] != '\0')
		return true;	/* the handshake reached its ServerHello */
	if (r->err == PROBE_E_ALERT)
		return true;
	if (c->kind == CLS_TLS_ALERT && c->alert_desc >= 0)
		return true;
	return c->kind == CLS_TLS_HANDSHAKE && c->hs_type == 2 &&
	    c->nbytes >= 11;
}

/* "a TLS 1.3 ServerHello", "TLS alert handshake_failure", ... */
static const char *
tls_answer(const struct probe_result *r, char *buf, size_t bufsz)
{
	char vb[32];

	/* A handshake that got its ServerHello, or a raw reply we classified. */
	if (r->err == PROBE_OK && strncmp(r->protocol, "TLS1.", 5) == 0)
		snprintf(buf, bufsz, "a TLS %s ServerHello", r->protocol + 3);
	else if (r->err == PROBE_OK && r->protocol[0] != '\0')
		snprintf(buf, bufsz, "a %s ServerHello", r->protocol);
	else if (r->alert >= 0)
		snprintf(buf, bufsz, "TLS alert %s", cls_alert_name(r->alert));
	else if (r->reply.hs_type == 2)
		snprintf(buf, bufsz, "a %s ServerHello",
		    cls_version_name(r->reply.hello_major, r->reply.hello_minor,
		    vb, sizeof(vb)));
	else
		snprintf(buf, bufsz, "a TLS record (%s)", r->reply.hex);
	return buf;
}

/* What a plaintext reply says, for an OK line. */
static const char *
plain_words(const struct probe_result *r, char *buf, size_t bufsz)
{
	const struct cls_result *c = &r->reply;

	if (c->kind == CLS_BINARY)
		snprintf(buf, bufsz, "non-TLS binary data (%s)", c->hex);
	else
		snprintf(buf, bufsz, "%s: '%s'", cls_kind_name(c->kind),
		    c->line);
	return buf;
}

static void
judge_tls(const struct plain_args *pa, const struct probe_result *h,
    struct verdict *v, const char *tgt)
{
	char what[200];

	if (!tls_evidence(h)) {
		/* The probe's classified words: plaintext, banner, EOF, reset. */
		report_failure(v, &pa->c, h);
		return;
	}
	v->state = STATE_OK;
	out_text(v, "%s speaks TLS: answered the ClientHello with %s", tgt,
	    tls_answer(h, what, sizeof(what)));
}

static void
judge_plain(const struct plain_args *pa, const struct probe_result *h,
    const struct probe_result *q, struct verdict *v, const char *tgt)
{
	char what[200];

	/* What a plain HTTP client meets is the most direct evidence. */
	if (q != NULL && q->err == PROBE_OK && tls_evidence(q)) {
		v->state = STATE_CRITICAL;
		out_text(v, "%s answered a plain HTTP request with %s: the port "
		    "expects TLS", tgt, tls_answer(q, what, sizeof(what)));
		return;
	}
	if (q != NULL && q->err == PROBE_OK && q->reply.kind == CLS_HTTP &&
	    q->reply.says_tls_expected) {
		v->state = STATE_CRITICAL;
		out_text(v, "%s answered plain HTTP with '%s', saying the port "
		    "expects TLS (a TLS listener that answers plain HTTP)", tgt,
		    q->reply.line);
		return;
	}
	if (tls_evidence(h)) {
		v->state = STATE_CRITICAL;
		out_text(v, "%s speaks TLS on a port expected to be plaintext: a "
		    "TLS profile or listener is attached (answered the "
		    "ClientHello with %s)", tgt, tls_answer(h, what,
		    sizeof(what)));
		return;
	}
	if (q != NULL && q->err == PROBE_OK && !q->reply.is_tls) {
		v->state = STATE_OK;
		out_text(v, "%s speaks %s", tgt, plain_words(q, what,
		    sizeof(what)));
		return;
	}
	if (h->err == PROBE_E_NOT_TLS) {
		v->state = STATE_OK;
		out_text(v, "%s speaks %s", tgt, plain_words(h, what,
		    sizeof(what)));
		return;
	}
	/* Refused, reset, silent: a finding about the service, as always. */
	report_failure(v, &pa->c, h);
}

static void
plain_json_probe(struct out_json *j, const char *kind,
    const struct probe_result *r)
{
	char text[OUT_FIELD_SIZE];

	out_json_obj_begin(j, NULL);
	out_json_str(j, "sent", kind);
	out_json_str(j, "result", report_err_name(r->err));
	out_json_str(j, "reason", r->reason);
	out_json_str(j, "classification", cls_kind_name(r->reply.kind));
	out_json_bool(j, "server_spoke_first", r->spoke_first);
	out_json_int(j, "bytes_received", (long long)r->nrecv);
	out_escape(text, sizeof(text), r->first, r->nfirst);
	out_json_str(j, "first_bytes_text", text);
	out_json_str(j, "first_bytes_hex", r->reply.hex);
	if (r->err == PROBE_OK && r->protocol[0] != '\0')
		out_json_str(j, "tls_version", r->protocol);
	if (r->alert >= 0)
		out_json_str(j, "tls_alert", cls_alert_name(r->alert));
	out_json_obj_end(j);
}

/*
 * Pure: (args, results, elapsed seconds) to verdict; q is NULL when no
 * HTTP request was sent.
 */
static void
plain_judge(const struct plain_args *pa, const struct probe_result *h,
    const struct probe_result *q, double elapsed, struct verdict *v)
{
	char tgt[OUT_FIELD_SIZE + 16];
	struct out_perf *p;
	struct out_buf b;
	struct out_json j;

	report_target(&pa->c, tgt, sizeof(tgt));
	if (pa->expect == EXPECT_TLS)
		judge_tls(pa, h, v, tgt);
	else
		judge_plain(pa, h, q, v, tgt);
	/* One time for the whole check, banner wait included. */
	v->nperf = 0;
	p = out_perf_add(v, "time", elapsed, 3, "s");
	p->has_min = true;

	v->nlines = 0;
	out_line(v, "ClientHello: %s%s%s", cls_kind_name(h->reply.kind),
	    h->reason[0] ? ": " : "", h->reason);
	out_line(v, "  first bytes: %s%s", h->reply.hex[0] ? h->reply.hex :
	    "(none)", h->spoke_first ? " (sent before we spoke)" : "");
	if (q != NULL) {
		out_line(v, "plain HTTP request: %s%s%s",
		    cls_kind_name(q->reply.kind), q->reply.line[0] ? ": " : "",
		    q->reply.line);
		out_line(v, "  first bytes: %s", q->reply.hex[0] ?
		    q->reply.hex : "(none)");
	}
	out_facts_begin(v, &b, &j);
	out_json_str(&j, "expect", pa->expect == EXPECT_TLS ? "tls" : "plain");
	out_json_arr_begin(&j, "probes");
	plain_json_probe(&j, "client_hello", h);
	if (q != NULL)
		plain_json_probe(&j, "http_request", q);
	out_json_arr_end(&j);
	out_facts_end(v, &b);
}

static const char plain_usage[] =
    "-H HOST [-I ADDR] [-p PORT] [--expect tls|plain] [--send http|none]";
static const char plain_summary[] =
    "Checks that a port speaks what it should. --expect tls (default): the\n"
    "port must answer a real ClientHello as TLS; plaintext HTTP, SSH, SMTP,\n"
    "other bytes, a close, a reset or silence is CRITICAL and named.\n"
    "--expect plain: answering a ClientHello with TLS is CRITICAL.";
static const char plain_options[] =
    "     --expect=tls|plain  what the port should speak (default tls)\n"
    "     --send=http|none    with --expect plain, also send a plain HTTP\n"
    "                         request (default: http on ports 80 and 8080)\n"
    "     --banner-wait=SEC   wait this long for a server that speaks first\n"
    "                         before sending the ClientHello (default 0.2)\n";

static const struct plugin_info plain_info = {
	PROG, LABEL, plain_summary, plain_usage, plain_options
};

#ifndef PLAIN_NO_MAIN
int
main(int argc, char *argv[])
{
	static struct plain_args pa;
	static struct probe_opts po[PT_COUNT];
	static struct probe_result res[PT_COUNT];
	static struct verdict v;
	const struct probe_opts *opts[PT_COUNT];
	struct probe_result *rp[PT_COUNT];
	double t0;
	int n = 1, i, st;

	st = plugin_parsed(&plain_info, plain_parse_args(argc, argv, &pa), &pa.c);
	if (st != -1)
		return st;
	plugin_begin(&plain_info, &pa.c, &v);
	for (i = 0; i < PT_COUNT; i++) {
		po[i] = pa.c.probe;
		opts[i] = &po[i];
		rp[i] = &res[i];
	}
	if (pa.send == SEND_HTTP) {
		po[PT_HTTP].raw_hello = pa.request;
		po[PT_HTTP].raw_hello_len = strlen(pa.request);
		n = 2;
	}
	t0 = net_mono();
	probe_run_many(opts, rp, n);
	snprintf(v.address, sizeof(v.address), "%s", res[PT_HELLO].address);
	plain_judge(&pa, &res[PT_HELLO], n == 2 ? &res[PT_HTTP] : NULL,
	    net_mono() - t0, &v);
	plugin_emit(&v, pa.c.format, pa.c.verbose);
	for (i = 0; i < n; i++)
		probe_result_release(&res[i]);
	return v.state;
}
#endif
