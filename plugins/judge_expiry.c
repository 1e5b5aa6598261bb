/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The expiry judge (check_tls_expiry): certificate lifetime. Expired,
 * expiring soon, or not yet valid; the leaf by default, every presented
 * certificate with --chain.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "judge_expiry.h"

enum { OPT_CHAIN = 256 };

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
expiry_range(const char *s, const char *dflt, struct range *r, const char *opt,
    char *why, size_t whysz)
{
	char	       eb[OUT_FIELD_SIZE];
	enum range_err e;

	e = range_parse(r, s ? s : dflt, RANGE_BARE_AT_LEAST);
	if (e == RANGE_OK)
		return 0;
	out_escape(eb, sizeof(eb), s, strlen(s));
	snprintf(why, whysz,
	    "invalid value for %s: '%s': %s (use days, "
	    "e.g. 30, or a range like 10:20)",
	    opt, eb, range_strerror(e));
	return -1;
}

/* After parsing: the thresholds, and no trust store unless asked. */
static int
expiry_check(void *args)
{
	struct expiry_args *e = args;

	if (expiry_range(e->c.warn, "30", &e->warn, "-w/--warning", e->c.why,
		sizeof(e->c.why)) == -1 ||
	    expiry_range(e->c.crit, "14", &e->crit, "-c/--critical", e->c.why,
		sizeof(e->c.why)) == -1)
		return -1;
	/* Lifetime is judged without trust; verify only for context. */
	e->c.probe.insecure_noverify = e->c.probe.ca_file == NULL;
	return 0;
}

/*
 * Which presented certificate to judge: the leaf (res->leaf: not first
 * when a CA certificate was sent before it), or with --chain the one that
 * runs out first. Self-signed roots sent along are left out (clients use
 * their own copy), unless the leaf itself is self-signed.
 */
