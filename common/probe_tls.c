/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The TLS exchange of a probe: session set-up on our own transport, the
 * handshake (or a raw hello), and the failure in the server's own bytes.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <gmp.h>
#include <gnutls/gnutls.h>

#include "probe_int.h"

/*
 * Our own code for "stopped on purpose": after the ServerHello, or at a
 * session ticket while waiting for a late alert (probe_tls_settle).
 */
#define PROBE_STOPPED (GNUTLS_E_APPLICATION_ERROR_MIN + 1)

/*
 * The smallest DH prime the probe accepts (GnuTLS's own floor is about
 * 1024 bits). Facts, not verdicts: every probe completes a handshake
 * over a weak group and reports its size, and check_tls_protocols alone
 * judges it, so that expiry, chain and SNI still judge the certificate of
 * such a server. A probe sends no secret, so a breakable key exchange
 * costs it nothing.
 */
#define PROBE_DH_MIN_BITS 256

/*
 * mpz_probab_prime_p's reps: 25 is a Baillie-PSW test and one
 * Miller-Rabin round (GMP 6.2), about 9 ms on a 2048-bit prime.
 */
#define DH_PRIME_REPS 25
/* A prime over 16384 bits is no DH group GnuTLS negotiates. */
#define DH_MAX_BYTES 2048

/* Stop waiting for a late alert this long after a round trip. */
#define SETTLE_SLACK_MS 500

/* The ServerHello is parsed: version and cipher are known. Stop. */
static int
hello_seen(struct probe_ctx *x, const gnutls_datum_t *msg)
{
	size_t at;

	x->hello_seen = true;
	/* RFC 8446 4.1.3: version, random, session id, then the suite. */
	if (msg != NULL && msg->size > 34) {
		at = 35 + (size_t)msg->data[34];
		if (msg->size >= at + 2) {
			memcpy(x->suite_id, msg->data + at, 2);
			x->have_suite_id = true;
		}
	}
	return PROBE_STOPPED;
}

/*
 * GnuTLS keeps one hook function per session, so this one sees every
 * handshake message received and dispatches on its type.
 */
static int
handshake_hook(gnutls_session_t s, unsigned int htype, unsigned int when,
    unsigned int incoming, const gnutls_datum_t *msg)
{
	struct probe_ctx *x = gnutls_transport_get_ptr(s);

	(void)when;
	if (!incoming)
		return 0;
	switch (htype) {
	case GNUTLS_HANDSHAKE_SERVER_HELLO:
		return x->stop_after_hello ? hello_seen(x, msg) : 0;
	case GNUTLS_HANDSHAKE_CERTIFICATE_REQUEST:
		x->cert_requested = true;
		return 0;
	case GNUTLS_HANDSHAKE_NEW_SESSION_TICKET:
		/* TLS 1.3: the server took our Finished, without an alert. */
		return x->settling ? PROBE_STOPPED : 0;
	default:
		return 0;
	}
}

/* GnuTLS transport: the session's pointer is our probe_ctx. */
static ssize_t
xport_push(gnutls_transport_ptr_t p, const void *buf, size_t len)
{
	struct probe_ctx *x = p;
	ssize_t		  r = net_send(&x->conn, buf, len);

	if (r < 0)
		gnutls_transport_set_errno(x->session, errno);
	return r;
}

static ssize_t
xport_pull(gnutls_transport_ptr_t p, void *buf, size_t len)
{
	struct probe_ctx *x = p;
	ssize_t		  r = net_recv(&x->conn, buf, len);

	if (r < 0)
		gnutls_transport_set_errno(x->session, errno);
	return r;
}

/* Mandatory with a custom pull: without it the handshake timeout breaks. */
static int
xport_pull_timeout(gnutls_transport_ptr_t p, unsigned int ms)
{
	struct probe_ctx *x = p;
	int		  wait = -1;

	if (ms != GNUTLS_INDEFINITE_TIMEOUT)
		wait = (int)(ms > 0x3fffffff ? 0x3fffffff : ms);
	return net_wait(&x->conn, wait, false);
}

