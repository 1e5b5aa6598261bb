/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The protocols judge (check_tls_protocols): which of SSL 3.0 and TLS
 * 1.0-1.3 the server accepts, probed at once, judged against a version
 * policy, and whether a refusal is about the version or about the ciphers;
 * beside the scan, whether a real client's whole handshake completes, and
 * the Diffie-Hellman group of a DHE one.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "judge_protocols.h"

enum { OPT_REQUIRE = 256 };

static const struct {
	const char *name; /* as written in output */
	const char *perf; /* perfdata label */
} vers[V_COUNT] = {
    {"SSL 3.0", "ssl3"},
    {"TLS 1.0", "tls1_0"},
    {"TLS 1.1", "tls1_1"},
    {"TLS 1.2", "tls1_2"},
    {"TLS 1.3", "tls1_3"},
};

enum vstate {
	VS_ACCEPTED,
	VS_WIDE_ONLY, /* accepted only with legacy ciphers */
	VS_REFUSED,
	VS_UNTESTABLE, /* the local crypto policy forbids the probe */
	VS_FAILED,     /* no answer at all (connection-level) */
	VS_TIMEOUT /* no reply, or part of one: neither accepted nor refused */
};

/*
 * The DHE-only handshake: key exchanges a client without ECDHE offers,
 * and no RFC 7919 group (which would make a server that knows them use
 * one instead of its own parameters), as most such clients do.
 */
static const char dhe_priority[] =
    "NORMAL:-VERS-TLS1.3:-KX-ALL:+DHE-RSA:+DHE-DSS:-GROUP-DH-ALL";

struct ver_result {
	enum vstate st;
	char	    detail[200]; /* cipher chosen, or why refused */
};

/* "ssl3,tls1.0,tls1.1" (also tls1_0, TLSv1.2, tls1, none) to bits. */
static int
proto_list(
    const char *s, unsigned int *out, const char *opt, char *why, size_t whysz)
{
	static const struct {
		const char *word;
		enum ver    v;
	} words[] = {
	    {"ssl3", V_SSL3},
	    {"sslv3", V_SSL3},
	    {"ssl3.0", V_SSL3},
	    {"tls1", V_TLS10},
	    {"tls1.0", V_TLS10},
	    {"tls1_0", V_TLS10},
	    {"tlsv1", V_TLS10},
	    {"tlsv1.0", V_TLS10},
	    {"tls1.1", V_TLS11},
	    {"tls1_1", V_TLS11},
	    {"tlsv1.1", V_TLS11},
	    {"tls1.2", V_TLS12},
	    {"tls1_2", V_TLS12},
	    {"tlsv1.2", V_TLS12},
	    {"tls1.3", V_TLS13},
	    {"tls1_3", V_TLS13},
	    {"tlsv1.3", V_TLS13},
	};
	unsigned int bits = 0;
	const char  *p = s;
	char	     eb[OUT_FIELD_SIZE];

	/* An empty value is an unset macro, not a policy: none says that. */
	if (s[0] == '\0') {
		snprintf(why, whysz,
		    "invalid value for %s: empty (give versions, "
		    "or none for no versions)",
		    opt);
		return -1;
	}
	if (strcasecmp(s, "none") == 0) {
		*out = 0;
		return 0;
	}
	while (*p != '\0') {
		size_t l = strcspn(p, ","), i;

		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i].word) == l &&
			    strncasecmp(p, words[i].word, l) == 0)
				break;
		if (i == sizeof(words) / sizeof(words[0])) {
			out_escape(eb, sizeof(eb), p, l);
			snprintf(why, whysz,
			    "invalid value for %s: '%s' is not "
			    "one of ssl3, tls1.0, tls1.1, tls1.2, tls1.3 (or "
			    "none)",
			    opt, eb);
			return -1;
		}
		bits |= 1u << words[i].v;
		p += l;
		if (*p == ',')
			p++;
	}
	*out = bits;
	return 0;
}

static int
proto_option(void *ctx, int val, const char *arg, char *why, size_t whysz)
{
	struct proto_args *pa = ctx;

	if (val == OPT_REQUIRE)
		return proto_list(arg, &pa->require, "--require", why, whysz);
	snprintf(why, whysz, "internal error: option %d", val);
	return -1;
}

