/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_protocols: which of SSL 3.0 and TLS 1.0-1.3 the server accepts,
 * probed at once, judged against a version policy, and whether a refusal
 * is about the version or about the ciphers.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "args.h"
#include "hello.h"
#include "net.h"
#include "out.h"
#include "plugin.h"
#include "probe.h"
#include "report.h"

#define PROG	"check_tls_protocols"
#define LABEL	"TLS-PROTOCOLS"

enum {
	OPT_REQUIRE = 256
};

enum ver {
	V_SSL3,
	V_TLS10,
	V_TLS11,
	V_TLS12,
	V_TLS13,
	V_COUNT
};

static const struct {
	const char	*name;		/* as written in output */
	const char	*perf;		/* perfdata label */
	const char	*prio;		/* GnuTLS version keyword */
} vers[V_COUNT] = {
	{ "SSL 3.0", "ssl3", NULL },
	{ "TLS 1.0", "tls1_0", "VERS-TLS1.0" },
	{ "TLS 1.1", "tls1_1", "VERS-TLS1.1" },
	{ "TLS 1.2", "tls1_2", "VERS-TLS1.2" },
	{ "TLS 1.3", "tls1_3", "VERS-TLS1.3" },
};

/*
 * Ciphers and key exchanges no default client offers any more: a version
 * refused with the defaults but accepted with these is a cipher problem.
 */
#define WIDE	":+3DES-CBC:+ARCFOUR-128:+CAMELLIA-128-CBC:+CAMELLIA-256-CBC" \
		":+CAMELLIA-128-GCM:+CAMELLIA-256-GCM:+AES-128-CCM-8" \
		":+AES-256-CCM-8:+NULL:+MD5:+SHA1:+SHA256:+SHA384:+RSA" \
		":+DHE-RSA:+DHE-DSS" \
		":+SIGN-ALL:+GROUP-ALL"

/* The probes of one scan: SSL 3.0 raw, then default and wide per TLS version. */
enum {
	P_SSL3,
	P_DEFAULT,		/* + version - V_TLS10 */
	P_WIDE = P_DEFAULT + 4,	/* + version - V_TLS10, not for TLS 1.3 */
	P_COUNT = P_WIDE + 3
};

enum vstate {
	VS_ACCEPTED,
	VS_WIDE_ONLY,		/* accepted only with legacy ciphers */
	VS_REFUSED,
	VS_UNTESTABLE,		/* the local crypto policy forbids the probe */
	VS_FAILED		/* no answer at all (connection-level) */
};

struct ver_result {
	enum vstate	 st;
	char		 detail[200];	/* cipher chosen, or why refused */
};

struct proto_args {
	struct common_args	c;
	unsigned int		warn;	/* bit per enum ver */
	unsigned int		crit;
	unsigned int		require;
};

static const struct option proto_opts[] = {
	{ "require", required_argument, NULL, OPT_REQUIRE },
	{ NULL, 0, NULL, 0 }
};

