/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SNI judge (check_tls_sni): virtual hosting. Three concurrent
 * handshakes to the same address, with SNI for the name, without SNI, and
 * with a name the server cannot know, tell a server that ignores SNI from
 * one that holds the wrong certificate, and say what clients without SNI
 * get.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "judge_sni.h"
#include "net.h"

enum {
	OPT_UNKNOWN_SNI = 256,
	OPT_NO_SNI_STATE,
	OPT_UNKNOWN_SNI_STATE,
	OPT_ALLOW_CN
};

static int
sni_state_arg(
    const char *arg, enum state *out, const char *opt, char *why, size_t whysz)
{
	static const char *const names[] = {"ok", "warning", "critical"};
	char			 eb[OUT_FIELD_SIZE];
	int			 i;

	for (i = 0; i < 3; i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = (enum state)i;
			return 0;
		}
	}
	out_escape(eb, sizeof(eb), arg, strlen(arg));
	snprintf(why, whysz,
	    "invalid value for %s: '%s' is not ok, warning "
	    "or critical",
	    opt, eb);
	return -1;
}

static int
sni_option(void *ctx, int val, const char *arg, char *why, size_t whysz)
{
	struct sni_args *sa = ctx;
	char		 eb[OUT_FIELD_SIZE];

	switch (val) {
	case OPT_UNKNOWN_SNI:
		if (arg[0] == '\0' || strlen(arg) >= sizeof(sa->unknown) ||
		    strspn(arg,
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
			"TUVWXYZ0123456789-._") != strlen(arg) ||
		    net_is_ip_literal(arg)) {
			out_escape(eb, sizeof(eb), arg, strlen(arg));
			snprintf(why, whysz,
			    "invalid value for --unknown-sni: "
			    "'%s' is not a DNS name",
			    eb);
			return -1;
		}
		snprintf(sa->unknown, sizeof(sa->unknown), "%s", arg);
		return 0;
	case OPT_NO_SNI_STATE:
		return sni_state_arg(
		    arg, &sa->no_sni_state, "--no-sni-state", why, whysz);
	case OPT_UNKNOWN_SNI_STATE:
		return sni_state_arg(arg, &sa->unknown_sni_state,
		    "--unknown-sni-state", why, whysz);
	case OPT_ALLOW_CN:
		sa->allow_cn = true;
		return 0;
	}
	snprintf(why, whysz, "internal error: option %d", val);
	return -1;
}

/* A label no server is configured for, under the name's parent domain. */
static void
sni_make_unknown(struct sni_args *sa)
{
	const char  *dot = strchr(sa->name, '.');
	unsigned int r;

	r = (unsigned int)time(NULL) ^ ((unsigned int)getpid() << 16) ^
	    (unsigned int)clock();
	snprintf(sa->unknown, sizeof(sa->unknown), "tlsmp-unknown-%08x.%s", r,
	    dot != NULL && dot[1] != '\0' ? dot + 1 : "invalid");
}

static void
sni_defaults(void *args)
{
	struct sni_args *sa = args;

	sa->no_sni_state = STATE_WARNING;
	sa->unknown_sni_state = STATE_OK;
}

static int
sni_check(void *args)
{
	struct sni_args *sa = args;

	if (sa->c.probe.sni != NULL && sa->c.probe.sni[0] == '\0') {
		snprintf(sa->c.why, sizeof(sa->c.why),
		    "--no-sni makes no sense "
		    "here: %s always tries with and without SNI",
		    judge_sni.prog);
		return -1;
	}
	if (sa->c.probe.sni != NULL) {
		snprintf(sa->name, sizeof(sa->name), "%s", sa->c.probe.sni);
	} else if (net_is_ip_literal(sa->c.host)) {
		snprintf(sa->c.why, sizeof(sa->c.why),
		    "no name to test: -H is "
		    "an IP address and SNI carries only names; give the name "
		    "with --sni");
		return -1;
	} else {
		snprintf(sa->name, sizeof(sa->name), "%s", sa->c.host);
	}
	if (net_is_ip_literal(sa->name)) {
		snprintf(sa->c.why, sizeof(sa->c.why),
		    "no name to test: --sni "
		    "is an IP address");
		return -1;
	}
	if (sa->unknown[0] == '\0')
		sni_make_unknown(sa);
	/* Lifetime and trust are other plugins' business. */
	sa->c.probe.insecure_noverify = true;
	sa->c.probe.verify_name = sa->name;
	return 0;
}

