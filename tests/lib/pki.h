/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A test PKI: keys and X.509 certificates minted in-process with the GnuTLS
 * API (CAs, leaves, dates relative to now, hostile names, weak signature
 * hashes), written as PEM or DER. For the test server and unit tests.
 */
#ifndef TESTS_LIB_PKI_H
#define TESTS_LIB_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#define PKI_DAY		86400.0 /* seconds */
#define PKI_RSA_BITS	2048	/* RSA key size when the caller gives 0 */
#define PKI_WHY_SIZE	256	/* enough for every reason this module writes */
#define PKI_SAN_DER_MAX (8u << 20) /* a verbatim SAN extension, encoded */

enum pki_key_type {
	PKI_KEY_ECDSA, /* ECDSA on P-256: fast, bits are ignored */
	PKI_KEY_RSA    /* RSA of the bits asked for */
};

enum pki_san_type {
	PKI_SAN_DNS, /* dNSName */
	PKI_SAN_IP   /* iPAddress: 4 or 16 bytes, network order */
};

/* One subjectAltName entry; data is borrowed and may hold any byte. */
struct pki_san {
	enum pki_san_type type;
	const void	 *data;
	size_t		  len;
};

/*
 * What one certificate says besides its key and issuer. The subject is
 * "CN=cn,O=org" (O first in DER; either may be NULL, not both); the extensions
 * are basicConstraints, keyUsage, extendedKeyUsage (if server_auth),
 * subjectKeyIdentifier, subjectAltName (if nsans > 0) and, once signed,
 * authorityKeyIdentifier. All pointers are borrowed for the call.
 */
struct pki_spec {
	const char  *cn; /* NULL: no CN; may hold NUL bytes if cn_len is set */
	size_t	     cn_len;	  /* 0: strlen(cn) */
	const char  *org;	  /* NULL: no O attribute */
	bool	     is_ca;	  /* basicConstraints CA:TRUE */
	int	     pathlen;	  /* CA only; -1: no limit */
	unsigned int key_usage;	  /* GNUTLS_KEY_* bits */
	bool	     server_auth; /* EKU id-kp-serverAuth */
	time_t	     not_before;  /* see pki_days_from() */
	time_t	     not_after;
	const struct pki_san *sans; /* in this order; NULL: no extension */
	size_t		      nsans;
	/*
	 * false: through gnutls_x509_crt_set_subject_alt_name(), which maps
	 * DNS names with IDNA (3.7.9 drops '|' and '\n', stops at a NUL).
	 * true: the GeneralNames are encoded here byte for byte, so that
	 * hostile names reach the certificate as given.
	 */
	bool sans_verbatim;
};

/* A key and its certificate; both NULL until minted. */
struct pki_cert {
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t     crt;
};

/*
 * Every function below returns 0, or -1 with a one-line reason in why
 * (whysz bytes, PKI_WHY_SIZE is always enough), such as
 * "set_key_usage: <GnuTLS error>". Nothing is printed.
 */

/* now + days, in whole seconds (fractions of a second are dropped). */
time_t pki_days_from(time_t now, double days);

/*
 * A new key in *key (caller frees with gnutls_x509_privkey_deinit()); bits
 * count for RSA only, 0 meaning PKI_RSA_BITS. *key is NULL on failure.
 */
int pki_key_new(gnutls_x509_privkey_t *key, enum pki_key_type type,
    unsigned int bits, char *why, size_t whysz);

/*
 * A new unsigned version 3 certificate in *crt for key, with a random
 * positive 16-byte serial and everything spec says. The caller signs it
 * with pki_crt_sign() and frees it with gnutls_x509_crt_deinit(), also
 * after a failure (*crt may then be set or NULL).
 */
int pki_crt_new(gnutls_x509_crt_t *crt, const struct pki_spec *spec,
    gnutls_x509_privkey_t key, char *why, size_t whysz);

/*
 * Set crt's authority key ID from issuer's subject key ID, then sign crt
 * with issuer_key and hash dig. GnuTLS 3.7 signs with SHA-1 (RSA and
 * ECDSA) and MD5 (RSA keys only: there is no ECDSA-with-MD5) without
 * complaint; only verification refuses to trust such signatures.
 */
int pki_crt_sign(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
    gnutls_x509_privkey_t issuer_key, gnutls_digest_algorithm_t dig, char *why,
    size_t whysz);

/*
 * pki_key_new(), pki_crt_new() and pki_crt_sign() in one: a key of type
 * and bits, a certificate per spec, signed with dig by issuer (NULL:
 * self-signed by its own key). On failure out may be partly set; release
 * it with pki_cert_release() either way.
 */
int pki_cert_mint(struct pki_cert *out, const struct pki_spec *spec,
    enum pki_key_type type, unsigned int bits, const struct pki_cert *issuer,
    gnutls_digest_algorithm_t dig, char *why, size_t whysz);

/* Free c's key and certificate; NULL-safe and safe twice. */
void pki_cert_release(struct pki_cert *c);

/*
 * Whether a and b have byte-identical subject DNs and the same public key
 * (compared by SHA-256 key ID), as a cross-signed copy of a root must;
 * the answer goes to *same.
 */
int pki_same_subject_key(gnutls_x509_crt_t a, gnutls_x509_crt_t b, bool *same,
    char *why, size_t whysz);

/* Write crts[0..n-1] as PEM to path (created or truncated). */
int pki_write_pem(const char *path, gnutls_x509_crt_t const *crts, size_t n,
    char *why, size_t whysz);

/* crt's DER into *der; the caller frees der->data with gnutls_free(). */
int pki_export_der(
    gnutls_x509_crt_t crt, gnutls_datum_t *der, char *why, size_t whysz);

#endif
