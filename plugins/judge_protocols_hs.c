/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The protocols judge's whole handshakes, run beside the version scan:
 * does a default client's handshake complete (the scan's probes end at
 * the ServerHello and are small), and which Diffie-Hellman group does a
 * DHE handshake get.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "judge_protocols.h"

/*
 * The largest ClientHello of the scan that the server answered. The scan
 * ends at the ServerHello, so a probe that got a reply sent its hello and
 * nothing more.
 */
static size_t
answered_hello(const struct probe_result *p)
{
	size_t max = 0;
	int    i;

	for (i = 0; i < P_SCAN_END; i++)
		if (p[i].nrecv > 0 && p[i].nsent > max)
			max = p[i].nsent;
	return max;
}

/*
 * The default ClientHello got nothing back, not a byte, while the scan's
 * got answers: a silence, a reset or a close. Larger than every answered
 * one, it is the size that is dropped. Returns the cause.
 */
static enum cause
full_unanswered(const struct proto_args *pa, const struct probe_result *p,
    char *how, size_t howsz)
{
	const struct probe_result *f = &p[P_FULL];
	size_t			   small = answered_hello(p);
	char			   what[64];

	if (f->err == PROBE_E_TIMEOUT)
		snprintf(what, sizeof(what), "got no reply within %g s",
		    pa->c.probe.timeout_ms / 1000.0);
	else if (f->err == PROBE_E_RESET)
		snprintf(what, sizeof(what), "got a TCP reset");
	else
		snprintf(what, sizeof(what), "got the connection closed");
	if (small > 0 && f->nsent > small) {
		snprintf(how, howsz,
		    "the default ClientHello (%zu bytes) %s, those up to %zu "
		    "bytes did: large ClientHellos are dropped",
		    f->nsent, what, small);
		return CAUSE_LARGE_CLIENTHELLO_DROPPED;
	}
	snprintf(how, howsz, "the default ClientHello %s", what);
	return report_probe_cause(f);
}

void
proto_hs_full(const struct proto_args *pa, const struct probe_result *p,
    const char *accepted, struct report_findings *fs)
{
	const struct probe_result *f = &p[P_FULL];
	char			   how[240];
	enum cause		   cause;

	if (f->err == PROBE_OK || f->err == PROBE_E_NOT_RUN)
		return;
	/* A demand by design (mutual TLS), not a version problem. */
	if (f->cert_requested) {
		report_finding_add(fs, STATE_OK, CAUSE_CLIENT_CERT_REQUIRED,
		    "client_cert_required", "%s", f->reason);
		return;
	}
	cause = report_probe_cause(f);
	if (f->nrecv == 0 && f->stage >= PROBE_S_HELLO &&
	    (f->err == PROBE_E_TIMEOUT || f->err == PROBE_E_RESET ||
		f->err == PROBE_E_EOF))
		cause = full_unanswered(pa, p, how, sizeof(how));
	else if (cause == CAUSE_STALL_AFTER_SERVERHELLO)
		snprintf(how, sizeof(how),
		    "the server's certificate flight never arrives (a "
		    "ServerHello, then nothing for %g s)",
		    pa->c.probe.timeout_ms / 1000.0);
	else
		snprintf(how, sizeof(how), "%s", f->reason);
	report_finding_add(fs, probe_err_state(f->err, pa->c.timeout_state),
	    cause, "no_handshake", "accepts %s, but no handshake completes: %s",
	    accepted, how);
}

/*
 * One handshake's DH group against the thresholds: CRITICAL for a
 * modulus that is not prime or under 1024 bits, WARNING under 2048 bits,
 * and WARNING for a prime that is not safe (RFC 7919 section 1.1: small
 * subgroups). who names a client other than the DHE-only one.
 */
