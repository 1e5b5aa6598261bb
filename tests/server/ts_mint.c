/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The server's certificates, minted at start-up from its options with the
 * test PKI (tests/lib/pki.h), and the PEM files it writes for clients.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/x509-ext.h>

#include "ts.h"

#define MAX_LEAF_SANS	(TS_MAX_NAMES + 4) /* 2 evil, names, 2 addresses */
#define LONG_DNS_LABELS 1000		   /* 'a's in the overlong evil SAN */

static const char org[] = "tls-monitoring-plugins test";

/*
 * The --evil-names CN: '|', LF, ';', CR and a NUL in the middle. GnuTLS
 * 3.7.9 stores the NUL (UTF8String, 26 bytes), but its decoding getters
 * (gnutls_x509_crt_get_dn_by_oid, _get_dn3) then show the whole value as
 * hex DER, "#0c1a6576...", hiding the other bytes; --evil-names=nonul
 * leaves the NUL out so that '|', LF and CR reach a client's decoded CN.
 */
static const char evil_cn[] = "evil|name\nINJECT|x=1\0;;;;\r";
static const char evil_cn_nonul[] = "evil|name\nINJECT|x=1;;;;\r";
static const char evil_dns[] = "evil|san\ninject.example";

/* the leaf's iPAddress SANs unless --no-ip-san */
static const unsigned char loop_ip4[4] = {127, 0, 0, 1};
static const unsigned char loop_ip6[16] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

/* Dates, in seconds, that the options give every certificate. */
struct mint_dates {
	time_t now;
	time_t leaf_nb, leaf_na;
	time_t ca_nb, ca_na; /* every CA but the intermediate */
	time_t int_nb, int_na;
};

/* What one step of minting needs; why holds the reason for a failure. */
struct mint {
	struct ts_pki	     *p;
	const struct ts_opts *o;
	struct mint_dates     d;
	char		      why[PKI_WHY_SIZE];
};

static double
dmin(double a, double b)
{
	return a < b ? a : b;
}

/*
 * The CAs start before every date given on the command line, so that an
 * expired or future leaf is still validly dated relative to its issuer;
 * only --int-not-before moves the intermediate's start.
 */
static void
mint_dates(struct mint_dates *d, const struct ts_opts *o)
{
	double nb_days, earliest;

	d->now = time(NULL);
	/*
	 * The default notBefore (-1 day) would be after the notAfter of a
	 * leaf that expired over a day ago; such a leaf starts a day before
	 * it ends instead. An explicit --not-before is used as given.
	 */
	nb_days = o->not_before;
	if (!o->not_before_set && nb_days >= o->expires_in)
		nb_days = o->expires_in - 1;
	d->leaf_nb = pki_days_from(d->now, nb_days);
	d->leaf_na = pki_days_from(d->now, o->expires_in);

	earliest = dmin(dmin(nb_days, o->expires_in),
	    dmin(o->int_expires_in, o->root_expires_in));
	if (o->int_not_before_set)
		earliest = dmin(earliest, o->int_not_before);
	d->ca_nb = pki_days_from(d->now, dmin(-2, earliest - 1));
	d->ca_na = pki_days_from(d->now, o->root_expires_in);
	d->int_nb = o->int_not_before_set ?
	    pki_days_from(d->now, o->int_not_before) :
	    d->ca_nb;
	d->int_na = pki_days_from(d->now, o->int_expires_in);
}

/* A CA named cn with the shared O and CA extensions. */
static void
ca_spec(struct pki_spec *s, const struct mint_dates *d, const char *cn)
{
	memset(s, 0, sizeof(*s));
	s->cn = cn;
	s->org = org;
	s->is_ca = true;
	s->pathlen = -1;
	s->key_usage = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN;
	s->not_before = d->ca_nb;
	s->not_after = d->ca_na;
}

/*
 * With --untrusted-root --omit-intermediate the untrusted root issues the
 * leaf directly (the intermediate still exists for --order and
 * ca-with-int.pem, but is no part of the leaf's chain).
 */
static bool
root_issues_leaf(const struct ts_opts *o)
{
	return o->untrusted_root && o->omit_intermediate;
}

gnutls_x509_crt_t
ts_mint_top(const struct ts_pki *p)
{
	return p->untrusted.crt != NULL ? p->untrusted.crt : p->root.crt;
}

/* The CA that signs the leaf: the intermediate, or the untrusted root. */
static const struct pki_cert *
leaf_issuer(const struct mint *m)
{
	if (m->o->self_signed)
		return NULL;
	return root_issues_leaf(m->o) ? &m->p->untrusted : &m->p->inter;
}

