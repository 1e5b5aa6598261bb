/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The chain judge (check_tls_chain): trust, names and the shape of the
 * presented chain.
 * Tells a missing intermediate from an untrusted root from a self-signed
 * certificate, names the certificate that expired, the name that does not
 * match, weak signatures and keys, and misordered or superfluous certs.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "judge_chain.h"

enum {
	OPT_NAME = 256,
	OPT_NO_HOSTNAME,
	OPT_ALLOW_SELF_SIGNED,
	OPT_MIN_KEY_BITS,
	OPT_ALLOW_CN
};

/* Below these a key is weak (RSA/DSA bits, EC bits). */
#define DEFAULT_MIN_RSA_BITS 2048
#define MIN_EC_BITS	     224

static int
chain_option(void *ctx, int val, const char *arg, char *why, size_t whysz)
{
	struct chain_args *ca = ctx;
	char		   eb[OUT_FIELD_SIZE];

	switch (val) {
	case OPT_NAME:
		if (arg[0] == '\0' || strlen(arg) >= sizeof(ca->name) ||
		    strspn(arg,
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
			"TUVWXYZ0123456789-._:*") != strlen(arg)) {
			out_escape(eb, sizeof(eb), arg, strlen(arg));
			snprintf(why, whysz,
			    "invalid value for --name: '%s' is "
			    "not a host name or IP address",
			    eb);
			return -1;
		}
		snprintf(ca->name, sizeof(ca->name), "%s", arg);
		return 0;
	case OPT_NO_HOSTNAME:
		ca->no_hostname = true;
		return 0;
	case OPT_ALLOW_SELF_SIGNED:
		ca->allow_self_signed = true;
		return 0;
	case OPT_MIN_KEY_BITS:
		return args_uint(arg, 512, 16384, &ca->min_key_bits,
		    "--min-key-bits", why, whysz);
	case OPT_ALLOW_CN:
		ca->allow_cn = true;
		return 0;
	}
	snprintf(why, whysz, "internal error: option %d", val);
	return -1;
}

static void
chain_defaults(void *args)
{
	struct chain_args *ca = args;

	ca->min_key_bits = DEFAULT_MIN_RSA_BITS;
}

static int
chain_check(void *args)
{
	struct chain_args *ca = args;

	if (ca->no_hostname && ca->name[0] != '\0') {
		snprintf(ca->c.why, sizeof(ca->c.why),
		    "--name and "
		    "--no-hostname exclude each other");
		return -1;
	}
	if (ca->no_hostname)
		ca->c.probe.verify_name = "";
	else if (ca->name[0] != '\0')
		ca->c.probe.verify_name = ca->name;
	return 0;
}

/* "leaf 'x'", "intermediate 'y'", "root 'z'" for a presented certificate. */
static const char *
chain_what(const struct probe_result *res, int i, char *buf, size_t bufsz)
{
	const struct cert_info *c = &res->chain[i];
	char			name[OUT_SHORT + 4];

	snprintf(buf, bufsz, "%s '%s'",
	    i == res->leaf     ? "leaf" :
		c->self_signed ? "root" :
		c->is_ca       ? "intermediate" :
				 "certificate",
	    out_short(c->name, name, sizeof(name)));
	return buf;
}

/*
 * Nothing sent or trusted issued the top of the path, what (issued by
 * iss). A missing intermediate only with evidence that one exists: the
 * leaf names its issuer's certificate (AIA caIssuers), as CAs' leaves do.
 * An issuer found in the store as an intermediate is a trusted path
 * (chain_trust). Without evidence it may as well be a root this host
 * does not trust: a private CA, or an intercepting proxy's ("Superfish,
 * Inc.", "eDellRoot"), which never sends its root.
 */