/* Three handshakes at once: with SNI, without, with an unknown name. */
static void
sni_plan(void *args, struct judge_run *run)
{
	struct sni_args *sa = args;

	run->n = HS_COUNT;
	run->primary = HS_SNI;
	run->opts[HS_SNI].sni = sa->name;
	run->opts[HS_NOSNI].sni = "";
	run->opts[HS_UNKNOWN].sni = sa->unknown;
}

static bool
hs_ok(const struct probe_result *r)
{
	return r->err == PROBE_OK && r->nchain > 0 && r->chain[0].der != NULL;
}

/* Does r's certificate cover the name: a SAN, or the CN with --allow-cn? */
static bool
covers(const struct sni_args *sa, const struct probe_result *r)
{
	return r->name_matches || (sa->allow_cn && r->name_cn_only);
}

static bool
same_cert(const struct probe_result *a, const struct probe_result *b)
{
	return hs_ok(a) && hs_ok(b) &&
	    strcmp(a->chain[0].sha256, b->chain[0].sha256) == 0;
}

/* "fails with alert unrecognized_name" or "fails: <reason>". */
static const char *
hs_failure(const struct probe_result *r, char *buf, size_t bufsz)
{
	if (r->err == PROBE_E_ALERT)
		snprintf(buf, bufsz, "fails with alert %s",
		    cls_alert_name(r->alert));
	else if (r->err == PROBE_OK)
		snprintf(buf, bufsz, "gets no certificate");
	else
		snprintf(buf, bufsz, "fails: %s", r->reason);
	return buf;
}

static void
sni_findings(const struct sni_args *sa, const struct probe_result *r,
    struct report_findings *fs)
{
	const struct probe_result *s = &r[HS_SNI], *n = &r[HS_NOSNI],
				  *u = &r[HS_UNKNOWN];
	char full[OUT_FIELD_SIZE], esc[OUT_SHORT + 4], uesc[OUT_FIELD_SIZE];
	char sn[OUT_SHORT + 4], nn[OUT_SHORT + 4], fail[320];

	/* Names on the status line are kept short; -v has them whole. */
	out_escape(full, sizeof(full), sa->name, strlen(sa->name));
	out_short(full, esc, sizeof(esc));
	out_escape(uesc, sizeof(uesc), sa->unknown, strlen(sa->unknown));
	out_short(hs_ok(s) ? s->chain[0].name : "", sn, sizeof(sn));
	out_short(hs_ok(n) ? n->chain[0].name : "", nn, sizeof(nn));

	/* The server chose a certificate for the name: only its CN says so. */
	if (s->name_cn_only)
		report_cn_only(fs, &s->chain[0], esc, sa->allow_cn);
	else if (!s->name_matches) {
		if (same_cert(s, n) && same_cert(s, u)) {
			/*
			 * From outside, a server without a certificate for
			 * this name looks exactly like one that ignores SNI:
			 * the words cover both.
			 */
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_SNI_IGNORED, "sni_ignored",
			    "serves '%s' for this name, the same certificate "
			    "as without SNI: no certificate for '%s' is "
			    "configured, or the server ignores SNI",
			    sn, esc);
		} else if (same_cert(s, u))
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_SNI_IGNORED, "sni_no_vhost",
			    "server has no certificate for '%s': serves '%s', "
			    "the same as for an unknown name",
			    esc, sn);
		else
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_HOSTNAME_MISMATCH, "sni_wrong_cert",
			    "server selects certificates by SNI but serves '%s' "
			    "for '%s', which does not cover it",
			    sn, esc);
	}

	if (!covers(sa, s) && same_cert(s, n))
		report_finding_add(fs, STATE_OK, CAUSE_OK, "nosni_same",
		    "clients without SNI get the same certificate '%s'", nn);
	else if (!hs_ok(n))
		report_finding_add(fs, sa->no_sni_state, CAUSE_SNI_REQUIRED,
		    "sni_required",
		    "server requires SNI: handshake without SNI %s",
		    hs_failure(n, fail, sizeof(fail)));
	else if (!covers(sa, n))
		report_finding_add(fs, sa->no_sni_state, CAUSE_SNI_REQUIRED,
		    "nosni_other_cert",
		    "clients without SNI get '%s', which does not cover '%s'",
		    nn, esc);
	else
		report_finding_add(fs, STATE_OK, CAUSE_OK, "nosni_ok",
		    "clients without SNI get '%s', which covers '%s'", nn, esc);

	if (!hs_ok(u))
		report_finding_add(fs, STATE_OK, CAUSE_OK, "unknown_refused",
		    "unknown name '%s': handshake %s", uesc,
		    hs_failure(u, fail, sizeof(fail)));
	else
		report_finding_add(fs, sa->unknown_sni_state, CAUSE_SNI_IGNORED,
		    "unknown_served", "unknown name '%s' gets '%s'%s", uesc,
		    u->chain[0].name,
		    same_cert(u, n) ? " (the certificate for clients without "
				      "SNI)" :
				      "");
}

