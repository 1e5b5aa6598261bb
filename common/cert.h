/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Facts about one X.509 certificate, already escaped for output. */
#ifndef TLSCHECK_CERT_H
#define TLSCHECK_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "out.h"

#define CERT_SAN_MAX 16

struct cert_info {
	char	 subject[OUT_FIELD_SIZE]; /* RFC 4514 DN, escaped */
	char	 issuer[OUT_FIELD_SIZE];
	char	 name[OUT_FIELD_SIZE]; /* CN, else first SAN, else subject */
	char	 issuer_name[OUT_FIELD_SIZE]; /* issuer's CN, else its DN */
	char	 sans[CERT_SAN_MAX][OUT_FIELD_SIZE]; /* "DNS:x", "IP:x" */
	int	 nsans;				     /* kept in sans[] */
	int	 nsans_total;			     /* in the certificate */
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
 * Does the certificate cover name (a DNS name or an IP literal)? RFC 6125
 * rules as GnuTLS applies them: wildcards only as the whole left-most
 * label, IP literals against iPAddress SANs, the subject CN only when the
 * certificate has no DNS SAN. False for an unparseable certificate.
 */
bool cert_matches_name(const struct cert_info *, const char *name);
/* "2026-12-07 12:00 UTC" into buf (at least 24 bytes). */
const char *cert_time_str(time_t, char *buf, size_t bufsz);

#endif
