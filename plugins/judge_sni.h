/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SNI judge's parsed options and probes, for the judge and its tests. */
#ifndef TLSCHECK_JUDGE_SNI_H
#define TLSCHECK_JUDGE_SNI_H

#include "judge.h"

/* The three handshakes, in the order they are reported. */
enum { HS_SNI, HS_NOSNI, HS_UNKNOWN, HS_COUNT };

struct sni_args {
	struct common_args c;
	char		   name[256];	 /* the name under test */
	char		   unknown[256]; /* --unknown-sni, or made up */
	enum state	   no_sni_state;
	enum state	   unknown_sni_state;
	bool		   allow_cn; /* --allow-cn */
};

/* The sni failure class, for check_tls_sni and check_tls. */
extern const struct judge judge_sni;

#endif