static void
chain_issuer_unknown(const struct probe_result *res, int top, const char *what,
    const char *iss, struct report_findings *fs)
{
	char url[OUT_SHORT + 4];

	if (top != res->leaf || res->top_ca_issuers[0] == '\0') {
		report_finding_add(fs, STATE_CRITICAL, CAUSE_CHAIN_UNTRUSTED,
		    "issuer_unknown",
		    "%s is issued by '%s', which is neither sent nor trusted "
		    "here: an untrusted or private root, or a missing "
		    "intermediate",
		    what, iss);
		return;
	}
	report_finding_add(fs, STATE_CRITICAL, CAUSE_CHAIN_INCOMPLETE,
	    "chain_incomplete",
	    "chain incomplete: server does not send the intermediate that "
	    "issued %s (issuer '%s')",
	    what, iss);
	report_finding_add(fs, STATE_OK, CAUSE_CHAIN_INCOMPLETE, "ca_issuers",
	    "the leaf names its issuer's certificate at '%s' (AIA "
	    "caIssuers): the server should send it after the leaf",
	    out_short(res->top_ca_issuers, url, sizeof(url)));
}

/*
 * Trust: where the store takes over, or, if nowhere, why not: a
 * self-signed leaf, an untrusted root, or the missing link above the top.
 */
static void
chain_trust(const struct chain_args *ca, const struct probe_result *res,
    struct report_findings *fs)
{
	int			top = res->path[res->npath - 1];
	const struct cert_info *t = &res->chain[top];
	char what[OUT_FIELD_SIZE + 32], iss[OUT_SHORT + 4], tn[OUT_SHORT + 4];

	if (res->anchor >= 0) {
		int a = res->path[res->anchor];

		if (res->issuer_in_store && !res->store_issuer_is_root)
			report_finding_add(fs, STATE_WARNING,
			    CAUSE_CHAIN_INCOMPLETE, "chain_incomplete_local",
			    "chain incomplete: server "
			    "does not send the intermediate that issued %s "
			    "(issuer '%s'); it verifies here only because the "
			    "local store holds it, other clients will fail",
			    chain_what(res, a, what, sizeof(what)),
			    out_short(
				res->chain[a].issuer_name, iss, sizeof(iss)));
		return;
	}
	/* GnuTLS found a trusted path our walk did not: believe it. */
	if ((res->verify_bits &
		(PROBE_V_SIGNER_NOT_FOUND | PROBE_V_SIGNER_NOT_CA)) == 0)
		return;
	out_short(t->issuer_name, iss, sizeof(iss));
	out_short(t->name, tn, sizeof(tn));
	if (res->top_self_signed && res->npath == 1) {
		if (ca->allow_self_signed)
			report_finding_add(fs, STATE_OK, CAUSE_SELF_SIGNED,
			    "self_signed",
			    "self-signed certificate '%s' accepted "
			    "(--allow-self-signed)",
			    tn);
		else
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_SELF_SIGNED, "self_signed",
			    "self-signed certificate '%s': no client trusts "
			    "it unless it is installed there",
			    tn);
		return;
	}
	if (res->top_self_signed) {
		report_finding_add(fs, STATE_CRITICAL, CAUSE_CHAIN_UNTRUSTED,
		    "untrusted_root",
		    "untrusted root: the chain ends at '%s', which is not a "
		    "trusted root here",
		    tn);
		return;
	}
	chain_what(res, top, what, sizeof(what));
	chain_issuer_unknown(res, top, what, iss, fs);
}

/* Dates of every certificate on the path, named one by one. */
static void
chain_dates(const struct probe_result *res, struct report_findings *fs)
{
	char what[OUT_FIELD_SIZE + 32], when[32], span[32];
	bool any = false;
	int  k;

	for (k = 0; k < res->npath; k++) {
		int			i = res->path[k];
		const struct cert_info *c = &res->chain[i];

		chain_what(res, i, what, sizeof(what));
		if (c->not_after < res->now) {
			report_finding_add(fs, STATE_CRITICAL,
			    i == 0 ? CAUSE_CERT_EXPIRED :
				     CAUSE_CHAIN_CERT_EXPIRED,
			    "expired", "%s expired %s ago (%s)", what,
			    report_span(report_days(c->not_after, res->now),
				span, sizeof(span)),
			    cert_time_str(c->not_after, when, sizeof(when)));
			any = true;
		} else if (c->not_before > res->now) {
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_CERT_NOT_YET_VALID, "not_yet_valid",
			    "%s is not yet valid: valid from %s (in %s); if "
			    "that date looks wrong, check this host's clock",
			    what,
			    cert_time_str(c->not_before, when, sizeof(when)),
			    report_span(report_days(c->not_before, res->now),
				span, sizeof(span)));
			any = true;
		}
	}
	if (!any &&
	    (res->verify_bits & (PROBE_V_EXPIRED | PROBE_V_NOT_ACTIVATED)) != 0)
		report_finding_add(fs, STATE_CRITICAL, CAUSE_LOCAL_ERROR,
		    "anchor_expired",
		    "the trust anchor in the local store is expired or not "
		    "yet valid");
}

