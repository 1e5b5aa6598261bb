/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Facts about one X.509 certificate, already escaped for output. */
#ifndef TLSCHECK_CERT_H
#define TLSCHECK_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "hostname.h"
#include "out.h"

/* SANs a report lists (long output, JSON); the rest are counted. */
#define CERT_SAN_SHOWN 16

/* A certificate's subjectAltName entries, decoded on first request. */
struct cert_sans {
	const struct hostname_san *v; /* borrowed from the cert_info */
	size_t			   n;
	bool present;	/* the certificate has the extension */
	bool malformed; /* it did not decode to its end: v holds the rest */
};

/* What cert.c decodes only when asked (SANs), and the raw CN. Private. */
struct cert_names;

struct cert_info {
	char	 subject[OUT_FIELD_SIZE]; /* RFC 4514 DN, escaped */
	char	 issuer[OUT_FIELD_SIZE];
	char	 name[OUT_FIELD_SIZE]; /* CN, else first SAN, else subject */
	char	 issuer_name[OUT_FIELD_SIZE]; /* issuer's CN, else its DN */
	time_t	 not_before;
	time_t	 not_after;
	char	 key_type[16]; /* "RSA", "ECDSA", "Ed25519", ... */
	unsigned key_bits;
	char	 sig_alg[32];  /* "ECDSA-SHA256" */
	char	 sig_hash[16]; /* "SHA256", "SHA1", "MD5" */
	bool	 sig_weak;     /* signed with MD2, MD5 or SHA-1 */
	char	 sha256[65];   /* hex fingerprint of the DER */
	bool	 is_ca;	       /* basicConstraints CA:TRUE */
	bool	 self_signed;  /* issuer == subject and its own key signed it */
	unsigned char *der;    /* owned: the certificate as sent */
	size_t	       der_len;
	/* owned: SANs and the raw CN, read through cert_sans() */
	struct cert_names *names;
};

/*
 * Parse one DER certificate into ci (zeroed first). Returns 0, or -1 with
 * a reason in why (unparseable certificate, out of memory).
 */
int cert_info_from_der(
    struct cert_info *, const void *der, size_t len, char *why, size_t whysz);
/* Free what ci owns; NULL-safe and safe twice. */
void cert_info_release(struct cert_info *);
/*
 * The subjectAltName entries of ci, decoded from its DER on the first
 * call (linear in their number, entries of any length) and kept until
 * cert_info_release; never NULL (an unparsed ci has none). Not safe to
 * call from two threads on one ci at once.
 */
const struct cert_sans *cert_sans(const struct cert_info *ci);
/* One SAN as "DNS:name", "IP:192.0.2.1", "email:x", escaped, into buf. */
const char *cert_san_str(const struct hostname_san *, char *buf, size_t bufsz);
/*
 * Does the certificate cover name (a DNS name or an IP literal)? Our own
 * RFC 9525 match (hostname.h) over every SAN; never the subject CN,
 * which RFC 9525 dropped (see cert_cn_matches_name). False for an
 * unparseable certificate.
 */
bool cert_matches_name(const struct cert_info *, const char *name);
/*
 * The legacy rule RFC 9525 dropped: the certificate has no DNS or IP SAN
 * and its subject CN covers name (a DNS name; by the same rules).
 */
bool cert_cn_matches_name(const struct cert_info *, const char *name);
/* "2026-12-07 12:00 UTC" into buf (at least 24 bytes). */
const char *cert_time_str(time_t, char *buf, size_t bufsz);

#endif
