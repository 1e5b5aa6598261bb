/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared wording and JSON for what the probe saw. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "report.h"

const char *
report_target(const struct common_args *a, char *buf, size_t bufsz)
{
	const char *port = a->probe.port ? a->probe.port : "443";

	if (strchr(a->shown_host, ':') != NULL)
		snprintf(buf, bufsz, "[%s]:%s", a->shown_host, port);
	else
		snprintf(buf, bufsz, "%s:%s", a->shown_host, port);
	return buf;
}

const char *
report_err_name(enum probe_err e)
{
	static const char *const names[] = {
	    [PROBE_E_NOT_RUN] = "not_run",
	    [PROBE_OK] = "ok",
	    [PROBE_E_USAGE] = "usage",
	    [PROBE_E_NOMEM] = "out_of_memory",
	    [PROBE_E_INTERNAL] = "internal",
	    [PROBE_E_CAFILE] = "ca_file",
	    [PROBE_E_POLICY] = "local_policy",
	    [PROBE_E_RESOLVE] = "resolve",
	    [PROBE_E_TIMEOUT] = "timeout",
	    [PROBE_E_REFUSED] = "refused",
	    [PROBE_E_UNREACHABLE] = "unreachable",
	    [PROBE_E_CONNECT] = "connect",
	    [PROBE_E_RESET] = "reset",
	    [PROBE_E_EOF] = "eof",
	    [PROBE_E_ALERT] = "alert",
	    [PROBE_E_NOT_TLS] = "not_tls",
	    [PROBE_E_TLS] = "tls",
	    [PROBE_E_NO_CERT] = "no_certificate",
	    [PROBE_E_LIMIT] = "local_limit",
	};

	if ((unsigned)e < sizeof(names) / sizeof(names[0]))
		return names[e];
	return "unknown";
}

static const char *
stage_name(enum probe_stage s)
{
	switch (s) {
	case PROBE_S_SETUP:
		return "setup";
	case PROBE_S_RESOLVE:
		return "resolve";
	case PROBE_S_CONNECT:
		return "connect";
	case PROBE_S_DIALOGUE:
		return "dialogue";
	case PROBE_S_HELLO:
		return "client_hello";
	case PROBE_S_HANDSHAKE:
		return "handshake";
	case PROBE_S_DONE:
		return "done";
	}
	return "unknown";
}

double
report_days(time_t t, time_t now)
{
	return (double)(t - now) / 86400.0;
}

const char *
report_span(double days, char *buf, size_t bufsz)
{
	/* Whole days as the perfdata rounds them: "20.00" never "19 days". */
	double d = round(fabs(days) * 100.0) / 100.0;
	double secs = fabs(days) * 86400.0;

	if (d >= 2)
		snprintf(buf, bufsz, "%.0f days", floor(d));
	else if (secs >= 2 * 3600)
		snprintf(buf, bufsz, "%.0f hours", floor(secs / 3600));
	else if (secs >= 120)
		snprintf(buf, bufsz, "%.0f minutes", floor(secs / 60));
	else if (secs >= 60)
		snprintf(buf, bufsz, "1 minute");
	else
		snprintf(buf, bufsz, "under a minute");
	return buf;
}

void
report_failure(struct verdict *v, const struct common_args *a,
    const struct probe_result *res)
{
	char		 tgt[OUT_FIELD_SIZE + 16];
	struct out_buf	 b;
	struct out_json	 j;
	struct out_perf *p;

	v->state = probe_err_state(res->err, a->timeout_state);
	out_text(v, "%s %s", report_target(a, tgt, sizeof(tgt)), res->reason);
	if (res->stage >= PROBE_S_HELLO) {
		p = out_perf_add(
		    v, "handshake_time", res->handshake_time, 3, "s");
		p->has_min = true;
	}
	report_lines(v, a, res);
	out_facts_begin(v, &b, &j);
	report_json(&j, res);
	out_facts_end(v, &b);
}

