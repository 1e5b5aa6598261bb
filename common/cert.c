/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Certificate facts through the GnuTLS X.509 API. */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cert.h"

const char *
cert_time_str(time_t t, char *buf, size_t bufsz)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, bufsz, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(buf, bufsz, "@%lld", (long long)t);
	return buf;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Escape a GnuTLS-allocated datum into dst and free it. */
static void
take_datum(char *dst, size_t dstsz, gnutls_datum_t *d)
{
	out_escape(dst, dstsz, d->data, d->size);
	gnutls_free(d->data);
	d->data = NULL;
}

/*
 * GnuTLS writes DN values with the escapes of RFC 4514 section 2.4: a
 * backslash before a special character (a comma in "Superfish, Inc.",
 * or ; + " < > = and the backslash itself, a leading # or space), or
 * before two hex digits. Undo them in place, so that our escaper shows
 * what the value holds, not GnuTLS's backslash as "\x5c". Returns the
 * new length.
 */
static size_t
dn_unescape(unsigned char *buf, size_t len)
{
	size_t i, n = 0;
	int    hi, lo;

	for (i = 0; i < len; i++) {
		if (buf[i] != '\\' || i + 1 == len) {
			buf[n++] = buf[i];
			continue;
		}
		hi = i + 2 < len ? hexval(buf[i + 1]) : -1;
		lo = i + 2 < len ? hexval(buf[i + 2]) : -1;
		if (hi >= 0 && lo >= 0) {
			buf[n++] = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else {
			buf[n++] = buf[++i];
		}
	}
	return n;
}

/* A DN from GnuTLS (allocated), unescaped, then escaped into dst; freed. */
static void
take_dn(char *dst, size_t dstsz, gnutls_datum_t *d)
{
	d->size = (unsigned int)dn_unescape(d->data, d->size);
	take_datum(dst, dstsz, d);
}

/*
 * GnuTLS prints a name it cannot show as text (an embedded NUL, say) as
 * "#" and the hex of its DER. Decode the string types back to their bytes
 * so the escaper shows what the certificate really says.
 */
static size_t
undo_hex_dn(unsigned char *buf, size_t len)
{
	size_t i, n = 0, vlen;
	int    hi, lo;

	if (len < 5 || buf[0] != '#' || (len - 1) % 2 != 0)
		return len;
	for (i = 1; i + 1 < len; i += 2) {
		hi = hexval(buf[i]);
		lo = hexval(buf[i + 1]);
		if (hi < 0 || lo < 0)
			return len;
		buf[n++] = (unsigned char)(hi << 4 | lo);
	}
	/* UTF8String, PrintableString, T61String, IA5String; short form. */
	if (n < 2 ||
	    (buf[0] != 0x0c && buf[0] != 0x13 && buf[0] != 0x14 &&
		buf[0] != 0x16) ||
	    buf[1] >= 0x80 || (size_t)buf[1] + 2 != n)
		return 0;
	vlen = buf[1];
	memmove(buf, buf + 2, vlen);
	return vlen;
}

/*
 * The certificate's names, decoded when first asked for: the SAN
 * extension found in the DER at import (san_val: borrowed from ci->der),
 * its entries once decoded, and the raw subject CN for --allow-cn.
 */
struct cert_names {
	const unsigned char *san_val; /* GeneralNames DER; NULL: none */
	size_t		     san_len;
	bool		     decoded;
	struct hostname_san *v; /* owned; slices of ci->der */
	struct cert_sans     sans;
	unsigned char	     cn[OUT_FIELD_MAX]; /* raw; cn_len 0: none */
	size_t		     cn_len;
};

/* One DER TLV (X.690 8.1): the tag byte and the value. */
struct der_tlv {
	unsigned char	     tag;
	const unsigned char *val;
	size_t		     len;
};

/*
 * The TLV at *p (before end) into t, and *p past it. Definite lengths of
 * up to 4 bytes only, low tag numbers only (all the structures read here
 * have them). Returns 0, or -1 for anything else or a length past end.
 */
static int
der_next(const unsigned char **p, const unsigned char *end, struct der_tlv *t)
{
	const unsigned char *q = *p;
	size_t		     len, n, i;

	if (q >= end || end - q < 2 || (q[0] & 0x1f) == 0x1f)
		return -1;
	t->tag = *q++;
	len = *q++;
	if (len & 0x80) {
		n = len & 0x7f;
		if (n == 0 || n > 4 || (size_t)(end - q) < n)
			return -1;
		for (len = 0, i = 0; i < n; i++)
			len = len << 8 | *q++;
	}
	if (len > (size_t)(end - q))
		return -1;
	t->val = q;
	t->len = len;
	*p = q + len;
	return 0;
}

/* The value of the SEQUENCE that t is; -1 if t is none. */
static int
der_enter(
    const struct der_tlv *t, const unsigned char **p, const unsigned char **end)
{
	if (t->tag != 0x30)
		return -1;
	*p = t->val;
	*end = t->val + t->len;
	return 0;
}

/*
 * RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate SEQUENCE {
 * ..., extensions [3] EXPLICIT SEQUENCE OF Extension } ... }, Extension
 * ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue
 * OCTET STRING }. Finds id-ce-subjectAltName (2.5.29.17); returns 0 with
 * its extnValue in *t and the offset just past its OID in *oid_end, or -1
 * (none, or no DER we can walk).
 */
static int
der_find_san(
    const unsigned char *der, size_t len, struct der_tlv *t, size_t *oid_end)
{
	static const unsigned char san_oid[] = {0x55, 0x1d, 0x11};
	const unsigned char	  *p = der, *end = der + len, *e, *eend;
	struct der_tlv		   x;

	if (der_next(&p, end, &x) == -1 || der_enter(&x, &p, &end) == -1 ||
	    der_next(&p, end, &x) == -1 || der_enter(&x, &p, &end) == -1)
		return -1;
	do {
		if (der_next(&p, end, &x) == -1)
			return -1;
	} while (x.tag != 0xa3);
	p = x.val;
	end = x.val + x.len;
	if (der_next(&p, end, &x) == -1 || der_enter(&x, &p, &end) == -1)
		return -1;
	while (p < end) {
		if (der_next(&p, end, &x) == -1 ||
		    der_enter(&x, &e, &eend) == -1 ||
		    der_next(&e, eend, &x) == -1 || x.tag != 0x06)
			return -1;
		if (x.len != sizeof(san_oid) ||
		    memcmp(x.val, san_oid, sizeof(san_oid)) != 0)
			continue;
		*oid_end = (size_t)(x.val + x.len - der);
		if (der_next(&e, eend, &x) == 0 && x.tag == 0x01 &&
		    der_next(&e, eend, &x) == -1)
			return -1;
		if (x.tag != 0x04)
			return -1;
		*t = x;
		return 0;
	}
	return -1;
}

/* A GeneralName's context tag to our kind (RFC 5280 4.2.1.6). */
static enum hostname_san_type
san_type(unsigned char tag)
{
	switch (tag) {
	case 0x81:
		return HOSTNAME_SAN_EMAIL;
	case 0x82:
		return HOSTNAME_SAN_DNS;
	case 0x86:
		return HOSTNAME_SAN_URI;
	case 0x87:
		return HOSTNAME_SAN_IP;
	default:
		return HOSTNAME_SAN_OTHER;
	}
}

/*
 * Decode GeneralNames ::= SEQUENCE OF GeneralName: count, then fill, in
 * one pass each; every entry a slice of the DER. What fails to decode
 * ends the list and marks it malformed.
 */
static void
names_decode(struct cert_names *nm)
{
	const unsigned char *p = nm->san_val, *end, *q;
	struct der_tlv	     t;
	size_t		     n = 0, i;

	nm->decoded = true;
	if (p == NULL)
		return;
	nm->sans.present = true;
	end = p + nm->san_len;
	if (der_next(&p, end, &t) == -1 || der_enter(&t, &p, &end) == -1) {
		nm->sans.malformed = true;
		return;
	}
	for (q = p; q < end && der_next(&q, end, &t) == 0;)
		n++;
	nm->sans.malformed = q != end;
	nm->v = n > 0 ? calloc(n, sizeof(*nm->v)) : NULL;
	if (n > 0 && nm->v == NULL) {
		nm->sans.malformed = true;
		return;
	}
	for (i = 0; i < n && der_next(&p, end, &t) == 0; i++) {
		nm->v[i].type = san_type(t.tag);
		nm->v[i].tag = t.tag & 0x1f;
		nm->v[i].data = t.val;
		nm->v[i].len = t.len;
	}
	nm->sans.v = nm->v;
	nm->sans.n = i;
}

const struct cert_sans *
cert_sans(const struct cert_info *ci)
{
	static const struct cert_sans none = {NULL, 0, false, false};

	if (ci == NULL || ci->names == NULL)
		return &none;
	if (!ci->names->decoded)
		names_decode(ci->names);
	return &ci->names->sans;
}

const char *
cert_san_str(const struct hostname_san *s, char *buf, size_t bufsz)
{
	static const char *const prefix[] = {[HOSTNAME_SAN_DNS] = "DNS:",
	    [HOSTNAME_SAN_IP] = "IP:",
	    [HOSTNAME_SAN_EMAIL] = "email:",
	    [HOSTNAME_SAN_URI] = "URI:",
	    [HOSTNAME_SAN_OTHER] = "other:"};
	char			 ip[INET6_ADDRSTRLEN];
	size_t			 n;

	/* As one field: the prefix and the value within OUT_FIELD_SIZE. */
	if (bufsz > OUT_FIELD_SIZE)
		bufsz = OUT_FIELD_SIZE;
	n = (size_t)snprintf(buf, bufsz, "%s", prefix[s->type]);
	if (n >= bufsz)
		return buf;
	if (s->type == HOSTNAME_SAN_IP &&
	    ((s->len == 4 && inet_ntop(AF_INET, s->data, ip, sizeof(ip))) ||
		(s->len == 16 && inet_ntop(AF_INET6, s->data, ip, sizeof(ip)))))
		snprintf(buf + n, bufsz - n, "%s", ip);
	else if (s->type == HOSTNAME_SAN_OTHER)
		snprintf(buf + n, bufsz - n, "[%u]", s->tag);
	else
		out_escape(buf + n, bufsz - n, s->data, s->len);
	return buf;
}

static void
get_key(struct cert_info *ci, gnutls_x509_crt_t crt)
{
	unsigned int bits = 0;
	int	     pk;
	const char  *name;

	pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	switch (pk) {
	case GNUTLS_PK_RSA:
	case GNUTLS_PK_RSA_PSS:
		name = "RSA";
		break;
	case GNUTLS_PK_DSA:
		name = "DSA";
		break;
	case GNUTLS_PK_ECDSA:
		name = "ECDSA";
		break;
	case GNUTLS_PK_EDDSA_ED25519:
		name = "Ed25519";
		break;
	case GNUTLS_PK_EDDSA_ED448:
		name = "Ed448";
		break;
	default:
		name = pk >= 0 ? gnutls_pk_get_name(pk) : NULL;
		break;
	}
	snprintf(
	    ci->key_type, sizeof(ci->key_type), "%s", name ? name : "unknown");
	ci->key_bits = bits;
}

/*
 * Issued by itself, with its own key? When crt is the copy import_der()
 * changed, the signature covers the original (orig), so that is verified.
 */
static bool
self_signed(gnutls_x509_crt_t crt, const gnutls_datum_t *orig)
{
	gnutls_x509_crt_t o = NULL;
	unsigned int	  st = 0;
	int		  r;

	if (!gnutls_x509_crt_check_issuer(crt, crt))
		return false;
	if (orig != NULL) {
		if (gnutls_x509_crt_init(&o) < 0)
			return false;
		if (gnutls_x509_crt_import(o, orig, GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(o);
			return false;
		}
		crt = o;
	}
	/* Only the signature matters here, not dates or algorithm policy. */
	r = gnutls_x509_crt_verify(crt, &crt, 1,
	    GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
		GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
		GNUTLS_VERIFY_ALLOW_BROKEN,
	    &st);
	if (o != NULL)
		gnutls_x509_crt_deinit(o);
	return r >= 0 &&
	    (st &
		(GNUTLS_CERT_SIGNATURE_FAILURE |
		    GNUTLS_CERT_SIGNER_NOT_FOUND)) == 0;
}

/*
 * The common name of the subject (issuer: of the issuer), escaped, into
 * dst, and as it is into raw (rawsz bytes; NULL: not wanted), its length
 * into *rawlen; "" and 0 when there is none or it does not fit.
 */
static void
get_cn(gnutls_x509_crt_t crt, bool issuer, char *dst, size_t dstsz,
    unsigned char *raw, size_t rawsz, size_t *rawlen)
{
	unsigned char buf[512];
	size_t	      sz = sizeof(buf);
	int	      r;

	dst[0] = '\0';
	r = issuer ? gnutls_x509_crt_get_issuer_dn_by_oid(
			 crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &sz) :
		     gnutls_x509_crt_get_dn_by_oid(
			 crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &sz);
	if (r < 0 || sz >= sizeof(buf))
		return;
	/* "#" and hex DER (bytes GnuTLS cannot show), or escaped text. */
	if (buf[0] == '#')
		sz = undo_hex_dn(buf, sz);
	else
		sz = dn_unescape(buf, sz);
	if (sz > 0)
		out_escape(dst, dstsz, buf, sz);
	if (raw != NULL && sz <= rawsz) {
		memcpy(raw, buf, sz);
		*rawlen = sz;
	}
}

/*
 * Names: DNs and the short names shown (CN, else the first SAN, else the
 * DN). SANs are decoded here only for a certificate without a CN.
 */
static void
get_names(struct cert_info *ci, gnutls_x509_crt_t crt)
{
	struct cert_names *nm = ci->names;
	gnutls_datum_t	   d;

	if (gnutls_x509_crt_get_dn3(crt, &d, 0) >= 0)
		take_dn(ci->subject, sizeof(ci->subject), &d);
	if (gnutls_x509_crt_get_issuer_dn3(crt, &d, 0) >= 0)
		take_dn(ci->issuer, sizeof(ci->issuer), &d);

	get_cn(crt, false, ci->name, sizeof(ci->name), nm->cn, sizeof(nm->cn),
	    &nm->cn_len);
	if (ci->name[0] == '\0' && cert_sans(ci)->n > 0) {
		char one[OUT_FIELD_SIZE + 8];

		cert_san_str(&cert_sans(ci)->v[0], one, sizeof(one));
		snprintf(
		    ci->name, sizeof(ci->name), "%s", strchr(one, ':') + 1);
	} else if (ci->name[0] == '\0') {
		snprintf(ci->name, sizeof(ci->name), "%s", ci->subject);
	}
	get_cn(
	    crt, true, ci->issuer_name, sizeof(ci->issuer_name), NULL, 0, NULL);
	if (ci->issuer_name[0] == '\0')
		snprintf(
		    ci->issuer_name, sizeof(ci->issuer_name), "%s", ci->issuer);
}

/* Signature algorithm and its hash; MD2, MD5 and SHA-1 are weak. */
static void
get_signature(struct cert_info *ci, gnutls_x509_crt_t crt)
{
	int sig = gnutls_x509_crt_get_signature_algorithm(crt);

	snprintf(ci->sig_alg, sizeof(ci->sig_alg), "%s",
	    sig >= 0 && gnutls_sign_get_name(sig) != NULL ?
		gnutls_sign_get_name(sig) :
		"unknown");
	if (sig >= 0) {
		gnutls_digest_algorithm_t h = gnutls_sign_get_hash_algorithm(
		    sig);
		const char *hn = gnutls_digest_get_name(h);

		snprintf(
		    ci->sig_hash, sizeof(ci->sig_hash), "%s", hn ? hn : "");
		ci->sig_weak = h == GNUTLS_DIG_MD5 || h == GNUTLS_DIG_MD2 ||
		    h == GNUTLS_DIG_SHA1;
	}
}

/* The SHA-256 fingerprint of the DER as sent, as lower-case hex. */
static void
get_fingerprint(struct cert_info *ci, const gnutls_datum_t *der)
{
	unsigned char buf[64];
	size_t	      sz = sizeof(buf), i;

	if (gnutls_fingerprint(GNUTLS_DIG_SHA256, der, buf, &sz) < 0)
		return;
	for (i = 0; i < sz && i < 32; i++)
		snprintf(ci->sha256 + 2 * i, 3, "%02x", buf[i]);
}

/*
 * Import ci->der into crt. GnuTLS decodes every SAN on import (2,000 of
 * them cost about as much as a whole handshake, which has already paid
 * for them once), so what it imports is a copy in which the SAN
 * extension's OID reads 2.5.29.127, an OID it ignores; cert_sans()
 * decodes the names from ci->der when first asked. The copy differs in
 * that one byte: the fingerprint and the signature come from ci->der.
 */
static int
import_der(struct cert_info *ci, gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = {ci->der, (unsigned int)ci->der_len};
	struct der_tlv san;
	size_t	       oid_end;
	unsigned char *copy = NULL;
	int	       r;

	if (der_find_san(ci->der, ci->der_len, &san, &oid_end) == 0) {
		ci->names->san_val = san.val;
		ci->names->san_len = san.len;
		copy = malloc(ci->der_len);
		if (copy == NULL)
			return GNUTLS_E_MEMORY_ERROR;
		memcpy(copy, ci->der, ci->der_len);
		copy[oid_end - 1] = 0x7f;
		d.data = copy;
	}
	r = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER);
	free(copy);
	return r;
}

int
cert_info_from_der(
    struct cert_info *ci, const void *der, size_t len, char *why, size_t whysz)
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t	  d;
	unsigned int	  ca_crit = 0;
	int		  r, ret = -1;

	memset(ci, 0, sizeof(*ci));
	ci->der = malloc(len > 0 ? len : 1);
	ci->names = calloc(1, sizeof(*ci->names));
	if (ci->der == NULL || ci->names == NULL ||
	    gnutls_x509_crt_init(&crt) < 0) {
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	memcpy(ci->der, der, len);
	ci->der_len = len;
	r = import_der(ci, crt);
	if (r == GNUTLS_E_MEMORY_ERROR) {
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	if (r < 0) {
		snprintf(why, whysz,
		    "cannot parse the server's certificate: %s",
		    gnutls_strerror(r));
		goto out;
	}
	d.data = ci->der;
	d.size = (unsigned int)ci->der_len;
	get_names(ci, crt);
	ci->not_before = gnutls_x509_crt_get_activation_time(crt);
	ci->not_after = gnutls_x509_crt_get_expiration_time(crt);
	get_key(ci, crt);
	get_signature(ci, crt);
	get_fingerprint(ci, &d);
	ci->is_ca = gnutls_x509_crt_get_basic_constraints(
			crt, &ca_crit, NULL, NULL) > 0;
	ci->self_signed = self_signed(crt, ci->names->san_val ? &d : NULL);
	ret = 0;
out:
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	if (ret != 0)
		cert_info_release(ci);
	return ret;
}

bool
cert_matches_name(const struct cert_info *ci, const char *name)
{
	const struct cert_sans *sans = cert_sans(ci);
	struct hostname_ref	ref;

	if (ci == NULL || ci->der == NULL ||
	    hostname_ref_init(&ref, name) == -1)
		return false;
	return hostname_match_sans(&ref, sans->v, sans->n);
}

bool
cert_cn_matches_name(const struct cert_info *ci, const char *name)
{
	const struct cert_sans *sans = cert_sans(ci);
	struct hostname_ref	ref;
	size_t			i;

	if (ci == NULL || ci->der == NULL || ci->names->cn_len == 0 ||
	    hostname_ref_init(&ref, name) == -1)
		return false;
	/* RFC 6125 6.4.4: a CN counted only without a DNS (or IP) SAN. */
	for (i = 0; i < sans->n; i++)
		if (sans->v[i].type == HOSTNAME_SAN_DNS ||
		    sans->v[i].type == HOSTNAME_SAN_IP)
			return false;
	return hostname_match_dns(&ref, ci->names->cn, ci->names->cn_len);
}

void
cert_info_release(struct cert_info *ci)
{
	if (ci == NULL)
		return;
	if (ci->names != NULL)
		free(ci->names->v);
	free(ci->names);
	ci->names = NULL;
	free(ci->der);
	ci->der = NULL;
	ci->der_len = 0;
}
