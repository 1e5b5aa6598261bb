/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Which certificates the server sends, in what order: the intermediate
 * or not, the root or not, an --order list, the cross-signed root.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ts.h"

static const char *const chain_names[] = {
    [TS_CHAIN_LEAF] = "leaf",
    [TS_CHAIN_INT] = "int",
    [TS_CHAIN_ROOT] = "root",
    [TS_CHAIN_EXTRA] = "extra",
};

#define NCHAIN_NAMES (sizeof(chain_names) / sizeof(chain_names[0]))

/* "leaf,root,int" into o->order; repeats are kept, empty tokens are not. */
int
ts_chain_parse_order(struct ts_opts *o, const char *s)
{
	const char *tok = s;
	size_t	    len, i;

	o->norder = 0;
	for (;;) {
		len = strcspn(tok, ",");
		for (i = 0; i < NCHAIN_NAMES; i++) {
			if (strlen(chain_names[i]) == len &&
			    memcmp(tok, chain_names[i], len) == 0)
				break;
		}
		if (i == NCHAIN_NAMES) {
			ts_log("--order: want a comma-separated list of leaf, "
			       "int, root, extra; got '%s'",
			    s);
			return -1;
		}
		if (o->norder == TS_MAX_ORDER) {
			ts_log(
			    "--order: at most %d certificates", TS_MAX_ORDER);
			return -1;
		}
		o->order[o->norder++] = (enum ts_chain_cert)i;
		if (tok[len] == '\0')
			break;
		tok += len + 1;
	}
	return 0;
}

bool
ts_chain_order_has(const struct ts_opts *o, enum ts_chain_cert which)
{
	size_t i;

	for (i = 0; i < o->norder; i++) {
		if (o->order[i] == which)
			return true;
	}
	return false;
}

/*
 * --cross-root fixes the chain sent (leaf, intermediate, cross-signed
 * root) and the root it copies, so it takes no option that changes either.
 */
static int
check_cross_root(const struct ts_opts *o)
{
	const struct {
		bool	    set;
		const char *name;
	} clash[] = {
	    {o->self_signed, "--self-signed"},
	    {o->untrusted_root, "--untrusted-root"},
	    {o->norder > 0, "--order"},
	    {o->nvhosts > 0, "--vhost"},
	    {o->omit_intermediate, "--omit-intermediate"},
	    {o->send_root, "--send-root"},
	};
	size_t i;

	if (!o->cross_root)
		return 0;
	for (i = 0; i < sizeof(clash) / sizeof(clash[0]); i++) {
		if (clash[i].set) {
			ts_log("--cross-root: cannot be combined with %s",
			    clash[i].name);
			return -1;
		}
	}
	return 0;
}

int
ts_chain_check(const struct ts_opts *o)
{
	if (o->self_signed && o->untrusted_root) {
		ts_log("--untrusted-root: a --self-signed leaf has no issuer");
		return -1;
	}
	if (o->self_signed &&
	    (ts_chain_order_has(o, TS_CHAIN_INT) ||
		ts_chain_order_has(o, TS_CHAIN_ROOT))) {
		ts_log("--order: a --self-signed leaf has no int or root");
		return -1;
	}
	return check_cross_root(o);
}

/* The certificate an --order token stands for; NULL if there is none. */
static gnutls_x509_crt_t
chain_cert(const struct ts_pki *p, enum ts_chain_cert which)
{
	switch (which) {
	case TS_CHAIN_LEAF:
		return p->leaf.crt;
	case TS_CHAIN_INT:
		return p->inter.crt;
	case TS_CHAIN_ROOT:
		return ts_mint_top(p);
	case TS_CHAIN_EXTRA:
		return p->extra.crt;
	}
	return NULL;
}

void
ts_chain_free(struct ts_chain *w)
{
	unsigned int i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		gnutls_pcert_deinit(&w->pcert[i]);
	if (w->key != NULL)
		gnutls_privkey_deinit(w->key);
	free(w);
}

/*
 * A server refuses to send a first certificate whose key usage lacks
 * digitalSignature ("No supported cipher suites have been found"), as
 * with --order int,leaf. Widen the usage GnuTLS reads from the parsed
 * key; the certificate bytes sent stay as minted, so clients get the
 * list and fail with a key usage violation, as they should.
 */
static int
chain_widen_usage(struct ts_chain *w)
{
	unsigned int usage = 0;
	int	     rc;

	rc = gnutls_pubkey_get_key_usage(w->pcert[0].pubkey, &usage);
	if (rc >= 0 && usage != 0 &&
	    (usage & GNUTLS_KEY_DIGITAL_SIGNATURE) == 0)
		rc = gnutls_pubkey_set_key_usage(
		    w->pcert[0].pubkey, usage | GNUTLS_KEY_DIGITAL_SIGNATURE);
	if (rc < 0)
		return ts_log_gnutls("first certificate's key usage", rc);
	return 0;
}

