/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The probe's walk of the presented chain (path, order, where the trust
 * store takes over) through probe_run, against an in-test GnuTLS server on
 * 127.0.0.1:0 that sends each row's certificates in the row's order.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "harness.h"
#include "pki.h"
#include "probe.h"

#define WALK_NAME "walk.test" /* the leaves' DNS name, verified */
#define WALK_MAX  4	      /* certificates sent, anchors stored */
#define WAIT_MS	  5000	      /* any one wait, server or probe */

/* ------------------------------------------------------------ PKI */

/* The certificates a row may send or trust; W_END (0) ends a list. */
enum wc {
	W_END = 0,
	W_ROOT,	       /* a self-signed CA */
	W_INT,	       /* issued by W_ROOT */
	W_INT_EXPIRED, /* W_INT re-issued (same name and key), expired */
	W_LEAF,	       /* walk.test, issued by W_INT */
	W_OTHER,       /* an unrelated self-signed CA */
	W_EXTRA,       /* issued by W_OTHER: on no path of ours */
	W_CROSS,       /* W_ROOT's name and key, issued by W_OTHER */
	W_SELF,	       /* a self-signed walk.test */
	W_SELF_TWIN,   /* W_SELF's name, another key */
	W_NCERTS
};

/* Minted in this order, so an issuer or a borrowed key comes first. */
static const struct mint {
	enum wc	    which;
	enum wc	    issuer; /* W_END: self-signed */
	enum wc	    key_of; /* W_END: a key of its own */
	const char *cn;
	bool	    is_ca;
	double	    from, to; /* validity, days from now */
} mints[] = {
    {W_ROOT, W_END, W_END, "Walk Root CA", true, -10, 3650},
    {W_INT, W_ROOT, W_END, "Walk Intermediate CA", true, -10, 365},
    {W_INT_EXPIRED, W_ROOT, W_INT, "Walk Intermediate CA", true, -400, -1},
    {W_LEAF, W_INT, W_END, WALK_NAME, false, -1, 90},
    {W_OTHER, W_END, W_END, "Walk Other Root CA", true, -10, 3650},
    {W_EXTRA, W_OTHER, W_END, "Walk Extra", false, -1, 90},
    {W_CROSS, W_OTHER, W_ROOT, "Walk Root CA", true, -10, 365},
    {W_SELF, W_END, W_END, "Walk Self-Signed", false, -1, 90},
    {W_SELF_TWIN, W_END, W_END, "Walk Self-Signed", false, -1, 90},
};

#define NMINTS (sizeof(mints) / sizeof(mints[0]))

static const char *
wc_cn(enum wc which)
{
	size_t i;

	for (i = 0; i < NMINTS; i++)
		if (mints[i].which == which)
			return mints[i].cn;
	return "?";
}

/* One certificate of the table; a borrowed key stays its owner's. */
static void
mint_one(struct pki_cert pki[W_NCERTS], const struct mint *m, time_t now)
{
	struct pki_san	 san = {PKI_SAN_DNS, WALK_NAME, strlen(WALK_NAME)};
	struct pki_spec	 spec = {.cn = m->cn, .is_ca = m->is_ca, .pathlen = -1};
	struct pki_cert *out = &pki[m->which];
	struct pki_cert *iss = m->issuer == W_END ? out : &pki[m->issuer];
	char		 why[PKI_WHY_SIZE] = "";
	int		 rc;

	spec.key_usage = m->is_ca ?
	    GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN :
	    GNUTLS_KEY_DIGITAL_SIGNATURE;
	spec.server_auth = !m->is_ca;
	spec.sans = m->is_ca ? NULL : &san;
	spec.nsans = m->is_ca ? 0 : 1;
	spec.not_before = pki_days_from(now, m->from);
	spec.not_after = pki_days_from(now, m->to);
	if (m->key_of == W_END) {
		rc = pki_cert_mint(out, &spec, PKI_KEY_ECDSA, 0,
		    m->issuer == W_END ? NULL : iss, GNUTLS_DIG_SHA256, why,
		    sizeof(why));
	} else {
		rc = pki_crt_new(
		    &out->crt, &spec, pki[m->key_of].key, why, sizeof(why));
		if (rc == 0)
			rc = pki_crt_sign(out->crt, iss->crt, iss->key,
			    GNUTLS_DIG_SHA256, why, sizeof(why));
	}
	ck_assert_msg(rc == 0, "mint '%s': %s", m->cn, why);
}

