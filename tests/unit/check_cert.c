/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Certificate facts (common/cert.h) on certificates minted in-process by
 * the test PKI: names, SANs, dates, key, signature, self-signed, escaping.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cert.h"
#include "pki.h"

#define MAX_ROW_SANS 24

/* The CA that issues every row with by_ca, minted once per run. */
static struct pki_cert ca;
static time_t	       now;

static void
ca_setup(void)
{
	struct pki_spec s;
	char		why[PKI_WHY_SIZE];

	now = time(NULL);
	memset(&s, 0, sizeof(s));
	s.cn = "Test CA";
	s.org = "Example Org";
	s.is_ca = true;
	s.pathlen = -1;
	s.key_usage = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN;
	s.not_before = pki_days_from(now, -10);
	s.not_after = pki_days_from(now, 3650);
	if (pki_cert_mint(&ca, &s, PKI_KEY_ECDSA, 0, NULL, GNUTLS_DIG_SHA256,
		why, sizeof(why)) == -1)
		ck_abort_msg("minting the CA: %s", why);
}

static void
ca_teardown(void)
{
	pki_cert_release(&ca);
}

static const struct pki_san www_sans[] = {
    {PKI_SAN_DNS, "www.example.test", 16},
    {PKI_SAN_DNS, "*.wild.example.test", 19},
    {PKI_SAN_IP, "\x7f\x00\x00\x01", 4},
    {PKI_SAN_IP, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16},
};
static const struct pki_san only_san[] = {{PKI_SAN_DNS, "only.test", 9}};
static const struct pki_san other_san[] = {
    {PKI_SAN_DNS, "other.example.test", 18}};
/* Four 2 KiB names (over GnuTLS's buffers), then the host as 8th SAN. */
static char long_a[2048], long_b[2048], long_c[2048], long_d[2048];
static const struct pki_san tricky_sans[] = {
    {PKI_SAN_DNS, "*oo.partial.test", 16},
    {PKI_SAN_DNS, "trailing.example.test.", 22},
    {PKI_SAN_DNS, "*.wild.test", 11},
    {PKI_SAN_DNS, long_a, sizeof(long_a)},
    {PKI_SAN_DNS, long_b, sizeof(long_b)},
    {PKI_SAN_DNS, long_c, sizeof(long_c)},
    {PKI_SAN_DNS, long_d, sizeof(long_d)},
    {PKI_SAN_DNS, "fifth.example.test", 18},
};
static const struct pki_san evil_san[] = {
    {PKI_SAN_DNS, "evil|san\ninject.example", 23}};

/* One certificate to mint, and what cert_info_from_der must report. */
struct row {
	const char *what;
	/* the certificate */
	const char *cn;
	size_t	    cn_len; /* 0: strlen(cn) */
	const char *org;
	bool	    the_ca; /* the CA itself; the fields below are ignored */
	bool	    by_ca;  /* issued by the CA, else signed by its own key */
	bool	    is_ca;
	enum pki_key_type	  key;
	unsigned int		  bits;
	gnutls_digest_algorithm_t dig;
	double			  nb_days, na_days; /* relative to now */
	const struct pki_san	 *sans;
	size_t			  nsans;
	bool			  verbatim;
	size_t gen_sans; /* instead: "n0.test".."n<gen_sans-1>.test" */
	/* what the facts say; NULL: not checked exactly */
	const char  *subject;
	const char  *issuer;
	const char  *name;
	const char  *issuer_name;
	const char  *want_sans[4]; /* the first SANs, as cert_san_str() */
	size_t	     want_n;	   /* cert_sans()->n */
	const char  *key_type;
	unsigned int key_bits;
	const char  *sig_alg, *sig_hash;
	bool	     sig_weak, self_signed, want_ca;
};