const struct pki_cert *
ts_mint_leaf_issuer(const struct ts_pki *p, const struct ts_opts *o)
{
	if (o->self_signed)
		return &p->leaf;
	return root_issues_leaf(o) ? &p->untrusted : &p->inter;
}

/* A certificate signed with SHA-256 (issuer NULL: by itself). */
static int
mint_sha256(struct mint *m, struct pki_cert *out, const struct pki_spec *s,
    enum pki_key_type type, const struct pki_cert *issuer)
{
	return pki_cert_mint(
	    out, s, type, 0, issuer, GNUTLS_DIG_SHA256, m->why, sizeof(m->why));
}

/* A leaf with the --key, --key-bits and --leaf-hash of the options. */
static int
mint_as_leaf(struct mint *m, struct pki_cert *out, const struct pki_spec *s)
{
	const struct ts_opts *o = m->o;

	return pki_cert_mint(out, s, o->key_type, (unsigned int)o->key_bits,
	    leaf_issuer(m), o->leaf_hash, m->why, sizeof(m->why));
}

/* --ca-issuers: authorityInfoAccess with one caIssuers URI. */
static int
leaf_add_aia(struct mint *m, gnutls_x509_crt_t crt)
{
	const char    *url = m->o->ca_issuers;
	gnutls_datum_t d = {
	    (unsigned char *)(uintptr_t)url, (unsigned int)strlen(url)};
	int rc;

	rc = gnutls_x509_crt_set_authority_info_access(
	    crt, GNUTLS_IA_CAISSUERS_URI, &d);
	if (rc < 0)
		snprintf(m->why, sizeof(m->why), "--ca-issuers: %s",
		    gnutls_strerror(rc));
	return rc < 0 ? -1 : 0;
}

/*
 * --must-staple: the TLS feature extension (RFC 7633) with
 * status_request (5): clients must get a stapled OCSP response.
 */
static int
leaf_add_must_staple(struct mint *m, gnutls_x509_crt_t crt)
{
	gnutls_x509_tlsfeatures_t f = NULL;
	int			  rc;

	rc = gnutls_x509_tlsfeatures_init(&f);
	if (rc >= 0)
		rc = gnutls_x509_tlsfeatures_add(f, 5);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_tlsfeatures(crt, f);
	if (f != NULL)
		gnutls_x509_tlsfeatures_deinit(f);
	if (rc < 0)
		snprintf(m->why, sizeof(m->why), "--must-staple: %s",
		    gnutls_strerror(rc));
	return rc < 0 ? -1 : 0;
}

/*
 * The --name leaf: as mint_as_leaf, with the extensions only it takes
 * (--ca-issuers, --must-staple) added before it is signed.
 */
static int
mint_main_leaf(struct mint *m, struct pki_cert *out, const struct pki_spec *s)
{
	const struct ts_opts  *o = m->o;
	const struct pki_cert *iss = leaf_issuer(m);

	if (o->ca_issuers == NULL && !o->must_staple)
		return mint_as_leaf(m, out, s);
	if (pki_key_new(&out->key, o->key_type, (unsigned int)o->key_bits,
		m->why, sizeof(m->why)) == -1 ||
	    pki_crt_new(&out->crt, s, out->key, m->why, sizeof(m->why)) == -1)
		return -1;
	if (o->ca_issuers != NULL && leaf_add_aia(m, out->crt) == -1)
		return -1;
	if (o->must_staple && leaf_add_must_staple(m, out->crt) == -1)
		return -1;
	return pki_crt_sign(out->crt, iss ? iss->crt : out->crt,
	    iss ? iss->key : out->key, o->leaf_hash, m->why, sizeof(m->why));
}

/*
 * --cross-root: a self-signed "TLS Test Old Root", written nowhere, and
 * cross, a CA certificate with the root's subject DN and key pair (so its
 * subject key ID too) but its own serial, issued by the Old Root, as ISRG
 * Root X1 was cross-signed by DST Root CA X3. A client that trusts the
 * root can match cross to it by subject and key, never needing the Old
 * Root.
 */