/* gnutls_set_default_priority, or o->priority with the error position. */
static int
session_priority(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	char	    ep[OUT_FIELD_SIZE], es[OUT_FIELD_SIZE];
	const char *errpos = NULL;
	int	    r;

	if (o->priority == NULL)
		r = gnutls_set_default_priority(x->session);
	else
		r = gnutls_priority_set_direct(
		    x->session, o->priority, &errpos);
	if (r >= 0)
		return 0;
	out_escape(es, sizeof(es), o->priority ? o->priority : "",
	    o->priority ? strlen(o->priority) : 0);
	out_escape(
	    ep, sizeof(ep), errpos ? errpos : "", errpos ? strlen(errpos) : 0);
	probe_set_reason(res, PROBE_E_POLICY,
	    "local GnuTLS refuses priority string '%s'%s%s%s: %s", es,
	    errpos ? " at '" : "", ep, errpos ? "'" : "", gnutls_strerror(r));
	return -1;
}

int
probe_tls_session(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	int r;

	r = gnutls_init(&x->session, GNUTLS_CLIENT | GNUTLS_NO_SIGNAL);
	if (r < 0) {
		probe_set_reason(res, PROBE_E_INTERNAL,
		    "cannot start a TLS session: %s", gnutls_strerror(r));
		if (r == GNUTLS_E_MEMORY_ERROR)
			res->err = PROBE_E_NOMEM;
		return -1;
	}
	if (session_priority(o, x, res) == -1)
		return -1;
	r = gnutls_credentials_set(x->session, GNUTLS_CRD_CERTIFICATE, x->cred);
	if (r < 0) {
		probe_set_reason(res, PROBE_E_INTERNAL,
		    "cannot set credentials: %s", gnutls_strerror(r));
		return -1;
	}
	if (x->sni[0] != '\0') {
		r = gnutls_server_name_set(
		    x->session, GNUTLS_NAME_DNS, x->sni, strlen(x->sni));
		if (r < 0) {
			probe_set_reason(res, PROBE_E_USAGE,
			    "cannot send SNI: %s", gnutls_strerror(r));
			return -1;
		}
		out_escape(res->sni, sizeof(res->sni), x->sni, strlen(x->sni));
	}
	/*
	 * Real flights outgrow GnuTLS's 128 KiB (a 10,000-name leaf is about
	 * 250 KB). 1 MiB is four times that, yet bounds what a hostile
	 * server can make each of a run's parallel probes buffer.
	 */
	gnutls_handshake_set_max_packet_length(x->session, PROBE_HANDSHAKE_MAX);
	/*
	 * Ask for a staple (RFC 6066 8). GnuTLS 3.7.9 asks by default; say
	 * so, whatever a later default may be. Only a fact: no failure.
	 */
	res->ocsp_requested = gnutls_ocsp_status_request_enable_client(
				  x->session, NULL, 0, NULL) >= 0;
	x->stop_after_hello = o->stop_after_hello;
	gnutls_handshake_set_hook_function(
	    x->session, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_POST, handshake_hook);
	gnutls_dh_set_prime_bits(x->session, PROBE_DH_MIN_BITS);
	gnutls_transport_set_ptr(x->session, x);
	gnutls_transport_set_push_function(x->session, xport_push);
	gnutls_transport_set_pull_function(x->session, xport_pull);
	gnutls_transport_set_pull_timeout_function(
	    x->session, xport_pull_timeout);
	return 0;
}

void
probe_tls_conn_facts(struct probe_result *res, const struct net_conn *c)
{
	memcpy(res->first, c->first, c->nfirst);
	res->nfirst = c->nfirst;
	res->nrecv = c->nrecv;
	res->nsent = c->nsent;
	res->eof = c->eof;
	res->spoke_first = c->spoke_first;
	res->closed_first = c->closed_first;
	cls_classify(res->first, res->nfirst, &res->reply);
}