static void
mint_all(struct pki_cert pki[W_NCERTS])
{
	time_t now = time(NULL);
	size_t i;

	memset(pki, 0, sizeof(pki[0]) * W_NCERTS);
	for (i = 0; i < NMINTS; i++)
		mint_one(pki, &mints[i], now);
}

static void
release_all(struct pki_cert pki[W_NCERTS])
{
	int i;

	for (i = 0; i < W_NCERTS; i++)
		pki_cert_release(&pki[i]);
}

/* ------------------------------------------------------------ server */

struct srv {
	gnutls_certificate_credentials_t cred;
	gnutls_pcert_st			 pcert[WALK_MAX];
	unsigned int			 npcert;
	gnutls_privkey_t		 key;
	int				 lfd;
	char				 port[8];
	pthread_t			 tid;
	int				 hs_rc; /* the server's handshake */
};

static bool
srv_readable(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};

	return poll(&p, 1, WAIT_MS) == 1;
}

/*
 * gnutls_certificate_retrieve_function2: GnuTLS sends the list exactly
 * as returned. A list given to gnutls_certificate_set_x509_key is sent
 * sorted from the leaf up, without the certificates on no path (3.7.9,
 * GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH or not). The test server
 * (tests/server/ts_chain.c) serves its --order chains the same way.
 */
static int
srv_retrieve(gnutls_session_t ses, const gnutls_datum_t *req_ca_rdn, int nreqs,
    const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
    gnutls_pcert_st **pcert, unsigned int *pcert_length,
    gnutls_privkey_t *privkey)
{
	struct srv *s = gnutls_session_get_ptr(ses);

	(void)req_ca_rdn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	*pcert = s->pcert;
	*pcert_length = s->npcert;
	*privkey = s->key;
	return 0;
}

/* One handshake, then read until the probe's close_notify or EOF. */
static void
srv_serve(struct srv *s, int fd)
{
	gnutls_session_t ses;
	char		 buf[256];
	int		 rc;

	if (gnutls_init(&ses, GNUTLS_SERVER | GNUTLS_NO_SIGNAL) < 0)
		return;
	gnutls_session_set_ptr(ses, s);
	rc = gnutls_set_default_priority(ses);
	if (rc >= 0)
		rc = gnutls_credentials_set(
		    ses, GNUTLS_CRD_CERTIFICATE, s->cred);
	gnutls_transport_set_int(ses, fd);
	gnutls_handshake_set_timeout(ses, WAIT_MS);
	gnutls_record_set_timeout(ses, WAIT_MS);
	while (rc >= 0) {
		rc = gnutls_handshake(ses);
		if (rc == 0 || gnutls_error_is_fatal(rc))
			break;
	}
	s->hs_rc = rc;
	while (rc == 0) {
		rc = gnutls_record_recv(ses, buf, sizeof(buf));
		if (rc > 0 || rc == GNUTLS_E_AGAIN ||
		    rc == GNUTLS_E_INTERRUPTED)
			rc = 0;
		else
			break;
	}
	gnutls_deinit(ses);
}

static void *
srv_main(void *arg)
{
	struct srv *s = arg;
	int	    fd;

	if (!srv_readable(s->lfd))
		return NULL;
	fd = accept(s->lfd, NULL, NULL);
	if (fd == -1)
		return NULL;
	srv_serve(s, fd);
	close(fd);
	return NULL;
}

