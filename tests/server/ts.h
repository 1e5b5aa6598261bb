/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tls_test_server's internal header: its options, the certificates it
 * mints, the chains it sends, and what each file exports to the others.
 */
#ifndef TESTS_SERVER_TS_H
#define TESTS_SERVER_TS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "pki.h"

#define TS_PROG		"tls_test_server"
#define TS_MAX_DAYS	100000.0 /* about 270 years either way */
#define TS_MAX_LIFETIME 86400	 /* seconds */
#define TS_NAME_MAX_LEN 4096	 /* a --name, SNI or CERTNAME */
#define TS_MAX_NAMES	16	 /* --name at most this often */
#define TS_MAX_ORDER	8	 /* certificates in one --order list */
#define TS_MAX_VHOSTS	8	 /* --vhost at most this often */
#define TS_MAX_VCERTS	(TS_MAX_VHOSTS + 1) /* distinct CERTNAMEs */
#define TS_RSA_BITS_MIN 512
#define TS_RSA_BITS_MAX 8192

/* --extra-sans N[:BYTES] */
#define TS_MAX_EXTRA_SANS 100000
#define TS_MAX_SAN_BYTES  65535

/* A name an option takes and the value it stands for. */
struct ts_enum {
	const char *name;
	int	    value;
};

/* What --ocsp staples. */
enum ts_ocsp {
	TS_OCSP_NONE,	   /* no staple */
	TS_OCSP_GOOD,	   /* good, fresh for 7 days */
	TS_OCSP_REVOKED,   /* revoked 2 days ago, keyCompromise */
	TS_OCSP_UNKNOWN,   /* the responder does not know the leaf */
	TS_OCSP_EXPIRED,   /* good, but its nextUpdate was a day ago */
	TS_OCSP_WRONG_KEY, /* good, signed by a key not the issuer's */
	TS_OCSP_OTHER_CERT /* good, for another serial of the issuer */
};

/* The certificates an --order list can name. */
enum ts_chain_cert {
	TS_CHAIN_LEAF,
	TS_CHAIN_INT,
	TS_CHAIN_ROOT,
	TS_CHAIN_EXTRA
};

/* The groups --dh-params names (ts_dh.c). */
enum ts_dh_group {
	TS_DH_NONE,	    /* no DHE parameters: DHE only by RFC 7919 */
	TS_DH_MODP768,	    /* RFC 2409 group 1 */
	TS_DH_MODP1024,	    /* RFC 2409 group 2 */
	TS_DH_RFC5114_1024, /* RFC 5114 2.1: not a safe prime */
	TS_DH_COMPOSITE,    /* 1024 bits, not prime */
	TS_DH_FFDHE2048	    /* RFC 7919 */
};

/* One --vhost SNI=CERTNAME. */
struct ts_vhost {
	const char *sni;     /* borrowed from argv; not NUL-ended */
	size_t	    sni_len; /* up to '=', one trailing dot dropped */
	size_t	    cert;    /* index into ts_opts.vcerts */
};

/*
 * The command line, filled by ts_opts_parse() from the option table in
 * ts_opts.c (which also holds every default). Strings are borrowed from
 * argv. A *_set flag says the option was given, not defaulted.
 */