static void
dh_findings(
    const struct probe_result *r, const char *who, struct report_findings *fs)
{
	if (!r->dh_prime) {
		report_finding_add(fs, STATE_CRITICAL, CAUSE_WEAK_DH,
		    "dh_composite",
		    "DHE%s uses a %d-bit modulus that is not prime", who,
		    r->dh_bits);
		return;
	}
	if (r->dh_bits < 1024)
		report_finding_add(fs, STATE_CRITICAL, CAUSE_WEAK_DH, "dh_weak",
		    "DHE%s uses a %d-bit group, under 1024 bits", who,
		    r->dh_bits);
	else if (r->dh_bits < 2048)
		report_finding_add(fs, STATE_WARNING, CAUSE_WEAK_DH, "dh_small",
		    "DHE%s uses a %d-bit group, under 2048 bits", who,
		    r->dh_bits);
	if (!r->dh_safe_prime)
		report_finding_add(fs, STATE_WARNING, CAUSE_WEAK_DH,
		    "dh_unsafe",
		    "DHE%s uses a %d-bit prime that is not a safe prime: "
		    "its group may have small subgroups",
		    who, r->dh_bits);
}

/* Did r's handshake get a DH group, and another one than o's? */
static bool
dh_seen(const struct probe_result *r, const struct probe_result *o)
{
	if (r->err != PROBE_OK || r->dh_bits <= 0)
		return false;
	return o == NULL || o->err != PROBE_OK || o->dh_bits != r->dh_bits ||
	    o->dh_prime != r->dh_prime || o->dh_safe_prime != r->dh_safe_prime;
}

void
proto_hs_dh(const struct probe_result *p, struct report_findings *fs)
{
	if (dh_seen(&p[P_DHE], NULL))
		dh_findings(&p[P_DHE], "", fs);
	if (dh_seen(&p[P_FULL], &p[P_DHE]))
		dh_findings(&p[P_FULL], " with a default client", fs);
}

/* "TLS1.3 TLS_AES_256_GCM_SHA384, kx ECDHE, group X25519" */
static void
hs_words(const struct probe_result *r, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%s %s%s%s%s%s", r->protocol,
	    r->suite[0] ? r->suite : r->cipher, r->kx[0] ? ", kx " : "", r->kx,
	    r->group[0] ? ", group " : "", r->group);
}

void
proto_hs_lines(struct verdict *v, const struct probe_result *p)
{
	const struct probe_result *f = &p[P_FULL], *d = &p[P_DHE];
	char			   w[200];

	if (f->err == PROBE_OK) {
		hs_words(f, w, sizeof(w));
		out_line(v, "default client: %s, handshake %.3f s", w,
		    f->handshake_time);
		report_session_lines(v, f);
	} else if (f->err != PROBE_E_NOT_RUN) {
		out_line(v, "default client: no handshake (%s)", f->reason);
	}
	if (d->err == PROBE_OK) {
		hs_words(d, w, sizeof(w));
		out_line(v, "DHE-only client: %s", w);
		if (d->dh_bits > 0)
			out_line(v, "DHE-only client's group: %s",
			    report_dh_words(d, w, sizeof(w)));
	} else if (d->err != PROBE_E_NOT_RUN) {
		out_line(v, "DHE-only client: no handshake (%s)", d->reason);
	}
}

/* One whole handshake as a JSON object. */
static void
hs_json(struct out_json *j, const char *key, const struct probe_result *r)
{
	out_json_obj_begin(j, key);
	out_json_bool(j, "completed", r->err == PROBE_OK);
	out_json_str(j, "protocol", r->err == PROBE_OK ? r->protocol : "");
	out_json_str(j, "suite", r->err == PROBE_OK ? r->suite : "");
	out_json_str(j, "key_exchange", r->err == PROBE_OK ? r->kx : "");
	out_json_str(j, "group", r->err == PROBE_OK ? r->group : "");
	out_json_num(j, "handshake_time", r->handshake_time, 3);
	if (r->err != PROBE_OK) {
		out_json_str(j, "error", report_err_name(r->err));
		out_json_str(j, "reason", r->reason);
	}
	report_session_json(j, r);
	out_json_obj_end(j);
}

void
proto_hs_json(struct out_json *j, const struct probe_result *p)
{
	hs_json(j, "default_handshake", &p[P_FULL]);
	hs_json(j, "dhe_handshake", &p[P_DHE]);
}