/* The names the leaf covers, for a mismatch message. */
static void
chain_covers(const struct cert_info *c, char *buf, size_t bufsz)
{
	const struct cert_sans *sans = cert_sans(c);
	struct out_buf		b;
	char			san[OUT_FIELD_SIZE + 8], one[OUT_SHORT + 4];
	size_t			k, shown = 0;

	out_buf_init(&b, buf, bufsz);
	for (k = 0; k < sans->n && shown < 3; k++) {
		if (sans->v[k].type != HOSTNAME_SAN_DNS &&
		    sans->v[k].type != HOSTNAME_SAN_IP)
			continue;
		cert_san_str(&sans->v[k], san, sizeof(san));
		out_buf_add(&b, "%s'%s'", shown ? ", " : "",
		    out_short(strchr(san, ':') + 1, one, sizeof(one)));
		shown++;
	}
	if (sans->n > shown && shown > 0)
		out_buf_add(&b, " (+%zu more)", sans->n - shown);
	if (shown == 0)
		out_buf_add(&b, "only its subject CN '%s'",
		    out_short(c->name, one, sizeof(one)));
}

static void
chain_names(const struct chain_args *ca, const struct probe_result *res,
    struct report_findings *fs)
{
	char covers[512], name[OUT_SHORT + 4];

	if (!res->name_checked || res->name_matches)
		return;
	if (res->name_cn_only) {
		report_cn_only(fs, &res->chain[res->leaf],
		    out_short(res->name, name, sizeof(name)), ca->allow_cn);
		return;
	}
	chain_covers(&res->chain[res->leaf], covers, sizeof(covers));
	report_finding_add(fs, STATE_CRITICAL, CAUSE_HOSTNAME_MISMATCH,
	    "name_mismatch",
	    "hostname mismatch: the certificate does not cover '%s'; it "
	    "covers %s",
	    out_short(res->name, name, sizeof(name)), covers);
}

/* Weak signatures (not on a root: nobody checks a root's own signature). */
static void
chain_strength(const struct chain_args *ca, const struct probe_result *res,
    struct report_findings *fs)
{
	char what[OUT_FIELD_SIZE + 32];
	int  k;

	for (k = 0; k < res->npath; k++) {
		int			i = res->path[k];
		const struct cert_info *c = &res->chain[i];

		chain_what(res, i, what, sizeof(what));
		if (c->sig_weak && !(c->self_signed && i != 0))
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_WEAK_SIGNATURE, "weak_signature",
			    "weak signature: %s is signed with %s (%s)", what,
			    c->sig_hash, c->sig_alg);
		if (((strcmp(c->key_type, "RSA") == 0 ||
			 strcmp(c->key_type, "DSA") == 0) &&
			c->key_bits < ca->min_key_bits) ||
		    (strcmp(c->key_type, "ECDSA") == 0 &&
			c->key_bits < MIN_EC_BITS))
			report_finding_add(fs, STATE_CRITICAL, CAUSE_WEAK_KEY,
			    "weak_key",
			    "weak key: %s has a %u-bit %s key (minimum %lu)",
			    what, c->key_bits, c->key_type,
			    strcmp(c->key_type, "ECDSA") == 0 ?
				(unsigned long)MIN_EC_BITS :
				ca->min_key_bits);
	}
}