/* A non-TLS reply: name the protocol and quote what it said. */
static void
reason_not_tls(struct probe_result *res)
{
	const struct cls_result *r = &res->reply;
	const char		*when = res->spoke_first ? "greeted us with" :
							   "answered the ClientHello with";
	const char		*kind = cls_kind_name(r->kind);
	char			 line[OUT_SHORT + 4];

	/* The status line quotes; -v and JSON keep the whole capture. */
	out_short(r->line, line, sizeof(line));

	switch (r->kind) {
	case CLS_HTTP:
	case CLS_HTML:
	case CLS_TEXT:
		probe_set_reason(res, PROBE_E_NOT_TLS,
		    "speaks %s, not TLS: %s '%s'", kind, when, line);
		break;
	case CLS_SSH:
	case CLS_FTP:
	case CLS_BANNER:
		probe_set_reason(res, PROBE_E_NOT_TLS,
		    "speaks %s, not TLS: banner '%s'", kind, line);
		break;
	case CLS_SMTP:
	case CLS_POP3:
	case CLS_IMAP:
		probe_set_reason(res, PROBE_E_NOT_TLS,
		    "speaks %s, not TLS: banner '%s' (the service may need "
		    "STARTTLS)",
		    kind, line);
		break;
	case CLS_SSL2:
		probe_set_reason(res, PROBE_E_NOT_TLS,
		    "speaks SSL 2.0 only: answered with an SSL 2.0 record (%s)",
		    r->hex);
		break;
	default:
		probe_set_reason(res, PROBE_E_NOT_TLS,
		    "does not speak TLS: %s %zu bytes of non-TLS data (%s%s)",
		    when, res->nfirst, r->hex, res->nfirst > 16 ? " ..." : "");
		break;
	}
}

/*
 * What the capture alone says: another protocol, TLS before our hello,
 * or a close before it. Returns true when it set the reason.
 */
static bool
fail_by_capture(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	struct net_conn *c = &x->conn;

	/* The bytes speak first: GnuTLS calls every non-TLS reply the same. */
	if (c->nfirst > 0 && !res->reply.is_tls) {
		net_drain(c, (int)o->drain_ms);
		probe_tls_conn_facts(res, c);
		reason_not_tls(res);
		return true;
	}
	if (c->spoke_first && res->reply.is_tls) {
		probe_set_reason(res, PROBE_E_TLS,
		    "the server sent TLS data before our ClientHello (%s), "
		    "which no TLS server does",
		    res->reply.hex);
		return true;
	}
	if (!c->closed_first)
		return false;
	if (c->rerrno == ECONNRESET)
		probe_set_reason(res, PROBE_E_RESET,
		    "connection reset at once, before the ClientHello was "
		    "sent");
	else
		probe_set_reason(res, PROBE_E_EOF,
		    "connection closed at once, before the ClientHello was "
		    "sent");
	return true;
}

/*
 * How the connection ended: the deadline, a reset, a close. Returns true
 * when it set the reason.
 */
static bool
fail_by_connection(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res, int r)
{
	struct net_conn *c = &x->conn;
	double		 secs = o->timeout_ms / 1000.0;

	if (r == GNUTLS_E_TIMEDOUT ||
	    (c->timed_out && net_remaining_ms(x->deadline) == 0)) {
		if (c->nrecv == 0)
			probe_set_reason(res, PROBE_E_TIMEOUT,
			    "no reply to the ClientHello within %g s", secs);
		else
			probe_set_reason(res, PROBE_E_TIMEOUT,
			    "TLS handshake stalled: the server sent %zu bytes, "
			    "then nothing until the %g s timeout",
			    c->nrecv, secs);
		return true;
	}
	if (c->rerrno == ECONNRESET || c->rerrno == EPIPE) {
		if (c->nrecv == 0)
			probe_set_reason(res, PROBE_E_RESET,
			    "connection reset by the server after our "
			    "ClientHello, with no reply (a firewall, IPS or a "
			    "server refusing the hello)");
		else
			probe_set_reason(res, PROBE_E_RESET,
			    "connection reset by the server during the TLS "
			    "handshake, after %zu bytes",
			    c->nrecv);
		return true;
	}
	if (r != GNUTLS_E_PREMATURE_TERMINATION && !c->eof)
		return false;
	if (c->nrecv == 0)
		probe_set_reason(res, PROBE_E_EOF,
		    "connection closed by the server after our ClientHello, "
		    "with no reply");
	else
		probe_set_reason(res, PROBE_E_EOF,
		    "connection closed by the server during the TLS "
		    "handshake, after %zu bytes",
		    c->nrecv);
	return true;
}

/*
 * The handshake ended after the server asked for a client certificate
 * and we sent none (the probe has none to send): its alert, close or
 * reset is that demand (RFC 5246 7.4.6, RFC 8446 4.4.2.4). Returns true
 * when it set the reason.
 */