static int
proto_check(void *args)
{
	struct proto_args *pa = args;

	if (proto_list(pa->c.warn ? pa->c.warn : "tls1.0,tls1.1", &pa->warn,
		"-w/--warning", pa->c.why, sizeof(pa->c.why)) == -1 ||
	    proto_list(pa->c.crit ? pa->c.crit : "ssl3", &pa->crit,
		"-c/--critical", pa->c.why, sizeof(pa->c.why)) == -1)
		return -1;
	/* Versions are judged here, not trust. */
	pa->c.probe.insecure_noverify = true;
	pa->c.probe.stop_after_hello = true;
	return 0;
}

/*
 * One scan, all at once: a raw SSL 3.0 hello, then each TLS version with
 * the default ciphers and (but TLS 1.3) with the legacy ones too.
 */
static void
proto_plan(void *args, struct judge_run *run)
{
	struct proto_args *pa = args;
	unsigned char	   rnd[32];
	int		   v;

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		memset(rnd, 0x5a, sizeof(rnd));
	run->n = P_COUNT;
	/* Beside the scan, no extra round trip: two whole handshakes. */
	run->opts[P_FULL].stop_after_hello = false;
	run->opts[P_DHE].stop_after_hello = false;
	run->opts[P_DHE].priority = dhe_priority;
	run->primary = proto_default(V_TLS12);
	run->opts[P_SSL3].raw_hello = pa->hello;
	run->opts[P_SSL3].raw_hello_len = hello_ssl3(
	    pa->hello, sizeof(pa->hello), rnd);
	for (v = V_TLS10; v < V_COUNT; v++) {
		int d = proto_default((enum ver)v), w = proto_wide((enum ver)v);
		enum hello_version hv = (enum hello_version)(v - V_TLS10);

		run->opts[d].priority = hello_priority(
		    pa->prio[d], sizeof(pa->prio[d]), hv, false);
		if (v != V_TLS13)
			run->opts[w].priority = hello_priority(
			    pa->prio[w], sizeof(pa->prio[w]), hv, true);
	}
}

/* Why a probe was refused, in words: the alert, or what happened. */
static void
refusal(const struct probe_result *r, char *buf, size_t bufsz)
{
	if (r->err == PROBE_E_ALERT || (r->err == PROBE_OK && r->alert >= 0))
		snprintf(buf, bufsz, "alert %s", cls_alert_name(r->alert));
	else if (r->err == PROBE_OK)
		snprintf(buf, bufsz,
		    "the server answered with another "
		    "version");
	else
		snprintf(buf, bufsz, "%s", r->reason);
}

/* Connected, then the deadline: no reply to the ClientHello, or part. */
static bool
timed_out(const struct probe_result *r)
{
	return r->err == PROBE_E_TIMEOUT && r->stage >= PROBE_S_HELLO;
}

/*
 * The raw SSL 3.0 probe's reply: a TLS record cut short by the deadline
 * before it said anything (a ServerHello's version, an alert).
 */
static bool
raw_stalled(const struct probe_result *s)
{
	size_t len;

	if (s->err != PROBE_OK || !s->reply.is_tls || s->eof ||
	    s->nfirst >= NET_CAPTURE ||
	    hello_ssl3_answer(&s->reply) != HELLO_NOT_TLS)
		return false;
	if (s->nfirst < 5)
		return true;
	len = (size_t)s->first[3] << 8 | s->first[4];
	return s->nfirst < 5 + len;
}

static bool
connection_failed(const struct probe_result *r)
{
	return r->err == PROBE_E_RESOLVE || r->err == PROBE_E_REFUSED ||
	    r->err == PROBE_E_UNREACHABLE || r->err == PROBE_E_CONNECT ||
	    r->err == PROBE_E_NOT_TLS || r->err == PROBE_E_NOMEM ||
	    r->err == PROBE_E_INTERNAL ||
	    (r->err == PROBE_E_TIMEOUT && r->stage <= PROBE_S_CONNECT);
}

