/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The probe: connect, run any pre-TLS steps, then one TLS handshake under
 * one deadline, returning facts (never verdicts). Callers fill probe_opts
 * (safe defaults from probe_opts_init), call probe_run, read probe_result,
 * then probe_result_release.
 */
#ifndef TLSCHECK_PROBE_H
#define TLSCHECK_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cert.h"
#include "classify.h"
#include "net.h"
#include "state.h"

/*
 * The tables below (values and fields, each with its comment) keep their
 * hand alignment; clang-format would wrap every comment.
 */
/* clang-format off */
enum probe_err {
	PROBE_E_NOT_RUN = 0,	/* zero: no probe has filled this result */
	PROBE_OK,
	PROBE_E_USAGE,		/* the options make no sense */
	PROBE_E_NOMEM,
	PROBE_E_INTERNAL,	/* a local failure: socket, GnuTLS set-up */
	PROBE_E_CAFILE,		/* trust anchors unreadable or empty */
	PROBE_E_POLICY,		/* local GnuTLS refuses the priority string */
	PROBE_E_RESOLVE,	/* the name does not resolve */
	PROBE_E_TIMEOUT,	/* the deadline passed; res->stage says where */
	PROBE_E_REFUSED,
	PROBE_E_UNREACHABLE,
	PROBE_E_CONNECT,	/* another connect error */
	PROBE_E_RESET,		/* TCP reset; before or after our ClientHello */
	PROBE_E_EOF,		/* the server closed without finishing the handshake */
	PROBE_E_ALERT,		/* the server sent a fatal TLS alert */
	PROBE_E_NOT_TLS,	/* the server answered with something else: res->reply */
	PROBE_E_TLS,		/* another TLS failure: res->gnutls_err */
	PROBE_E_NO_CERT,	/* the handshake finished without a certificate */
	PROBE_E_LIMIT		/* over a limit of ours (PROBE_HANDSHAKE_MAX): local */
};

enum probe_stage {
	PROBE_S_SETUP = 0,	/* before any network activity */
	PROBE_S_RESOLVE,
	PROBE_S_CONNECT,
	PROBE_S_DIALOGUE,	/* connected; pre-TLS steps (STARTTLS) */
	PROBE_S_HELLO,		/* connected; no reply to our ClientHello yet */
	PROBE_S_HANDSHAKE,	/* the server has answered; handshake under way */
	PROBE_S_DONE		/* handshake finished */
};

#define PROBE_CHAIN_MAX	16
/*
 * The most handshake data (the whole transcript) a probe accepts; more is
 * PROBE_E_LIMIT. GnuTLS's default, 128 KiB, fails a leaf with 10,000
 * names (about 250 KB) that browsers accept.
 */
#define PROBE_HANDSHAKE_MAX	(1024 * 1024)
#define PROBE_HANDSHAKE_MAX_TEXT "1 MiB"

struct probe_opts;
struct probe_result;

/*
 * What every probe of a run shares, built once: the trust store now
 * (later the client key pair and the OCSP request). Opaque. Each part is
 * loaded lazily by the first probe that needs it, under a lock, and is
 * read-only from then on, so any number of probes in any threads may use
 * one config at once.
 */
struct probe_config;

/*
 * One pre-TLS step: an HTTP CONNECT through a proxy, a protocol's
 * STARTTLS dialogue. A probe runs its steps in order on the connected
 * socket, after the pre-read window and before the handshake, all within
 * the one deadline (c->deadline; net_send, net_recv and net_wait keep to
 * it). What the server sends meanwhile is captured in c (first[], nrecv);
 * a step may read it, so a STARTTLS step reads the banner itself. After
 * the last step the capture starts afresh (net_capture_mark), so what
 * answers the ClientHello is classified on its own.
 * run returns 0 to go on, or -1 to end the probe; it then sets res->err
 * and res->reason (one line, escaped). res->stage is stage while the step
 * runs and when it fails.
 */
struct probe_step {
	const char	*name;		/* static: "smtp-starttls" */
	enum probe_stage stage;		/* PROBE_S_DIALOGUE, or _CONNECT */
	int		(*run)(struct net_conn *, const struct probe_opts *,
			    struct probe_result *, void *arg);
	void		*arg;		/* borrowed: handed to run */
};