static bool
fail_after_request(struct probe_ctx *x, struct probe_result *res, int r)
{
	struct net_conn *c = &x->conn;
	char		 how[64];
	enum probe_err	 err;

	if (r == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		res->alert = (int)gnutls_alert_get(x->session);
		snprintf(
		    how, sizeof(how), "alert %s", cls_alert_name(res->alert));
		err = PROBE_E_ALERT;
	} else if (c->rerrno == ECONNRESET || c->rerrno == EPIPE) {
		snprintf(how, sizeof(how), "a connection reset");
		err = PROBE_E_RESET;
	} else if (r == GNUTLS_E_PREMATURE_TERMINATION || c->eof) {
		snprintf(how, sizeof(how), "a close");
		err = PROBE_E_EOF;
	} else {
		return false;
	}
	probe_set_reason(res, err,
	    "the server requires a client certificate: the handshake failed "
	    "after its CertificateRequest (%s)",
	    how);
	return true;
}

void
probe_tls_fail(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res, int r)
{
	struct net_conn *c = &x->conn;

	res->gnutls_err = r;
	res->sys_errno = c->rerrno;
	res->stage = c->nrecv > 0 ? PROBE_S_HANDSHAKE : PROBE_S_HELLO;
	res->cert_requested = x->cert_requested;
	probe_tls_conn_facts(res, c);
	if (fail_by_capture(o, x, res))
		return;
	if (x->cert_requested && fail_after_request(x, res, r))
		return;
	if (r == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		res->alert = (int)gnutls_alert_get(x->session);
		probe_set_reason(res, PROBE_E_ALERT,
		    "TLS handshake failed: the server sent fatal alert %s",
		    cls_alert_name(res->alert));
		return;
	}
	if (r == GNUTLS_E_HANDSHAKE_TOO_LARGE) {
		probe_set_reason(res, PROBE_E_LIMIT,
		    "the server's handshake messages exceed this plugin's "
		    "limit of " PROBE_HANDSHAKE_MAX_TEXT
		    " (a local limit, not a server failure)");
		return;
	}
	if (fail_by_connection(o, x, res, r))
		return;
	if (r == GNUTLS_E_UNSUPPORTED_VERSION_PACKET) {
		/* A ServerHello for a version we did not offer. */
		probe_set_reason(res, PROBE_E_TLS,
		    "the server answered with another version");
		return;
	}
	if (r == GNUTLS_E_MEMORY_ERROR) {
		probe_set_reason(res, PROBE_E_NOMEM, "out of memory");
		return;
	}
	if (r == 0)
		probe_set_reason(res, PROBE_E_TLS, "TLS handshake failed");
	else
		probe_set_reason(res, PROBE_E_TLS, "TLS handshake failed: %s",
		    gnutls_strerror(r));
}

int
probe_tls_handshake(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	double t0 = net_mono();
	int    r;

	gnutls_handshake_set_timeout(
	    x->session, (unsigned int)net_remaining_ms(x->deadline));
	for (;;) {
		r = gnutls_handshake(x->session);
		if (r >= 0 || gnutls_error_is_fatal(r))
			break;
		if (net_remaining_ms(x->deadline) == 0) {
			r = GNUTLS_E_TIMEDOUT;
			break;
		}
		if (r == GNUTLS_E_AGAIN)
			(void)net_wait(&x->conn, -1,
			    gnutls_record_get_direction(x->session) == 1);
	}
	res->handshake_time = net_mono() - t0;
	if (r == PROBE_STOPPED && x->hello_seen) {
		res->hello_only = true;
		return 0;
	}
	if (r < 0) {
		probe_tls_fail(o, x, res, r);
		/* The certificates came and were refused: keep them. */
		if (r == GNUTLS_E_KEY_USAGE_VIOLATION)
			probe_chain_refused(o, x, res);
		return -1;
	}
	return 0;
}

/* The name GnuTLS gives a cipher suite id, or the id in hex. */
static void
suite_name(const unsigned char id[2], char *buf, size_t bufsz)
{
	unsigned char cs[2];
	const char   *name;
	size_t	      i;

	for (i = 0;; i++) {
		name = gnutls_cipher_suite_info(i, cs, NULL, NULL, NULL, NULL);
		if (name == NULL)
			break;
		if (cs[0] == id[0] && cs[1] == id[1]) {
			/* GnuTLS names start "TLS_"; the RFC names too. */
			snprintf(buf, bufsz, "%s", name);
			return;
		}
	}
	snprintf(buf, bufsz, "suite 0x%02x%02x", id[0], id[1]);
}

/*
 * Is the modulus p a probable prime, and a safe one ((p-1)/2 prime too)
 * with a generator g in [2, p-2], so that no subgroup but that of order 2
 * is small? Sets dh_bits, dh_prime and dh_safe_prime.
 */
