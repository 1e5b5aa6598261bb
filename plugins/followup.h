/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Follow-up probes after a handshake_failure or insufficient_security
 * alert: the alert alone does not say why, so every plugin runs the
 * protocols judge's version scan against the same server and names the
 * cause in that judge's own words (no cipher in common, only versions
 * modern clients no longer offer).
 */
#ifndef TLSCHECK_FOLLOWUP_H
#define TLSCHECK_FOLLOWUP_H

#include <stdbool.h>

#include "judge_protocols.h"

/* Does this failure call for follow-up probes? */
bool followup_wanted(const struct probe_result *failed);
/*
 * Plan the scan into run for the target of c: the protocols judge's
 * probes, without its version policy, within timeout_ms. pa must live
 * until the run is decided.
 */
void followup_plan(const struct common_args *c, unsigned int timeout_ms,
    struct proto_args *pa, struct judge_run *run);
/*
 * Pure: read the scan in run (probes done) and, when it names the cause,
 * rewrite failed's reason in its words and set its followup_cause.
 * Returns true when it did.
 */
bool followup_explain(const struct proto_args *pa, struct judge_run *run,
    struct probe_result *failed);

#endif
