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

static void
get_sans(struct cert_info *ci, gnutls_x509_crt_t crt)
{
	unsigned char buf[1024];
	unsigned int  seq;

	for (seq = 0; seq < 1024; seq++) {
		size_t	     sz = sizeof(buf);
		unsigned int crit;
		const char  *prefix;
		char	     val[OUT_FIELD_SIZE], ip[INET6_ADDRSTRLEN];
		/* Room for the value once the longest prefix ("email:") is
		 * added. */
		const size_t room = sizeof(val) - 6;
		int	     r;

		r = gnutls_x509_crt_get_subject_alt_name(
		    crt, seq, buf, &sz, &crit);
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		ci->nsans_total++;
		if (r < 0) {
			/* Too long for buf, or undecodable: count it only. */
			continue;
		}
		switch (r) {
		case GNUTLS_SAN_DNSNAME:
			prefix = "DNS:";
			break;
		case GNUTLS_SAN_IPADDRESS:
			prefix = "IP:";
			break;
		case GNUTLS_SAN_RFC822NAME:
			prefix = "email:";
			break;
		case GNUTLS_SAN_URI:
			prefix = "URI:";
			break;
		default:
			prefix = NULL;
			break;
		}
		if (prefix == NULL) {
			prefix = "other:";
			snprintf(val, sizeof(val), "type %d", r);
		} else if (r == GNUTLS_SAN_IPADDRESS &&
		    ((sz == 4 &&
			 inet_ntop(AF_INET, buf, ip, sizeof(ip)) != NULL) ||
			(sz == 16 &&
			    inet_ntop(AF_INET6, buf, ip, sizeof(ip)) !=
				NULL))) {
			snprintf(val, sizeof(val), "%s", ip);
		} else {
			out_escape(val, room, buf, sz);
		}
		if (ci->nsans < CERT_SAN_MAX) {
			char joined[OUT_FIELD_SIZE + 8];

			snprintf(joined, sizeof(joined), "%s%s", prefix, val);
			/* Keep within the field size; the value was capped. */
			snprintf(ci->sans[ci->nsans++], OUT_FIELD_SIZE, "%s",
			    joined);
		}
	}
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

static bool
self_signed(gnutls_x509_crt_t crt)
{
	unsigned int st = 0;

	if (!gnutls_x509_crt_check_issuer(crt, crt))
		return false;
	/* Only the signature matters here, not dates or algorithm policy. */
	if (gnutls_x509_crt_verify(crt, &crt, 1,
		GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
		    GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
		    GNUTLS_VERIFY_ALLOW_BROKEN,
		&st) < 0)
		return false;
	return (st &
		   (GNUTLS_CERT_SIGNATURE_FAILURE |
		       GNUTLS_CERT_SIGNER_NOT_FOUND)) == 0;
}

/*
 * The common name of the subject (issuer: of the issuer), escaped, into
 * buf; "" when there is none or it does not fit.
 */
static void
get_cn(gnutls_x509_crt_t crt, bool issuer, char *dst, size_t dstsz)
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
}

/* Names: DNs, SANs, and the short names shown (CN, else SAN, else DN). */
static void
get_names(struct cert_info *ci, gnutls_x509_crt_t crt)
{
	gnutls_datum_t d;

	if (gnutls_x509_crt_get_dn3(crt, &d, 0) >= 0)
		take_dn(ci->subject, sizeof(ci->subject), &d);
	if (gnutls_x509_crt_get_issuer_dn3(crt, &d, 0) >= 0)
		take_dn(ci->issuer, sizeof(ci->issuer), &d);
	get_sans(ci, crt);

	get_cn(crt, false, ci->name, sizeof(ci->name));
	if (ci->name[0] == '\0' && ci->nsans > 0)
		snprintf(ci->name, sizeof(ci->name), "%s",
		    strchr(ci->sans[0], ':') + 1);
	else if (ci->name[0] == '\0')
		snprintf(ci->name, sizeof(ci->name), "%s", ci->subject);
	get_cn(crt, true, ci->issuer_name, sizeof(ci->issuer_name));
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

/* The SHA-256 fingerprint as lower-case hex. */
static void
get_fingerprint(struct cert_info *ci, gnutls_x509_crt_t crt)
{
	unsigned char buf[64];
	size_t	      sz = sizeof(buf), i;

	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, buf, &sz) <
	    0)
		return;
	for (i = 0; i < sz && i < 32; i++)
		snprintf(ci->sha256 + 2 * i, 3, "%02x", buf[i]);
}

int
cert_info_from_der(
    struct cert_info *ci, const void *der, size_t len, char *why, size_t whysz)
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t d = {(unsigned char *)(uintptr_t)der, (unsigned int)len};
	unsigned int   ca_crit = 0;
	int	       r, ret = -1;

	memset(ci, 0, sizeof(*ci));
	if (gnutls_x509_crt_init(&crt) < 0) {
		snprintf(why, whysz, "out of memory");
		return -1;
	}
	r = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER);
	if (r < 0) {
		snprintf(why, whysz,
		    "cannot parse the server's certificate: %s",
		    gnutls_strerror(r));
		goto out;
	}
	ci->der = malloc(len > 0 ? len : 1);
	if (ci->der == NULL) {
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	memcpy(ci->der, der, len);
	ci->der_len = len;

	get_names(ci, crt);
	ci->not_before = gnutls_x509_crt_get_activation_time(crt);
	ci->not_after = gnutls_x509_crt_get_expiration_time(crt);
	get_key(ci, crt);
	get_signature(ci, crt);
	get_fingerprint(ci, crt);
	ci->is_ca = gnutls_x509_crt_get_basic_constraints(
			crt, &ca_crit, NULL, NULL) > 0;
	ci->self_signed = self_signed(crt);
	ret = 0;
out:
	gnutls_x509_crt_deinit(crt);
	if (ret != 0)
		cert_info_release(ci);
	return ret;
}

bool
cert_matches_name(const struct cert_info *ci, const char *name)
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t	  d;
	bool		  ok = false;

	if (ci->der == NULL || name == NULL || name[0] == '\0' ||
	    gnutls_x509_crt_init(&crt) < 0)
		return false;
	d.data = ci->der;
	d.size = (unsigned int)ci->der_len;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) >= 0)
		ok = gnutls_x509_crt_check_hostname2(crt, name, 0) != 0;
	gnutls_x509_crt_deinit(crt);
	return ok;
}

void
cert_info_release(struct cert_info *ci)
{
	if (ci == NULL)
		return;
	free(ci->der);
	ci->der = NULL;
	ci->der_len = 0;
}