/* Serve sent (W_END-terminated, leaf first) with the first one's key. */
static void
srv_start(struct srv *s, const struct pki_cert pki[W_NCERTS],
    const enum wc sent[WALK_MAX + 1])
{
	struct sockaddr_in sa;
	socklen_t	   len = sizeof(sa);
	size_t		   i;

	memset(s, 0, sizeof(*s));
	s->hs_rc = 1; /* no handshake yet */
	for (i = 0; i < WALK_MAX && sent[i] != W_END; i++) {
		ck_assert_int_eq(
		    gnutls_pcert_import_x509(&s->pcert[i], pki[sent[i]].crt, 0),
		    0);
		s->npcert++;
	}
	ck_assert_int_eq(gnutls_privkey_init(&s->key), 0);
	ck_assert_int_eq(gnutls_privkey_import_x509(s->key, pki[sent[0]].key,
			     GNUTLS_PRIVKEY_IMPORT_COPY),
	    0);
	ck_assert_int_eq(gnutls_certificate_allocate_credentials(&s->cred), 0);
	gnutls_certificate_set_retrieve_function2(s->cred, srv_retrieve);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s->lfd, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(s->lfd, 1), 0);
	ck_assert_int_eq(getsockname(s->lfd, (struct sockaddr *)&sa, &len), 0);
	snprintf(s->port, sizeof(s->port), "%u", ntohs(sa.sin_port));
	ck_assert_int_eq(pthread_create(&s->tid, NULL, srv_main, s), 0);
}

static void
srv_stop(struct srv *s)
{
	unsigned int i;

	pthread_join(s->tid, NULL);
	close(s->lfd);
	gnutls_certificate_free_credentials(s->cred);
	for (i = 0; i < s->npcert; i++)
		gnutls_pcert_deinit(&s->pcert[i]);
	gnutls_privkey_deinit(s->key);
}

/* ------------------------------------------------------------ rows */

/* What the walk found, or what a row wants of it. */
struct facts {
	char	     path[64];			   /* "0,2,1" */
	char	     on_path[PROBE_CHAIN_MAX + 1]; /* "110": per cert sent */
	bool	     misordered;
	bool	     top_self_signed;
	int	     anchor;
	bool	     top_trusted;
	bool	     issuer_in_store;
	bool	     store_issuer_is_root;
	const char  *store_issuer; /* NULL: "" */
	unsigned int verify_bits;
};

struct row {
	const char  *name;
	enum wc	     sent[WALK_MAX + 1];  /* in this order */
	enum wc	     store[WALK_MAX + 1]; /* the CA file */
	struct facts want;
};

#define ROOT_ANCHOR                                                            \
	.anchor = 1, .issuer_in_store = true, .store_issuer_is_root = true,    \
	.store_issuer = "Walk Root CA"

