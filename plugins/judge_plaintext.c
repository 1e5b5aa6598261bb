/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The plaintext judge (check_tls_plaintext): does the port speak what it
 * should? Plaintext (HTTP, SSH, SMTP, ...) where TLS is expected, TLS where
 * plaintext is expected, or nothing at all; named from the server's own
 * first bytes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "judge_plaintext.h"

enum { OPT_EXPECT = 256, OPT_SEND, OPT_BANNER_WAIT };

static int
plain_option(void *ctx, int val, const char *arg, char *why, size_t whysz)
{
	struct plain_args *pa = ctx;
	char		   eb[OUT_FIELD_SIZE];

	out_escape(eb, sizeof(eb), arg, strlen(arg));
	switch (val) {
	case OPT_EXPECT:
		if (strcmp(arg, "tls") == 0)
			pa->expect = EXPECT_TLS;
		else if (strcmp(arg, "plain") == 0)
			pa->expect = EXPECT_PLAIN;
		else {
			snprintf(why, whysz,
			    "invalid value for --expect: '%s' "
			    "is not tls or plain",
			    eb);
			return -1;
		}
		return 0;
	case OPT_SEND:
		if (strcmp(arg, "http") == 0)
			pa->send = SEND_HTTP;
		else if (strcmp(arg, "none") == 0)
			pa->send = SEND_NONE;
		else {
			snprintf(why, whysz,
			    "invalid value for --send: '%s' is "
			    "not http or none",
			    eb);
			return -1;
		}
		return 0;
	case OPT_BANNER_WAIT:
		if (strcmp(arg, "0") == 0) {
			pa->banner_wait = 0;
			return 0;
		}
		return args_duration(
		    arg, 10, &pa->banner_wait, "--banner-wait", why, whysz);
	}
	snprintf(why, whysz, "internal error: option %d", val);
	return -1;
}

static void
plain_defaults(void *args)
{
	struct plain_args *pa = args;

	pa->banner_wait = 0.2;
}

static int
plain_check(void *args)
{
	struct plain_args *pa = args;
	const char	  *port;

	if (pa->banner_wait * 1000 >= pa->c.probe.timeout_ms) {
		snprintf(pa->c.why, sizeof(pa->c.why),
		    "--banner-wait must be "
		    "shorter than the timeout");
		return -1;
	}
	port = pa->c.probe.port;
	if (pa->send == SEND_DEFAULT)
		pa->send = pa->expect == EXPECT_PLAIN &&
			(strcmp(port, "80") == 0 || strcmp(port, "8080") == 0) ?
		    SEND_HTTP :
		    SEND_NONE;
	if (pa->send == SEND_HTTP && pa->expect == EXPECT_TLS) {
		snprintf(pa->c.why, sizeof(pa->c.why),
		    "--send http goes with "
		    "--expect plain");
		return -1;
	}
	snprintf(pa->request, sizeof(pa->request),
	    "HEAD / HTTP/1.1\r\nHost: "
	    "%s\r\nUser-Agent: %s\r\nConnection: close\r\n\r\n",
	    pa->c.host, judge_plaintext.prog);
	pa->c.probe.insecure_noverify = true;
	pa->c.probe.stop_after_hello = true;
	pa->c.probe.preread_ms = (unsigned int)(pa->banner_wait * 1000);
	return 0;
}

/* A real ClientHello; with --send http also a plain HTTP request. */
static void
plain_plan(void *args, struct judge_run *run)
{
	struct plain_args *pa = args;

	run->n = 1;
	run->primary = PT_HELLO;
	if (pa->send == SEND_HTTP) {
		run->opts[PT_HTTP].raw_hello = pa->request;
		run->opts[PT_HTTP].raw_hello_len = strlen(pa->request);
		run->n = 2;
	}
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
		return false; /* TLS servers wait for the client */
	if (r->err == PROBE_OK && r->protocol[0] != '\0')
		return true; /* the handshake reached its ServerHello */
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

	/* A handshake that got its ServerHello, or a raw reply we classified.
	 */
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
		snprintf(
		    buf, bufsz, "%s: '%s'", cls_kind_name(c->kind), c->line);
	return buf;
}

/* --expect tls: a TLS answer, or the probe's classified words. */
static void
plain_assess_tls(const struct plain_args *pa, const struct probe_result *h,
    struct report_findings *fs)
{
	char what[200];

	if (!tls_evidence(h)) {
		/* The probe's classified words: plaintext, banner, EOF, reset.
		 */
		report_failure_finding(fs, &pa->c, h);
		return;
	}
	report_finding_add(fs, STATE_OK, CAUSE_OK, "speaks_tls",
	    "speaks TLS: "
	    "answered the ClientHello with %s",
	    tls_answer(h, what, sizeof(what)));
}