struct probe_opts {
	const char	*host;		/* borrowed: name or IP literal (required) */
	const char	*address;	/* borrowed: connect here instead; NULL: resolve host */
	const char	*port;		/* borrowed: "443" */
	int		 family;	/* AF_UNSPEC (default), AF_INET, AF_INET6 */
	const char	*sni;		/* NULL: host unless an IP literal; "": send none */
	const char	*verify_name;	/* NULL: host; "": no name check */
	const char	*ca_file;	/* NULL: system trust store */
	const char	*priority;	/* NULL: GnuTLS default priorities */
	unsigned int	 timeout_ms;	/* one deadline for everything (default 10000) */
	unsigned int	 preread_ms;	/* wait this long for a server-first banner (default 0: only look) */
	unsigned int	 drain_ms;	/* after a non-TLS reply, read this long to quote it (default 300) */
	time_t		 now;		/* 0: time(NULL); the clock facts refer to */
	bool		 stop_after_hello; /* end at the ServerHello: version and cipher, no certificate */
	const void	*raw_hello;	/* borrowed: send these bytes instead of a GnuTLS handshake */
	size_t		 raw_hello_len;	/* ... and classify the reply into res->reply */
	bool		 insecure_noverify; /* no trust store, no chain verification */
	const struct probe_step *const *steps; /* borrowed: run in order */
	size_t		 nsteps;	/* default 0: no pre-TLS steps */
	const struct probe_config *config; /* borrowed; NULL: the probe's own */
};

/* Verification outcome as our own bits, so plugins need no GnuTLS header. */
enum probe_verify_bits {
	PROBE_V_EXPIRED = 1 << 0,
	PROBE_V_NOT_ACTIVATED = 1 << 1,
	PROBE_V_SIGNER_NOT_FOUND = 1 << 2,
	PROBE_V_SIGNER_NOT_CA = 1 << 3,
	PROBE_V_UNEXPECTED_OWNER = 1 << 4,
	PROBE_V_INSECURE_ALGORITHM = 1 << 5,
	PROBE_V_REVOKED = 1 << 6,
	PROBE_V_SIGNATURE_FAILURE = 1 << 7,
	PROBE_V_OTHER = 1 << 8,		/* any bit not named here */
	PROBE_V_MISSING_OCSP_STATUS = 1 << 9,	/* must-staple, no staple */
	PROBE_V_INVALID_OCSP_STATUS = 1 << 10,
	PROBE_V_PURPOSE_MISMATCH = 1 << 11,	/* not for TLS servers (EKU) */
	PROBE_V_SIGNER_CONSTRAINTS = 1 << 12,	/* path length, name constraints */
	PROBE_V_UNKNOWN_CRIT_EXTENSIONS = 1 << 13,
	PROBE_V_REVOCATION_SUPERSEDED = 1 << 14,
	PROBE_V_REVOCATION_FUTURE = 1 << 15,
	PROBE_V_MISMATCH = 1 << 16		/* not the pinned certificate */
};

struct probe_result {
	enum probe_err	 err;
	enum probe_stage stage;		/* how far it got */
	char		 reason[256];	/* one line, escaped; "" when err is PROBE_OK */
	int		 gnutls_err;	/* last GnuTLS error code, or 0 */
	int		 sys_errno;	/* errno behind a reset or connect failure */
	time_t		 now;		/* the clock the facts refer to */
	char		 address[64];	/* numeric address connected to */
	double		 connect_time;	/* seconds: resolve + TCP connect */
	double		 handshake_time; /* seconds: ClientHello to finished */

	/* What the server sent, before any TLS parsing. */
	bool		 spoke_first;	/* bytes waiting before our ClientHello */
	bool		 closed_first;	/* closed or reset before our ClientHello */
	bool		 eof;		/* the server closed */
	unsigned char	 first[NET_CAPTURE];
	size_t		 nfirst;
	size_t		 nrecv, nsent;
	struct cls_result reply;	/* classification of first[] */
	int		 alert;		/* received fatal alert, or -1 */
	/*
	 * Filled by a caller that ran follow-up probes after a failure: the
	 * cause they found behind it (an enum cause), 0 when none; reason
	 * then says it in their words.
	 */
	int		 followup_cause;

