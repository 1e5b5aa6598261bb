/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The protocols judge's options and probes, for the judge and its tests. */
#ifndef TLSCHECK_JUDGE_PROTOCOLS_H
#define TLSCHECK_JUDGE_PROTOCOLS_H

#include "hello.h"
#include "judge.h"

enum ver { V_SSL3, V_TLS10, V_TLS11, V_TLS12, V_TLS13, V_COUNT };

/*
 * The probes of one run: the version scan (SSL 3.0 raw, then default and
 * wide per version, each ending at the ServerHello), and beside it two
 * whole handshakes: a default client's, and one offering only DHE.
 */
enum {
	P_SSL3,
	P_DEFAULT,		 /* + version - V_TLS10 */
	P_WIDE = P_DEFAULT + 4,	 /* + version - V_TLS10, not for TLS 1.3 */
	P_SCAN_END = P_WIDE + 3, /* the version scan is [0, P_SCAN_END) */
	P_FULL = P_SCAN_END,	 /* the default ClientHello, to the end */
	P_DHE,			 /* TLS 1.0-1.2, DHE only, no RFC 7919 group */
	P_COUNT
};

/* The scan's probe of version v (TLS 1.0 up) with the default ciphers. */
static inline int
proto_default(enum ver v)
{
	return P_DEFAULT + (int)v - V_TLS10;
}

/* ... and with the legacy ciphers too (not for TLS 1.3). */
static inline int
proto_wide(enum ver v)
{
	return P_WIDE + (int)v - V_TLS10;
}

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

/*
 * judge_protocols_hs.c: the whole handshakes beside the scan. p holds
 * P_COUNT results.
 */
/*
 * When the default client's handshake fails although versions are
 * accepted (accepted: "TLS 1.2, TLS 1.3"): a stall after the ServerHello,
 * a large ClientHello dropped, a client-certificate demand (a note).
 */
void proto_hs_full(const struct proto_args *, const struct probe_result *p,
    const char *accepted, struct report_findings *);
/* The DH group of either whole handshake against the thresholds. */
void proto_hs_dh(const struct probe_result *p, struct report_findings *);
/* Long-output lines for both handshakes. */
void proto_hs_lines(struct verdict *, const struct probe_result *p);
/* JSON members "default_handshake" and "dhe_handshake". */
void proto_hs_json(struct out_json *, const struct probe_result *p);

#endif