/* Fold the probes into one result per version. */
static void
proto_versions(const struct probe_result *p, struct ver_result vr[])
{
	const struct probe_result *s = &p[P_SSL3];
	int			   v;

	memset(vr, 0, sizeof(*vr) * V_COUNT);
	if (s->err != PROBE_OK) {
		vr[V_SSL3].st = timed_out(s) ? VS_TIMEOUT :
		    connection_failed(s)     ? VS_FAILED :
					       VS_REFUSED;
		refusal(s, vr[V_SSL3].detail, sizeof(vr[V_SSL3].detail));
	} else if (raw_stalled(s)) {
		vr[V_SSL3].st = VS_TIMEOUT;
		snprintf(vr[V_SSL3].detail, sizeof(vr[V_SSL3].detail),
		    "TLS handshake stalled: the server sent %zu bytes, then "
		    "nothing",
		    s->nrecv);
	} else {
		switch (hello_ssl3_answer(&s->reply)) {
		case HELLO_ACCEPTED:
			vr[V_SSL3].st = VS_ACCEPTED;
			break;
		case HELLO_ALERT:
		case HELLO_OTHER_VERSION:
			vr[V_SSL3].st = VS_REFUSED;
			refusal(
			    s, vr[V_SSL3].detail, sizeof(vr[V_SSL3].detail));
			break;
		case HELLO_NOT_TLS:
			vr[V_SSL3].st = VS_FAILED;
			snprintf(vr[V_SSL3].detail, sizeof(vr[V_SSL3].detail),
			    "answered with %s", cls_kind_name(s->reply.kind));
			break;
		}
	}
	for (v = V_TLS10; v < V_COUNT; v++) {
		const struct probe_result *d = &p[proto_default((enum ver)v)];
		const struct probe_result *w = v == V_TLS13 ?
		    NULL :
		    &p[proto_wide((enum ver)v)];
		struct ver_result	  *r = &vr[v];

		if (d->err == PROBE_OK) {
			r->st = VS_ACCEPTED;
			snprintf(r->detail, sizeof(r->detail), "%s", d->suite);
		} else if (w != NULL && w->err == PROBE_OK) {
			r->st = VS_WIDE_ONLY;
			snprintf(r->detail, sizeof(r->detail), "%s", w->suite);
		} else if (d->err == PROBE_E_POLICY) {
			r->st = VS_UNTESTABLE;
			snprintf(r->detail, sizeof(r->detail), "%s", d->reason);
		} else if (timed_out(d)) {
			r->st = VS_TIMEOUT;
			snprintf(r->detail, sizeof(r->detail), "%s", d->reason);
		} else {
			r->st = connection_failed(d) ? VS_FAILED : VS_REFUSED;
			refusal(d, r->detail, sizeof(r->detail));
		}
	}
}

static bool
accepted(const struct ver_result *r)
{
	return r->st == VS_ACCEPTED || r->st == VS_WIDE_ONLY;
}

/* Does a version take a default client's ciphers? */
static bool
default_accepted(const struct ver_result vr[])
{
	int v;

	for (v = V_TLS10; v < V_COUNT; v++)
		if (vr[v].st == VS_ACCEPTED)
			return true;
	return false;
}

static void
accepted_list(const struct ver_result vr[], char *buf, size_t bufsz)
{
	struct out_buf b;
	int	       v, n = 0;

	out_buf_init(&b, buf, bufsz);
	for (v = 0; v < V_COUNT; v++)
		if (accepted(&vr[v]))
			out_buf_add(&b, "%s%s", n++ ? ", " : "", vers[v].name);
	if (n == 0)
		out_buf_add(&b, "none");
}

/* The policy, worst first: what modern clients meet, then the lists. */
static void
proto_findings(const struct proto_args *pa, const struct ver_result vr[],
    struct report_findings *fs)
{
	char list[128];
	int  v;