static void
dh_primality(
    const gnutls_datum_t *p, const gnutls_datum_t *g, struct probe_result *res)
{
	mpz_t mp, mq, mg;

	mpz_inits(mp, mq, mg, NULL);
	mpz_import(mp, p->size, 1, 1, 0, 0, p->data);
	mpz_import(mg, g->size, 1, 1, 0, 0, g->data);
	res->dh_bits = (int)mpz_sizeinbase(mp, 2);
	res->dh_prime = mpz_probab_prime_p(mp, DH_PRIME_REPS) > 0;
	if (res->dh_prime) {
		mpz_sub_ui(mq, mp, 2);
		res->dh_safe_prime = mpz_cmp_ui(mg, 2) >= 0 &&
		    mpz_cmp(mg, mq) <= 0;
		mpz_sub_ui(mq, mp, 1);
		mpz_fdiv_q_2exp(mq, mq, 1);
		res->dh_safe_prime = res->dh_safe_prime &&
		    mpz_probab_prime_p(mq, DH_PRIME_REPS) > 0;
	}
	mpz_clears(mp, mq, mg, NULL);
}

/*
 * The finite-field group of a finished DHE handshake: an RFC 7919 group
 * by name (known safe primes), else the server's own prime, tested.
 */
static void
probe_tls_dh(struct probe_ctx *x, struct probe_result *res)
{
	gnutls_kx_algorithm_t kx = gnutls_kx_get(x->session);
	gnutls_datum_t	      g = {NULL, 0}, p = {NULL, 0};
	bool		      named = strncmp(res->group, "FFDHE", 5) == 0;

	if (!named &&
	    (gnutls_protocol_get_version(x->session) == GNUTLS_TLS1_3 ||
		(kx != GNUTLS_KX_DHE_RSA && kx != GNUTLS_KX_DHE_DSS &&
		    kx != GNUTLS_KX_DHE_PSK && kx != GNUTLS_KX_ANON_DH)))
		return;
	res->dh_bits = gnutls_dh_get_prime_bits(x->session);
	if (named) {
		res->dh_named = res->dh_prime = res->dh_safe_prime = true;
		if (res->dh_bits <= 0)
			res->dh_bits = (int)strtol(res->group + 5, NULL, 10);
		return;
	}
	if (gnutls_dh_get_group(x->session, &g, &p) == 0 && p.size > 0 &&
	    p.size <= DH_MAX_BYTES)
		dh_primality(&p, &g, res);
	gnutls_free(g.data);
	gnutls_free(p.data);
}

void
probe_tls_facts(struct probe_ctx *x, struct probe_result *res)
{
	const char *s;
	char	   *desc;

	s = gnutls_protocol_get_name(gnutls_protocol_get_version(x->session));
	snprintf(res->protocol, sizeof(res->protocol), "%s", s ? s : "?");
	s = gnutls_cipher_get_name(gnutls_cipher_get(x->session));
	snprintf(res->cipher, sizeof(res->cipher), "%s", s ? s : "?");
	s = gnutls_group_get_name(gnutls_group_get(x->session));
	snprintf(res->group, sizeof(res->group), "%s", s ? s : "");
	/* TLS 1.3 suites carry no key exchange; GnuTLS reports a nominal one.
	 */
	if (gnutls_protocol_get_version(x->session) == GNUTLS_TLS1_3)
		s = strncmp(res->group, "FFDHE", 5) == 0 ? "DHE" : "ECDHE";
	else
		s = gnutls_kx_get_name(gnutls_kx_get(x->session));
	snprintf(res->kx, sizeof(res->kx), "%s", s ? s : "");
	desc = gnutls_session_get_desc(x->session);
	if (desc != NULL) {
		snprintf(res->desc, sizeof(res->desc), "%s", desc);
		gnutls_free(desc);
	}
	/* Known from the ServerHello on, unlike the cipher of the epoch. */
	s = gnutls_ciphersuite_get(x->session);
	snprintf(res->suite, sizeof(res->suite), "%s", s ? s : "");
	if (res->suite[0] == '\0' && x->have_suite_id)
		suite_name(x->suite_id, res->suite, sizeof(res->suite));
	if (res->desc[0] == '\0')
		snprintf(res->desc, sizeof(res->desc), "(%s)-%s", res->protocol,
		    res->suite);
	res->cert_requested = x->cert_requested;
	if (!res->hello_only)
		probe_tls_dh(x, res);
}