static const struct row rows[] = {
    {.what = "ECDSA leaf from the CA",
	.cn = "www.example.test",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 90,
	.sans = www_sans,
	.nsans = 4,
	.subject = "CN=www.example.test",
	.issuer = "CN=Test CA,O=Example Org",
	.name = "www.example.test",
	.issuer_name = "Test CA",
	.want_sans = {"DNS:www.example.test", "DNS:*.wild.example.test",
	    "IP:127.0.0.1", "IP:::1"},
	.want_n = 4,
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "the self-signed CA",
	.the_ca = true,
	.subject = "CN=Test CA,O=Example Org",
	.issuer = "CN=Test CA,O=Example Org",
	.name = "Test CA",
	.issuer_name = "Test CA",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256",
	.self_signed = true,
	.want_ca = true},
    {.what = "self-signed RSA-1024 with SHA-1",
	.cn = "rsa.test",
	.org = "RSA Org",
	.key = PKI_KEY_RSA,
	.bits = 1024,
	.dig = GNUTLS_DIG_SHA1,
	.nb_days = -1,
	.na_days = 30,
	.subject = "CN=rsa.test,O=RSA Org",
	.issuer = "CN=rsa.test,O=RSA Org",
	.name = "rsa.test",
	.issuer_name = "rsa.test",
	.key_type = "RSA",
	.key_bits = 1024,
	.sig_alg = "RSA-SHA1",
	.sig_hash = "SHA1",
	.sig_weak = true,
	.self_signed = true},
    {.what = "self-signed with SANs: its own signature still verifies",
	.cn = "selfsan.test",
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 30,
	.sans = www_sans,
	.nsans = 4,
	.name = "selfsan.test",
	.want_sans = {"DNS:www.example.test"},
	.want_n = 4,
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256",
	.self_signed = true},
    {.what = "self-signed RSA with MD5",
	.cn = "md5.test",
	.key = PKI_KEY_RSA,
	.bits = 1024,
	.dig = GNUTLS_DIG_MD5,
	.nb_days = -1,
	.na_days = 30,
	.name = "md5.test",
	.key_type = "RSA",
	.key_bits = 1024,
	.sig_alg = "RSA-MD5",
	.sig_hash = "MD5",
	.sig_weak = true,
	.self_signed = true},
    {.what = "ECDSA leaf signed with SHA-1",
	.cn = "sha1.test",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA1,
	.nb_days = -1,
	.na_days = 30,
	.name = "sha1.test",
	.issuer_name = "Test CA",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA1",
	.sig_hash = "SHA1",
	.sig_weak = true},
    {.what = "expired three days ago",
	.cn = "expired.test",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -30,
	.na_days = -3,
	.name = "expired.test",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "valid only in two days, for half a day",
	.cn = "future.test",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = 2,
	.na_days = 2.5,
	.name = "future.test",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "an intermediate: CA, not self-signed",
	.cn = "Sub CA",
	.org = "Example Org",
	.by_ca = true,
	.is_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 1000,
	.subject = "CN=Sub CA,O=Example Org",
	.issuer = "CN=Test CA,O=Example Org",
	.name = "Sub CA",
	.issuer_name = "Test CA",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256",
	.want_ca = true},
    {.what = "the CA's DN on another key: not self-signed",
	.cn = "Test CA",
	.org = "Example Org",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 30,
	.subject = "CN=Test CA,O=Example Org",
	.issuer = "CN=Test CA,O=Example Org",
	.name = "Test CA",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "no CN: the name is the first SAN",
	.org = "Nameless Org",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 30,
	.sans = only_san,
	.nsans = 1,
	.subject = "O=Nameless Org",
	.name = "only.test",
	.want_sans = {"DNS:only.test"},
	.want_n = 1,
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "no CN, no SAN: the name is the subject",
	.org = "Nameless Org",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 30,
	.subject = "O=Nameless Org",
	.name = "O=Nameless Org",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "'|', LF and CR in the CN come back escaped",
	.cn = "evil|name\nINJECT|x=1\r",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 30,
	.name = "evil\\x7cname\\x0aINJECT\\x7cx=1\\x0d",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "a NUL in the CN comes back escaped, not cut",
	.cn = "evil\0name",
	.cn_len = 9,
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 30,
	.name = "evil\\x00name",
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "'|' and LF in a DNS SAN come back escaped",
	.cn = "san.test",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 30,
	.sans = evil_san,
	.nsans = 1,
	.verbatim = true,
	.name = "san.test",
	.want_sans = {"DNS:evil\\x7csan\\x0ainject.example"},
	.want_n = 1,
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
    {.what = "more SANs than kept: counted, first ones kept",
	.cn = "many.test",
	.by_ca = true,
	.dig = GNUTLS_DIG_SHA256,
	.nb_days = -1,
	.na_days = 30,
	.gen_sans = CERT_SAN_SHOWN + 4,
	.name = "many.test",
	.want_sans = {"DNS:n0.test"},
	.want_n = CERT_SAN_SHOWN + 4,
	.key_type = "ECDSA",
	.key_bits = 256,
	.sig_alg = "ECDSA-SHA256",
	.sig_hash = "SHA256"},
};

/*
 * Server text reaches a status line only as printable ASCII without '|',
 * and every backslash starts a "\xHH" escape (STYLE 8).
 */
static void
assert_escaped(const char *field, const char *s)
{
	for (; *s != '\0'; s++) {
		ck_assert_msg(*s >= 0x20 && *s <= 0x7e && *s != '|',
		    "%s: raw byte 0x%02x", field, (unsigned char)*s);
		if (*s == '\\')
			ck_assert_msg(
			    s[1] == 'x' && s[2] != '\0' && s[3] != '\0',
			    "%s: bare backslash", field);
	}
}

/* Mint r's certificate into c (the CA: borrowed, c->key NULL). */
static void
row_mint(const struct row *r, struct pki_cert *c)
{
	static char	names[MAX_ROW_SANS][16];
	struct pki_san	gen[MAX_ROW_SANS];
	struct pki_spec s;
	char		why[PKI_WHY_SIZE];
	size_t		i;

	memset(&s, 0, sizeof(s));
	s.cn = r->cn;
	s.cn_len = r->cn_len;
	s.org = r->org;
	s.is_ca = r->is_ca;
	s.pathlen = -1;
	s.key_usage = r->is_ca ? GNUTLS_KEY_KEY_CERT_SIGN :
				 GNUTLS_KEY_DIGITAL_SIGNATURE;
	s.server_auth = !r->is_ca;
	s.not_before = pki_days_from(now, r->nb_days);
	s.not_after = pki_days_from(now, r->na_days);
	s.sans = r->sans;
	s.nsans = r->nsans;
	s.sans_verbatim = r->verbatim;
	for (i = 0; i < r->gen_sans && i < MAX_ROW_SANS; i++) {
		snprintf(names[i], sizeof(names[i]), "n%zu.test", i);
		gen[i] = (struct pki_san){
		    PKI_SAN_DNS, names[i], strlen(names[i])};
	}
	if (r->gen_sans > 0) {
		s.sans = gen;
		s.nsans = i;
	}
	if (pki_cert_mint(c, &s, r->key, r->bits, r->by_ca ? &ca : NULL, r->dig,
		why, sizeof(why)) == -1)
		ck_abort_msg("%s: %s", r->what, why);
}

/* The facts cert.c reads from crt's DER, which must parse. */
static void
facts(gnutls_x509_crt_t crt, struct cert_info *ci, gnutls_datum_t *der)
{
	char why[256] = "";

	ck_assert_int_eq(pki_export_der(crt, der, why, sizeof(why)), 0);
	ck_assert_msg(
	    cert_info_from_der(ci, der->data, der->size, why, sizeof(why)) == 0,
	    "cert_info_from_der: %s", why);
}

static void
check_strings(const struct row *r, const struct cert_info *ci)
{
	const struct cert_sans *sans = cert_sans(ci);
	char			san[OUT_FIELD_SIZE + 8];
	size_t			k;
	int			i;

	if (r->subject != NULL)
		ck_assert_str_eq(ci->subject, r->subject);
	if (r->issuer != NULL)
		ck_assert_str_eq(ci->issuer, r->issuer);
	if (r->name != NULL)
		ck_assert_str_eq(ci->name, r->name);
	if (r->issuer_name != NULL)
		ck_assert_str_eq(ci->issuer_name, r->issuer_name);
	for (i = 0; i < 4 && r->want_sans[i] != NULL; i++)
		ck_assert_str_eq(cert_san_str(&sans->v[i], san, sizeof(san)),
		    r->want_sans[i]);
	assert_escaped("subject", ci->subject);
	assert_escaped("issuer", ci->issuer);
	assert_escaped("name", ci->name);
	assert_escaped("issuer_name", ci->issuer_name);
	for (k = 0; k < sans->n; k++)
		assert_escaped(
		    "san", cert_san_str(&sans->v[k], san, sizeof(san)));
}

/* The fingerprint is the SHA-256 of the DER as sent, in lower-case hex. */
static void
check_fingerprint(const struct cert_info *ci, const gnutls_datum_t *der)
{
	unsigned char md[32];
	char	      hex[65];
	size_t	      mdlen = sizeof(md), i;

	ck_assert_int_eq(
	    gnutls_fingerprint(GNUTLS_DIG_SHA256, der, md, &mdlen), 0);
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	ck_assert_str_eq(ci->sha256, hex);
}

START_TEST(test_facts)
{
	const struct row *r = &rows[_i];
	struct pki_cert	  c = {NULL, NULL};
	struct cert_info  ci;
	gnutls_datum_t	  der;

	if (!r->the_ca)
		row_mint(r, &c);
	facts(r->the_ca ? ca.crt : c.crt, &ci, &der);
	check_strings(r, &ci);
	ck_assert_uint_eq(cert_sans(&ci)->n, r->want_n);
	ck_assert(!cert_sans(&ci)->malformed);
	if (!r->the_ca) {
		/* UTCTime keeps whole seconds, so the dates come back exact */
		ck_assert_int_eq(ci.not_before, pki_days_from(now, r->nb_days));
		ck_assert_int_eq(ci.not_after, pki_days_from(now, r->na_days));
	}
	ck_assert_str_eq(ci.key_type, r->key_type);
	ck_assert_uint_eq(ci.key_bits, r->key_bits);
	ck_assert_str_eq(ci.sig_alg, r->sig_alg);
	ck_assert_str_eq(ci.sig_hash, r->sig_hash);
	ck_assert_int_eq(ci.sig_weak, r->sig_weak);
	ck_assert_int_eq(ci.self_signed, r->self_signed);
	ck_assert_int_eq(ci.is_ca, r->want_ca);
	ck_assert_uint_eq(ci.der_len, der.size);
	ck_assert(memcmp(ci.der, der.data, der.size) == 0);
	check_fingerprint(&ci, &der);
	cert_info_release(&ci);
	gnutls_free(der.data);
	pki_cert_release(&c);
}
END_TEST

/* The fingerprint is the SHA-256 of the DER, in lower-case hex. */
START_TEST(test_fingerprint)
{
	unsigned char	 md[32];
	char		 hex[65];
	size_t		 mdlen = sizeof(md), i;
	struct cert_info ci;
	gnutls_datum_t	 der;

	facts(ca.crt, &ci, &der);
	ck_assert_int_eq(
	    gnutls_fingerprint(GNUTLS_DIG_SHA256, &der, md, &mdlen), 0);
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	ck_assert_str_eq(ci.sha256, hex);
	cert_info_release(&ci);
	gnutls_free(der.data);
}
END_TEST

/* An overlong SAN is cut to the field size and marked "...". */
START_TEST(test_long_san)
{
	static char	 long_dns[1000 + sizeof(".example")];
	struct pki_san	 san = {PKI_SAN_DNS, long_dns, 0};
	struct pki_cert	 c = {NULL, NULL};
	struct pki_spec	 s;
	struct cert_info ci;
	gnutls_datum_t	 der;
	char		 why[PKI_WHY_SIZE], first[OUT_FIELD_SIZE + 8];
	size_t		 len;

	memset(long_dns, 'a', 1000);
	memcpy(long_dns + 1000, ".example", sizeof(".example"));
	san.len = strlen(long_dns);
	memset(&s, 0, sizeof(s));
	s.cn = "long.test";
	s.not_before = pki_days_from(now, -1);
	s.not_after = pki_days_from(now, 30);
	s.sans = &san;
	s.nsans = 1;
	s.sans_verbatim = true;
	ck_assert_int_eq(pki_cert_mint(&c, &s, PKI_KEY_ECDSA, 0, &ca,
			     GNUTLS_DIG_SHA256, why, sizeof(why)),
	    0);
	facts(c.crt, &ci, &der);
	cert_san_str(&cert_sans(&ci)->v[0], first, sizeof(first));
	len = strlen(first);
	ck_assert_uint_le(len, OUT_FIELD_SIZE - 1);
	ck_assert_uint_gt(len, 100);
	ck_assert(strncmp(first, "DNS:aaaa", 8) == 0);
	ck_assert_str_eq(first + len - 3, "...");
	cert_info_release(&ci);
	gnutls_free(der.data);
	pki_cert_release(&c);
}
END_TEST

/* Leaves for name matching, from the CA. */
enum match_cert {
	M_WWW,	   /* www_sans: DNS, wildcard DNS, 127.0.0.1, ::1 */
	M_CN_ONLY, /* CN cn-only.example.test, no SAN */
	M_CN_SAN,  /* CN cn.example.test, SAN other.example.test */
	M_TRICKY   /* CN tricky.test, tricky_sans, verbatim */
};

struct match_row {
	enum match_cert cert;
	const char     *name;
	bool		want;	 /* cert_matches_name */
	bool		want_cn; /* cert_cn_matches_name (--allow-cn) */
};

static const struct match_row matches[] = {
    {M_WWW, "www.example.test", true, false},
    {M_WWW, "WWW.Example.TEST", true, false}, /* RFC 6125 6.4.1: any case */
    {M_WWW, "a.wild.example.test", true, false},
    {M_WWW, "a.b.wild.example.test", false, false}, /* '*' is one label only */
    {M_WWW, "wild.example.test", false, false},	    /* nor the bare parent */
    {M_WWW, "127.0.0.1", true, false},		    /* iPAddress SAN */
    {M_WWW, "::1", true, false},		    /* iPAddress SAN, IPv6 */
    {M_WWW, "127.0.0.2", false, false},		    /* another address */
    {M_WWW, "example.test", false, false},	    /* the parent domain */
    {M_WWW, "", false, false},			    /* no name at all */
    {M_WWW, NULL, false, false},		    /* nor a NULL one */
    /* RFC 9525 dropped the CN; --allow-cn takes it without DNS SANs */
    {M_CN_ONLY, "cn-only.example.test", false, true},
    {M_CN_ONLY, "CN-ONLY.example.test.", false, true},
    {M_CN_ONLY, "other.example.test", false, false},
    {M_CN_ONLY, "127.0.0.1", false, false}, /* never an IP by CN */
    {M_CN_SAN, "other.example.test", true, false},
    {M_CN_SAN, "cn.example.test", false, false}, /* a DNS SAN hides the CN */
    /* our rules, not GnuTLS's (3.7.9 matched the first and the third) */
    {M_TRICKY, "foo.partial.test", false, false}, /* "*oo.partial.test" */
    {M_TRICKY, "trailing.example.test", true,
	false},				     /* "trailing.example.test." */
    {M_TRICKY, "*.wild.test", false, false}, /* a host is no pattern */
    {M_TRICKY, "fifth.example.test", true, false}, /* after 4 long SANs */
    {M_TRICKY, "tricky.test", false, false},	   /* the CN, with SANs */
};

START_TEST(test_matches)
{
	static const struct row leaves[] = {
	    [M_WWW] = {.cn = "www.example.test", .sans = www_sans, .nsans = 4},
	    [M_CN_ONLY] = {.cn = "cn-only.example.test"},
	    [M_CN_SAN] = {.cn = "cn.example.test",
		.sans = other_san,
		.nsans = 1},
	    [M_TRICKY] = {.cn = "tricky.test",
		.sans = tricky_sans,
		.nsans = 8,
		.verbatim = true},
	};
	const struct match_row *m = &matches[_i];
	struct row		r = leaves[m->cert];
	struct pki_cert		c = {NULL, NULL};
	struct cert_info	ci;
	gnutls_datum_t		der;

	memset(long_a, 'a', sizeof(long_a));
	memset(long_b, 'b', sizeof(long_b));
	memset(long_c, 'c', sizeof(long_c));
	memset(long_d, 'd', sizeof(long_d));
	r.what = m->name;
	r.by_ca = true;
	r.dig = GNUTLS_DIG_SHA256;
	r.nb_days = -1;
	r.na_days = 30;
	row_mint(&r, &c);
	facts(c.crt, &ci, &der);
	ck_assert_msg(cert_matches_name(&ci, m->name) == m->want,
	    "'%s' against leaf %d: want %d", m->name ? m->name : "(null)",
	    (int)m->cert, (int)m->want);
	ck_assert_msg(cert_cn_matches_name(&ci, m->name) == m->want_cn,
	    "'%s' against leaf %d's CN: want %d", m->name ? m->name : "(null)",
	    (int)m->cert, (int)m->want_cn);
	cert_info_release(&ci);
	gnutls_free(der.data);
	pki_cert_release(&c);
}
END_TEST

START_TEST(test_bad_der)
{
	static const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
	struct cert_info	   ci;
	char			   why[256] = "";

	ck_assert_int_eq(
	    cert_info_from_der(&ci, junk, sizeof(junk), why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "cannot parse"));
	ck_assert_ptr_null(ci.der);
	ck_assert(!cert_matches_name(&ci, "www.example.test"));
	ck_assert(!cert_cn_matches_name(&ci, "www.example.test"));
	ck_assert_uint_eq(cert_sans(&ci)->n, 0);
	cert_info_release(&ci);
	cert_info_release(&ci);
	cert_info_release(NULL);
}
END_TEST

START_TEST(test_time_str)
{
	char buf[32];

	ck_assert_str_eq(
	    cert_time_str(0, buf, sizeof(buf)), "1970-01-01 00:00 UTC");
	ck_assert_str_eq(cert_time_str(1700000000, buf, sizeof(buf)),
	    "2023-11-14 22:13 UTC");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cert");
	TCase *tc = tcase_create("facts");

	tcase_add_unchecked_fixture(tc, ca_setup, ca_teardown);
	tcase_add_loop_test(tc, test_facts, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_fingerprint);
	tcase_add_test(tc, test_long_san);
	tcase_add_loop_test(
	    tc, test_matches, 0, sizeof(matches) / sizeof(matches[0]));
	tcase_add_test(tc, test_bad_der);
	tcase_add_test(tc, test_time_str);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