static void
cert_line(struct verdict *v, const struct probe_result *res, int i, int verbose)
{
	const struct cert_info *c = &res->chain[i];
	char			nb[32], na[32];

	out_line(v, "[%d] %s: subject '%s', issuer '%s'", i,
	    i == res->leaf     ? "leaf" :
		c->self_signed ? "root" :
		c->is_ca       ? "intermediate" :
				 "certificate",
	    c->subject, c->issuer);
	out_line(v, "    valid %s to %s (%.2f days left), %s %u bits, %s",
	    cert_time_str(c->not_before, nb, sizeof(nb)),
	    cert_time_str(c->not_after, na, sizeof(na)),
	    report_days(c->not_after, res->now), c->key_type, c->key_bits,
	    c->sig_alg);
	out_line(v, "    sha256 %s", c->sha256);
	if (verbose >= 2) {
		const struct cert_sans *sans = cert_sans(c);
		char			san[OUT_FIELD_SIZE + 8];
		size_t			k;

		for (k = 0; k < sans->n && k < CERT_SAN_SHOWN; k++)
			out_line(v, "    SAN %s",
			    cert_san_str(&sans->v[k], san, sizeof(san)));
		if (sans->n > CERT_SAN_SHOWN)
			out_line(
			    v, "    (%zu more SANs)", sans->n - CERT_SAN_SHOWN);
	}
}

const char *
report_dh_words(const struct probe_result *res, char *buf, size_t bufsz)
{
	if (res->dh_bits <= 0)
		snprintf(buf, bufsz, "%s", "");
	else if (res->dh_named)
		snprintf(buf, bufsz, "%d bits, the RFC 7919 group %s",
		    res->dh_bits, res->group);
	else if (!res->dh_prime)
		snprintf(buf, bufsz, "%d bits, a modulus that is not prime",
		    res->dh_bits);
	else if (!res->dh_safe_prime)
		snprintf(buf, bufsz,
		    "%d bits, a prime but not a safe prime (small subgroups "
		    "possible)",
		    res->dh_bits);
	else
		snprintf(buf, bufsz, "%d bits, a safe prime", res->dh_bits);
	return buf;
}

void
report_session_lines(struct verdict *v, const struct probe_result *res)
{
	char dh[128];

	if (res->dh_bits > 0)
		out_line(
		    v, "DHE group: %s", report_dh_words(res, dh, sizeof(dh)));
	/*
	 * The handshake completed: the TLS layer let us in. The application
	 * may still refuse (nginx's "ssl_verify_client on" answers HTTP 400).
	 */
	if (res->cert_requested && res->err == PROBE_OK)
		out_line(v,
		    "server requests a client certificate (the "
		    "handshake completes without one)");
	else if (res->cert_requested)
		out_line(v,
		    "server requires a client certificate: the "
		    "handshake failed after CertificateRequest");
}

void
report_session_json(struct out_json *j, const struct probe_result *res)
{
	if (res->dh_bits > 0) {
		out_json_obj_begin(j, "dh");
		out_json_int(j, "prime_bits", res->dh_bits);
		out_json_bool(j, "named_group", res->dh_named);
		out_json_bool(j, "probable_prime", res->dh_prime);
		out_json_bool(j, "safe_prime", res->dh_safe_prime);
		out_json_obj_end(j);
	} else {
		out_json_null(j, "dh");
	}
	out_json_str(j, "client_certificate",
	    !res->cert_requested     ? "not_requested" :
		res->err == PROBE_OK ? "requested" :
				       "required");
}