	/* What was negotiated (PROBE_OK). */
	bool		 hello_only;	/* stopped after the ServerHello (stop_after_hello) */
	char		 protocol[16];	/* "TLS1.3" */
	char		 cipher[48];	/* "AES-256-GCM" */
	char		 suite[64];	/* "TLS_ECDHE_ECDSA_AES_256_GCM_SHA384" */
	char		 kx[32];	/* key exchange, "ECDHE-RSA" (TLS 1.2) or "ECDHE-PSK"... */
	char		 group[32];	/* key exchange group, "SECP256R1" */
	char		 desc[160];	/* GnuTLS session description */
	char		 sni[OUT_FIELD_SIZE]; /* SNI sent, escaped; "" if none */

	/*
	 * What else the handshake showed, as far as it got: the finite-field
	 * group of a DHE key exchange (the probe accepts any size, so that
	 * it can be reported), and whether the server asked for a client
	 * certificate.
	 */
	int		 dh_bits;	/* prime size; 0: no finite-field DH */
	bool		 dh_named;	/* an RFC 7919 group (FFDHE2048 ...) */
	bool		 dh_prime;	/* the modulus is a probable prime */
	bool		 dh_safe_prime;	/* ... (p-1)/2 too, and g not of order 1 or 2 */
	bool		 cert_requested; /* a CertificateRequest arrived */

	/* The certificates as sent, leaf first (PROBE_OK or PROBE_E_NO_CERT). */
	struct cert_info chain[PROBE_CHAIN_MAX];
	int		 nchain;	/* kept */
	int		 nchain_sent;	/* sent by the server */

	/* The verify name and whether the leaf covers it (any mode). */
	char		 name[OUT_FIELD_SIZE];	/* escaped; "" when not checked */
	bool		 name_checked;
	bool		 name_matches;	/* a SAN covers it (RFC 9525) */
	bool		 name_cn_only;	/* no DNS or IP SAN, but the CN covers it */

	/*
	 * The presented chain walked as a path from the leaf, matching
	 * issuers in any order (verification mode only; GnuTLS itself
	 * reorders, so the as-sent order is ours to judge).
	 */
	int		 path[PROBE_CHAIN_MAX];	/* indices into chain[], leaf first */
	int		 npath;
	bool		 misordered;	/* the path is not the order sent */
	bool		 on_path[PROBE_CHAIN_MAX];
	bool		 top_self_signed; /* the path ends at a self-signed certificate */
	/*
	 * Where the trust store takes over: the first position k in path[]
	 * whose issuer is a trust anchor, or whose certificate is itself one
	 * (same subject and key: a pinned or re-issued root); -1 if none.
	 * Certificates above it were sent but are not needed.
	 */
	int		 anchor;
	bool		 top_trusted;	/* path[anchor] itself is a trust anchor */
	bool		 issuer_in_store; /* path[anchor]'s issuer is a trust anchor */
	bool		 store_issuer_is_root; /* ... and that anchor is self-signed */
	char		 store_issuer[OUT_FIELD_SIZE]; /* its name (CN), escaped */

	/*
	 * The leaf, the issuer above the path, the OCSP staple (issue 10).
	 * leaf: where the server's own certificate is in chain[]; 0 unless
	 * the handshake failed because a CA certificate came first (GnuTLS
	 * calls it a key usage violation). The certificates are then kept
	 * all the same (chain_on_failure), walked from the leaf found and
	 * verified; leaf is -1 when none of them looks like one.
	 */
	int		 leaf;
	bool		 chain_on_failure;
	/* The AIA caIssuers URL of the top of the path, escaped; "" none. */
	char		 top_ca_issuers[OUT_FIELD_SIZE];
	/*
	 * OCSP (verification mode): whether a staple was asked for and sent,
	 * what it says about which certificate, and whether its signature
	 * verifies against the leaf's issuer (sent, else from the store).
	 */
	bool		 ocsp_requested;
	bool		 must_staple;	/* the leaf has TLS feature status_request */
	bool		 ocsp_stapled;
	enum probe_ocsp_status {
		PROBE_OCSP_NONE = 0,	/* nothing stapled */
		PROBE_OCSP_GOOD,
		PROBE_OCSP_REVOKED,
		PROBE_OCSP_UNKNOWN,	/* the responder does not know it */
		PROBE_OCSP_UNPARSEABLE	/* a staple that is no OCSP response */
	}		 ocsp_status;
	time_t		 ocsp_this_update;
	time_t		 ocsp_next_update;	/* -1: none given */
	time_t		 ocsp_revoked_at;	/* PROBE_OCSP_REVOKED */
	int		 ocsp_reason;	/* CRLReason (RFC 5280 5.3.1), -1 none */
	bool		 ocsp_for_leaf;	/* its CertID names the leaf */
	bool		 ocsp_sig_checked; /* an issuer was there to check it */
	bool		 ocsp_sig_ok;
	char		 ocsp_signer[OUT_FIELD_SIZE]; /* checked against, escaped */
	size_t		 ocsp_len;	/* bytes stapled */