static int
mint_cross(struct mint *m, const struct pki_spec *root)
{
	struct ts_pki  *p = m->p;
	struct pki_spec s;
	bool		same;

	ca_spec(&s, &m->d, "TLS Test Old Root");
	if (mint_sha256(m, &p->old_root, &s, PKI_KEY_ECDSA, NULL) == -1)
		return -1;
	if (pki_crt_new(&p->cross, root, p->root.key, m->why, sizeof(m->why)) ==
	    -1)
		return -1;
	if (pki_crt_sign(p->cross, p->old_root.crt, p->old_root.key,
		GNUTLS_DIG_SHA256, m->why, sizeof(m->why)) == -1)
		return -1;
	if (pki_same_subject_key(
		p->cross, p->root.crt, &same, m->why, sizeof(m->why)) == -1)
		return -1;
	if (!same) {
		snprintf(m->why, sizeof(m->why),
		    "internal error: cross-signed root differs from the root "
		    "in subject or key");
		return -1;
	}
	return 0;
}

/*
 * Root, Old Root and cross (--cross-root), untrusted root
 * (--untrusted-root) and intermediate. With --leaf-hash md5, the leaf's
 * issuer gets an RSA key: RFC 3279 2.2 has MD5 signatures for RSA only.
 */
static int
mint_cas(struct mint *m)
{
	struct ts_pki	      *p = m->p;
	const struct ts_opts  *o = m->o;
	const struct pki_cert *int_issuer = &p->root;
	bool		       md5 = o->leaf_hash == GNUTLS_DIG_MD5;
	enum pki_key_type      untrusted_key, int_key;
	struct pki_spec	       s;

	untrusted_key = md5 && root_issues_leaf(o) ? PKI_KEY_RSA :
						     PKI_KEY_ECDSA;
	int_key = md5 && !root_issues_leaf(o) ? PKI_KEY_RSA : PKI_KEY_ECDSA;
	ca_spec(&s, &m->d, "TLS Test Root CA");
	if (mint_sha256(m, &p->root, &s, PKI_KEY_ECDSA, NULL) == -1)
		return -1;
	if (o->cross_root && mint_cross(m, &s) == -1)
		return -1;
	if (o->untrusted_root) {
		s.cn = o->untrusted_cn;
		if (mint_sha256(m, &p->untrusted, &s, untrusted_key, NULL) ==
		    -1)
			return -1;
		int_issuer = &p->untrusted;
	}
	s.cn = "TLS Test Intermediate CA";
	s.pathlen = 0;
	s.not_before = m->d.int_nb;
	s.not_after = m->d.int_na;
	return mint_sha256(m, &p->inter, &s, int_key, int_issuer);
}

/* --extra-sans: the names, and the SANs pointing into them. */
struct extra_sans {
	char	       *names;
	struct pki_san *sans;
	size_t		n;
};

/*
 * The i-th extra name into buf: "host-00001.example.test", padded after
 * "host-00001." with labels of up to 63 'x's to about bytes bytes (one
 * short where a last one-byte label would not fit). Returns its length.
 */
static size_t
extra_name(char *buf, size_t i, size_t bytes)
{
	static const char tail[] = "example.test";
	const size_t	  tl = sizeof(tail) - 1;
	size_t		  len, lab;

	len = (size_t)snprintf(buf, 32, "host-%05zu.", i + 1);
	while (bytes > len + tl + 1) {
		lab = bytes - len - tl - 1;
		if (lab > 63)
			lab = 63;
		memset(buf + len, 'x', lab);
		buf[len + lab] = '.';
		len += lab + 1;
	}
	memcpy(buf + len, tail, tl + 1);
	return len + tl;
}

/* Mint o->extra_sans names into x; 0, or -1 with the reason in why. */
static int
extra_sans_new(
    struct extra_sans *x, const struct ts_opts *o, char *why, size_t whysz)
{
	size_t stride = (o->extra_len > 32 ? o->extra_len : 32) + 1;
	size_t i;

	memset(x, 0, sizeof(*x));
	if (o->extra_sans == 0)
		return 0;
	if (o->extra_sans > PKI_SAN_DER_MAX / stride) {
		snprintf(why, whysz, "--extra-sans: over %u bytes of names",
		    PKI_SAN_DER_MAX);
		return -1;
	}
	x->names = malloc(o->extra_sans * stride);
	x->sans = calloc(o->extra_sans, sizeof(*x->sans));
	if (x->names == NULL || x->sans == NULL) {
		snprintf(why, whysz, "--extra-sans: out of memory");
		return -1;
	}
	for (i = 0; i < o->extra_sans; i++) {
		char *name = x->names + i * stride;

		x->sans[i] = (struct pki_san){
		    PKI_SAN_DNS, name, extra_name(name, i, o->extra_len)};
	}
	x->n = o->extra_sans;
	return 0;
}

static void
extra_sans_free(struct extra_sans *x)
{
	free(x->names);
	free(x->sans);
	memset(x, 0, sizeof(*x));
}

