/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The protocols judge's options and probes, for the judge and its tests. */
#ifndef TLSCHECK_JUDGE_PROTOCOLS_H
#define TLSCHECK_JUDGE_PROTOCOLS_H

#include "hello.h"
#include "judge.h"

enum ver { V_SSL3, V_TLS10, V_TLS11, V_TLS12, V_TLS13, V_COUNT };

/* The probes of one scan: SSL 3.0 raw, then default and wide per version. */
enum {
	P_SSL3,
	P_DEFAULT,		/* + version - V_TLS10 */
	P_WIDE = P_DEFAULT + 4, /* + version - V_TLS10, not for TLS 1.3 */
	P_COUNT = P_WIDE + 3
};

struct proto_args {
	struct common_args c;
	unsigned int	   warn; /* bit per enum ver */
	unsigned int	   crit;
	unsigned int	   require;
	/* What the probes point to, for the length of the run. */
	char	      prio[P_COUNT][512];
	unsigned char hello[HELLO_SSL3_MAX];
};

/* The protocols failure class, for check_tls_protocols and check_tls. */
extern const struct judge judge_protocols;

#endif