void
report_lines(struct verdict *v, const struct common_args *a,
    const struct probe_result *res)
{
	int i;

	if (res->address[0] != '\0' && res->stage > PROBE_S_CONNECT)
		out_line(v, "connected to %s port %s in %.3f s", res->address,
		    a->probe.port, res->connect_time);
	if (res->err != PROBE_OK) {
		if (res->nfirst > 0)
			out_line(v, "server sent %zu bytes, first: %s (%s)",
			    res->nrecv, res->reply.hex,
			    cls_kind_name(res->reply.kind));
		else if (res->stage >= PROBE_S_HELLO)
			out_line(v, "server sent nothing; we sent %zu bytes",
			    res->nsent);
		/* -vvv: the library's own words, named, never a bare code. */
		if (res->gnutls_err != 0 && a->verbose >= 3)
			out_line(v, "GnuTLS: %s (%s, %d)",
			    gnutls_strerror(res->gnutls_err),
			    gnutls_strerror_name(res->gnutls_err),
			    res->gnutls_err);
	}
	if (res->stage == PROBE_S_DONE)
		out_line(v, "%s %s%s%s%s%s, SNI %s, handshake %.3f s",
		    res->protocol, res->cipher, res->kx[0] ? ", kx " : "",
		    res->kx, res->group[0] ? ", group " : "", res->group,
		    res->sni[0] ? res->sni : "(none)", res->handshake_time);
	report_session_lines(v, res);
	for (i = 0; i < res->nchain; i++)
		cert_line(v, res, i, a->verbose);
	if (res->nchain_sent > res->nchain)
		out_line(v, "(%d more certificates not shown)",
		    res->nchain_sent - res->nchain);
	if (res->verified) {
		if (res->verify_status == 0)
			out_line(v, "trust: chain verifies (%d trust anchors)",
			    res->ca_count);
		else {
			char words[OUT_LONG_WIDTH - 16];

			probe_verify_words(
			    res->verify_bits, words, sizeof(words));
			out_line(v, "trust: not trusted: %s", words);
		}
		if (a->verbose >= 3 && res->verify_detail[0] != '\0')
			out_line(v, "trust detail: %s", res->verify_detail);
	}
}

void
report_json(struct out_json *j, const struct probe_result *res)
{
	char   nb[32], na[32], san[OUT_FIELD_SIZE + 8];
	int    i;
	size_t k;

	out_json_obj_begin(j, "connection");
	out_json_str(j, "address", res->address);
	out_json_str(j, "stage", stage_name(res->stage));
	out_json_num(j, "connect_time", res->connect_time, 3);
	out_json_num(j, "handshake_time", res->handshake_time, 3);
	out_json_str(j, "sni", res->sni);
	if (res->stage == PROBE_S_DONE) {
		out_json_str(j, "protocol", res->protocol);
		out_json_str(j, "cipher", res->cipher);
		out_json_str(j, "key_exchange", res->kx);
		out_json_str(j, "group", res->group);
	}
	report_session_json(j, res);
	out_json_obj_end(j);
	if (res->err != PROBE_OK) {
		out_json_obj_begin(j, "failure");
		out_json_str(j, "error", report_err_name(res->err));
		out_json_str(j, "reason", res->reason);
		if (res->alert >= 0)
			out_json_str(j, "alert", cls_alert_name(res->alert));
		out_json_int(j, "bytes_received", (long long)res->nrecv);
		out_json_str(j, "reply_kind", cls_kind_name(res->reply.kind));
		out_json_str(j, "reply_line", res->reply.line);
		out_json_str(j, "reply_hex", res->reply.hex);
		out_json_bool(j, "server_spoke_first", res->spoke_first);
		/* A refused chain kept all the same, and where its leaf is. */
		out_json_bool(j, "chain_kept", res->chain_on_failure);
		if (res->chain_on_failure)
			out_json_int(j, "leaf_position", res->leaf);
		out_json_obj_end(j);
	}
	out_json_arr_begin(j, "chain");
	for (i = 0; i < res->nchain; i++) {
		const struct cert_info *c = &res->chain[i];

		out_json_obj_begin(j, NULL);
		out_json_int(j, "position", i);
		out_json_str(j, "name", c->name);
		out_json_str(j, "subject", c->subject);
		out_json_str(j, "issuer", c->issuer);
		out_json_arr_begin(j, "sans");
		for (k = 0; k < cert_sans(c)->n && k < CERT_SAN_SHOWN; k++)
			out_json_str(j, NULL,
			    cert_san_str(
				&cert_sans(c)->v[k], san, sizeof(san)));
		out_json_arr_end(j);
		out_json_str(j, "not_before",
		    cert_time_str(c->not_before, nb, sizeof(nb)));
		out_json_str(j, "not_after",
		    cert_time_str(c->not_after, na, sizeof(na)));
		out_json_num(
		    j, "days_left", report_days(c->not_after, res->now), 2);
		out_json_str(j, "key_type", c->key_type);
		out_json_int(j, "key_bits", c->key_bits);
		out_json_str(j, "signature_algorithm", c->sig_alg);
		out_json_str(j, "sha256", c->sha256);
		out_json_bool(j, "ca", c->is_ca);
		out_json_bool(j, "self_signed", c->self_signed);
		out_json_obj_end(j);
	}
	out_json_arr_end(j);
	if (res->verified) {
		out_json_obj_begin(j, "trust");
		out_json_bool(j, "verified", res->verify_status == 0);
		out_json_int(j, "status", res->verify_status);
		out_json_str(j, "cause", res->verify_cause);
		/* Where the top's issuer is published (AIA caIssuers). */
		out_json_str(j, "top_ca_issuers", res->top_ca_issuers);
		out_json_obj_end(j);
	}
}