/* "ssl3,tls1.0,tls1.1" (also tls1_0, TLSv1.2, tls1, none) to bits. */
static int
proto_list(const char *s, unsigned int *out, const char *opt, char *why,
    size_t whysz)
{
	static const struct {
		const char	*word;
		enum ver	 v;
	} words[] = {
		{ "ssl3", V_SSL3 }, { "sslv3", V_SSL3 }, { "ssl3.0", V_SSL3 },
		{ "tls1", V_TLS10 }, { "tls1.0", V_TLS10 }, { "tls1_0", V_TLS10 },
		{ "tlsv1", V_TLS10 }, { "tlsv1.0", V_TLS10 },
		{ "tls1.1", V_TLS11 }, { "tls1_1", V_TLS11 },
		{ "tlsv1.1", V_TLS11 },
		{ "tls1.2", V_TLS12 }, { "tls1_2", V_TLS12 },
		{ "tlsv1.2", V_TLS12 },
		{ "tls1.3", V_TLS13 }, { "tls1_3", V_TLS13 },
		{ "tlsv1.3", V_TLS13 },
	};
	unsigned int bits = 0;
	const char *p = s;
	char eb[OUT_FIELD_SIZE];

	if (strcasecmp(s, "none") == 0 || s[0] == '\0') {
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
			snprintf(why, whysz, "invalid value for %s: '%s' is not "
			    "one of ssl3, tls1.0, tls1.1, tls1.2, tls1.3 (or "
			    "none)", opt, eb);
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

static enum args_status
proto_parse_args(int argc, char *argv[], struct proto_args *pa)
{
	enum args_status st;

	memset(pa, 0, sizeof(*pa));
	st = args_parse(&pa->c, argc, argv, proto_opts, proto_option, pa);
	if (st != ARGS_OK)
		return st;
	if (proto_list(pa->c.warn ? pa->c.warn : "tls1.0,tls1.1", &pa->warn,
	    "-w/--warning", pa->c.why, sizeof(pa->c.why)) == -1 ||
	    proto_list(pa->c.crit ? pa->c.crit : "ssl3", &pa->crit,
	    "-c/--critical", pa->c.why, sizeof(pa->c.why)) == -1)
		return ARGS_ERROR;
	/* Versions are judged here, not trust. */
	pa->c.probe.insecure_noverify = true;
	pa->c.probe.stop_after_hello = true;
	return ARGS_OK;
}

/* Why a probe was refused, in words: the alert, or what happened. */
static void
refusal(const struct probe_result *r, char *buf, size_t bufsz)
{
	if (r->err == PROBE_E_ALERT || (r->err == PROBE_OK && r->alert >= 0))
		snprintf(buf, bufsz, "alert %s", cls_alert_name(r->alert));
	else if (r->err == PROBE_OK)
		snprintf(buf, bufsz, "the server answered with another "
		    "version");
	else
		snprintf(buf, bufsz, "%s", r->reason);
}

static bool
connection_failed(const struct probe_result *r)
{
	return r->err == PROBE_E_RESOLVE || r->err == PROBE_E_REFUSED ||
	    r->err == PROBE_E_UNREACHABLE || r->err == PROBE_E_CONNECT ||
	    r->err == PROBE_E_NOT_TLS || r->err == PROBE_E_NOMEM ||
	    r->err == PROBE_E_INTERNAL || (r->err == PROBE_E_TIMEOUT &&
	    r->stage <= PROBE_S_CONNECT);
}

/* Fold the probes into one result per version. */
static void
proto_versions(struct probe_result *const p[], struct ver_result vr[])
{
	const struct probe_result *s = p[P_SSL3];
	int v;

	memset(vr, 0, sizeof(*vr) * V_COUNT);
	if (s->err != PROBE_OK) {
		vr[V_SSL3].st = connection_failed(s) ? VS_FAILED : VS_REFUSED;
		refusal(s, vr[V_SSL3].detail, sizeof(vr[V_SSL3].detail));
	} else {
		switch (hello_ssl3_answer(&s->reply)) {
		case HELLO_ACCEPTED:
			vr[V_SSL3].st = VS_ACCEPTED;
			break;
		case HELLO_ALERT:
		case HELLO_OTHER_VERSION:
			vr[V_SSL3].st = VS_REFUSED;
			refusal(s, vr[V_SSL3].detail, sizeof(vr[V_SSL3].detail));
			break;
		case HELLO_NOT_TLS:
			vr[V_SSL3].st = VS_FAILED;
			snprintf(vr[V_SSL3].detail, sizeof(vr[V_SSL3].detail),
			    "answered with %s", cls_kind_name(s->reply.kind));
			break;
		}
	}
	for (v = V_TLS10; v < V_COUNT; v++) {
		const struct probe_result *d = p[P_DEFAULT + v - V_TLS10];
		const struct probe_result *w = v == V_TLS13 ? NULL :
		    p[P_WIDE + v - V_TLS10];
		struct ver_result *r = &vr[v];

		if (d->err == PROBE_OK) {
			r->st = VS_ACCEPTED;
			snprintf(r->detail, sizeof(r->detail), "%s", d->suite);
		} else if (w != NULL && w->err == PROBE_OK) {
			r->st = VS_WIDE_ONLY;
			snprintf(r->detail, sizeof(r->detail), "%s", w->suite);
		} else if (d->err == PROBE_E_POLICY) {
			r->st = VS_UNTESTABLE;
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

static void
accepted_list(const struct ver_result vr[], char *buf, size_t bufsz)
{
	struct out_buf b;
	int v, n = 0;

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
	int v;

	accepted_list(vr, list, sizeof(list));
	if (vr[V_TLS12].st != VS_ACCEPTED && vr[V_TLS13].st != VS_ACCEPTED) {
		if (vr[V_TLS12].st == VS_WIDE_ONLY)
			report_finding_add(fs, STATE_CRITICAL, "no_common_cipher",
			    "TLS 1.2 accepted, but no cipher in common with "
			    "modern clients (server chose %s)",
			    vr[V_TLS12].detail);
		else
			report_finding_add(fs, STATE_CRITICAL, "no_modern_version",
			    "modern clients cannot connect: server accepts only "
			    "%s", list);
	}
	for (v = 0; v < V_COUNT; v++) {
		unsigned int bit = 1u << v;

		if (accepted(&vr[v]) && (pa->crit & bit))
			report_finding_add(fs, STATE_CRITICAL, "version_critical",
			    "accepts %s", vers[v].name);
		else if (accepted(&vr[v]) && (pa->warn & bit))
			report_finding_add(fs, STATE_WARNING, "version_warning",
			    "accepts %s", vers[v].name);
		if (!accepted(&vr[v]) && (pa->require & bit) &&
		    vr[v].st != VS_UNTESTABLE)
			report_finding_add(fs, STATE_CRITICAL, "version_required",
			    "%s is required but refused (%s)", vers[v].name,
			    vr[v].detail);
		if (vr[v].st == VS_UNTESTABLE)
			report_finding_add(fs, STATE_UNKNOWN, "untestable",
			    "%s cannot be probed: the local GnuTLS policy "
			    "forbids it", vers[v].name);
		if (vr[v].st == VS_WIDE_ONLY && v != V_TLS12)
			report_finding_add(fs, STATE_OK, "legacy_ciphers_only",
			    "%s accepted only with legacy ciphers (server chose "
			    "%s)", vers[v].name, vr[v].detail);
	}
}

/* No version completed: versions, ciphers, or not TLS at all? */
static bool
proto_nothing(const struct proto_args *pa, struct probe_result *const p[],
    const struct ver_result vr[], struct verdict *v)
{
	char tgt[OUT_FIELD_SIZE + 16], why[200];
	int i, any_tls = 0;

	for (i = 0; i < V_COUNT; i++)
		if (accepted(&vr[i]) || vr[i].st == VS_UNTESTABLE)
			return false;
	report_target(&pa->c, tgt, sizeof(tgt));
	/* Not TLS, or not reachable: the probe's words, as everywhere. */
	for (i = P_DEFAULT; i < P_COUNT; i++) {
		if (connection_failed(p[i]) || (p[i]->err == PROBE_E_TIMEOUT &&
		    p[i]->nrecv == 0)) {
			report_failure(v, &pa->c, p[i]);
			return true;
		}
		if (p[i]->err == PROBE_E_ALERT || p[i]->err == PROBE_E_TLS)
			any_tls++;
	}
	refusal(p[P_DEFAULT + V_TLS12 - V_TLS10], why, sizeof(why));
	v->state = STATE_CRITICAL;
	if (any_tls > 0)
		out_text(v, "%s no TLS version completes: the server refuses "
		    "every version and cipher offered (TLS 1.2: %s)", tgt, why);
	else
		out_text(v, "%s no TLS version completes: %s", tgt, why);
	return true;
}

static void
proto_judge(const struct proto_args *pa, struct probe_result *const p[],
    double scan_time, struct verdict *v)
{
	static struct report_findings fs;
	struct ver_result vr[V_COUNT];
	char tgt[OUT_FIELD_SIZE + 16], list[128], head[sizeof(v->text)];
	struct out_perf *pf;
	struct out_buf b;
	struct out_json j;
	int i;

	report_target(&pa->c, tgt, sizeof(tgt));
	proto_versions(p, vr);
	memset(&fs, 0, sizeof(fs));
	if (!proto_nothing(pa, p, vr, v)) {
		proto_findings(pa, vr, &fs);
		accepted_list(vr, list, sizeof(list));
		report_findings_apply(v, tgt, &fs, "accepts");
		/* The first line always lists what is accepted. */
		snprintf(head, sizeof(head), "%s", v->text);
		out_text(v, "%s%s%s", head, fs.n > 0 &&
		    report_findings_worst(&fs) != STATE_OK ? "; accepted: " :
		    " ", list);
	}
	for (i = 0; i < V_COUNT; i++) {
		pf = out_perf_add(v, vers[i].perf, accepted(&vr[i]) ? 1 : 0,
		    0, "");
		pf->has_min = pf->has_max = true;
		pf->max = 1;
	}
	pf = out_perf_add(v, "scan_time", scan_time, 3, "s");
	pf->has_min = true;

	for (i = 0; i < V_COUNT; i++) {
		static const char *const words[] = { "accepted",
		    "accepted only with legacy ciphers", "refused",
		    "not testable here", "no answer" };

		out_line(v, "%s: %s (%s)", vers[i].name, words[vr[i].st],
		    vr[i].detail);
	}
	out_facts_begin(v, &b, &j);
	out_json_arr_begin(&j, "versions");
	for (i = 0; i < V_COUNT; i++) {
		static const char *const codes[] = { "accepted",
		    "accepted_legacy_ciphers", "refused", "untestable",
		    "no_answer" };

		out_json_obj_begin(&j, NULL);
		out_json_str(&j, "version", vers[i].name);
		out_json_str(&j, "result", codes[vr[i].st]);
		out_json_str(&j, "detail", vr[i].detail);
		out_json_obj_end(&j);
	}
	out_json_arr_end(&j);
	report_findings_json(&j, &fs);
	out_facts_end(v, &b);
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

static const struct plugin_info proto_info = {
	PROG, LABEL, proto_summary, proto_usage, proto_options
};

#ifndef PROTO_NO_MAIN
int
main(int argc, char *argv[])
{
	static struct proto_args pa;
	static struct probe_opts po[P_COUNT];
	static struct probe_result res[P_COUNT];
	static char prio[P_COUNT][512];
	static struct verdict v;
	const struct probe_opts *opts[P_COUNT];
	struct probe_result *rp[P_COUNT];
	unsigned char hello[HELLO_SSL3_MAX], rnd[32];
	double t0;
	int i, st;

	st = plugin_parsed(&proto_info, proto_parse_args(argc, argv, &pa), &pa.c);
	if (st != -1)
		return st;
	plugin_begin(&proto_info, &pa.c, &v);
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		memset(rnd, 0x5a, sizeof(rnd));
	for (i = 0; i < P_COUNT; i++) {
		po[i] = pa.c.probe;
		opts[i] = &po[i];
		rp[i] = &res[i];
	}
	po[P_SSL3].raw_hello = hello;
	po[P_SSL3].raw_hello_len = hello_ssl3(hello, sizeof(hello), rnd);
	for (i = V_TLS10; i < V_COUNT; i++) {
		int d = P_DEFAULT + i - V_TLS10, w = P_WIDE + i - V_TLS10;

		snprintf(prio[d], sizeof(prio[d]), "NORMAL:-VERS-ALL:+%s",
		    vers[i].prio);
		po[d].priority = prio[d];
		if (i == V_TLS13)
			continue;
		snprintf(prio[w], sizeof(prio[w]), "NORMAL:-VERS-ALL:+%s%s",
		    vers[i].prio, WIDE);
		po[w].priority = prio[w];
	}
	t0 = net_mono();
	probe_run_many(opts, rp, P_COUNT);
	snprintf(v.address, sizeof(v.address), "%s",
	    res[P_DEFAULT + V_TLS12 - V_TLS10].address);
	proto_judge(&pa, rp, net_mono() - t0, &v);
	plugin_emit(&v, pa.c.format, pa.c.verbose);
	for (i = 0; i < P_COUNT; i++)
		probe_result_release(&res[i]);
	return v.state;
}
#endif
