/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the probe's files share, and nobody else: the state of one probe
 * in flight and the seams between run (probe.c), run-wide configuration
 * (probe_config.c), TLS session and exchange (probe_tls.c) and chain facts
 * (probe_chain.c). Not part of the API; plugins include probe.h.
 */
#ifndef TLSCHECK_PROBE_INT_H
#define TLSCHECK_PROBE_INT_H

#include <gnutls/gnutls.h>

#include "probe.h"

/* One probe in flight. */
struct probe_ctx {
	/* Owned: freed at the end of the probe. */
	gnutls_session_t session;
	/* Borrowed from the run's config: shared, read-only. */
	gnutls_certificate_credentials_t cred;
	struct net_conn			 conn;
	/* net_mono() seconds: the one deadline for everything. */
	double deadline;
	/* The ServerHello was seen (stop_after_hello). */
	bool hello_seen;
	/* The cipher suite from the ServerHello, when hello_seen. */
	unsigned char suite_id[2];
	bool	      have_suite_id;
	/* SNI to send ("" none) and the name to verify ("" none). */
	char sni[256];
	char vname[256];
};

/* Set res->err and res->reason (printf-style, one line). */
void probe_set_reason(struct probe_result *res, enum probe_err err,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * probe_config.c: the certificate credentials for o's trust source (none
 * with insecure_noverify, o->ca_file, else the system store), loaded on
 * first use and shared from then on. Returns 0 with *cred set (borrowed:
 * valid until probe_config_free) and res->ca_count filled, or -1 with
 * res->err and res->reason set (the same reason for every probe that
 * asks for a trust source that failed to load).
 */
int probe_config_cred(const struct probe_config *cfg,
    const struct probe_opts *o, struct probe_result *res,
    gnutls_certificate_credentials_t *cred);

/*
 * probe_tls.c: start x->session on x->cred with o's priorities, x->sni
 * and our transport over x->conn. Returns 0, or -1 with the reason set.
 */
int probe_tls_session(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res);
/*
 * Run the handshake until done, failed or the deadline. Returns 0 (also
 * when stopped on purpose after the ServerHello: res->hello_only), or -1
 * with the failure classified (probe_tls_fail).
 */
int probe_tls_handshake(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res);
/*
 * Send o->raw_hello instead of a handshake and keep the reply. Returns 0
 * when the server answered with anything, else -1 with the reason set.
 */
int probe_tls_raw(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res);
/*
 * Say why the exchange failed, in the capture's words first: GnuTLS calls
 * every non-TLS reply the same. r is the GnuTLS error, or 0.
 */
void probe_tls_fail(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res, int r);
/* Copy the capture of c into res and classify it into res->reply. */
void probe_tls_conn_facts(struct probe_result *res, const struct net_conn *c);
/* Protocol, cipher, suite, key exchange and group of a finished session. */
void probe_tls_facts(struct probe_ctx *x, struct probe_result *res);

/*
 * probe_chain.c: copy the presented chain into res. Returns 0, or -1
 * with PROBE_E_NO_CERT when the server sent none.
 */
int probe_chain_facts(struct probe_ctx *x, struct probe_result *res);
/* Verify the chain against x->cred's trust store for x->vname. */
void probe_chain_verify(struct probe_ctx *x, struct probe_result *res);
/*
 * Walk the presented chain from the leaf (res->leaf) and ask the store
 * about it; a chain kept from a refused handshake is verified here too.
 */
void probe_chain_walk(struct probe_ctx *x, struct probe_result *res);
/*
 * After a handshake that failed on the certificates themselves (GnuTLS:
 * key usage violation): keep what was sent, find the leaf among it and
 * say what is wrong in res->reason; walk and verify unless
 * o->insecure_noverify. Leaves res->err as it was (PROBE_E_TLS).
 */
void probe_chain_refused(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res);

#endif