void
report_finding_add(struct report_findings *fs, enum state st, enum cause cause,
    const char *code, const char *fmt, ...)
{
	struct report_finding *f;
	va_list		       ap;

	if (fs->n >= REPORT_FINDINGS_MAX)
		return;
	f = &fs->f[fs->n++];
	f->state = st;
	f->cause = cause;
	f->priority = cause_rank(cause);
	f->code = code;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
}

/* What the server answered instead of TLS, as a cause. */
static enum cause
reply_cause(enum cls_kind kind)
{
	switch (kind) {
	case CLS_HTTP:
	case CLS_HTML:
	case CLS_TEXT:
		return CAUSE_PLAINTEXT_ON_TLS_PORT;
	case CLS_SSH:
		return CAUSE_NOT_TLS_SSH;
	case CLS_SMTP:
		return CAUSE_NOT_TLS_SMTP;
	case CLS_FTP:
		return CAUSE_NOT_TLS_FTP;
	case CLS_POP3:
		return CAUSE_NOT_TLS_POP3;
	case CLS_IMAP:
		return CAUSE_NOT_TLS_IMAP;
	case CLS_SSL2:
		return CAUSE_NOT_TLS_SSL2;
	default:
		return CAUSE_NOT_TLS;
	}
}

/*
 * Did the capture start with a whole ServerHello (RFC 8446 4 and 5.1: a
 * handshake record, message type 2 and its 3-byte length, all there)?
 */
static bool
hello_complete(const struct probe_result *res)
{
	const unsigned char *b = res->first;
	size_t		     len;

	if (res->nfirst < 9 || b[0] != 22 || b[1] != 3 || b[5] != 2)
		return false;
	len = (size_t)b[6] << 16 | (size_t)b[7] << 8 | (size_t)b[8];
	return res->nfirst >= 9 + len;
}

enum cause
report_probe_cause(const struct probe_result *res)
{
	if (res->err != PROBE_OK && res->followup_cause > 0 &&
	    res->followup_cause < CAUSE_COUNT)
		return (enum cause)res->followup_cause;
	switch (res->err) {
	case PROBE_OK:
		return CAUSE_OK;
	case PROBE_E_USAGE:
		return CAUSE_USAGE;
	case PROBE_E_RESOLVE:
		return CAUSE_DNS_FAILURE;
	case PROBE_E_TIMEOUT:
		if (res->stage <= PROBE_S_RESOLVE)
			return CAUSE_DNS_FAILURE;
		if (res->stage == PROBE_S_CONNECT)
			return CAUSE_CONNECTION_TIMEOUT;
		/* A whole ServerHello, then nothing: the flight lost. */
		if (hello_complete(res))
			return CAUSE_STALL_AFTER_SERVERHELLO;
		return CAUSE_TIMEOUT;
	case PROBE_E_REFUSED:
		return CAUSE_CONNECTION_REFUSED;
	case PROBE_E_UNREACHABLE:
	case PROBE_E_CONNECT:
		return CAUSE_UNREACHABLE;
	case PROBE_E_RESET:
	case PROBE_E_EOF:
		/* A close after CertificateRequest is that demand. */
		return res->cert_requested ? CAUSE_CLIENT_CERT_REQUIRED :
					     CAUSE_CONNECTION_RESET;
	case PROBE_E_NOT_TLS:
		return reply_cause(res->reply.kind);
	case PROBE_E_ALERT:
	case PROBE_E_TLS:
	case PROBE_E_NO_CERT:
		return res->cert_requested ? CAUSE_CLIENT_CERT_REQUIRED :
					     CAUSE_HANDSHAKE_FAILED;
	default:
		/* Out of memory, internal, CA file, policy, never run. */
		return CAUSE_LOCAL_ERROR;
	}
}