int
ts_chain_new_list(struct ts_chain **out, gnutls_x509_crt_t const *crts,
    size_t n, gnutls_x509_privkey_t key)
{
	struct ts_chain *w;
	size_t		 i;
	int		 rc;

	*out = NULL;
	if (n == 0 || n > TS_MAX_ORDER) {
		ts_log("internal error: chain of %zu certificates", n);
		return -1;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		ts_log("out of memory");
		return -1;
	}
	rc = gnutls_privkey_init(&w->key);
	if (rc < 0) {
		w->key = NULL;
		ts_log_gnutls("gnutls_privkey_init", rc);
		goto err;
	}
	rc = gnutls_privkey_import_x509(
	    w->key, key, GNUTLS_PRIVKEY_IMPORT_COPY);
	if (rc < 0) {
		ts_log_gnutls("gnutls_privkey_import_x509", rc);
		goto err;
	}
	for (i = 0; i < n; i++) {
		rc = gnutls_pcert_import_x509(&w->pcert[i], crts[i], 0);
		if (rc < 0) {
			ts_log_gnutls("gnutls_pcert_import_x509", rc);
			goto err;
		}
		w->n++;
	}
	if (chain_widen_usage(w) == -1)
		goto err;
	*out = w;
	return 0;
err:
	ts_chain_free(w);
	return -1;
}

int
ts_chain_new(
    struct ts_chain **out, const struct ts_pki *p, const struct ts_opts *o)
{
	gnutls_x509_crt_t crts[TS_MAX_ORDER];
	size_t		  i;

	*out = NULL;
	if (o->cross_root) {
		crts[0] = p->leaf.crt;
		crts[1] = p->inter.crt;
		crts[2] = p->cross;
		return ts_chain_new_list(out, crts, 3, p->leaf.key);
	}
	for (i = 0; i < o->norder; i++) {
		crts[i] = chain_cert(p, o->order[i]);
		if (crts[i] == NULL) {
			ts_log("--order: no '%s' certificate",
			    chain_names[o->order[i]]);
			return -1;
		}
	}
	return ts_chain_new_list(out, crts, o->norder, p->leaf.key);
}

size_t
ts_chain_list(gnutls_x509_crt_t list[3], gnutls_x509_crt_t leaf,
    const struct ts_pki *p, const struct ts_opts *o)
{
	size_t n = 0;

	list[n++] = leaf;
	if (!o->self_signed) {
		if (!o->omit_intermediate)
			list[n++] = p->inter.crt;
		if (o->send_root)
			list[n++] = ts_mint_top(p);
	}
	return n;
}

/*
 * gnutls_certificate_retrieve_function2 for --order, --cross-root and
 * --vhost: the chain in the connection's struct ts_conn (the session
 * pointer), which the SNI hook has set by the time GnuTLS selects a
 * certificate. GnuTLS sends the list as returned, without sorting it, and
 * neither changes nor frees it; it may ask more than once.
 */
static int
chain_retrieve(gnutls_session_t s, const gnutls_datum_t *req_ca_rdn, int nreqs,
    const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
    gnutls_pcert_st **pcert, unsigned int *pcert_length,
    gnutls_privkey_t *privkey)
{
	const struct ts_conn *cs;

	(void)req_ca_rdn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	cs = gnutls_session_get_ptr(s);
	if (cs == NULL || cs->chain == NULL)
		return -1;
	*pcert = cs->chain->pcert;
	*pcert_length = cs->chain->n;
	*privkey = cs->chain->key;
	return 0;
}

int
ts_chain_cred_new(gnutls_certificate_credentials_t *cred,
    const struct ts_pki *p, const struct ts_opts *o, bool retrieve)
{
	gnutls_x509_crt_t list[3];
	size_t		  n;
	int		  rc;

	*cred = NULL;
	rc = gnutls_certificate_allocate_credentials(cred);
	if (rc < 0)
		return ts_log_gnutls(
		    "gnutls_certificate_allocate_credentials", rc);
	if (retrieve) {
		gnutls_certificate_set_retrieve_function2(
		    *cred, chain_retrieve);
		return 0;
	}
	n = ts_chain_list(list, p->leaf.crt, p, o);
	rc = gnutls_certificate_set_x509_key(*cred, list, (int)n, p->leaf.key);
	if (rc < 0)
		return ts_log_gnutls("gnutls_certificate_set_x509_key", rc);
	return 0;
}