	accepted_list(vr, list, sizeof(list));
	/* A version that got no answer is not known refused: see below. */
	if (vr[V_TLS12].st != VS_ACCEPTED && vr[V_TLS13].st != VS_ACCEPTED &&
	    vr[V_TLS12].st != VS_TIMEOUT && vr[V_TLS13].st != VS_TIMEOUT) {
		if (vr[V_TLS12].st == VS_WIDE_ONLY)
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_NO_COMMON_CIPHER, "no_common_cipher",
			    "TLS 1.2 accepted, but no cipher in common with "
			    "modern clients (server chose %s)",
			    vr[V_TLS12].detail);
		else
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_PROTOCOL_OBSOLETE, "no_modern_version",
			    "modern clients cannot connect: server accepts only "
			    "%s",
			    list);
	}
	for (v = 0; v < V_COUNT; v++) {
		unsigned int bit = 1u << v;

		if (accepted(&vr[v]) && (pa->crit & bit))
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_PROTOCOL_LEGACY_ENABLED, "version_critical",
			    "accepts %s", vers[v].name);
		else if (accepted(&vr[v]) && (pa->warn & bit))
			report_finding_add(fs, STATE_WARNING,
			    CAUSE_PROTOCOL_LEGACY_ENABLED, "version_warning",
			    "accepts %s", vers[v].name);
		if (!accepted(&vr[v]) && (pa->require & bit) &&
		    vr[v].st != VS_UNTESTABLE && vr[v].st != VS_TIMEOUT)
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_PROTOCOL_REQUIRED_MISSING, "version_required",
			    "%s is required but refused (%s)", vers[v].name,
			    vr[v].detail);
		if (vr[v].st == VS_UNTESTABLE)
			report_finding_add(fs, STATE_UNKNOWN, CAUSE_LOCAL_ERROR,
			    "untestable",
			    "%s cannot be probed: the local GnuTLS policy "
			    "forbids it",
			    vers[v].name);
		if (vr[v].st == VS_WIDE_ONLY && v != V_TLS12)
			report_finding_add(fs, STATE_OK, CAUSE_NO_COMMON_CIPHER,
			    "legacy_ciphers_only",
			    "%s accepted only with legacy ciphers (server chose "
			    "%s)",
			    vers[v].name, vr[v].detail);
	}
}

/* The probe whose outcome a version's result comes from. */
static const struct probe_result *
ver_probe(const struct probe_result *p, int v)
{
	return v == V_SSL3 ? &p[P_SSL3] : &p[proto_default((enum ver)v)];
}

/*
 * Versions that got no reply, or part of one, before the deadline: they
 * are neither accepted nor refused, so they take the -t state. One
 * finding names the silent ones, one the stalled ones.
 */
static void
proto_timeouts(const struct proto_args *pa, const struct probe_result *p,
    const struct ver_result vr[], struct report_findings *fs)
{
	char	       silent[96], stalled[96];
	struct out_buf bs, bt;
	double	       secs = pa->c.probe.timeout_ms / 1000.0;
	size_t	       bytes = 0;
	int	       v;

	out_buf_init(&bs, silent, sizeof(silent));
	out_buf_init(&bt, stalled, sizeof(stalled));
	for (v = 0; v < V_COUNT; v++) {
		const struct probe_result *r = ver_probe(p, v);

		if (vr[v].st != VS_TIMEOUT)
			continue;
		if (r->nrecv == 0) {
			out_buf_add(
			    &bs, "%s%s", bs.len ? ", " : "", vers[v].name);
			continue;
		}
		out_buf_add(&bt, "%s%s", bt.len ? ", " : "", vers[v].name);
		if (bytes == 0)
			bytes = r->nrecv;
	}
	if (bs.len > 0)
		report_finding_add(fs, pa->c.timeout_state, CAUSE_TIMEOUT,
		    "no_reply",
		    "no reply to the ClientHello for %s within %g s", silent,
		    secs);
	if (bt.len > 0)
		report_finding_add(fs, pa->c.timeout_state, CAUSE_TIMEOUT,
		    "stalled",
		    "handshake stalled for %s: the server sent %zu bytes, then "
		    "nothing within %g s",
		    stalled, bytes, secs);
}

/*
 * No version completed: versions, ciphers, or not TLS at all? Returns
 * the probe whose failure explains it (not TLS, not reachable), -1 when
 * the server answered and refused everything (any_tls: with TLS alerts
 * or errors), -2 when some version completed or could not be tested.
 */