static const struct row rows[] = {
    {"leaf+int, root trusted", {W_LEAF, W_INT}, {W_ROOT},
	{.path = "0,1", .on_path = "11", ROOT_ANCHOR}},
    {"leaf only, root trusted", {W_LEAF}, {W_ROOT},
	{.path = "0",
	    .on_path = "1",
	    .anchor = -1,
	    .verify_bits = PROBE_V_SIGNER_NOT_FOUND}},
    {"leaf only, int trusted", {W_LEAF}, {W_INT},
	{.path = "0",
	    .on_path = "1",
	    .anchor = 0,
	    .issuer_in_store = true,
	    .store_issuer = "Walk Intermediate CA"}},
    {"leaf+int, int trusted", {W_LEAF, W_INT}, {W_INT},
	{.path = "0,1",
	    .on_path = "11",
	    .anchor = 0,
	    .issuer_in_store = true,
	    .store_issuer = "Walk Intermediate CA"}},
    {"leaf+int+root, root trusted", {W_LEAF, W_INT, W_ROOT}, {W_ROOT},
	{.path = "0,1,2",
	    .on_path = "111",
	    .top_self_signed = true,
	    ROOT_ANCHOR}},
    {"leaf+int+root, root not trusted", {W_LEAF, W_INT, W_ROOT}, {W_OTHER},
	{.path = "0,1,2",
	    .on_path = "111",
	    .top_self_signed = true,
	    .anchor = -1,
	    .verify_bits = PROBE_V_SIGNER_NOT_FOUND}},
    {"self-signed leaf, not trusted", {W_SELF}, {W_OTHER},
	{.path = "0",
	    .on_path = "1",
	    .top_self_signed = true,
	    .anchor = -1,
	    .verify_bits = PROBE_V_SIGNER_NOT_FOUND}},
    {"self-signed leaf, pinned", {W_SELF}, {W_SELF},
	{.path = "0",
	    .on_path = "1",
	    .top_self_signed = true,
	    .anchor = 0,
	    .top_trusted = true}},
    {"self-signed leaf, its name pinned with another key", {W_SELF},
	{W_SELF_TWIN},
	{.path = "0",
	    .on_path = "1",
	    .top_self_signed = true,
	    .anchor = -1,
	    .verify_bits = PROBE_V_SIGNER_NOT_FOUND}},
    {"leaf,root,int", {W_LEAF, W_ROOT, W_INT}, {W_ROOT},
	{.path = "0,2,1",
	    .on_path = "111",
	    .misordered = true,
	    .top_self_signed = true,
	    ROOT_ANCHOR}},
    {"leaf,int,extra", {W_LEAF, W_INT, W_EXTRA}, {W_ROOT},
	{.path = "0,1", .on_path = "110", ROOT_ANCHOR}},
    {"leaf,extra,int", {W_LEAF, W_EXTRA, W_INT}, {W_ROOT},
	{.path = "0,2", .on_path = "101", .misordered = true, ROOT_ANCHOR}},
    {"leaf,int,cross-signed root, other root trusted", {W_LEAF, W_INT, W_CROSS},
	{W_OTHER},
	{.path = "0,1,2",
	    .on_path = "111",
	    .anchor = 2,
	    .issuer_in_store = true,
	    .store_issuer_is_root = true,
	    .store_issuer = "Walk Other Root CA"}},
    /* The self-signed root ends the path; its cross-signed twin is left. */
    {"leaf,int,root,cross-signed root", {W_LEAF, W_INT, W_ROOT, W_CROSS},
	{W_ROOT},
	{.path = "0,1,2",
	    .on_path = "1110",
	    .top_self_signed = true,
	    ROOT_ANCHOR}},
    {"leaf+expired int, root trusted", {W_LEAF, W_INT_EXPIRED}, {W_ROOT},
	{.path = "0,1",
	    .on_path = "11",
	    ROOT_ANCHOR,
	    .verify_bits = PROBE_V_EXPIRED}},
};

#define NROWS ((int)(sizeof(rows) / sizeof(rows[0])))

static void
facts_from(struct facts *f, const struct probe_result *res)
{
	size_t n = 0;
	int    i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < res->npath && n < sizeof(f->path); i++)
		n += (size_t)snprintf(f->path + n, sizeof(f->path) - n, "%s%d",
		    i > 0 ? "," : "", res->path[i]);
	for (i = 0; i < res->nchain && i < PROBE_CHAIN_MAX; i++)
		f->on_path[i] = res->on_path[i] ? '1' : '0';
	f->misordered = res->misordered;
	f->top_self_signed = res->top_self_signed;
	f->anchor = res->anchor;
	f->top_trusted = res->top_trusted;
	f->issuer_in_store = res->issuer_in_store;
	f->store_issuer_is_root = res->store_issuer_is_root;
	f->store_issuer = res->store_issuer;
	f->verify_bits = res->verify_bits;
}

/* Every fact on one line, so a failure shows them all side by side. */
static void
facts_str(char *buf, size_t bufsz, const char *row, const struct facts *f)
{
	snprintf(buf, bufsz,
	    "%s: path=%s on_path=%s misordered=%d top_self_signed=%d "
	    "anchor=%d top_trusted=%d issuer_in_store=%d "
	    "store_issuer_is_root=%d store_issuer='%s' verify_bits=%#x",
	    row, f->path, f->on_path, f->misordered, f->top_self_signed,
	    f->anchor, f->top_trusted, f->issuer_in_store,
	    f->store_issuer_is_root,
	    f->store_issuer != NULL ? f->store_issuer : "", f->verify_bits);
}