/*
 * The leaf's SANs into sans[MAX_LEAF_SANS + x->n]: the DNS names in
 * --name order, the --extra-sans names, then the loopback addresses.
 * --evil-names puts a name with '|' and LF and an overlong one (long_dns)
 * first, encoded verbatim.
 */
static size_t
leaf_sans(struct pki_san *sans, const struct ts_opts *o, const char *long_dns,
    const struct extra_sans *x)
{
	size_t i, n = 0;

	if (o->evil_names) {
		sans[n++] = (struct pki_san){
		    PKI_SAN_DNS, evil_dns, sizeof(evil_dns) - 1};
		sans[n++] = (struct pki_san){
		    PKI_SAN_DNS, long_dns, strlen(long_dns)};
	}
	for (i = 0; i < o->nnames; i++)
		sans[n++] = (struct pki_san){
		    PKI_SAN_DNS, o->names[i], strlen(o->names[i])};
	for (i = 0; i < x->n; i++)
		sans[n++] = x->sans[i];
	if (!o->no_ip_san) {
		sans[n++] = (struct pki_san){
		    PKI_SAN_IP, loop_ip4, sizeof(loop_ip4)};
		sans[n++] = (struct pki_san){
		    PKI_SAN_IP, loop_ip6, sizeof(loop_ip6)};
	}
	return n;
}

/* The leaf's spec but for its SANs, which the caller adds. */
static void
leaf_spec(struct pki_spec *s, const struct mint *m)
{
	const struct ts_opts *o = m->o;

	memset(s, 0, sizeof(*s));
	if (o->evil_names && o->evil_nonul) {
		s->cn = evil_cn_nonul;
		s->cn_len = sizeof(evil_cn_nonul) - 1;
	} else if (o->evil_names) {
		s->cn = evil_cn;
		s->cn_len = sizeof(evil_cn) - 1;
	} else {
		s->cn = o->names[0];
	}
	s->pathlen = -1;
	s->key_usage = GNUTLS_KEY_DIGITAL_SIGNATURE;
	if (o->key_type == PKI_KEY_RSA)
		s->key_usage |= GNUTLS_KEY_KEY_ENCIPHERMENT;
	s->server_auth = true;
	s->not_before = m->d.leaf_nb;
	s->not_after = m->d.leaf_na;
}

/*
 * The --vhost leaves: CN and the only SAN are the CERTNAME, everything
 * else as in the --name leaf, signed by its issuer. No IP SANs, so that a
 * client checking 127.0.0.1 cannot match a vhost leaf by accident.
 */
static int
mint_vhosts(struct mint *m, const struct pki_spec *leaf)
{
	const struct ts_opts *o = m->o;
	struct pki_spec	      s;
	struct pki_san	      san;
	size_t		      i;

	for (i = 0; i < o->nvcerts; i++) {
		s = *leaf;
		s.cn = o->vcerts[i];
		s.cn_len = 0;
		san = (struct pki_san){
		    PKI_SAN_DNS, o->vcerts[i], strlen(o->vcerts[i])};
		s.sans = &san;
		s.nsans = 1;
		s.sans_verbatim = false;
		if (mint_as_leaf(m, &m->p->v[i], &s) == -1)
			return -1;
	}
	return 0;
}

/*
 * The --name leaf (--no-san: CN only, for RFC 6125 6.4.4), then vhosts.
 * --extra-sans encodes the SANs verbatim: appending them one by one
 * through GnuTLS re-encodes the whole extension each time.
 */
static int
mint_leaves(struct mint *m)
{
	const struct ts_opts *o = m->o;
	char		      long_dns[LONG_DNS_LABELS + sizeof(".example")];
	struct pki_san	     *sans = NULL;
	struct extra_sans     x;
	struct pki_spec	      s;
	int		      rc = -1;

	memset(long_dns, 'a', LONG_DNS_LABELS);
	memcpy(long_dns + LONG_DNS_LABELS, ".example", sizeof(".example"));
	leaf_spec(&s, m);
	if (extra_sans_new(&x, o, m->why, sizeof(m->why)) == -1)
		goto out;
	if (!o->no_san) {
		sans = calloc(MAX_LEAF_SANS + x.n, sizeof(*sans));
		if (sans == NULL) {
			snprintf(m->why, sizeof(m->why), "out of memory");
			goto out;
		}
		s.nsans = leaf_sans(sans, o, long_dns, &x);
		s.sans = sans;
		s.sans_verbatim = o->evil_names || x.n > 0;
	}
	if (mint_main_leaf(m, &m->p->leaf, &s) == -1)
		goto out;
	rc = mint_vhosts(m, &s);
out:
	free(sans);
	extra_sans_free(&x);
	return rc;
}