/* Order and extras: advisory, since clients sort, but some do not. */
static void
chain_shape(const struct probe_result *res, struct report_findings *fs)
{
	int i, k;

	/* A CA certificate first is worse, and named first (chain_refused). */
	if (res->misordered && !res->chain_on_failure) {
		char	       order[512];
		struct out_buf b;

		out_buf_init(&b, order, sizeof(order));
		for (k = 0; k < res->npath; k++)
			out_buf_add(&b, "%s#%d", k ? ", " : "", res->path[k]);
		report_finding_add(fs, STATE_WARNING, CAUSE_CHAIN_MISORDERED,
		    "misordered",
		    "chain misordered: a certificate is sent before the one it "
		    "signs (issuer path by position sent: %s)",
		    order);
	}
	for (i = 0; i < res->nchain; i++)
		if (!res->on_path[i])
			report_finding_add(fs, STATE_WARNING,
			    CAUSE_CHAIN_SUPERFLUOUS, "superfluous",
			    "superfluous certificate #%d '%s' is on no path to "
			    "the leaf",
			    i, res->chain[i].name);
	/* Sent above the point where the store takes over: harmless. */
	for (k = 1; k < res->npath; k++) {
		const struct cert_info *c = &res->chain[res->path[k]];

		if (c->self_signed)
			report_finding_add(fs, STATE_OK,
			    CAUSE_CHAIN_SUPERFLUOUS, "root_sent",
			    "the server also sends the root '%s' (harmless; "
			    "clients use their own copy)",
			    c->name);
		else if (res->anchor >= 0 && k > res->anchor)
			report_finding_add(fs, STATE_OK,
			    CAUSE_CHAIN_SUPERFLUOUS, "above_anchor",
			    "the server also sends '%s' (issued by '%s'), which "
			    "clients trusting '%s' do not need",
			    c->name, c->issuer_name, res->store_issuer);
	}
}

/* Status bits the findings above name in their own way. */
#define CHAIN_NAMED_BITS                                                       \
	(PROBE_V_EXPIRED | PROBE_V_NOT_ACTIVATED | PROBE_V_SIGNER_NOT_FOUND |  \
	    PROBE_V_UNEXPECTED_OWNER | PROBE_V_INSECURE_ALGORITHM)

/*
 * Status bits none of the findings above explain: each in our words
 * (probe_verify_phrase), never GnuTLS's, and never passed silently.
 */
static void
chain_leftovers(const struct probe_result *res, unsigned int explained,
    struct report_findings *fs)
{
	static const struct {
		unsigned int bit;
		enum cause   cause;
		const char  *code;
	} own[] = {
	    {PROBE_V_REVOKED, CAUSE_OCSP_REVOKED, "revoked"},
	    {PROBE_V_MISSING_OCSP_STATUS, CAUSE_OCSP_STAPLE_MISSING,
		"ocsp_must_staple"},
	    {PROBE_V_INVALID_OCSP_STATUS, CAUSE_OCSP_STAPLE_MISSING,
		"ocsp_invalid"},
	    {PROBE_V_SIGNATURE_FAILURE, CAUSE_CHAIN_UNTRUSTED, "bad_signature"},
	    {PROBE_V_SIGNER_NOT_CA, CAUSE_CHAIN_UNTRUSTED, "issuer_not_ca"},
	    {PROBE_V_PURPOSE_MISMATCH, CAUSE_CHAIN_UNTRUSTED,
		"purpose_mismatch"},
	    {PROBE_V_SIGNER_CONSTRAINTS, CAUSE_CHAIN_UNTRUSTED,
		"issuer_constraints"},
	    {PROBE_V_UNKNOWN_CRIT_EXTENSIONS, CAUSE_CHAIN_UNTRUSTED,
		"unknown_critical_extension"},
	    {PROBE_V_REVOCATION_SUPERSEDED, CAUSE_CHAIN_UNTRUSTED,
		"revocation_superseded"},
	    {PROBE_V_REVOCATION_FUTURE, CAUSE_CHAIN_UNTRUSTED,
		"revocation_future"},
	    {PROBE_V_MISMATCH, CAUSE_CHAIN_UNTRUSTED, "not_pinned"},
	    {PROBE_V_OTHER, CAUSE_CHAIN_UNTRUSTED, "verify_failed"},
	};
	/*
	 * Not GnuTLS's name check (UNEXPECTED_OWNER), which changed between
	 * its patch levels: names are ours (chain_names, on name_matches).
	 */
	unsigned int st = res->verify_bits & ~explained &
	    ~(unsigned int)PROBE_V_UNEXPECTED_OWNER;
	char   words[512];
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (st & own[i].bit)
			report_finding_add(fs, STATE_CRITICAL, own[i].cause,
			    own[i].code, "%s%s",
			    probe_verify_phrase(own[i].bit),
			    own[i].bit == PROBE_V_OTHER ?
				" for a reason without words of ours (-vvv "
				"shows the library's)" :
				"");
	if ((st & CHAIN_NAMED_BITS) != 0 &&
	    report_findings_worst(fs) == STATE_OK &&
	    !(res->top_self_signed && res->npath == 1)) {
		probe_verify_words(st & CHAIN_NAMED_BITS, words, sizeof(words));
		report_finding_add(fs, STATE_CRITICAL, CAUSE_CHAIN_UNTRUSTED,
		    "verify_failed", "verification failed: %s", words);
	}
}