static int
expiry_pick(const struct probe_result *res, bool chain)
{
	int i, best = res->leaf;

	if (!chain)
		return best;
	for (i = 0; i < res->nchain; i++) {
		const struct cert_info *c = &res->chain[i];

		if (i == res->leaf || c->self_signed || c->der == NULL)
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
	int i;

	for (i = 0; i < res->nchain; i++) {
		const struct cert_info *c = &res->chain[i];

		if (i != res->leaf &&
		    (!chain || c->self_signed || c->der == NULL))
			continue;
		if (c->der != NULL && c->not_before > res->now)
			return i;
	}
	return -1;
}

static const char *
expiry_what(const struct probe_result *res, int pos, char *buf, size_t bufsz)
{
	char name[OUT_SHORT + 4];

	out_short(res->chain[pos].name, name, sizeof(name));
	if (pos == res->leaf)
		snprintf(buf, bufsz, "certificate '%s'", name);
	else
		snprintf(buf, bufsz, "chain certificate #%d '%s'", pos, name);
	return buf;
}

/*
 * Did the probe get certificates: a finished handshake, or one refused
 * because a CA certificate came before the leaf (the probe kept them)?
 */
static bool
expiry_has_chain(const struct probe_result *res)
{
	return res->err == PROBE_OK || res->chain_on_failure;
}

/* Has the probe a certificate to judge? */
static bool
expiry_has_leaf(const struct probe_result *res)
{
	return expiry_has_chain(res) && res->leaf >= 0 &&
	    res->leaf < res->nchain && res->chain[res->leaf].der != NULL;
}

/* The lifetime finding for a certificate that is valid now. */
static void
expiry_assess_days(const struct expiry_args *e, double days, const char *what,
    const char *when, struct report_findings *fs)
{
	enum state st = STATE_OK;
	char	   span[32];

	if (range_alerts(&e->crit, days))
		st = STATE_CRITICAL;
	else if (range_alerts(&e->warn, days))
		st = STATE_WARNING;
	report_finding_add(fs, st,
	    st == STATE_OK ? CAUSE_OK : CAUSE_CERT_EXPIRING, "expires",
	    "%s expires in %s (%s)", what,
	    report_span(days, span, sizeof(span)), when);
}

/* Pure: the probe's facts to one lifetime finding. */
static void
expiry_assess(const void *args, struct judge_run *run)
{
	const struct expiry_args  *e = args;
	const struct probe_result *res = &run->res[0];
	struct report_findings	  *fs = &run->findings;
	char what[OUT_FIELD_SIZE + 48], when[32], span[32], from[32];
	const struct cert_info *c;
	double			days;
	int			pick, nyv;

	if (!expiry_has_chain(res)) {
		report_failure_finding(fs, &e->c, res);
		return;
	}
	if (!expiry_has_leaf(res)) {
		report_finding_add(fs, STATE_CRITICAL, CAUSE_HANDSHAKE_FAILED,
		    "unparseable",
		    "the server's certificate cannot be "
		    "parsed: %s",
		    res->nchain > 0 ? res->chain[0].subject : "none");
		return;
	}
	pick = expiry_pick(res, e->chain);
	c = &res->chain[pick];
	days = report_days(c->not_after, res->now);
	cert_time_str(c->not_after, when, sizeof(when));
	nyv = expiry_not_yet_valid(res, e->chain);
	if (nyv >= 0) {
		const struct cert_info *n = &res->chain[nyv];

		report_finding_add(fs, STATE_CRITICAL, CAUSE_CERT_NOT_YET_VALID,
		    "not_yet_valid",
		    "%s is not yet valid: valid from %s (in "
		    "%s); if that date looks wrong, check this host's clock",
		    expiry_what(res, nyv, what, sizeof(what)),
		    cert_time_str(n->not_before, from, sizeof(from)),
		    report_span(report_days(n->not_before, res->now), span,
			sizeof(span)));
		return;
	}
	expiry_what(res, pick, what, sizeof(what));
	if (days < 0)
		report_finding_add(fs, STATE_CRITICAL,
		    pick == res->leaf ? CAUSE_CERT_EXPIRED :
					CAUSE_CHAIN_CERT_EXPIRED,
		    "expired", "%s expired %s ago (%s)", what,
		    report_span(days, span, sizeof(span)), when);
	else
		expiry_assess_days(e, days, what, when, fs);
}

/* Perfdata: the leaf's and the chain's days, thresholds on the judged. */
static void
expiry_perf(const struct expiry_args *e, const struct probe_result *res,
    struct verdict *v)
{
	struct out_perf *p;
	double		 chain_days;

	chain_days = report_days(
	    res->chain[expiry_pick(res, true)].not_after, res->now);
	p = out_perf_add(v, "days_left",
	    report_days(res->chain[res->leaf].not_after, res->now), 2, "");
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
}

/* JSON: the connection, the chain, and what was judged. */
static void
expiry_json(const struct expiry_args *e, const struct probe_result *res,
    struct verdict *v)
{
	int			pick = expiry_pick(res, e->chain);
	const struct cert_info *c = &res->chain[pick];
	struct out_buf		b;
	struct out_json		j;
	char			when[32];

	out_facts_begin(v, &b, &j);
	report_json(&j, res);
	out_json_obj_begin(&j, "expiry");
	out_json_str(&j, "judged", e->chain ? "chain" : "leaf");
	out_json_int(&j, "position", pick);
	out_json_str(&j, "certificate", c->name);
	out_json_str(
	    &j, "not_after", cert_time_str(c->not_after, when, sizeof(when)));
	out_json_num(&j, "days_left", report_days(c->not_after, res->now), 2);
	out_json_bool(
	    &j, "not_yet_valid", expiry_not_yet_valid(res, e->chain) >= 0);
	out_json_str(&j, "warning", e->warn.text);
	out_json_str(&j, "critical", e->crit.text);
	out_json_obj_end(&j);
	out_facts_end(v, &b);
}

/* Pure: the finding, perfdata, long output and JSON to the verdict. */
static void
expiry_render(const void *args, const struct judge_run *run, struct verdict *v)
{
	const struct expiry_args    *e = args;
	const struct probe_result   *res = &run->res[0];
	const struct report_finding *f = &run->findings.f[0];
	char			     tgt[OUT_FIELD_SIZE + 16];

	if (!expiry_has_chain(res)) {
		report_failure(v, &e->c, res);
		return;
	}
	report_target(&e->c, tgt, sizeof(tgt));
	v->state = f->state;
	out_text(v, "%s %s", tgt, f->text);
	if (!expiry_has_leaf(res)) {
		report_lines(v, &e->c, res);
		return;
	}
	expiry_perf(e, res, v);
	/* Lifetime is judged; the order is check_tls_chain's, but said. */
	if (res->chain_on_failure)
		out_line(v,
		    "note: %s: clients take the first certificate for the "
		    "server's and fail the handshake (see check_tls_chain)",
		    res->reason);
	report_lines(v, &e->c, res);
	expiry_json(e, res, v);
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

static const struct option expiry_opts[] = {
    {"chain", no_argument, NULL, OPT_CHAIN}, {NULL, 0, NULL, 0}};

const struct judge judge_expiry = {
    .name = "expiry",
    .prog = "check_tls_expiry",
    .label = "TLS-EXPIRY",
    .summary = expiry_summary,
    .usage = expiry_usage,
    .help = expiry_options,
    .options = expiry_opts,
    .args_size = sizeof(struct expiry_args),
    .option = expiry_option,
    .check = expiry_check,
    .assess = expiry_assess,
    .render = expiry_render,
};