/* The names of the certificates sent, in order, as the probe got them. */
static void
sent_str(char *buf, size_t bufsz, const char *row, const struct row *want,
    const struct probe_result *res)
{
	size_t n;
	int    i;

	n = (size_t)snprintf(buf, bufsz, "%s:", row);
	for (i = 0; n < bufsz; i++) {
		if (want != NULL && (i == WALK_MAX || want->sent[i] == W_END))
			break;
		if (want == NULL && i == res->nchain)
			break;
		n += (size_t)snprintf(buf + n, bufsz - n, " '%s'",
		    want != NULL ? wc_cn(want->sent[i]) : res->chain[i].name);
	}
}

/* ------------------------------------------------------------ test */

static char walk_dir[256]; /* mkdtemp'd by main() for the CA files */

static void
ca_path(char *buf, size_t bufsz, int row)
{
	ck_assert_int_lt(
	    snprintf(buf, bufsz, "%s/ca-%d.pem", walk_dir, row), (int)bufsz);
}

static void
store_write(const char *path, const struct pki_cert pki[W_NCERTS],
    const enum wc store[WALK_MAX + 1])
{
	gnutls_x509_crt_t crts[WALK_MAX];
	char		  why[PKI_WHY_SIZE] = "";
	size_t		  n;

	for (n = 0; n < WALK_MAX && store[n] != W_END; n++)
		crts[n] = pki[store[n]].crt;
	ck_assert_msg(
	    pki_write_pem(path, crts, n, why, sizeof(why)) == 0, "%s", why);
}

START_TEST(test_walk)
{
	const struct row   *r = &rows[_i];
	struct pki_cert	    pki[W_NCERTS];
	struct probe_result res;
	struct probe_opts   o;
	struct facts	    got;
	struct srv	    s;
	char		    ca[300], want_s[512], got_s[512];
	int		    rc;

	mint_all(pki);
	ca_path(ca, sizeof(ca), _i);
	store_write(ca, pki, r->store);
	srv_start(&s, pki, r->sent);
	probe_opts_init(&o);
	o.host = "127.0.0.1";
	o.port = s.port;
	o.verify_name = WALK_NAME;
	o.ca_file = ca;
	o.timeout_ms = WAIT_MS;
	rc = probe_run(&o, &res);
	srv_stop(&s);
	ck_assert_msg(
	    rc == 0 && res.err == PROBE_OK, "%s: %s", r->name, res.reason);
	ck_assert_int_eq(s.hs_rc, 0);
	ck_assert(res.verified);
	/* The server kept the row's order: what the walk sees is the row. */
	sent_str(want_s, sizeof(want_s), r->name, r, NULL);
	sent_str(got_s, sizeof(got_s), r->name, NULL, &res);
	ck_assert_str_eq(got_s, want_s);
	ck_assert_int_eq(res.nchain_sent, res.nchain);
	facts_str(want_s, sizeof(want_s), r->name, &r->want);
	facts_from(&got, &res);
	facts_str(got_s, sizeof(got_s), r->name, &got);
	ck_assert_str_eq(got_s, want_s);
	probe_result_release(&res);
	ck_assert_int_eq(remove(ca), 0);
	release_all(pki);
}
END_TEST

/* ------------------------------------------------------------ words */

/*
 * Every status bit of GnuTLS 3.7.9 (gnutls_certificate_status_t) has a
 * bit and words of ours; GnuTLS's sentences never reach a first line.
 */
