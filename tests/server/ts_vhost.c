/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Name-based virtual hosts: --vhost SNI=CERTNAME, --default-cert, and the
 * fatal alerts for a missing or unknown SNI (RFC 6066 3).
 */
#include "config.h"

#include <string.h>

#include "ts.h"

/* The fatal alerts --no-sni-alert and --unknown-sni-alert can send. */
const struct ts_enum ts_vhost_alerts[] = {
    {"handshake_failure", GNUTLS_A_HANDSHAKE_FAILURE},
    {"unrecognized_name", GNUTLS_A_UNRECOGNIZED_NAME},
    {"access_denied", GNUTLS_A_ACCESS_DENIED},
    {"internal_error", GNUTLS_A_INTERNAL_ERROR},
    {NULL, 0},
};

enum sni_kind {
	SNI_NONE, /* no server_name extension */
	SNI_NAME, /* a host name, in the buffer */
	SNI_OTHER /* something no --vhost can name, e.g. too long */
};

/* len without one trailing dot: "a.test." and "a.test" name one host. */
static size_t
name_trim(const char *s, size_t len)
{
	if (len > 0 && s[len - 1] == '.')
		len--;
	return len;
}

/*
 * DNS names compare case-insensitively, in ASCII only (RFC 4343 3);
 * strncasecmp() would follow the locale.
 */
static bool
name_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	unsigned char ca, cb;
	size_t	      i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++) {
		ca = (unsigned char)a[i];
		cb = (unsigned char)b[i];
		if (ca >= 'A' && ca <= 'Z')
			ca = (unsigned char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (unsigned char)(cb - 'A' + 'a');
		if (ca != cb)
			return false;
	}
	return true;
}

/*
 * The index of CERTNAME name in o->vcerts, added if new. Returns -1
 * (message logged) if the name is empty or too long.
 */
static int
vcert_index(struct ts_opts *o, const char *opt, const char *name, size_t *idx)
{
	size_t i, len;

	len = strlen(name);
	if (len == 0 || len > TS_NAME_MAX_LEN) {
		ts_log("--%s: want a CERTNAME of 1..%d bytes, got '%s'", opt,
		    TS_NAME_MAX_LEN, name);
		return -1;
	}
	for (i = 0; i < o->nvcerts; i++) {
		if (strcmp(o->vcerts[i], name) == 0) {
			*idx = i;
			return 0;
		}
	}
	/* cannot happen: TS_MAX_VHOSTS names plus --default-cert */
	if (o->nvcerts == TS_MAX_VCERTS) {
		ts_log("--%s: too many certificate names", opt);
		return -1;
	}
	o->vcerts[o->nvcerts] = name;
	*idx = o->nvcerts++;
	return 0;
}

/* "SNI=CERTNAME" into the next o->vhosts entry. */
int
ts_vhost_parse(struct ts_opts *o, const char *s)
{
	struct ts_vhost *v;
	const char	*eq;
	size_t		 raw, i;

	if (o->nvhosts == TS_MAX_VHOSTS) {
		ts_log("--vhost: at most %d", TS_MAX_VHOSTS);
		return -1;
	}
	eq = strchr(s, '=');
	if (eq == NULL) {
		ts_log("--vhost: want SNI=CERTNAME, got '%s'", s);
		return -1;
	}
	raw = (size_t)(eq - s);
	v = &o->vhosts[o->nvhosts];
	v->sni = s;
	v->sni_len = name_trim(s, raw);
	if (v->sni_len == 0 || raw > TS_NAME_MAX_LEN) {
		ts_log("--vhost: want an SNI of 1..%d bytes, got '%s'",
		    TS_NAME_MAX_LEN, s);
		return -1;
	}
	for (i = 0; i < o->nvhosts; i++) {
		if (name_eq(o->vhosts[i].sni, o->vhosts[i].sni_len, v->sni,
			v->sni_len)) {
			ts_log("--vhost: SNI '%.*s' given twice",
			    (int)v->sni_len, v->sni);
			return -1;
		}
	}
	if (vcert_index(o, "vhost", eq + 1, &v->cert) == -1)
		return -1;
	o->nvhosts++;
	return 0;
}

/*
 * What needs --vhost, what --vhost cannot be combined with, and
 * --default-cert's CERTNAME.
 */
int
ts_vhost_check(struct ts_opts *o)
{
	if (o->nvhosts == 0) {
		if (o->default_cert != NULL) {
			ts_log("--default-cert: needs --vhost");
			return -1;
		}
		if (o->unknown_sni_alert_set) {
			ts_log("--unknown-sni-alert: needs --vhost");
			return -1;
		}
		return 0;
	}
	/*
	 * --order's "leaf" would be ambiguous, and a --self-signed leaf has
	 * no CA to issue the vhost leaves.
	 */
	if (o->norder > 0) {
		ts_log("--vhost: cannot be combined with --order");
		return -1;
	}
	if (o->self_signed) {
		ts_log("--vhost: cannot be combined with --self-signed");
		return -1;
	}
	if (o->default_cert != NULL &&
	    vcert_index(
		o, "default-cert", o->default_cert, &o->default_vcert) == -1)
		return -1;
	return 0;
}

void
ts_vhost_chains_free(struct ts_ctx *ctx)
{
	size_t i;

	for (i = 0; i < TS_MAX_VCERTS; i++) {
		ts_chain_free(ctx->vchain[i]);
		ctx->vchain[i] = NULL;
	}
	ts_chain_free(ctx->plain);
	ctx->plain = NULL;
}

