/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The expiry judge's parsed options, for the judge and its unit tests. */
#ifndef TLSCHECK_JUDGE_EXPIRY_H
#define TLSCHECK_JUDGE_EXPIRY_H

#include "judge.h"
#include "range.h"

struct expiry_args {
	struct common_args c;
	struct range	   warn;  /* -w, default 30 days */
	struct range	   crit;  /* -c, default 14 days */
	bool		   chain; /* --chain: judge the first to expire */
};

/* The expiry failure class, for check_tls_expiry and check_tls. */
extern const struct judge judge_expiry;

#endif
