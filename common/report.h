/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The probe's facts in words every plugin shares: the failure verdict for
 * connection-level problems, long-output lines and JSON for the connection
 * and the presented chain.
 */
#ifndef TLSCHECK_REPORT_H
#define TLSCHECK_REPORT_H

#include "args.h"
#include "out.h"
#include "probe.h"

/* "host:port", with brackets around an IPv6 literal. */
const char	*report_target(const struct common_args *, char *buf, size_t bufsz);
/* A stable identifier for an error: "refused", "timeout", "not_tls" ... */
const char	*report_err_name(enum probe_err);
/* Signed days from now to t: the perfdata value. */
double		 report_days(time_t t, time_t now);
/* "9 days", "1 day", "5 hours", "12 minutes": magnitude only. */
const char	*report_span(double days, char *buf, size_t bufsz);

/*
 * Fill v for a probe that failed before any certificate could be judged:
 * state from probe_err_state(), text "host:port <reason>", perfdata
 * handshake_time when the handshake started, facts in long output/JSON.
 */
void	report_failure(struct verdict *, const struct common_args *,
	    const struct probe_result *);
/* Long-output lines for the connection and every presented certificate. */
void	report_lines(struct verdict *, const struct common_args *,
	    const struct probe_result *);
/* JSON members "connection", "chain" (and "failure" when err is set). */
void	report_json(struct out_json *, const struct probe_result *);

#endif