static const struct {
	unsigned int gnutls;
	unsigned int ours;
	const char  *has; /* in our phrase */
} bits[] = {
    {GNUTLS_CERT_REVOKED, PROBE_V_REVOKED, "revoked"},
    {GNUTLS_CERT_SIGNER_NOT_FOUND, PROBE_V_SIGNER_NOT_FOUND,
	"neither sent nor trusted"},
    {GNUTLS_CERT_SIGNER_NOT_CA, PROBE_V_SIGNER_NOT_CA, "not a CA"},
    {GNUTLS_CERT_INSECURE_ALGORITHM, PROBE_V_INSECURE_ALGORITHM,
	"insecure algorithm"},
    {GNUTLS_CERT_NOT_ACTIVATED, PROBE_V_NOT_ACTIVATED, "not yet valid"},
    {GNUTLS_CERT_EXPIRED, PROBE_V_EXPIRED, "expired"},
    {GNUTLS_CERT_SIGNATURE_FAILURE, PROBE_V_SIGNATURE_FAILURE,
	"does not verify"},
    {GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, PROBE_V_REVOCATION_SUPERSEDED,
	"revocation data is older"},
    {GNUTLS_CERT_UNEXPECTED_OWNER, PROBE_V_UNEXPECTED_OWNER, "another name"},
    {GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, PROBE_V_REVOCATION_FUTURE,
	"dated in the future"},
    {GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, PROBE_V_SIGNER_CONSTRAINTS,
	"constraints"},
    {GNUTLS_CERT_MISMATCH, PROBE_V_MISMATCH, "not the one expected"},
    {GNUTLS_CERT_PURPOSE_MISMATCH, PROBE_V_PURPOSE_MISMATCH,
	"not meant for TLS servers"},
    {GNUTLS_CERT_MISSING_OCSP_STATUS, PROBE_V_MISSING_OCSP_STATUS,
	"the certificate requires a stapled OCSP response (must-staple) "
	"and the server sent none"},
    {GNUTLS_CERT_INVALID_OCSP_STATUS, PROBE_V_INVALID_OCSP_STATUS,
	"stapled OCSP response is not valid"},
    {GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, PROBE_V_UNKNOWN_CRIT_EXTENSIONS,
	"critical extension"},
};

#define NBITS ((int)(sizeof(bits) / sizeof(bits[0])))

/* GnuTLS's own sentence for status st. */
static void
gnutls_words(unsigned int st, char *buf, size_t bufsz)
{
	gnutls_datum_t txt = {NULL, 0};

	ck_assert_int_ge(gnutls_certificate_verification_status_print(
			     st, GNUTLS_CRT_X509, &txt, 0),
	    0);
	snprintf(buf, bufsz, "%.*s", (int)txt.size, (const char *)txt.data);
	gnutls_free(txt.data);
}

START_TEST(test_verify_bit)
{
	unsigned int st = GNUTLS_CERT_INVALID | bits[_i].gnutls;
	const char  *phrase = probe_verify_phrase(bits[_i].ours);
	char	     theirs[512], words[1024];
	int	     j;

	ck_assert_uint_eq(probe_verify_bits_of(st), bits[_i].ours);
	ck_assert_msg(strstr(phrase, bits[_i].has) != NULL,
	    "bit %#x: '%s' lacks '%s'", bits[_i].gnutls, phrase, bits[_i].has);
	ck_assert_str_eq(probe_verify_cause(bits[_i].ours), phrase);
	/* Lower case, no full stop, not GnuTLS's sentence, not another's. */
	ck_assert_msg(phrase[0] >= 'a' && phrase[0] <= 'z', "'%s'", phrase);
	ck_assert(phrase[strlen(phrase) - 1] != '.');
	gnutls_words(st, theirs, sizeof(theirs));
	ck_assert_msg(
	    strstr(theirs, phrase) == NULL, "'%s' in '%s'", phrase, theirs);
	for (j = 0; j < NBITS; j++)
		if (j != _i)
			ck_assert_str_ne(
			    probe_verify_phrase(bits[j].ours), phrase);
	probe_verify_words(bits[_i].ours, words, sizeof(words));
	ck_assert_str_eq(words, phrase);
}
END_TEST