/*
 * --order's "extra": a leaf "Unrelated Certificate" from a throwaway CA
 * that is never sent nor written, so nothing a client sees vouches for it.
 * Its dates are fixed (-1 to +90 days) and ignore the leaf options.
 */
static int
mint_extra(struct mint *m)
{
	struct pki_spec s;

	ca_spec(&s, &m->d, "TLS Test Throwaway CA");
	if (mint_sha256(m, &m->p->extra_ca, &s, PKI_KEY_ECDSA, NULL) == -1)
		return -1;
	memset(&s, 0, sizeof(s));
	s.cn = "Unrelated Certificate";
	s.pathlen = -1;
	s.key_usage = GNUTLS_KEY_DIGITAL_SIGNATURE;
	s.server_auth = true;
	s.not_before = pki_days_from(m->d.now, -1);
	s.not_after = pki_days_from(m->d.now, 90);
	return mint_sha256(m, &m->p->extra, &s, PKI_KEY_ECDSA, &m->p->extra_ca);
}

int
ts_mint(struct ts_pki *p, const struct ts_opts *o)
{
	struct mint m;

	memset(p, 0, sizeof(*p));
	memset(&m, 0, sizeof(m));
	m.p = p;
	m.o = o;
	mint_dates(&m.d, o);
	if ((!o->self_signed && mint_cas(&m) == -1) || mint_leaves(&m) == -1 ||
	    (ts_chain_order_has(o, TS_CHAIN_EXTRA) && mint_extra(&m) == -1)) {
		ts_log("%s", m.why);
		return -1;
	}
	return 0;
}

void
ts_mint_release(struct ts_pki *p)
{
	struct pki_cert *certs[] = {&p->extra, &p->extra_ca, &p->leaf,
	    &p->inter, &p->old_root, &p->untrusted, &p->root};
	size_t		 i;

	for (i = 0; i < TS_MAX_VCERTS; i++)
		pki_cert_release(&p->v[i]);
	if (p->cross != NULL)
		gnutls_x509_crt_deinit(p->cross);
	for (i = 0; i < sizeof(certs) / sizeof(certs[0]); i++)
		pki_cert_release(certs[i]);
	memset(p, 0, sizeof(*p));
}

/* Write crts as PEM to dir/file. */
static int
write_pem(
    const char *dir, const char *file, gnutls_x509_crt_t const *crts, size_t n)
{
	char path[PATH_MAX], why[PKI_WHY_SIZE];
	int  len;

	len = snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (len < 0 || (size_t)len >= sizeof(path)) {
		ts_log("path too long: %s/%s", dir, file);
		return -1;
	}
	if (pki_write_pem(path, crts, n, why, sizeof(why)) == -1) {
		ts_log("%s", why);
		return -1;
	}
	return 0;
}

/*
 * ca.pem: what a client should trust (the root, or the self-signed leaf);
 * ca-with-int.pem: the same plus the intermediate, so that a chain which
 * lacks its intermediate still verifies from the local store;
 * chain.pem: the leaf up to the root it chains to, whatever is sent;
 * untrusted-root.pem: the other root, with --untrusted-root only.
 */
int
ts_mint_write(const struct ts_pki *p, const struct ts_opts *o, const char *dir)
{
	gnutls_x509_crt_t chain[3], trusted[2];
	size_t		  n = 0;

	if (p->root.crt == NULL) {
		if (write_pem(dir, "ca.pem", &p->leaf.crt, 1) == -1 ||
		    write_pem(dir, "ca-with-int.pem", &p->leaf.crt, 1) == -1 ||
		    write_pem(dir, "chain.pem", &p->leaf.crt, 1) == -1)
			return -1;
		return 0;
	}
	chain[n++] = p->leaf.crt;
	if (!root_issues_leaf(o))
		chain[n++] = p->inter.crt;
	chain[n++] = ts_mint_top(p);
	trusted[0] = p->root.crt;
	trusted[1] = p->inter.crt;
	if (write_pem(dir, "ca.pem", &p->root.crt, 1) == -1 ||
	    write_pem(dir, "ca-with-int.pem", trusted, 2) == -1 ||
	    write_pem(dir, "chain.pem", chain, n) == -1)
		return -1;
	if (p->untrusted.crt != NULL &&
	    write_pem(dir, "untrusted-root.pem", &p->untrusted.crt, 1) == -1)
		return -1;
	return 0;
}
