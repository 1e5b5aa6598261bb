/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The OCSP staple in words: the findings check_tls_chain makes of it
 * (RFC 6960 responses, RFC 7633 must-staple), its long-output lines and
 * its JSON.
 */
#include "config.h"

#include <stdio.h>

#include "report.h"

/* The bits verification sets for what the OCSP findings name. */
#define OCSP_BITS                                                              \
	(PROBE_V_REVOKED | PROBE_V_MISSING_OCSP_STATUS |                       \
	    PROBE_V_INVALID_OCSP_STATUS | PROBE_V_REVOCATION_SUPERSEDED |      \
	    PROBE_V_REVOCATION_FUTURE)

static const char *
status_name(enum probe_ocsp_status st)
{
	switch (st) {
	case PROBE_OCSP_NONE:
		return "none";
	case PROBE_OCSP_GOOD:
		return "good";
	case PROBE_OCSP_REVOKED:
		return "revoked";
	case PROBE_OCSP_UNKNOWN:
		return "unknown";
	case PROBE_OCSP_UNPARSEABLE:
		return "unparseable";
	}
	return "unknown";
}

/* A staple that is no use to a client, or none where one is demanded. */
static bool
ocsp_unusable(const struct probe_result *res, const char *what,
    struct report_findings *fs)
{
	if (!res->ocsp_stapled) {
		if (res->must_staple)
			report_finding_add(fs, STATE_CRITICAL,
			    CAUSE_OCSP_STAPLE_MISSING, "ocsp_must_staple", "%s",
			    probe_verify_phrase(PROBE_V_MISSING_OCSP_STATUS));
		return res->must_staple;
	}
	if (res->ocsp_status == PROBE_OCSP_UNPARSEABLE)
		report_finding_add(fs, STATE_CRITICAL,
		    CAUSE_OCSP_STAPLE_MISSING, "ocsp_unparseable",
		    "the server staples %zu bytes that are no OCSP response",
		    res->ocsp_len);
	else if (!res->ocsp_for_leaf)
		report_finding_add(fs, STATE_CRITICAL,
		    CAUSE_OCSP_STAPLE_MISSING, "ocsp_other_certificate",
		    "the stapled OCSP response is about another certificate, "
		    "not %s",
		    what);
	else if (res->ocsp_sig_checked && !res->ocsp_sig_ok)
		report_finding_add(fs, STATE_CRITICAL,
		    CAUSE_OCSP_STAPLE_MISSING, "ocsp_bad_signature",
		    "the stapled OCSP response for %s is not signed by %s "
		    "(its signature does not verify)",
		    what, res->ocsp_signer);
	else
		return false;
	return true;
}

unsigned int
report_ocsp_findings(const struct probe_result *res, const char *what,
    struct report_findings *fs)
{
	char when[32], span[32];

	if (ocsp_unusable(res, what, fs))
		return OCSP_BITS;
	if (!res->ocsp_stapled)
		return 0;
	if (res->ocsp_status == PROBE_OCSP_REVOKED) {
		report_finding_add(fs, STATE_CRITICAL, CAUSE_OCSP_REVOKED,
		    "ocsp_revoked",
		    "%s is revoked since %s (%s ago, reason %s), says the "
		    "stapled OCSP response",
		    what,
		    cert_time_str(res->ocsp_revoked_at, when, sizeof(when)),
		    report_span(report_days(res->ocsp_revoked_at, res->now),
			span, sizeof(span)),
		    probe_ocsp_reason_name(res->ocsp_reason));
	} else if (res->ocsp_status == PROBE_OCSP_UNKNOWN) {
		report_finding_add(fs, STATE_WARNING, CAUSE_OCSP_STAPLE_MISSING,
		    "ocsp_unknown",
		    "the stapled OCSP response does not know %s (status "
		    "unknown): clients get no proof it is not revoked",
		    what);
	} else if (res->ocsp_next_update >= 0 &&
	    res->ocsp_next_update < res->now) {
		report_finding_add(fs, STATE_WARNING, CAUSE_OCSP_STALE,
		    "ocsp_stale",
		    "the stapled OCSP response for %s is stale: its next "
		    "update was due %s ago (%s)",
		    what,
		    report_span(report_days(res->ocsp_next_update, res->now),
			span, sizeof(span)),
		    cert_time_str(res->ocsp_next_update, when, sizeof(when)));
	} else {
		report_finding_add(fs, STATE_OK, CAUSE_OK, "ocsp_good",
		    "the stapled OCSP response says %s is good (%s, next "
		    "update %s)",
		    what,
		    res->ocsp_sig_checked ? "signature verified" :
					    "signature not checked",
		    res->ocsp_next_update < 0 ?
			"not given" :
			cert_time_str(
			    res->ocsp_next_update, when, sizeof(when)));
		/*
		 * Checked here from end to end: GnuTLS's own verdict on
		 * it may differ for reasons of its own (3.7.9 wants the
		 * OCSP signing purpose even of a trusted root that signs
		 * for its leaf), and is not repeated.
		 */
		return res->ocsp_sig_checked ? PROBE_V_INVALID_OCSP_STATUS : 0;
	}
	return OCSP_BITS;
}