static void
sni_json_handshake(struct out_json *j, const struct sni_args *sa,
    const char *kind, const struct probe_result *r)
{
	const struct cert_info *c = &r->chain[0];
	const struct cert_sans *sans = cert_sans(c);
	char			san[OUT_FIELD_SIZE + 8];
	size_t			k;

	out_json_obj_begin(j, NULL);
	out_json_str(j, "handshake", kind);
	out_json_str(j, "sni", r->sni);
	out_json_str(j, "result", report_err_name(r->err));
	out_json_str(j, "reason", r->reason);
	if (r->alert >= 0)
		out_json_str(j, "alert", cls_alert_name(r->alert));
	if (hs_ok(r)) {
		out_json_bool(j, "covers_name", covers(sa, r));
		out_json_obj_begin(j, "certificate");
		out_json_str(j, "name", c->name);
		out_json_str(j, "subject", c->subject);
		out_json_arr_begin(j, "sans");
		for (k = 0; k < sans->n && k < CERT_SAN_SHOWN; k++)
			out_json_str(j, NULL,
			    cert_san_str(&sans->v[k], san, sizeof(san)));
		out_json_arr_end(j);
		out_json_str(j, "sha256", c->sha256);
		out_json_obj_end(j);
	}
	out_json_num(j, "handshake_time", r->handshake_time, 3);
	out_json_obj_end(j);
}

/* "'name'" for the status line: escaped, kept short. */
static const char *
sni_shown_name(const struct sni_args *sa, char *full, size_t fullsz, char *esc,
    size_t escsz)
{
	out_escape(full, fullsz, sa->name, strlen(sa->name));
	return out_short(full, esc, escsz);
}

/* Pure: three handshakes to findings. */
static void
sni_assess(const void *args, struct judge_run *run)
{
	const struct sni_args	  *sa = args;
	const struct probe_result *s = &run->res[HS_SNI];
	char			   full[OUT_FIELD_SIZE], esc[OUT_SHORT + 4];

	if (hs_ok(s)) {
		sni_findings(sa, run->res, &run->findings);
		return;
	}
	/* Nothing to compare: the probe's own words, as everywhere. */
	if (s->err == PROBE_E_ALERT && s->alert == CLS_ALERT_UNRECOGNIZED_NAME)
		report_finding_add(&run->findings,
		    probe_err_state(s->err, sa->c.timeout_state),
		    CAUSE_SNI_IGNORED, "sni_unknown_name",
		    "server does not know '%s': handshake with SNI fails with "
		    "alert unrecognized_name",
		    sni_shown_name(sa, full, sizeof(full), esc, sizeof(esc)));
	else
		report_failure_finding(&run->findings, &sa->c, s);
}

/* Long output: what each handshake got. */
static void
sni_lines(
    const struct sni_args *sa, const struct probe_result *r, struct verdict *v)
{
	char fail[320];
	int  i;

	for (i = 0; i < HS_COUNT; i++) {
		if (hs_ok(&r[i]))
			out_line(v, "%s%s%s: '%s' (sha256 %.16s...), %s",
			    i == HS_NOSNI ? "without SNI" : "with SNI '",
			    r[i].sni, i == HS_NOSNI ? "" : "'",
			    r[i].chain[0].name, r[i].chain[0].sha256,
			    covers(sa, &r[i]) ? "covers the name" :
						"does not cover the name");
		else
			out_line(v, "%s%s%s: handshake %s",
			    i == HS_NOSNI ? "without SNI" : "with SNI '",
			    i == HS_NOSNI ? "" : r[i].sni,
			    i == HS_NOSNI ? "" : "'",
			    hs_failure(&r[i], fail, sizeof(fail)));
	}
}

/* Perfdata: does each name get a covering certificate, and how fast. */
static void
sni_perf(
    const struct sni_args *sa, const struct probe_result *r, struct verdict *v)
{
	const struct probe_result *s = &r[HS_SNI], *n = &r[HS_NOSNI];
	struct out_perf		  *p;

	p = out_perf_add(v, "sni_match", covers(sa, s) ? 1 : 0, 0, "");
	p->has_min = p->has_max = true;
	p->max = 1;
	p = out_perf_add(
	    v, "nosni_match", hs_ok(n) && covers(sa, n) ? 1 : 0, 0, "");
	p->has_min = p->has_max = true;
	p->max = 1;
	p = out_perf_add(v, "handshake_time", s->handshake_time, 3, "s");
	p->has_min = true;
}