	/* Verification, unless insecure_noverify. */
	bool		 verified;	/* verification ran */
	unsigned int	 verify_status;	/* GnuTLS status bits; 0 trusted */
	unsigned int	 verify_bits;	/* the same as enum probe_verify_bits */
	char		 verify_cause[128]; /* probe_verify_cause(), "" when trusted */
	char		 verify_detail[256]; /* GnuTLS's own words: -vvv only */
	int		 ca_count;	/* trust anchors loaded */
};
/* clang-format on */

/* Fill o with safe defaults. */
void probe_opts_init(struct probe_opts *);
/*
 * A new, empty run-wide configuration: nothing is loaded until a probe
 * needs it. Returns NULL only when out of memory. Free it with
 * probe_config_free after every probe that uses it has returned.
 */
struct probe_config *probe_config_new(void);
/* Free c and what it loaded; NULL-safe. */
void probe_config_free(struct probe_config *);
/*
 * Run one probe. Returns 0 when the handshake finished, else -1; either way
 * res is filled (err, reason and every fact gathered). Thread-safe for
 * distinct res. Always call probe_result_release afterwards.
 * With raw_hello, 0 means the server answered with something (res->reply
 * says what); -1 that it closed, reset or stayed silent.
 * Without opts->config the probe builds and frees a config of its own.
 */
int probe_run(const struct probe_opts *, struct probe_result *);
/*
 * Run n probes (any number) at once, one thread each, so n handshakes
 * together take about as long as one and all end within the same deadline
 * (each opts[i]->timeout_ms counts from this call). The probes must share
 * host, address, port and family: the name is resolved once, so all of
 * them reach the same server. Probes without opts[i]->config share one
 * config built for this call, so the trust store loads at most once.
 * One probe runs in the calling thread, as does any probe whose thread
 * cannot be started. Every res[i] is filled: when memory for the run
 * cannot be had, each gets PROBE_E_NOMEM. Returns how many handshakes
 * finished.
 */
int probe_run_many(const struct probe_opts *const opts[],
    struct probe_result *const res[], int n);
/*
 * A result no probe has filled yet: PROBE_E_NOT_RUN, with a reason that
 * says so. probe_run does this itself; callers holding results that may
 * never run (a planned probe left out) call it first.
 */
void probe_result_init(struct probe_result *res);
/* Free what res owns; NULL-safe, safe twice. */
void probe_result_release(struct probe_result *);
/*
 * The state every plugin gives a failure: UNKNOWN for local problems and
 * bad usage, timeout_state for the deadline, CRITICAL for what the server
 * did (or failed to do).
 */
enum state probe_err_state(enum probe_err, enum state timeout_state);
/*
 * Verification in our own words. probe_verify_bits_of: GnuTLS status bits
 * (gnutls_certificate_status_t) to enum probe_verify_bits; a bit without
 * a name of ours, or INVALID alone, gives PROBE_V_OTHER.
 * probe_verify_phrase: the phrase for one PROBE_V_ bit ("a signature in
 * the chain does not verify"); static. probe_verify_cause: the phrase of
 * the first of bits by rank (dates, issuer, name, algorithm, revocation,
 * signature, OCSP, the rest), "" for none; static. probe_verify_words:
 * every phrase of bits, comma-separated, into buf; returns the length.
 */
unsigned int probe_verify_bits_of(unsigned int gnutls_status);
const char  *probe_verify_phrase(unsigned int bit);
const char  *probe_verify_cause(unsigned int bits);
size_t	     probe_verify_words(unsigned int bits, char *buf, size_t bufsz);
/* "keyCompromise" for a CRLReason (RFC 5280 5.3.1); "unspecified". Static. */
const char *probe_ocsp_reason_name(int reason);
/* GnuTLS's runtime version, "3.7.9". Static. */
const char *probe_gnutls_version(void);

#endif