/* --expect plain: any sign of TLS is the finding; q may be NULL. */
static void
plain_assess_plain(const struct plain_args *pa, const struct probe_result *h,
    const struct probe_result *q, struct report_findings *fs)
{
	char what[200];

	/* What a plain HTTP client meets is the most direct evidence. */
	if (q != NULL && q->err == PROBE_OK && tls_evidence(q))
		report_finding_add(fs, STATE_CRITICAL,
		    CAUSE_TLS_ON_PLAINTEXT_PORT, "http_answered_tls",
		    "answered "
		    "a plain HTTP request with %s: the port expects TLS",
		    tls_answer(q, what, sizeof(what)));
	else if (q != NULL && q->err == PROBE_OK && q->reply.kind == CLS_HTTP &&
	    q->reply.says_tls_expected)
		report_finding_add(fs, STATE_CRITICAL,
		    CAUSE_TLS_ON_PLAINTEXT_PORT, "http_says_tls",
		    "answered "
		    "plain HTTP with '%s', saying the port expects TLS (a TLS "
		    "listener that answers plain HTTP)",
		    q->reply.line);
	else if (tls_evidence(h))
		report_finding_add(fs, STATE_CRITICAL,
		    CAUSE_TLS_ON_PLAINTEXT_PORT, "hello_answered_tls",
		    "speaks "
		    "TLS on a port expected to be plaintext: a TLS profile or "
		    "listener is attached (answered the ClientHello with %s)",
		    tls_answer(h, what, sizeof(what)));
	else if (q != NULL && q->err == PROBE_OK && !q->reply.is_tls)
		report_finding_add(fs, STATE_OK, CAUSE_OK, "speaks_plain",
		    "speaks %s", plain_words(q, what, sizeof(what)));
	else if (h->err == PROBE_E_NOT_TLS)
		report_finding_add(fs, STATE_OK, CAUSE_OK, "speaks_plain",
		    "speaks %s", plain_words(h, what, sizeof(what)));
	else
		/* Refused, reset, silent: a finding about the service. */
		report_failure_finding(fs, &pa->c, h);
}

/* Pure: the probes to one finding about what the port speaks. */
static void
plain_assess(const void *args, struct judge_run *run)
{
	const struct plain_args *pa = args;

	if (pa->expect == EXPECT_TLS)
		plain_assess_tls(pa, &run->res[PT_HELLO], &run->findings);
	else
		plain_assess_plain(pa, &run->res[PT_HELLO],
		    run->n > PT_HTTP ? &run->res[PT_HTTP] : NULL,
		    &run->findings);
}

static void
plain_json_probe(
    struct out_json *j, const char *kind, const struct probe_result *r)
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

/* Long output: what each probe got back. */
static void
plain_lines(const struct probe_result *h, const struct probe_result *q,
    struct verdict *v)
{
	out_line(v, "ClientHello: %s%s%s", cls_kind_name(h->reply.kind),
	    h->reason[0] ? ": " : "", h->reason);
	out_line(v, "  first bytes: %s%s",
	    h->reply.hex[0] ? h->reply.hex : "(none)",
	    h->spoke_first ? " (sent before we spoke)" : "");
	if (q != NULL) {
		out_line(v, "plain HTTP request: %s%s%s",
		    cls_kind_name(q->reply.kind), q->reply.line[0] ? ": " : "",
		    q->reply.line);
		out_line(v, "  first bytes: %s",
		    q->reply.hex[0] ? q->reply.hex : "(none)");
	}
}

/* Pure: the finding and the probes to the verdict. */
static void
plain_render(const void *args, const struct judge_run *run, struct verdict *v)
{
	const struct plain_args	    *pa = args;
	const struct report_finding *f = &run->findings.f[0];
	const struct probe_result   *h = &run->res[PT_HELLO];
	const struct probe_result   *q = run->n > PT_HTTP ? &run->res[PT_HTTP] :
							    NULL;
	char			     tgt[OUT_FIELD_SIZE + 16];
	struct out_perf		    *p;
	struct out_buf		     b;
	struct out_json		     j;

	if (f->failure) {
		report_failure(v, &pa->c, h);
	} else {
		v->state = f->state;
		out_text(v, "%s %s", report_target(&pa->c, tgt, sizeof(tgt)),
		    f->text);
	}
	/* One time for the whole check, banner wait included. */
	v->nperf = 0;
	p = out_perf_add(v, "time", run->elapsed, 3, "s");
	p->has_min = true;
	/* Our own lines, not report_failure's connection lines. */
	v->nlines = 0;
	plain_lines(h, q, v);
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

static const struct option plain_opts[] = {
    {"expect", required_argument, NULL, OPT_EXPECT},
    {"send", required_argument, NULL, OPT_SEND},
    {"banner-wait", required_argument, NULL, OPT_BANNER_WAIT},
    {NULL, 0, NULL, 0}};

const struct judge judge_plaintext = {
    .name = "plaintext",
    .prog = "check_tls_plaintext",
    .label = "TLS-PLAINTEXT",
    .summary = plain_summary,
    .usage = plain_usage,
    .help = plain_options,
    .options = plain_opts,
    .args_size = sizeof(struct plain_args),
    .no_thresholds = "",
    .defaults = plain_defaults,
    .option = plain_option,
    .check = plain_check,
    .plan = plain_plan,
    .assess = plain_assess,
    .render = plain_render,
};