/* Pure: findings and the three handshakes to the verdict. */
static void
sni_render(const void *args, const struct judge_run *run, struct verdict *v)
{
	static const char *const kinds[HS_COUNT] = {
	    "sni", "no_sni", "unknown_sni"};
	const struct sni_args	  *sa = args;
	const struct probe_result *r = run->res, *s = &r[HS_SNI],
				  *n = &r[HS_NOSNI];
	char	       tgt[OUT_FIELD_SIZE + 16], ok[512], full[OUT_FIELD_SIZE];
	char	       esc[OUT_SHORT + 4], sn[OUT_SHORT + 4], nn[OUT_SHORT + 4];
	struct out_buf b;
	struct out_json j;
	int		i;

	report_target(&sa->c, tgt, sizeof(tgt));
	if (!hs_ok(s)) {
		/* The probe's words, or the name the server does not know. */
		report_failure(v, &sa->c, s);
		if (!run->findings.f[0].failure)
			out_text(v, "%s %s", tgt, run->findings.f[0].text);
		return;
	}
	sni_shown_name(sa, full, sizeof(full), esc, sizeof(esc));
	out_short(s->chain[0].name, sn, sizeof(sn));
	if (hs_ok(n))
		snprintf(ok, sizeof(ok),
		    "SNI '%s' gets '%s', which covers it; "
		    "without SNI: '%s'",
		    esc, sn, out_short(n->chain[0].name, nn, sizeof(nn)));
	else
		snprintf(ok, sizeof(ok), "SNI '%s' gets '%s', which covers it",
		    esc, sn);
	report_findings_apply(v, tgt, &run->findings, ok);
	sni_perf(sa, r, v);
	sni_lines(sa, r, v);
	report_lines(v, &sa->c, s);
	out_facts_begin(v, &b, &j);
	out_json_str(&j, "name", full);
	out_json_arr_begin(&j, "handshakes");
	for (i = 0; i < HS_COUNT; i++)
		sni_json_handshake(&j, sa, kinds[i], &r[i]);
	out_json_arr_end(&j);
	report_findings_json(&j, &run->findings);
	out_facts_end(v, &b);
}

static const char sni_usage[] =
    "-H HOST [-I ADDR] [-p PORT] [--sni NAME] [--unknown-sni NAME] [options]";
static const char sni_summary[] =
    "Checks virtual hosting: handshakes with SNI for the name, without SNI,\n"
    "and with an unknown name, run at once. Tells a server that ignores SNI\n"
    "from one with the wrong certificate for the name, and says what\n"
    "clients without SNI get.";
static const char sni_options[] =
    "     --unknown-sni=NAME  the name the server should not know (default: a\n"
    "                         random label under the name's parent domain)\n"
    "     --no-sni-state=S    state when clients without SNI fail or get a\n"
    "                         certificate not covering the name: ok, warning\n"
    "                         (default), critical\n"
    "     --unknown-sni-state=S  state when an unknown name is served a\n"
    "                         certificate instead of refused (default ok)\n"
    "     --allow-cn          accept a certificate without DNS SANs whose\n"
    "                         subject CN is the name (clients ignore the CN\n"
    "                         since RFC 9525; without this: CRITICAL)\n";

static const struct option sni_opts[] = {
    {"unknown-sni", required_argument, NULL, OPT_UNKNOWN_SNI},
    {"no-sni-state", required_argument, NULL, OPT_NO_SNI_STATE},
    {"unknown-sni-state", required_argument, NULL, OPT_UNKNOWN_SNI_STATE},
    {"allow-cn", no_argument, NULL, OPT_ALLOW_CN}, {NULL, 0, NULL, 0}};

const struct judge judge_sni = {
    .name = "sni",
    .prog = "check_tls_sni",
    .label = "TLS-SNI",
    .summary = sni_summary,
    .usage = sni_usage,
    .help = sni_options,
    .options = sni_opts,
    .args_size = sizeof(struct sni_args),
    .no_thresholds = "use --no-sni-state and --unknown-sni-state",
    .defaults = sni_defaults,
    .option = sni_option,
    .check = sni_check,
    .plan = sni_plan,
    .assess = sni_assess,
    .render = sni_render,
};
