/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The run-wide configuration: trust sources loaded once, by the first
 * probe that needs one, then shared read-only by every probe of the run.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "probe_int.h"

/*
 * One trust source and the certificate credentials built on it, shared by
 * every session of the run. That is safe: a session keeps only a pointer
 * to its credentials (gnutls_credentials_set), GnuTLS documents read-only
 * access to credentials as thread-safe ("Thread safety" in its manual),
 * and once loaded we only read them: gnutls_certificate_verify_peers and
 * gnutls_x509_trust_list_get_issuer with GNUTLS_TL_GET_COPY, the flag
 * GnuTLS asks for to stay thread-safe even with PKCS#11 trust lists. The
 * known exception is a PKCS#11 (p11-kit) system store under concurrent
 * verification (GnuTLS issue #1212); Debian's GnuTLS reads a file,
 * /etc/ssl/certs/ca-certificates.crt, into a plain in-memory list.
 */
struct probe_trust {
	struct probe_trust *next;
	/* The key: no anchors at all, a CA file (owned), or the system. */
	bool  noverify;
	char *ca_file;
	/* Held while loading, so the first user loads and the rest wait. */
	pthread_mutex_t			 lock;
	bool				 loaded;
	gnutls_certificate_credentials_t cred;
	int				 ca_count;
	/* PROBE_OK, or why loading failed: every user gets the same. */
	enum probe_err err;
	char	       reason[256];
};

struct probe_config {
	/* Guards the list, not the loading. */
	pthread_mutex_t	    lock;
	struct probe_trust *trust;
};

struct probe_config *
probe_config_new(void)
{
	struct probe_config *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

void
probe_config_free(struct probe_config *c)
{
	struct probe_trust *t, *next;

	if (c == NULL)
		return;
	for (t = c->trust; t != NULL; t = next) {
		next = t->next;
		if (t->cred != NULL)
			gnutls_certificate_free_credentials(t->cred);
		pthread_mutex_destroy(&t->lock);
		free(t->ca_file);
		free(t);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static void trust_fail(struct probe_trust *t, enum probe_err err,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
trust_fail(struct probe_trust *t, enum probe_err err, const char *fmt, ...)
{
	va_list ap;

	t->err = err;
	va_start(ap, fmt);
	vsnprintf(t->reason, sizeof(t->reason), fmt, ap);
	va_end(ap);
}

/* The anchors of a CA file, or of the system store; the reasons are ours. */
static void
trust_load_anchors(struct probe_trust *t)
{
	char  ef[OUT_FIELD_SIZE];
	FILE *f;
	int   r;

	if (t->ca_file == NULL) {
		r = gnutls_certificate_set_x509_system_trust(t->cred);
		if (r <= 0)
			trust_fail(t, PROBE_E_CAFILE,
			    "cannot load the system trust store: %s",
			    r < 0 ? gnutls_strerror(r) : "no certificates");
		else
			t->ca_count = r;
		return;
	}
	out_escape(ef, sizeof(ef), t->ca_file, strlen(t->ca_file));
	/* fopen first: its errno names the problem better than GnuTLS. */
	f = fopen(t->ca_file, "r");
	if (f == NULL) {
		trust_fail(t, PROBE_E_CAFILE, "cannot read CA file '%s': %s",
		    ef, strerror(errno));
		return;
	}
	fclose(f);
	r = gnutls_certificate_set_x509_trust_file(
	    t->cred, t->ca_file, GNUTLS_X509_FMT_PEM);
	if (r <= 0)
		trust_fail(t, PROBE_E_CAFILE,
		    "CA file '%s' holds no usable PEM certificate%s%s", ef,
		    r < 0 ? ": " : "", r < 0 ? gnutls_strerror(r) : "");
	else
		t->ca_count = r;
}

/* Load t once; later callers find it loaded (or failed) and only read. */
static void
trust_load(struct probe_trust *t)
{
	pthread_mutex_lock(&t->lock);
	if (!t->loaded) {
		t->err = PROBE_OK;
		if (gnutls_certificate_allocate_credentials(&t->cred) < 0) {
			t->cred = NULL;
			trust_fail(t, PROBE_E_NOMEM, "out of memory");
		} else if (!t->noverify) {
			trust_load_anchors(t);
		}
		t->loaded = true;
	}
	pthread_mutex_unlock(&t->lock);
}

static bool
trust_is(const struct probe_trust *t, const struct probe_opts *o)
{
	if (o->insecure_noverify || t->noverify)
		return o->insecure_noverify && t->noverify;
	if (o->ca_file == NULL || t->ca_file == NULL)
		return o->ca_file == NULL && t->ca_file == NULL;
	return strcmp(o->ca_file, t->ca_file) == 0;
}

static struct probe_trust *
trust_new(const struct probe_opts *o)
{
	struct probe_trust *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->noverify = o->insecure_noverify;
	if (!t->noverify && o->ca_file != NULL) {
		t->ca_file = strdup(o->ca_file);
		if (t->ca_file == NULL) {
			free(t);
			return NULL;
		}
	}
	if (pthread_mutex_init(&t->lock, NULL) != 0) {
		free(t->ca_file);
		free(t);
		return NULL;
	}
	return t;
}

/* The entry for o's trust source, added on first use; NULL: no memory. */
static struct probe_trust *
trust_find(struct probe_config *c, const struct probe_opts *o)
{
	struct probe_trust *t;

	pthread_mutex_lock(&c->lock);
	for (t = c->trust; t != NULL; t = t->next)
		if (trust_is(t, o))
			break;
	if (t == NULL) {
		t = trust_new(o);
		if (t != NULL) {
			t->next = c->trust;
			c->trust = t;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return t;
}

int
probe_config_cred(const struct probe_config *cfg, const struct probe_opts *o,
    struct probe_result *res, gnutls_certificate_credentials_t *cred)
{
	/* Logically const: what it loads lazily is a cache, under locks. */
	struct probe_config *c = (struct probe_config *)cfg;
	struct probe_trust  *t;

	*cred = NULL;
	t = trust_find(c, o);
	if (t == NULL) {
		probe_set_reason(res, PROBE_E_NOMEM, "out of memory");
		return -1;
	}
	trust_load(t);
	if (t->err != PROBE_OK) {
		probe_set_reason(res, t->err, "%s", t->reason);
		return -1;
	}
	if (!t->noverify)
		res->ca_count = t->ca_count;
	*cred = t->cred;
	return 0;
}