static int
proto_nothing(
    const struct probe_result *p, const struct ver_result vr[], int *any_tls)
{
	int i;

	*any_tls = 0;
	for (i = 0; i < V_COUNT; i++)
		if (accepted(&vr[i]) || vr[i].st == VS_UNTESTABLE)
			return -2;
	for (i = P_DEFAULT; i < P_SCAN_END; i++) {
		if (connection_failed(&p[i]) ||
		    (p[i].err == PROBE_E_TIMEOUT && p[i].nrecv == 0))
			return i;
		if (p[i].err == PROBE_E_ALERT || p[i].err == PROBE_E_TLS)
			(*any_tls)++;
	}
	return -1;
}

/* Pure: the probes to one result per version, then to findings. */
static void
proto_assess(const void *args, struct judge_run *run)
{
	const struct proto_args	  *pa = args;
	const struct probe_result *p = run->res;
	const struct probe_result *d12 = &p[proto_default(V_TLS12)];
	struct ver_result	   vr[V_COUNT];
	char			   why[200], list[128];
	int			   k, any_tls;

	proto_versions(p, vr);
	k = proto_nothing(p, vr, &any_tls);
	if (k >= 0) {
		/* Not TLS, or not reachable: the probe's words. */
		report_failure_finding(&run->findings, &pa->c, &p[k]);
		return;
	}
	if (k == -2) {
		/*
		 * A real client first: can it connect at all, when the scan
		 * says it should (no cipher in common says why it cannot)?
		 */
		accepted_list(vr, list, sizeof(list));
		if (default_accepted(vr))
			proto_hs_full(pa, p, list, &run->findings);
		proto_findings(pa, vr, &run->findings);
		proto_timeouts(pa, p, vr, &run->findings);
		proto_hs_dh(p, &run->findings);
		return;
	}
	refusal(d12, why, sizeof(why));
	if (any_tls > 0)
		report_finding_add(&run->findings, STATE_CRITICAL,
		    CAUSE_HANDSHAKE_FAILED, "no_version",
		    "no TLS version "
		    "completes: the server refuses every version and cipher "
		    "offered (TLS 1.2: %s)",
		    why);
	else
		report_finding_add(&run->findings,
		    probe_err_state(d12->err, pa->c.timeout_state),
		    report_probe_cause(d12), "no_version",
		    "no TLS version "
		    "completes: %s",
		    why);
}

/* The code of the finding the first line shows, or NULL. */
static const char *
shown_code(const struct report_findings *fs)
{
	enum state worst = report_findings_worst(fs);
	int	   i;

	for (i = 0; i < fs->n && worst != STATE_OK; i++)
		if (fs->f[i].state == worst)
			return fs->f[i].code;
	return NULL;
}

/* The first line: the worst finding, and always what is accepted. */
static void
proto_head(const struct proto_args *pa, const struct judge_run *run,
    const struct ver_result vr[], struct verdict *v)
{
	const struct report_findings *fs = &run->findings;
	char tgt[OUT_FIELD_SIZE + 16], list[128], head[sizeof(v->text)];
	int  k, any_tls;

	report_target(&pa->c, tgt, sizeof(tgt));
	k = proto_nothing(run->res, vr, &any_tls);
	if (k >= 0) {
		report_failure(v, &pa->c, &run->res[k]);
		return;
	}
	if (k == -1) {
		v->state = fs->f[0].state;
		out_text(v, "%s %s", tgt, fs->f[0].text);
		return;
	}
	accepted_list(vr, list, sizeof(list));
	report_findings_apply(v, tgt, fs, "accepts");
	/* "accepts X, but no handshake completes" names them already. */
	if (shown_code(fs) != NULL &&
	    strcmp(shown_code(fs), "no_handshake") == 0)
		return;
	snprintf(head, sizeof(head), "%s", v->text);
	out_text(v, "%s%s%s", head,
	    fs->n > 0 && report_findings_worst(fs) != STATE_OK ?
		"; accepted: " :
		" ",
	    list);
}

