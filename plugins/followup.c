/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A handshake_failure alert has several causes, and the protocols judge
 * already tells them apart. Rather than a second set of words, a failed
 * handshake is explained by that judge itself: its scan, its assessment,
 * its finding.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "followup.h"

bool
followup_wanted(const struct probe_result *failed)
{
	/* insufficient_security: the same refusal, said of the ciphers. */
	return failed->err == PROBE_E_ALERT &&
	    (failed->alert == CLS_ALERT_HANDSHAKE_FAILURE ||
		failed->alert == 71);
}

void
followup_plan(const struct common_args *c, unsigned int timeout_ms,
    struct proto_args *pa, struct judge_run *run)
{
	memset(pa, 0, sizeof(*pa));
	if (judge_protocols.defaults != NULL)
		judge_protocols.defaults(pa);
	pa->c = *c;
	/* The failed plugin's thresholds mean something else here. */
	pa->c.warn = NULL;
	pa->c.crit = NULL;
	pa->c.probe.timeout_ms = timeout_ms;
	/* Cannot fail without -w/-c; a policy is not what is asked. */
	(void)judge_protocols.check(pa);
	pa->warn = pa->crit = pa->require = 0;
	judge_plan(&judge_protocols, pa, run);
}

bool
followup_explain(const struct proto_args *pa, struct judge_run *run,
    struct probe_result *failed)
{
	const struct report_finding *f;
	char			     words[sizeof(failed->reason)];
	int			     k;

	run->findings.n = 0;
	judge_protocols.assess(pa, run);
	k = report_findings_root(&run->findings);
	if (k < 0)
		return false;
	f = &run->findings.f[k];
	if (f->cause != CAUSE_NO_COMMON_CIPHER &&
	    f->cause != CAUSE_PROTOCOL_OBSOLETE)
		return false;
	snprintf(words, sizeof(words),
	    "%s; a default handshake fails with alert %s", f->text,
	    cls_alert_name(failed->alert));
	snprintf(failed->reason, sizeof(failed->reason), "%s", words);
	failed->followup_cause = (int)f->cause;
	return true;
}
