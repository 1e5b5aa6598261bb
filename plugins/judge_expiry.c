/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_expiry: certificate lifetime. Expired, expiring soon, or not
 * yet valid; the leaf by default, every presented certificate with --chain.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "out.h"
#include "plugin.h"
#include "probe.h"
#include "range.h"
#include "report.h"

#define PROG	"check_tls_expiry"
#define LABEL	"TLS-EXPIRY"

enum {
	OPT_CHAIN = 256
};

struct expiry_args {
	struct common_args	c;
	struct range		warn;
	struct range		crit;
	bool			chain;
};

static const struct option expiry_opts[] = {
	{ "chain", no_argument, NULL, OPT_CHAIN },
	{ NULL, 0, NULL, 0 }
};

static int
expiry_option(void *ctx, int val, const char *arg, char *why, size_t whysz)
{
	struct expiry_args *e = ctx;

	(void)arg;
	if (val == OPT_CHAIN) {
		e->chain = true;
		return 0;
	}
	snprintf(why, whysz, "internal error: option %d", val);
	return -1;
}

static int
expiry_range(const char *s, const char *dflt, struct range *r,
    const char *opt, char *why, size_t whysz)
{
	char eb[OUT_FIELD_SIZE];
	enum range_err e;

	e = range_parse(r, s ? s : dflt, RANGE_BARE_AT_LEAST);
	if (e == RANGE_OK)
		return 0;
	out_escape(eb, sizeof(eb), s, strlen(s));
	snprintf(why, whysz, "invalid value for %s: '%s': %s (use days, "
	    "e.g. 30, or a range like 10:20)", opt, eb, range_strerror(e));
	return -1;
}

/* Parse options; -1 with e->c.why on error, else an args_status. */
static enum args_status
expiry_parse_args(int argc, char *argv[], struct expiry_args *e)
{
	enum args_status st;

	memset(e, 0, sizeof(*e));
	st = args_parse(&e->c, argc, argv, expiry_opts, expiry_option, e);
	if (st != ARGS_OK)
		return st;
	if (expiry_range(e->c.warn, "30", &e->warn, "-w/--warning", e->c.why,
	    sizeof(e->c.why)) == -1 ||
	    expiry_range(e->c.crit, "14", &e->crit, "-c/--critical",
	    e->c.why, sizeof(e->c.why)) == -1)
		return ARGS_ERROR;
	/* Lifetime is judged without trust; verify only for context. */
	e->c.probe.insecure_noverify = e->c.probe.ca_file == NULL;
	return ARGS_OK;
}

/*
 * Which presented certificate to judge: the leaf, or with --chain the one
 * that runs out first. Self-signed roots sent along are left out (clients
 * use their own copy), unless the leaf itself is self-signed.
 */
static int
expiry_pick(const struct probe_result *res, bool chain)
{
	int i, best = 0;

	if (!chain)
		return 0;
	for (i = 1; i < res->nchain; i++) {
		const struct cert_info *c = &res->chain[i];

		if (c->self_signed || c->der == NULL)
			continue;
		if (c->not_after < res->chain[best].not_after)
			best = i;
	}
	return best;
}

/* The earliest notBefore still in the future, among judged certificates. */
static int
expiry_not_yet_valid(const struct probe_result *res, bool chain)
{
	int i, n = chain ? res->nchain : 1;

	for (i = 0; i < n; i++) {
		const struct cert_info *c = &res->chain[i];

		if (i > 0 && (c->self_signed || c->der == NULL))
			continue;
		if (c->der != NULL && c->not_before > res->now)
			return i;
	}
	return -1;
}

static const char *
expiry_what(int pos, const struct cert_info *c, char *buf, size_t bufsz)
{
	char name[OUT_SHORT + 4];

	out_short(c->name, name, sizeof(name));
	if (pos == 0)
		snprintf(buf, bufsz, "certificate '%s'", name);
	else
		snprintf(buf, bufsz, "chain certificate #%d '%s'", pos, name);
	return buf;
}

/* Pure: (args, result) to verdict. */
static void
expiry_judge(const struct expiry_args *e, const struct probe_result *res,
    struct verdict *v)
{
	char tgt[OUT_FIELD_SIZE + 16], what[OUT_FIELD_SIZE + 48];
	char when[32], span[32];
	const struct cert_info *c;
	struct out_perf *p;
	struct out_buf b;
	struct out_json j;
	double days, chain_days;
	int pick, nyv;

	report_target(&e->c, tgt, sizeof(tgt));
	if (res->err != PROBE_OK || res->nchain == 0 ||
	    res->chain[0].der == NULL) {
		if (res->err != PROBE_OK) {
			report_failure(v, &e->c, res);
			return;
		}
		v->state = STATE_CRITICAL;
		out_text(v, "%s the server's certificate cannot be parsed: %s",
		    tgt, res->nchain > 0 ? res->chain[0].subject : "none");
		report_lines(v, &e->c, res);
		return;
	}