/* JSON: each version's result, the whole handshakes, the findings. */
static void
proto_json(const struct probe_result *p, const struct ver_result vr[],
    const struct report_findings *fs, struct verdict *v)
{
	static const char *const codes[] = {"accepted",
	    "accepted_legacy_ciphers", "refused", "untestable", "no_answer",
	    "timeout"};
	struct out_buf		 b;
	struct out_json		 j;
	int			 i;

	out_facts_begin(v, &b, &j);
	out_json_arr_begin(&j, "versions");
	for (i = 0; i < V_COUNT; i++) {
		out_json_obj_begin(&j, NULL);
		out_json_str(&j, "version", vers[i].name);
		out_json_str(&j, "result", codes[vr[i].st]);
		out_json_str(&j, "detail", vr[i].detail);
		out_json_obj_end(&j);
	}
	out_json_arr_end(&j);
	proto_hs_json(&j, p);
	report_findings_json(&j, fs);
	out_facts_end(v, &b);
}

/*
 * Perfdata: 1 accepted, 0 refused; a version neither (no reply, not
 * testable, no TLS at all) is not known: "U", never a 0 that would graph
 * as a refusal.
 */
static double
ver_value(const struct ver_result *r)
{
	if (accepted(r))
		return 1;
	return r->st == VS_REFUSED ? 0 : NAN;
}

/* Pure: findings and the scan to the verdict. */
static void
proto_render(const void *args, const struct judge_run *run, struct verdict *v)
{
	static const char *const	    words[] = {"accepted",
		       "accepted only with legacy ciphers", "refused", "not testable here",
		       "no answer", "neither accepted nor refused"};
	static const struct report_findings none;
	const struct proto_args		   *pa = args;
	struct ver_result		    vr[V_COUNT];
	struct out_perf			   *pf;
	int				    i, any_tls;

	proto_versions(run->res, vr);
	proto_head(pa, run, vr, v);
	for (i = 0; i < V_COUNT; i++) {
		pf = out_perf_add(v, vers[i].perf, ver_value(&vr[i]), 0, "");
		pf->has_min = pf->has_max = true;
		pf->max = 1;
	}
	pf = out_perf_add(v, "scan_time", run->elapsed, 3, "s");
	pf->has_min = true;
	for (i = 0; i < V_COUNT; i++)
		out_line(v, "%s: %s (%s)", vers[i].name, words[vr[i].st],
		    vr[i].detail);
	proto_hs_lines(v, run->res);
	/* A scan that completed nothing lists no policy findings. */
	proto_json(run->res, vr,
	    proto_nothing(run->res, vr, &any_tls) == -2 ? &run->findings :
							  &none,
	    v);
}

static const char proto_usage[] =
    "-H HOST [-I ADDR] [-p PORT] [-w LIST] [-c LIST] [--require LIST]";
static const char proto_summary[] =
    "Probes SSL 3.0 and TLS 1.0-1.3 at once and judges which the server\n"
    "accepts. A version refused with today's ciphers but accepted with\n"
    "legacy ones is reported as a cipher problem, not a version problem.";
static const char proto_options[] =
    " -w, --warning=LIST      versions whose acceptance is a WARNING\n"
    "                         (default tls1.0,tls1.1; 'none' for none)\n"
    " -c, --critical=LIST     versions whose acceptance is CRITICAL (default\n"
    "                         ssl3)\n"
    "     --require=LIST      versions that must be accepted (CRITICAL when\n"
    "                         refused). LIST: ssl3,tls1.0,tls1.1,tls1.2,tls1.3\n"
    "Always CRITICAL when neither TLS 1.2 nor TLS 1.3 is accepted.\n";

static const struct option proto_opts[] = {
    {"require", required_argument, NULL, OPT_REQUIRE}, {NULL, 0, NULL, 0}};

const struct judge judge_protocols = {
    .name = "protocols",
    .prog = "check_tls_protocols",
    .label = "TLS-PROTOCOLS",
    .summary = proto_summary,
    .usage = proto_usage,
    .help = proto_options,
    .options = proto_opts,
    .args_size = sizeof(struct proto_args),
    .option = proto_option,
    .check = proto_check,
    .scans_versions = true,
    .plan = proto_plan,
    .assess = proto_assess,
    .render = proto_render,
};
