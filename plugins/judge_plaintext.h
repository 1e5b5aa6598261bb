/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plaintext judge's options and probes, for the judge and its tests. */
#ifndef TLSCHECK_JUDGE_PLAINTEXT_H
#define TLSCHECK_JUDGE_PLAINTEXT_H

#include "judge.h"

enum expect { EXPECT_TLS, EXPECT_PLAIN };

enum send {
	SEND_DEFAULT, /* http on ports 80 and 8080 with --expect plain */
	SEND_NONE,
	SEND_HTTP
};

/* The two probes: a real ClientHello, and a plain HTTP request. */
enum { PT_HELLO, PT_HTTP, PT_COUNT };

struct plain_args {
	struct common_args c;
	enum expect	   expect;
	enum send	   send;
	double		   banner_wait;	 /* seconds */
	char		   request[512]; /* the HTTP request, when sent */
};

/* The plaintext failure class, for check_tls_plaintext and check_tls. */
extern const struct judge judge_plaintext;

#endif