/*
 * Are there certificates to judge: a finished handshake, or one refused
 * because a CA certificate came first, whose chain the probe kept?
 */
static bool
chain_judgeable(const struct probe_result *res)
{
	return res->err == PROBE_OK || res->chain_on_failure;
}

/*
 * The server sends a CA certificate before its own: every client takes
 * the first as the server's and refuses the handshake (GnuTLS: a key
 * usage violation), so this is no advisory.
 */
static void
chain_refused(const struct probe_result *res, struct report_findings *fs)
{
	char first[OUT_SHORT + 4], leaf[OUT_SHORT + 4];

	if (!res->chain_on_failure)
		return;
	report_finding_add(fs, STATE_CRITICAL, CAUSE_CHAIN_MISORDERED,
	    "misordered_ca_first",
	    "chain misordered: certificate #0 '%s' is %s; the leaf '%s' is "
	    "sent at #%d",
	    out_short(res->chain[0].name, first, sizeof(first)),
	    res->chain[0].is_ca ? "a CA certificate" : "not the server's own",
	    out_short(res->chain[res->leaf].name, leaf, sizeof(leaf)),
	    res->leaf);
}

/* Pure: the probe's facts to trust, date, name, strength, shape findings. */
static void
chain_assess(const void *args, struct judge_run *run)
{
	const struct chain_args	  *ca = args;
	const struct probe_result *res = &run->res[0];
	struct report_findings	  *fs = &run->findings;
	char			   what[OUT_FIELD_SIZE + 32];
	unsigned int		   explained;

	if (!chain_judgeable(res)) {
		report_failure_finding(fs, &ca->c, res);
		return;
	}
	chain_refused(res, fs);
	if (res->npath == 0 || res->chain[res->path[0]].der == NULL) {
		report_finding_add(fs, STATE_CRITICAL, CAUSE_HANDSHAKE_FAILED,
		    "unparseable",
		    "the server's certificate cannot be "
		    "parsed: %s",
		    res->chain[0].subject);
		return;
	}
	chain_trust(ca, res, fs);
	chain_dates(res, fs);
	chain_names(ca, res, fs);
	chain_strength(ca, res, fs);
	chain_what(res, res->leaf, what, sizeof(what));
	explained = report_ocsp_findings(res, what, fs);
	chain_leftovers(res, explained, fs);
	chain_shape(res, fs);
}