int
probe_tls_settle(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	char   buf[256];
	double end;
	int    ms, r;

	if (!x->cert_requested ||
	    gnutls_protocol_get_version(x->session) != GNUTLS_TLS1_3)
		return 0;
	/* Our Finished goes out, the verdict comes back: a round trip. */
	ms = (int)(2000 * res->handshake_time) + SETTLE_SLACK_MS;
	if (ms > net_remaining_ms(x->deadline))
		ms = net_remaining_ms(x->deadline);
	if (ms <= 0)
		return 0;
	end = net_mono() + ms / 1000.0;
	x->settling = true;
	for (;;) {
		gnutls_record_set_timeout(x->session, (unsigned int)ms);
		r = (int)gnutls_record_recv(x->session, buf, sizeof(buf));
		if (r != GNUTLS_E_AGAIN && r != GNUTLS_E_INTERRUPTED)
			break;
		ms = net_remaining_ms(end);
		if (ms == 0 || net_wait(&x->conn, ms, false) <= 0)
			break;
	}
	x->settling = false;
	/* Data, a ticket, a close_notify or silence: no demand. */
	if (r != GNUTLS_E_FATAL_ALERT_RECEIVED &&
	    r != GNUTLS_E_PREMATURE_TERMINATION && r != GNUTLS_E_PULL_ERROR)
		return 0;
	probe_tls_fail(o, x, res, r);
	return -1;
}

/* Is the capture a whole TLS record, or a whole line of text? */
static bool
reply_complete(const struct net_conn *c)
{
	const unsigned char *b = c->first;
	size_t		     n = c->nfirst;

	if (n >= NET_CAPTURE)
		return true;
	if (n >= 5 && b[0] >= 20 && b[0] <= 24 && b[1] == 3)
		return n >= 5 + (((size_t)b[3] << 8) | b[4]);
	return n > 0 && memchr(b, '\n', n) != NULL;
}

/* Read into the capture until done() says enough, EOF, error or ms pass. */
static void
raw_read(struct net_conn *c, int ms, bool (*done)(const struct net_conn *))
{
	unsigned char tmp[NET_CAPTURE];

	while (!done(c) && !c->eof && c->rerrno == 0) {
		if (net_wait(c, ms, false) <= 0)
			break;
		if (net_recv(c, tmp, sizeof(tmp) - c->nfirst) < 0 &&
		    errno != EAGAIN)
			break;
	}
}

static bool
capture_full(const struct net_conn *c)
{
	return c->nfirst >= NET_CAPTURE;
}

/*
 * Send opts->raw_hello (an SSL 3.0 ClientHello, a plaintext request)
 * instead of a GnuTLS handshake and keep the reply: one TLS record or
 * one line of text is enough to say what the server speaks.
 */
int
probe_tls_raw(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	struct net_conn *c = &x->conn;
	double		 t0 = net_mono();
	int		 r;

	if (net_send(c, o->raw_hello, o->raw_hello_len) < 0) {
		probe_tls_fail(o, x, res, 0);
		return -1;
	}
	raw_read(c, -1, reply_complete);
	/*
	 * One line is enough to quote, not to classify: nginx's "plain HTTP
	 * request was sent to HTTPS port" is in the body, maybe in a later
	 * segment. Take what else comes before a quiet drain_ms or EOF.
	 */
	if (c->nfirst > 0 && !(c->first[0] >= 20 && c->first[0] <= 24))
		raw_read(c, (int)o->drain_ms, capture_full);
	res->handshake_time = net_mono() - t0;
	probe_tls_conn_facts(res, c);
	res->stage = c->nrecv > 0 ? PROBE_S_HANDSHAKE : PROBE_S_HELLO;
	if (c->nfirst == 0) {
		/* Nothing came: in GnuTLS's words, an error, a close, silence.
		 */
		r = GNUTLS_E_TIMEDOUT;
		if (c->rerrno != 0)
			r = GNUTLS_E_PULL_ERROR;
		else if (c->eof)
			r = GNUTLS_E_PREMATURE_TERMINATION;
		probe_tls_fail(o, x, res, r);
		return -1;
	}
	if (res->reply.kind == CLS_TLS_ALERT)
		res->alert = res->reply.alert_desc;
	res->stage = PROBE_S_DONE;
	res->err = PROBE_OK;
	return 0;
}
