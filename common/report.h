/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The probe's facts in words every plugin shares: the failure verdict for
 * connection-level problems, long-output lines and JSON for the connection
 * and the presented chain.
 */
#ifndef TLSCHECK_REPORT_H
#define TLSCHECK_REPORT_H

#include <stdarg.h>

#include "args.h"
#include "cause.h"
#include "out.h"
#include "probe.h"

/* "host:port", with brackets around an IPv6 literal. */
const char *report_target(const struct common_args *, char *buf, size_t bufsz);
/* A stable identifier for an error: "refused", "timeout", "not_tls" ... */
const char *report_err_name(enum probe_err);
/* Signed days from now to t: the perfdata value. */
double report_days(time_t t, time_t now);
/*
 * "9 days", "36 hours", "12 minutes", "1 minute", "under a minute":
 * magnitude only, from seconds; minutes under 2 hours, hours under 2 days.
 */
const char *report_span(double days, char *buf, size_t bufsz);

/*
 * Fill v for a probe that failed before any certificate could be judged:
 * state from probe_err_state(), text "host:port <reason>", perfdata
 * handshake_time when the handshake started, facts in long output/JSON.
 */
void report_failure(
    struct verdict *, const struct common_args *, const struct probe_result *);
/* Long-output lines for the connection and every presented certificate. */
void report_lines(
    struct verdict *, const struct common_args *, const struct probe_result *);
/* JSON members "connection", "chain" (and "failure" when err is set). */
void report_json(struct out_json *, const struct probe_result *);
/*
 * Long-output lines for what else a handshake showed: its finite-field DH
 * group and a client-certificate request; none when there was neither.
 */
void report_session_lines(struct verdict *, const struct probe_result *);
/*
 * JSON members "dh" ({prime_bits, named_group, probable_prime,
 * safe_prime}, or null without finite-field DH) and "client_certificate"
 * ("not_requested", "requested": the handshake completed without one,
 * or "required": it failed after the request).
 */
void report_session_json(struct out_json *, const struct probe_result *);
/* The DH group in words: "1024 bits, a safe prime"; "" without one. */
const char *report_dh_words(
    const struct probe_result *, char *buf, size_t bufsz);

/*
 * Findings: what a plugin found, each with its own state and words, kept in
 * the order the plugin ranks them. The first line names the first finding
 * of the worst state; long output and JSON list them all.
 */
#define REPORT_FINDINGS_MAX 24

struct report_finding {
	enum state  state;
	enum cause  cause;    /* DESIGN.md section 7 */
	int	    priority; /* cause_rank(cause): lower ranks first */
	const char *code;     /* static identifier: "chain_incomplete" */
	bool	    failure;  /* a probe's failure: report_failure words */
	char	    text[OUT_LONG_WIDTH - 16];
};

struct report_findings {
	struct report_finding f[REPORT_FINDINGS_MAX];
	int		      n;
};

void report_finding_add(struct report_findings *, enum state, enum cause,
    const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/*
 * A probe that failed (err != PROBE_OK) as a finding: its state from
 * probe_err_state(), its cause from report_probe_cause(), its reason.
 */
void report_failure_finding(struct report_findings *,
    const struct common_args *, const struct probe_result *);
/* The cause of a failed probe: what the error and the reply say. */
enum cause report_probe_cause(const struct probe_result *);
/*
 * A leaf covering shown (the name, escaped) only by its subject CN
 * (probe_result.name_cn_only): CRITICAL no-san, or with allow
 * (--allow-cn) an OK note. The same words for every judge.
 */
void report_cn_only(struct report_findings *, const struct cert_info *leaf,
    const char *shown, bool allow);
/*
 * The cause a verdict of state st names: that of the first finding of
 * state st (the one the first line names), CAUSE_OK when st is OK.
 */
enum cause report_findings_cause(const struct report_findings *, enum state st);
/* The worst state among the findings (OK when none). */
enum state report_findings_worst(const struct report_findings *);
/*
 * Set v's state and text from the findings: "target <worst finding>" (plus
 * "(and N more problems)"), or "target ok_text" when nothing is worse than
 * OK. Adds one long-output line per finding.
 */
void report_findings_apply(struct verdict *, const char *target,
    const struct report_findings *, const char		*ok_text);
/*
 * The finding a diagnosis names as the root cause: among those of the
 * worst state, the one of lowest priority (earliest in an expert's walk,
 * cause_rank), the first of equals; -1 when none is worse than OK. The
 * plugins' first line names the first finding of the worst state
 * instead: the order its judge ranks them in.
 */
int report_findings_root(const struct report_findings *);
/* JSON member "findings": [{state, code, text}, ...]. */
void report_findings_json(struct out_json *, const struct report_findings *);

/*
 * The OCSP staple (report_ocsp.c). report_ocsp_findings: what check_tls_chain
 * makes of it: revoked CRITICAL (with the time), status unknown WARNING,
 * nextUpdate passed WARNING, for another certificate, not signed by the
 * issuer or no OCSP response at all CRITICAL, none while the leaf (what,
 * "leaf 'x'") demands one CRITICAL; a good one a note. Returns the
 * verification bits (PROBE_V_) those findings explain, 0 when none.
 * report_ocsp_age: seconds since its thisUpdate, -1 without a usable
 * staple. report_ocsp_lines and report_ocsp_json: the facts, in
 * verification mode only.
 */
unsigned int report_ocsp_findings(
    const struct probe_result *, const char *what, struct report_findings *);
double report_ocsp_age(const struct probe_result *);
void   report_ocsp_lines(struct verdict *, const struct probe_result *);
void   report_ocsp_json(struct out_json *, const struct probe_result *);

#endif