START_TEST(test_verify_bits_together)
{
	unsigned int st = GNUTLS_CERT_INVALID, ours = 0;
	char	     words[2048];
	int	     i;

	for (i = 0; i < NBITS; i++) {
		st |= bits[i].gnutls;
		ours |= bits[i].ours;
	}
	ck_assert_uint_eq(probe_verify_bits_of(st), ours);
	probe_verify_words(ours, words, sizeof(words));
	for (i = 0; i < NBITS; i++)
		ck_assert_msg(strstr(words, probe_verify_phrase(bits[i].ours)),
		    "'%s' lacks bit %#x", words, bits[i].gnutls);
	/* The first by rank: dates before names before OCSP. */
	ck_assert_str_eq(
	    probe_verify_cause(ours), probe_verify_phrase(PROBE_V_EXPIRED));
	ck_assert_str_eq(probe_verify_cause(0), "");
	ck_assert_uint_eq(probe_verify_bits_of(0), 0);
	/* Not trusted for no named reason, or a bit newer than 3.7.9. */
	ck_assert_uint_eq(
	    probe_verify_bits_of(GNUTLS_CERT_INVALID), PROBE_V_OTHER);
	ck_assert_uint_eq(probe_verify_bits_of(GNUTLS_CERT_INVALID | 1u << 30),
	    PROBE_V_OTHER);
	ck_assert_str_eq(probe_verify_cause(PROBE_V_OTHER),
	    probe_verify_phrase(PROBE_V_OTHER));
}
END_TEST

/* ------------------------------------------------------------ DN text */

/*
 * DN values as the certificate holds them: GnuTLS's RFC 4514 escapes
 * undone before ours, so a comma is a comma, never "\x5c,"; a real
 * backslash is still escaped by us.
 */
START_TEST(test_dn_text)
{
	static const char cn[] = "Superfish, Inc.;x+y\"q\\z<>=#a";
	struct pki_spec	  spec = {.cn = cn,
	      .org = " eDellRoot, Dell",
	      .is_ca = true,
	      .pathlen = -1,
	      .key_usage = GNUTLS_KEY_KEY_CERT_SIGN};
	struct pki_cert	  c = {NULL, NULL};
	struct cert_info  ci;
	gnutls_datum_t	  der = {NULL, 0};
	char		  why[PKI_WHY_SIZE] = "";
	time_t		  now = time(NULL);

	spec.not_before = pki_days_from(now, -1);
	spec.not_after = pki_days_from(now, 30);
	ck_assert_msg(pki_cert_mint(&c, &spec, PKI_KEY_ECDSA, 0, NULL,
			  GNUTLS_DIG_SHA256, why, sizeof(why)) == 0,
	    "%s", why);
	ck_assert_msg(
	    pki_export_der(c.crt, &der, why, sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(
	    cert_info_from_der(&ci, der.data, der.size, why, sizeof(why)), 0);
	ck_assert_str_eq(ci.name, "Superfish, Inc.;x+y\"q\\x5cz<>=#a");
	ck_assert_str_eq(ci.issuer_name, ci.name);
	ck_assert_str_eq(ci.subject,
	    "CN=Superfish, Inc.;x+y\"q\\x5cz<>=#a,O= eDellRoot, Dell");
	ck_assert_str_eq(ci.issuer, ci.subject);
	cert_info_release(&ci);
	gnutls_free(der.data);
	pki_cert_release(&c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("walk");
	TCase *tc;
	char   ca[300];
	int    i, r;

	if (ts_tempdir(walk_dir, sizeof(walk_dir), "check_walk") == -1)
		return 99;
	tc = tcase_create("rows");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_walk, 0, NROWS);
	suite_add_tcase(s, tc);
	tc = tcase_create("verify words");
	tcase_add_loop_test(tc, test_verify_bit, 0, NBITS);
	tcase_add_test(tc, test_verify_bits_together);
	suite_add_tcase(s, tc);
	tc = tcase_create("dn text");
	tcase_add_test(tc, test_dn_text);
	suite_add_tcase(s, tc);
	r = cktest_run(s);
	/* What a failed row left behind. */
	for (i = 0; i < NROWS; i++) {
		snprintf(ca, sizeof(ca), "%s/ca-%d.pem", walk_dir, i);
		(void)remove(ca);
	}
	(void)rmdir(walk_dir);
	return r;
}