struct ts_opts {
	const char *dir;		 /* NULL: write nothing */
	const char *names[TS_MAX_NAMES]; /* [0]: the CN */
	size_t	    nnames;		 /* 1 or more after parsing */
	const char *priority;
	int	    dh_params;	 /* enum ts_dh_group */
	int	    client_cert; /* gnutls_certificate_request_t */
	int	    mode;	 /* a ts_modes[] value */
	bool	    ipv6;	 /* [::1] instead of 127.0.0.1 */
	int	    key_type;	 /* enum pki_key_type, leaf only */
	long	    key_bits;	 /* RSA leaf only */
	bool	    key_bits_set;
	int	    leaf_hash;	/* gnutls_digest_algorithm_t, signs the leaf */
	bool	    no_san;	/* no subjectAltName extension */
	bool	    no_ip_san;	/* no 127.0.0.1 and ::1 SANs */
	size_t	    extra_sans; /* more DNS SANs after the --name ones */
	size_t	    extra_len;	/* each this long; 0: as numbered */
	double	    expires_in; /* days relative to now */
	double	    not_before;
	bool	    not_before_set;
	double	    int_expires_in;
	double	    int_not_before;
	bool	    int_not_before_set;
	double	    root_expires_in;
	bool	    omit_intermediate;
	bool	    send_root;
	bool	    untrusted_root; /* chain up to a second root */
	bool	    cross_root;	    /* send a cross-signed root copy */
	enum ts_chain_cert order[TS_MAX_ORDER]; /* --order, as listed */
	size_t		   norder;		/* 0: no --order */
	const char	  *ca_issuers; /* leaf AIA caIssuers URL; NULL: none */
	const char	  *untrusted_cn; /* CN of the --untrusted-root */
	int		   ocsp;	 /* enum ts_ocsp: what to staple */
	bool		   must_staple;	 /* leaf TLS feature status_request */
	bool		   self_signed;
	bool		   evil_names;
	bool		   evil_nonul; /* --evil-names=nonul */
	bool reset_on_fail; /* a failed handshake ends in a TCP RST */
	struct ts_vhost vhosts[TS_MAX_VHOSTS]; /* --vhost, as listed */
	size_t		nvhosts; /* 0: one certificate for every SNI */
	const char     *vcerts[TS_MAX_VCERTS]; /* distinct CERTNAMEs */
	size_t		nvcerts;
	const char     *default_cert;  /* NULL: the --name leaf */
	size_t		default_vcert; /* its index into vcerts */
	int		no_sni_alert;  /* gnutls_alert_description_t */
	bool		no_sni_alert_set;
	int		unknown_sni_alert;
	bool		unknown_sni_alert_set;
	bool		verbose;
	long		lifetime; /* seconds */
};

/*
 * The minted certificates; empty where the options need none. untrusted
 * stands for --untrusted-root; extra (and extra_ca, the throwaway CA that
 * issued it) exists only when --order names it; old_root and cross (the
 * root's subject and key, issued by old_root) only with --cross-root;
 * v[i] is the leaf for the --vhost CERTNAME ts_opts.vcerts[i].
 */
struct ts_pki {
	struct pki_cert	  root;
	struct pki_cert	  untrusted;
	struct pki_cert	  old_root;
	struct pki_cert	  inter;
	struct pki_cert	  leaf;
	struct pki_cert	  extra_ca;
	struct pki_cert	  extra;
	gnutls_x509_crt_t cross; /* its key is root.key */
	struct pki_cert	  v[TS_MAX_VCERTS];
};

/*
 * A chain exactly as it goes on the wire: the --order list, the
 * --cross-root chain, or one chain per --vhost certificate. GnuTLS sorts
 * a chain given to gnutls_certificate_set_x509_key(), so these are handed
 * out by a retrieve function instead, whose list GnuTLS sends unchanged.
 */
struct ts_chain {
	gnutls_pcert_st	 pcert[TS_MAX_ORDER];
	unsigned int	 n;   /* pcert[0..n-1] are set */
	gnutls_privkey_t key; /* copy of the leaf key */
};

/*
 * Everything a connection child needs; owned by main(). wire is the
 * --order or --cross-root chain; vchain[i] serves opts->vcerts[i]; plain
 * is the --name chain when it is the --vhost default. fallback (borrowed:
 * one of those) is served unless the SNI hook picks a --vhost chain; NULL
 * (no --order, --cross-root or --vhost) means cred holds key and chain.
 */
struct ts_ctx {
	const struct ts_opts		*opts;
	gnutls_certificate_credentials_t cred;
	struct ts_chain			*wire;
	struct ts_chain			*vchain[TS_MAX_VCERTS];
	struct ts_chain			*plain;
	struct ts_chain			*fallback;
	bool				 sni_hook; /* installed */
	gnutls_priority_t		 prio;
	gnutls_dh_params_t		 dh;	   /* --dh-params, or NULL */
	struct timespec			 deadline; /* CLOCK_MONOTONIC */
	gnutls_datum_t			 ocsp;	   /* --ocsp response, DER */
};

/*
 * One TLS connection's state, on the stack of the mode serving it and
 * reached through the session pointer: the SNI hook writes it, the
 * certificate retrieve function reads it.
 */
struct ts_conn {
	const struct ts_ctx *ctx;
	struct ts_chain	    *chain;	 /* borrowed; NULL: cred's own */
	bool		     alert_sent; /* by the SNI hook: no second alert */
};

