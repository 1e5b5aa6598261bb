/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chain judge's parsed options, for the judge and its unit tests. */
#ifndef TLSCHECK_JUDGE_CHAIN_H
#define TLSCHECK_JUDGE_CHAIN_H

#include "judge.h"

struct chain_args {
	struct common_args c;
	char		   name[256]; /* --name */
	bool		   no_hostname;
	bool		   allow_self_signed;
	unsigned long	   min_key_bits; /* --min-key-bits, RSA/DSA */
	bool		   allow_cn;	 /* --allow-cn */
};

/* The chain failure class, for check_tls_chain and check_tls. */
extern const struct judge judge_chain;

#endif