/* The first line when nothing is wrong: what the chain verifies to. */
static void
chain_ok_text(const struct chain_args *ca, const struct probe_result *res,
    char *buf, size_t bufsz)
{
	int	    top = res->anchor >= 0 ? res->path[res->anchor] : 0;
	const char *covered = res->name_cn_only && ca->allow_cn ?
	    "' covered by the CN (--allow-cn)" :
	    "' covered";

	if (res->npath == 1 && res->top_self_signed && !res->top_trusted)
		snprintf(buf, bufsz,
		    "self-signed certificate '%s' "
		    "accepted (--allow-self-signed)%s%s%s",
		    res->chain[0].name, res->name_checked ? "; name '" : "",
		    res->name, res->name_checked ? covered : "");
	else
		snprintf(buf, bufsz,
		    "chain of %d certificate%s verifies to "
		    "trusted %s '%s'%s%s%s",
		    res->nchain_sent, res->nchain_sent == 1 ? "" : "s",
		    res->top_trusted && res->anchor == 0 ? "certificate" :
							   "root",
		    res->top_trusted	     ? res->chain[top].name :
			res->store_issuer[0] ? res->store_issuer :
					       "(from the store)",
		    res->name_checked ? "; name '" : "", res->name,
		    res->name_checked ? covered : "");
}

/* Pure: findings and facts to the verdict. */
static void
chain_render(const void *args, const struct judge_run *run, struct verdict *v)
{
	const struct chain_args	  *ca = args;
	const struct probe_result *res = &run->res[0];
	char			   tgt[OUT_FIELD_SIZE + 16], ok[512];
	struct out_perf		  *p;
	struct out_buf		   b;
	struct out_json		   j;

	if (!chain_judgeable(res)) {
		report_failure(v, &ca->c, res);
		return;
	}
	report_target(&ca->c, tgt, sizeof(tgt));
	chain_ok_text(ca, res, ok, sizeof(ok));
	report_findings_apply(v, tgt, &run->findings, ok);

	p = out_perf_add(v, "chain_length", res->nchain_sent, 0, "");
	p->has_min = true;
	p = out_perf_add(v, "handshake_time", res->handshake_time, 3, "s");
	p->has_min = true;
	/* Seconds since the staple's thisUpdate; null without one. */
	p = out_perf_add(v, "ocsp_age", report_ocsp_age(res), 0, "s");
	p->has_min = true;
	p->unknown = report_ocsp_age(res) < 0;

	report_lines(v, &ca->c, res);
	report_ocsp_lines(v, res);
	out_facts_begin(v, &b, &j);
	report_json(&j, res);
	report_ocsp_json(&j, res);
	report_findings_json(&j, &run->findings);
	out_facts_end(v, &b);
}

static const char chain_usage[] =
    "-H HOST [-I ADDR] [-p PORT] [--ca-file FILE] [--name NAME] [options]";
static const char chain_summary[] =
    "Checks the certificate chain a TLS server presents: trust (missing\n"
    "intermediate, untrusted root, self-signed), validity of each certificate,\n"
    "the host name, weak signatures and keys, order and superfluous certificates,\n"
    "and the stapled OCSP response (revoked, unknown, stale, must-staple).";
static const char chain_options[] =
    "     --name=NAME         name the certificate must cover (default: HOST)\n"
    "     --no-hostname       do not check the name\n"
    "     --allow-self-signed a self-signed leaf is not a finding\n"
    "     --allow-cn          accept a leaf without DNS SANs whose subject CN\n"
    "                         is the name (clients ignore the CN since\n"
    "                         RFC 9525; without this: CRITICAL)\n"
    "     --min-key-bits=N    weakest RSA/DSA key accepted (default 2048;\n"
    "                         EC keys need 224 bits)\n";

static const struct option chain_opts[] = {
    {"name", required_argument, NULL, OPT_NAME},
    {"no-hostname", no_argument, NULL, OPT_NO_HOSTNAME},
    {"allow-self-signed", no_argument, NULL, OPT_ALLOW_SELF_SIGNED},
    {"min-key-bits", required_argument, NULL, OPT_MIN_KEY_BITS},
    {"allow-cn", no_argument, NULL, OPT_ALLOW_CN}, {NULL, 0, NULL, 0}};

const struct judge judge_chain = {
    .name = "chain",
    .prog = "check_tls_chain",
    .label = "TLS-CHAIN",
    .summary = chain_summary,
    .usage = chain_usage,
    .help = chain_options,
    .options = chain_opts,
    .args_size = sizeof(struct chain_args),
    .no_thresholds = "every finding has its own state",
    .defaults = chain_defaults,
    .option = chain_option,
    .check = chain_check,
    .assess = chain_assess,
    .render = chain_render,
};