void
report_cn_only(struct report_findings *fs, const struct cert_info *leaf,
    const char *shown, bool allow)
{
	/* RFC 9525 dropped CN-IDs; browsers, Go and Python ignore the CN. */
	const char *what = cert_sans(leaf)->present ?
	    "has no DNS or IP subjectAltName" :
	    "has no subjectAltName";
	char	    cn[OUT_SHORT + 4];

	out_short(leaf->name, cn, sizeof(cn));
	if (allow)
		report_finding_add(fs, STATE_OK, CAUSE_NO_SAN, "cn_allowed",
		    "the certificate %s; its CN '%s' covers '%s', accepted "
		    "(--allow-cn)",
		    what, cn, shown);
	else
		report_finding_add(fs, STATE_CRITICAL, CAUSE_NO_SAN, "no_san",
		    "the certificate %s; clients ignore the CN '%s' since RFC "
		    "9525",
		    what, cn);
}

void
report_failure_finding(struct report_findings *fs, const struct common_args *a,
    const struct probe_result *res)
{
	report_finding_add(fs, probe_err_state(res->err, a->timeout_state),
	    report_probe_cause(res), report_err_name(res->err), "%s",
	    res->reason);
	if (fs->n > 0)
		fs->f[fs->n - 1].failure = true;
}

int
report_findings_root(const struct report_findings *fs)
{
	enum state worst = report_findings_worst(fs);
	int	   i, root = -1;

	if (worst == STATE_OK)
		return -1;
	for (i = 0; i < fs->n; i++)
		if (fs->f[i].state == worst &&
		    (root < 0 || fs->f[i].priority < fs->f[root].priority))
			root = i;
	return root;
}

enum cause
report_findings_cause(const struct report_findings *fs, enum state st)
{
	int i;

	if (st == STATE_OK)
		return CAUSE_OK;
	for (i = 0; i < fs->n; i++)
		if (fs->f[i].state == st)
			return fs->f[i].cause;
	/* A verdict no finding explains is our bug; never claim "ok". */
	return CAUSE_LOCAL_ERROR;
}

enum state
report_findings_worst(const struct report_findings *fs)
{
	enum state worst = STATE_OK;
	int	   i;

	for (i = 0; i < fs->n; i++)
		worst = state_worst(worst, fs->f[i].state);
	return worst;
}

void
report_findings_apply(struct verdict *v, const char *target,
    const struct report_findings *fs, const char *ok_text)
{
	enum state worst = report_findings_worst(fs);
	int	   i, first = -1, others = 0;

	v->state = worst;
	for (i = 0; i < fs->n; i++) {
		if (fs->f[i].state == STATE_OK)
			continue;
		if (first == -1 && fs->f[i].state == worst)
			first = i;
		else
			others++;
	}
	if (first == -1)
		out_text(v, "%s %s", target, ok_text);
	else if (others == 0)
		out_text(v, "%s %s", target, fs->f[first].text);
	else
		out_text(v, "%s %s (and %d more problem%s)", target,
		    fs->f[first].text, others, others == 1 ? "" : "s");
	for (i = 0; i < fs->n; i++)
		out_line(v, "%s: %s",
		    fs->f[i].state == STATE_OK ? "note" :
						 state_name(fs->f[i].state),
		    fs->f[i].text);
}

void
report_findings_json(struct out_json *j, const struct report_findings *fs)
{
	int i;

	out_json_arr_begin(j, "findings");
	for (i = 0; i < fs->n; i++) {
		out_json_obj_begin(j, NULL);
		out_json_str(j, "state", state_name(fs->f[i].state));
		out_json_str(j, "code", fs->f[i].code);
		out_json_str(j, "text", fs->f[i].text);
		out_json_obj_end(j);
	}
	out_json_arr_end(j);
}