/*
 * One chain per --vhost CERTNAME, plus the --name chain unless
 * --default-cert names another; ctx->fallback becomes the default. On
 * failure the chains made so far stay for ts_vhost_chains_free().
 */
int
ts_vhost_chains_new(struct ts_ctx *ctx, const struct ts_pki *p)
{
	const struct ts_opts *o = ctx->opts;
	gnutls_x509_crt_t     list[3];
	size_t		      i, n;

	for (i = 0; i < o->nvcerts; i++) {
		n = ts_chain_list(list, p->v[i].crt, p, o);
		if (ts_chain_new_list(&ctx->vchain[i], list, n, p->v[i].key) ==
		    -1)
			return -1;
	}
	if (o->default_cert != NULL) {
		ctx->fallback = ctx->vchain[o->default_vcert];
		return 0;
	}
	n = ts_chain_list(list, p->leaf.crt, p, o);
	if (ts_chain_new_list(&ctx->plain, list, n, p->leaf.key) == -1)
		return -1;
	ctx->fallback = ctx->plain;
	return 0;
}

/*
 * The client's first host_name (RFC 6066 3) into buf, NUL-terminated, its
 * length without one trailing dot in *len.
 */
static enum sni_kind
sni_read(gnutls_session_t s, char *buf, size_t bufsz, size_t *len)
{
	unsigned int type = 0;
	size_t	     n = bufsz;
	int	     rc;

	*len = 0;
	buf[0] = '\0';
	rc = gnutls_server_name_get(s, buf, &n, &type, 0);
	if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return SNI_NONE;
	if (rc < 0 || type != GNUTLS_NAME_DNS || n >= bufsz) {
		buf[0] = '\0';
		return SNI_OTHER;
	}
	buf[n] = '\0';
	*len = name_trim(buf, n);
	if (*len == 0 || memchr(buf, '\0', *len) != NULL)
		return SNI_OTHER;
	return SNI_NAME;
}

/* A client's name made safe for a log line: non-printables become '?'. */
static void
sni_printable(char *buf)
{
	for (; *buf != '\0'; buf++) {
		if ((unsigned char)*buf < 0x20 || (unsigned char)*buf > 0x7e)
			*buf = '?';
	}
}

/*
 * Fail the handshake with the fatal alert chosen on the command line. The
 * hook's error ends gnutls_handshake(); the TLS mode sees alert_sent and
 * sends nothing more, so the client receives exactly this alert.
 */
static int
sni_refuse(gnutls_session_t s, struct ts_conn *cs, int alert)
{
	int rc;

	cs->alert_sent = true;
	do {
		rc = gnutls_alert_send(
		    s, GNUTLS_AL_FATAL, (gnutls_alert_description_t)alert);
	} while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
	if (rc < 0)
		ts_log_gnutls("gnutls_alert_send", rc);
	return GNUTLS_E_USER_ERROR;
}

/* The --vhost entry whose SNI is name, or o->nvhosts if none. */
static size_t
vhost_find(const struct ts_opts *o, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < o->nvhosts; i++) {
		if (name_eq(name, len, o->vhosts[i].sni, o->vhosts[i].sni_len))
			break;
	}
	return i;
}

/*
 * Post-client-hello hook, installed for --vhost and the SNI alerts: pick
 * this connection's chain from the SNI, or refuse the handshake. Runs
 * before GnuTLS selects a certificate, and again for a second ClientHello
 * after a HelloRetryRequest, so it decides afresh each time.
 */
int
ts_vhost_sni_hook(gnutls_session_t s)
{
	struct ts_conn	     *cs = gnutls_session_get_ptr(s);
	const struct ts_ctx  *ctx = cs->ctx;
	const struct ts_opts *o = ctx->opts;
	char		      name[TS_NAME_MAX_LEN + 2];
	const char	     *cert;
	enum sni_kind	      kind;
	size_t		      len, i;

	cs->chain = ctx->fallback;
	cert = o->default_cert != NULL ? o->default_cert : o->names[0];
	kind = sni_read(s, name, sizeof(name), &len);
	if (kind == SNI_NONE) {
		if (o->no_sni_alert_set) {
			if (o->verbose)
				ts_log("no SNI: sending fatal alert %s",
				    ts_enum_name(
					ts_vhost_alerts, o->no_sni_alert));
			return sni_refuse(s, cs, o->no_sni_alert);
		}
		if (o->verbose && o->nvhosts > 0)
			ts_log("no SNI: serving '%s'", cert);
		return 0;
	}
	i = kind == SNI_NAME ? vhost_find(o, name, len) : o->nvhosts;
	sni_printable(name); /* from here on, only for log lines */
	if (i < o->nvhosts) {
		cs->chain = ctx->vchain[o->vhosts[i].cert];
		if (o->verbose)
			ts_log("SNI '%s': serving '%s'", name,
			    o->vcerts[o->vhosts[i].cert]);
		return 0;
	}
	if (o->unknown_sni_alert_set) {
		if (o->verbose)
			ts_log("SNI '%s' unknown: sending fatal alert %s", name,
			    ts_enum_name(
				ts_vhost_alerts, o->unknown_sni_alert));
		return sni_refuse(s, cs, o->unknown_sni_alert);
	}
	if (o->verbose && o->nvhosts > 0)
		ts_log("SNI '%s' unknown: serving '%s'", name, cert);
	return 0;
}