/* ts_main.c: logging and time, for every file */
void ts_log(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
/* Log "what: GnuTLS error text"; returns -1. */
int ts_log_gnutls(const char *what, int rc);
/* Milliseconds from now until deadline (CLOCK_MONOTONIC); may be <= 0. */
long long ts_ms_until(const struct timespec *deadline);

/* ts_opts.c: the option table */
/* Returns 0 to run, 1 after --help, -1 on a usage error (message logged). */
int ts_opts_parse(int argc, char *argv[], struct ts_opts *o);
/* The name of value in list (NULL-name terminated), or "?". */
const char *ts_enum_name(const struct ts_enum *list, int value);

/* ts_mint.c: the certificates, from the options */
/*
 * Mint what o asks for into p (zeroed first), dates relative to now.
 * Returns 0, or -1 (message logged); release p either way.
 */
int ts_mint(struct ts_pki *p, const struct ts_opts *o);
/* Write ca.pem, ca-with-int.pem, chain.pem (and untrusted-root.pem). */
int ts_mint_write(
    const struct ts_pki *p, const struct ts_opts *o, const char *dir);
/* The root the leaf's chain ends in: the untrusted one if there is one. */
gnutls_x509_crt_t ts_mint_top(const struct ts_pki *p);
/* The leaf's issuer (with --self-signed: the leaf itself). */
const struct pki_cert *ts_mint_leaf_issuer(
    const struct ts_pki *p, const struct ts_opts *o);
void ts_mint_release(struct ts_pki *p);

/* ts_chain.c: which certificates go out, in what order */
int  ts_chain_parse_order(struct ts_opts *o, const char *arg);
bool ts_chain_order_has(const struct ts_opts *o, enum ts_chain_cert which);
/* The chain options' clashes with each other, after parsing. */
int ts_chain_check(const struct ts_opts *o);
/*
 * crts[0..n-1] as a wire chain with a copy of key (the leaf's, wherever
 * it is in the list) in *out, owned by the caller (ts_chain_free()).
 */
int ts_chain_new_list(struct ts_chain **out, gnutls_x509_crt_t const *crts,
    size_t n, gnutls_x509_privkey_t key);
/* The --order or --cross-root chain, as ts_chain_new_list(). */
int ts_chain_new(
    struct ts_chain **out, const struct ts_pki *p, const struct ts_opts *o);
void ts_chain_free(struct ts_chain *w);
/*
 * leaf and what goes with a leaf without --order: the intermediate unless
 * --omit-intermediate, the root with --send-root. Returns the count.
 */
size_t ts_chain_list(gnutls_x509_crt_t list[3], gnutls_x509_crt_t leaf,
    const struct ts_pki *p, const struct ts_opts *o);
/*
 * Server credentials: with retrieve, chains come from the connection's
 * ts_conn; else the leaf and ts_chain_list() are set in them.
 */
int ts_chain_cred_new(gnutls_certificate_credentials_t *cred,
    const struct ts_pki *p, const struct ts_opts *o, bool retrieve);

/* ts_vhost.c: name-based virtual hosts and the SNI alerts */
extern const struct ts_enum ts_vhost_alerts[];
int			    ts_vhost_parse(struct ts_opts *o, const char *arg);
/* The --vhost family's needs and clashes, after parsing. */
int ts_vhost_check(struct ts_opts *o);
/* One chain per CERTNAME and the default; sets ctx->fallback. */
int  ts_vhost_chains_new(struct ts_ctx *ctx, const struct ts_pki *p);
void ts_vhost_chains_free(struct ts_ctx *ctx);
/* gnutls_handshake_post_client_hello_func: choose by SNI, or refuse. */
int ts_vhost_sni_hook(gnutls_session_t s);

/* ts_ocsp.c: the --ocsp staple */
extern const struct ts_enum ts_ocsp_kinds[];
/*
 * The OCSP response o->ocsp asks for, about p's leaf, signed by issuer
 * (its key, or with wrong-key another), into out (gnutls_free it).
 * Returns 0, or -1 (message logged).
 */
int ts_ocsp_mint(gnutls_datum_t *out, const struct ts_pki *p,
    const struct ts_opts *o, const struct pki_cert *issuer);
/* Staple resp (borrowed: it must outlive cred) in every handshake. */
void ts_ocsp_serve(
    gnutls_certificate_credentials_t cred, const gnutls_datum_t *resp);

/* ts_dh.c: --dh-params */
extern const struct ts_enum ts_dh_groups[];
/*
 * The parameters of group (enum ts_dh_group) in *out, owned by the caller
 * (gnutls_dh_params_deinit); NULL for TS_DH_NONE. Returns 0, or -1
 * (message logged).
 */
int ts_dh_params_new(gnutls_dh_params_t *out, int group);

/* ts_modes.c: what a connection gets */
extern const struct ts_enum ts_modes[];
/* Serve one accepted connection fd per ctx->opts->mode, then close it. */
void ts_modes_serve(int fd, const struct ts_ctx *ctx);

#endif