double
report_ocsp_age(const struct probe_result *res)
{
	if (!res->ocsp_stapled || res->ocsp_status == PROBE_OCSP_UNPARSEABLE)
		return -1;
	return (double)(res->now - res->ocsp_this_update);
}

void
report_ocsp_lines(struct verdict *v, const struct probe_result *res)
{
	char tu[32], nu[32];

	if (!res->verified)
		return;
	if (!res->ocsp_stapled) {
		out_line(v, "OCSP: no staple (%s)%s",
		    res->ocsp_requested ? "requested" : "not requested",
		    res->must_staple ? ", though the leaf demands one "
				       "(must-staple)" :
				       "");
		return;
	}
	if (res->ocsp_status == PROBE_OCSP_UNPARSEABLE) {
		out_line(v, "OCSP: a staple of %zu bytes, no OCSP response",
		    res->ocsp_len);
		return;
	}
	out_line(v, "OCSP: staple %s, %s, this update %s, next update %s",
	    status_name(res->ocsp_status),
	    res->ocsp_for_leaf ? "for the leaf" : "for another certificate",
	    cert_time_str(res->ocsp_this_update, tu, sizeof(tu)),
	    res->ocsp_next_update >= 0 ?
		cert_time_str(res->ocsp_next_update, nu, sizeof(nu)) :
		"none given");
	out_line(v, "OCSP: signature %s%s, %zu bytes",
	    !res->ocsp_sig_checked ? "not checked: no issuer to check it" :
		res->ocsp_sig_ok   ? "verifies against " :
				     "does not verify against ",
	    res->ocsp_sig_checked ? res->ocsp_signer : "", res->ocsp_len);
}

/* A time as Unix seconds and as text, or both null. */
static void
json_time(struct out_json *j, const char *key, const char *text_key, time_t t,
    bool known)
{
	char buf[32];

	if (!known) {
		out_json_null(j, key);
		out_json_null(j, text_key);
		return;
	}
	out_json_int(j, key, (long long)t);
	out_json_str(j, text_key, cert_time_str(t, buf, sizeof(buf)));
}

void
report_ocsp_json(struct out_json *j, const struct probe_result *res)
{
	bool parsed = res->ocsp_stapled &&
	    res->ocsp_status != PROBE_OCSP_UNPARSEABLE;

	if (!res->verified)
		return;
	out_json_obj_begin(j, "ocsp");
	out_json_bool(j, "requested", res->ocsp_requested);
	out_json_bool(j, "must_staple", res->must_staple);
	out_json_bool(j, "stapled", res->ocsp_stapled);
	out_json_str(j, "status", status_name(res->ocsp_status));
	out_json_bool(j, "for_leaf", parsed && res->ocsp_for_leaf);
	json_time(j, "this_update", "this_update_text", res->ocsp_this_update,
	    parsed);
	json_time(j, "next_update", "next_update_text", res->ocsp_next_update,
	    parsed && res->ocsp_next_update >= 0);
	json_time(j, "revoked_at", "revoked_at_text", res->ocsp_revoked_at,
	    parsed && res->ocsp_status == PROBE_OCSP_REVOKED);
	if (parsed && res->ocsp_status == PROBE_OCSP_REVOKED)
		out_json_str(j, "revocation_reason",
		    probe_ocsp_reason_name(res->ocsp_reason));
	else
		out_json_null(j, "revocation_reason");
	out_json_bool(j, "signature_checked", res->ocsp_sig_checked);
	out_json_bool(j, "signature_valid", res->ocsp_sig_ok);
	out_json_str(j, "signer", res->ocsp_signer);
	out_json_int(j, "bytes", (long long)res->ocsp_len);
	out_json_obj_end(j);
}