	pick = expiry_pick(res, true);
	chain_days = report_days(res->chain[pick].not_after, res->now);
	pick = expiry_pick(res, e->chain);
	c = &res->chain[pick];
	days = report_days(c->not_after, res->now);
	expiry_what(pick, c, what, sizeof(what));
	cert_time_str(c->not_after, when, sizeof(when));

	nyv = expiry_not_yet_valid(res, e->chain);
	if (nyv >= 0) {
		const struct cert_info *n = &res->chain[nyv];
		char from[32];

		v->state = STATE_CRITICAL;
		out_text(v, "%s %s is not yet valid: valid from %s (in %s); "
		    "if that date looks wrong, check this host's clock", tgt,
		    expiry_what(nyv, n, what, sizeof(what)),
		    cert_time_str(n->not_before, from, sizeof(from)),
		    report_span(report_days(n->not_before, res->now), span,
		    sizeof(span)));
	} else if (days < 0) {
		v->state = STATE_CRITICAL;
		out_text(v, "%s %s expired %s ago (%s)", tgt, what,
		    report_span(days, span, sizeof(span)), when);
	} else {
		if (range_alerts(&e->crit, days))
			v->state = STATE_CRITICAL;
		else if (range_alerts(&e->warn, days))
			v->state = STATE_WARNING;
		else
			v->state = STATE_OK;
		out_text(v, "%s %s expires in %s (%s)", tgt, what,
		    report_span(days, span, sizeof(span)), when);
	}

	p = out_perf_add(v, "days_left", report_days(res->chain[0].not_after,
	    res->now), 2, "");
	if (!e->chain) {
		snprintf(p->warn, sizeof(p->warn), "%s", e->warn.text);
		snprintf(p->crit, sizeof(p->crit), "%s", e->crit.text);
	}
	p = out_perf_add(v, "chain_days_left", chain_days, 2, "");
	if (e->chain) {
		snprintf(p->warn, sizeof(p->warn), "%s", e->warn.text);
		snprintf(p->crit, sizeof(p->crit), "%s", e->crit.text);
	}
	p = out_perf_add(v, "handshake_time", res->handshake_time, 3, "s");
	p->has_min = true;

	report_lines(v, &e->c, res);
	out_facts_begin(v, &b, &j);
	report_json(&j, res);
	out_json_obj_begin(&j, "expiry");
	out_json_str(&j, "judged", e->chain ? "chain" : "leaf");
	out_json_int(&j, "position", pick);
	out_json_str(&j, "certificate", c->name);
	out_json_str(&j, "not_after", when);
	out_json_num(&j, "days_left", days, 2);
	out_json_bool(&j, "not_yet_valid", nyv >= 0);
	out_json_str(&j, "warning", e->warn.text);
	out_json_str(&j, "critical", e->crit.text);
	out_json_obj_end(&j);
	out_facts_end(v, &b);
}

static const char expiry_usage[] =
    "-H HOST [-I ADDR] [-p PORT] [-w DAYS] [-c DAYS] [--chain] [options]";
static const char expiry_summary[] =
    "Checks the lifetime of the certificate a TLS server presents: expired,\n"
    "expiring soon, or not yet valid. Trust is not judged here (see\n"
    "check_tls_chain); with --ca-file the chain is verified for context.";
static const char expiry_options[] =
    " -w, --warning=DAYS      WARNING when fewer than DAYS remain (default 30);\n"
    "                         a range (10:20, ~:5, @1:9) is also accepted\n"
    " -c, --critical=DAYS     CRITICAL when fewer than DAYS remain (default 14)\n"
    "     --chain             judge the presented certificate that expires first\n"
    "                         (self-signed roots sent by the server are ignored)\n";

static const struct plugin_info expiry_info = {
	PROG, LABEL, expiry_summary, expiry_usage, expiry_options
};

#ifndef EXPIRY_NO_MAIN
int
main(int argc, char *argv[])
{
	static struct expiry_args e;
	static struct probe_result res;
	static struct verdict v;
	int st;

	st = plugin_parsed(&expiry_info, expiry_parse_args(argc, argv, &e), &e.c);
	if (st != -1)
		return st;
	plugin_begin(&expiry_info, &e.c, &v);
	probe_run(&e.c.probe, &res);
	snprintf(v.address, sizeof(v.address), "%s", res.address);
	expiry_judge(&e, &res, &v);
	plugin_emit(&v, e.c.format, e.c.verbose);
	probe_result_release(&res);
	return v.state;
}
#endif
