/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One TLS handshake under one deadline through our own GnuTLS transport,
 * so every byte the server sent, and how it stopped, is known afterwards.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "probe.h"

struct probe_ctx {
	gnutls_session_t			 session;
	gnutls_certificate_credentials_t	 cred;
	struct net_conn				 conn;
	double					 deadline;
	bool					 hello_seen;
	unsigned char				 suite_id[2];	/* from the ServerHello */
	bool					 have_suite_id;
};

static int	probe_run_until(const struct probe_opts *, struct probe_result *,
		    double, const struct addrinfo *);

/* Our own code for "stopped on purpose after the ServerHello". */
#define PROBE_STOPPED	(GNUTLS_E_APPLICATION_ERROR_MIN + 1)

/* Runs once the ServerHello is parsed: version and cipher are known. */
static int
hello_hook(gnutls_session_t s, unsigned int htype, unsigned int when,
    unsigned int incoming, const gnutls_datum_t *msg)
{
	struct probe_ctx *x = gnutls_transport_get_ptr(s);

	size_t at;

	(void)htype;
	(void)when;
	if (!incoming)
		return 0;
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

void
probe_opts_init(struct probe_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->port = "443";
	o->family = AF_UNSPEC;
	o->timeout_ms = 10000;
	o->preread_ms = 0;
	o->drain_ms = 300;
}

const char *
probe_gnutls_version(void)
{
	const char *v = gnutls_check_version(NULL);

	return v ? v : "unknown";
}

enum state
probe_err_state(enum probe_err e, enum state timeout_state)
{
	switch (e) {
	case PROBE_OK:
		return STATE_OK;
	case PROBE_E_USAGE:
	case PROBE_E_NOMEM:
	case PROBE_E_INTERNAL:
	case PROBE_E_CAFILE:
	case PROBE_E_POLICY:
	case PROBE_E_RESOLVE:
		return STATE_UNKNOWN;
	case PROBE_E_TIMEOUT:
		return timeout_state;
	case PROBE_E_REFUSED:
	case PROBE_E_UNREACHABLE:
	case PROBE_E_CONNECT:
	case PROBE_E_RESET:
	case PROBE_E_EOF:
	case PROBE_E_ALERT:
	case PROBE_E_NOT_TLS:
	case PROBE_E_TLS:
	case PROBE_E_NO_CERT:
		return STATE_CRITICAL;
	}
	return STATE_UNKNOWN;
}

/* GnuTLS transport: the session's pointer is our probe_ctx. */
static ssize_t
xport_push(gnutls_transport_ptr_t p, const void *buf, size_t len)
{
	struct probe_ctx *x = p;
	ssize_t r = net_send(&x->conn, buf, len);

	if (r < 0)
		gnutls_transport_set_errno(x->session, errno);
	return r;
}

static ssize_t
xport_pull(gnutls_transport_ptr_t p, void *buf, size_t len)
{
	struct probe_ctx *x = p;
	ssize_t r = net_recv(&x->conn, buf, len);

	if (r < 0)
		gnutls_transport_set_errno(x->session, errno);
	return r;
}

/* Mandatory with a custom pull: without it the handshake timeout breaks. */
static int
xport_pull_timeout(gnutls_transport_ptr_t p, unsigned int ms)
{
	struct probe_ctx *x = p;

	return net_wait(&x->conn, ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 :
	    (int)(ms > 0x3fffffff ? 0x3fffffff : ms), false);
}

static void
set_reason(struct probe_result *res, enum probe_err err, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
set_reason(struct probe_result *res, enum probe_err err, const char *fmt, ...)
{
	va_list ap;

	res->err = err;
	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
	va_end(ap);
}

/* Drop one trailing dot: "www.example.org." names the same host. */
static void
strip_dot(char *dst, size_t dstsz, const char *src)
{
	size_t l = strlen(src);

	if (l > 0 && src[l - 1] == '.' && l - 1 < dstsz) {
		memcpy(dst, src, l - 1);
		dst[l - 1] = '\0';
	} else {
		snprintf(dst, dstsz, "%s", src);
	}
}

static int
setup_trust(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res)
{
	char ef[OUT_FIELD_SIZE];
	FILE *f;
	int r;

	if (o->insecure_noverify)
		return 0;
	if (o->ca_file == NULL) {
		r = gnutls_certificate_set_x509_system_trust(x->cred);
		if (r <= 0) {
			set_reason(res, PROBE_E_CAFILE, "cannot load the system "
			    "trust store: %s", r < 0 ? gnutls_strerror(r) :
			    "no certificates");
			return -1;
		}
		res->ca_count = r;
		return 0;
	}
	out_escape(ef, sizeof(ef), o->ca_file, strlen(o->ca_file));
	/* fopen first: its errno names the problem better than GnuTLS. */
	f = fopen(o->ca_file, "r");
	if (f == NULL) {
		set_reason(res, PROBE_E_CAFILE, "cannot read CA file '%s': %s",
		    ef, strerror(errno));
		return -1;
	}
	fclose(f);
	r = gnutls_certificate_set_x509_trust_file(x->cred, o->ca_file,
	    GNUTLS_X509_FMT_PEM);
	if (r <= 0) {
		set_reason(res, PROBE_E_CAFILE, "CA file '%s' holds no usable "
		    "PEM certificate%s%s", ef, r < 0 ? ": " : "",
		    r < 0 ? gnutls_strerror(r) : "");
		return -1;
	}
	res->ca_count = r;
	return 0;
}

static int
setup_session(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res, const char *sni)
{
	const char *errpos = NULL;
	int r;

	r = gnutls_init(&x->session, GNUTLS_CLIENT | GNUTLS_NO_SIGNAL);
	if (r < 0) {
		set_reason(res, r == GNUTLS_E_MEMORY_ERROR ? PROBE_E_NOMEM :
		    PROBE_E_INTERNAL, "cannot start a TLS session: %s",
		    gnutls_strerror(r));
		return -1;
	}
	if (o->priority == NULL) {
		r = gnutls_set_default_priority(x->session);
	} else {
		r = gnutls_priority_set_direct(x->session, o->priority, &errpos);
	}
	if (r < 0) {
		char ep[OUT_FIELD_SIZE], es[OUT_FIELD_SIZE];

		out_escape(es, sizeof(es), o->priority ? o->priority : "",
		    o->priority ? strlen(o->priority) : 0);
		out_escape(ep, sizeof(ep), errpos ? errpos : "",
		    errpos ? strlen(errpos) : 0);
		set_reason(res, PROBE_E_POLICY, "local GnuTLS refuses priority "
		    "string '%s'%s%s%s: %s", es, errpos ? " at '" : "", ep,
		    errpos ? "'" : "", gnutls_strerror(r));
		return -1;
	}
	r = gnutls_credentials_set(x->session, GNUTLS_CRD_CERTIFICATE, x->cred);
	if (r < 0) {
		set_reason(res, PROBE_E_INTERNAL, "cannot set credentials: %s",
		    gnutls_strerror(r));
		return -1;
	}
	if (sni[0] != '\0') {
		r = gnutls_server_name_set(x->session, GNUTLS_NAME_DNS, sni,
		    strlen(sni));
		if (r < 0) {
			set_reason(res, PROBE_E_USAGE, "cannot send SNI: %s",
			    gnutls_strerror(r));
			return -1;
		}
		out_escape(res->sni, sizeof(res->sni), sni, strlen(sni));
	}
	if (o->stop_after_hello)
		gnutls_handshake_set_hook_function(x->session,
		    GNUTLS_HANDSHAKE_SERVER_HELLO, GNUTLS_HOOK_POST, hello_hook);
	gnutls_transport_set_ptr(x->session, x);
	gnutls_transport_set_push_function(x->session, xport_push);
	gnutls_transport_set_pull_function(x->session, xport_pull);
	gnutls_transport_set_pull_timeout_function(x->session,
	    xport_pull_timeout);
	return 0;
}

static void
copy_conn_facts(struct probe_result *res, const struct net_conn *c)
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
	const char *when = res->spoke_first ? "greeted us with" : "answered "
	    "the ClientHello with";
	char line[OUT_SHORT + 4];

	/* The status line quotes; -v and JSON keep the whole capture. */
	out_short(r->line, line, sizeof(line));

	switch (r->kind) {
	case CLS_HTTP:
	case CLS_HTML:
	case CLS_TEXT:
		set_reason(res, PROBE_E_NOT_TLS, "speaks %s, not TLS: %s '%s'",
		    cls_kind_name(r->kind), when, line);
		break;
	case CLS_SSH:
	case CLS_FTP:
	case CLS_BANNER:
		set_reason(res, PROBE_E_NOT_TLS, "speaks %s, not TLS: banner "
		    "'%s'", cls_kind_name(r->kind), line);
		break;
	case CLS_SMTP:
	case CLS_POP3:
	case CLS_IMAP:
		set_reason(res, PROBE_E_NOT_TLS, "speaks %s, not TLS: banner "
		    "'%s' (the service may need STARTTLS)",
		    cls_kind_name(r->kind), line);
		break;
	case CLS_SSL2:
		set_reason(res, PROBE_E_NOT_TLS, "speaks SSL 2.0 only: "
		    "answered with an SSL 2.0 record (%s)", r->hex);
		break;
	default:
		set_reason(res, PROBE_E_NOT_TLS, "does not speak TLS: %s "
		    "%zu bytes of non-TLS data (%s%s)", when, res->nfirst,
		    r->hex, res->nfirst > 16 ? " ..." : "");
		break;
	}
}

static void
classify_failure(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res, int r)
{
	struct net_conn *c = &x->conn;
	double secs = o->timeout_ms / 1000.0;

	res->gnutls_err = r;
	res->sys_errno = c->rerrno;
	res->stage = c->nrecv > 0 ? PROBE_S_HANDSHAKE : PROBE_S_HELLO;

	/* The bytes speak first: GnuTLS calls every non-TLS reply the same. */
	copy_conn_facts(res, c);
	if (c->nfirst > 0 && !res->reply.is_tls) {
		net_drain(c, (int)o->drain_ms);
		copy_conn_facts(res, c);
		reason_not_tls(res);
		return;
	}
	if (c->spoke_first && res->reply.is_tls) {
		set_reason(res, PROBE_E_TLS, "the server sent TLS data before "
		    "our ClientHello (%s), which no TLS server does",
		    res->reply.hex);
		return;
	}
	if (c->closed_first) {
		if (c->rerrno == ECONNRESET)
			set_reason(res, PROBE_E_RESET, "connection reset at once, "
			    "before the ClientHello was sent");
		else
			set_reason(res, PROBE_E_EOF, "connection closed at once, "
			    "before the ClientHello was sent");
		return;
	}
	if (r == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		res->alert = (int)gnutls_alert_get(x->session);
		set_reason(res, PROBE_E_ALERT, "TLS handshake failed: the server "
		    "sent fatal alert %s", cls_alert_name(res->alert));
		return;
	}
	if (r == GNUTLS_E_TIMEDOUT || (c->timed_out &&
	    net_remaining_ms(x->deadline) == 0)) {
		if (c->nrecv == 0)
			set_reason(res, PROBE_E_TIMEOUT, "no reply to the "
			    "ClientHello within %g s", secs);
		else
			set_reason(res, PROBE_E_TIMEOUT, "TLS handshake stalled: "
			    "the server sent %zu bytes, then nothing until the "
			    "%g s timeout", c->nrecv, secs);
		return;
	}
	if (c->rerrno == ECONNRESET || c->rerrno == EPIPE) {
		if (c->nrecv == 0)
			set_reason(res, PROBE_E_RESET, "connection reset by the "
			    "server after our ClientHello, with no reply (a "
			    "firewall, IPS or a server refusing the hello)");
		else
			set_reason(res, PROBE_E_RESET, "connection reset by the "
			    "server during the TLS handshake, after %zu bytes",
			    c->nrecv);
		return;
	}
	if (r == GNUTLS_E_PREMATURE_TERMINATION || c->eof) {
		if (c->nrecv == 0)
			set_reason(res, PROBE_E_EOF, "connection closed by the "
			    "server after our ClientHello, with no reply");
		else
			set_reason(res, PROBE_E_EOF, "connection closed by the "
			    "server during the TLS handshake, after %zu bytes",
			    c->nrecv);
		return;
	}
	if (r == GNUTLS_E_UNSUPPORTED_VERSION_PACKET) {
		/* A ServerHello for a version we did not offer. */
		set_reason(res, PROBE_E_TLS, "the server answered with another "
		    "version");
		return;
	}
	if (r == GNUTLS_E_MEMORY_ERROR) {
		set_reason(res, PROBE_E_NOMEM, "out of memory");
		return;
	}
	if (r == 0)
		set_reason(res, PROBE_E_TLS, "TLS handshake failed");
	else
		set_reason(res, PROBE_E_TLS, "TLS handshake failed: %s",
		    gnutls_strerror(r));
}

static int
handshake(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res)
{
	double t0 = net_mono();
	int r;

	gnutls_handshake_set_timeout(x->session,
	    (unsigned int)net_remaining_ms(x->deadline));
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
		classify_failure(o, x, res, r);
		return -1;
	}
	return 0;
}

/* The name GnuTLS gives a cipher suite id, or the id in hex. */
static void
suite_name(const unsigned char id[2], char *buf, size_t bufsz)
{
	unsigned char cs[2];
	const char *name;
	size_t i;

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

static void
session_facts(struct probe_ctx *x, struct probe_result *res)
{
	const char *s;
	char *desc;

	s = gnutls_protocol_get_name(gnutls_protocol_get_version(x->session));
	snprintf(res->protocol, sizeof(res->protocol), "%s", s ? s : "?");
	s = gnutls_cipher_get_name(gnutls_cipher_get(x->session));
	snprintf(res->cipher, sizeof(res->cipher), "%s", s ? s : "?");
	s = gnutls_group_get_name(gnutls_group_get(x->session));
	snprintf(res->group, sizeof(res->group), "%s", s ? s : "");
	/* TLS 1.3 suites carry no key exchange; GnuTLS reports a nominal one. */
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
}

static int
chain_facts(struct probe_ctx *x, struct probe_result *res)
{
	const gnutls_datum_t *peers;
	unsigned int n = 0, i;
	char why[128];

	if (gnutls_certificate_type_get(x->session) != GNUTLS_CRT_X509)
		peers = NULL;
	else
		peers = gnutls_certificate_get_peers(x->session, &n);
	if (peers == NULL || n == 0) {
		set_reason(res, PROBE_E_NO_CERT, "the server sent no "
		    "certificate");
		return -1;
	}
	res->nchain_sent = (int)n;
	for (i = 0; i < n && i < PROBE_CHAIN_MAX; i++) {
		if (cert_info_from_der(&res->chain[i], peers[i].data,
		    peers[i].size, why, sizeof(why)) == -1) {
			/* Keep the position; mark what could not be read. */
			snprintf(res->chain[i].subject,
			    sizeof(res->chain[i].subject), "(%s)", why);
			snprintf(res->chain[i].name,
			    sizeof(res->chain[i].name), "(unparseable)");
		}
		res->nchain++;
	}
	return 0;
}

/* Status bits to one cause; first match wins. */
static const char *
verify_cause(unsigned int st)
{
	if (st == 0)
		return "";
	if (st & GNUTLS_CERT_EXPIRED)
		return "certificate expired";
	if (st & GNUTLS_CERT_NOT_ACTIVATED)
		return "certificate not yet valid";
	if (st & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA))
		return "issuer unknown or not trusted";
	if (st & GNUTLS_CERT_UNEXPECTED_OWNER)
		return "certificate is for another name";
	if (st & GNUTLS_CERT_INSECURE_ALGORITHM)
		return "insecure signature algorithm";
	if (st & GNUTLS_CERT_REVOKED)
		return "certificate revoked";
	return "verification failed";
}

static unsigned int
verify_bits(unsigned int st)
{
	static const struct {
		unsigned int	gnutls;
		unsigned int	ours;
	} map[] = {
		{ GNUTLS_CERT_EXPIRED, PROBE_V_EXPIRED },
		{ GNUTLS_CERT_NOT_ACTIVATED, PROBE_V_NOT_ACTIVATED },
		{ GNUTLS_CERT_SIGNER_NOT_FOUND, PROBE_V_SIGNER_NOT_FOUND },
		{ GNUTLS_CERT_SIGNER_NOT_CA, PROBE_V_SIGNER_NOT_CA },
		{ GNUTLS_CERT_UNEXPECTED_OWNER, PROBE_V_UNEXPECTED_OWNER },
		{ GNUTLS_CERT_INSECURE_ALGORITHM, PROBE_V_INSECURE_ALGORITHM },
		{ GNUTLS_CERT_REVOKED, PROBE_V_REVOKED },
		{ GNUTLS_CERT_SIGNATURE_FAILURE, PROBE_V_SIGNATURE_FAILURE },
	};
	unsigned int bits = 0, known = GNUTLS_CERT_INVALID;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		known |= map[i].gnutls;
		if (st & map[i].gnutls)
			bits |= map[i].ours;
	}
	if (st & ~known)
		bits |= PROBE_V_OTHER;
	return bits;
}

static void
verify(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res, const char *vname)
{
	gnutls_typed_vdata_st data[2];
	gnutls_datum_t txt = { NULL, 0 };
	unsigned int n = 0, st = 0;
	int r;

	if (o->insecure_noverify)
		return;
	if (vname[0] != '\0') {
		data[n].type = GNUTLS_DT_DNS_HOSTNAME;
		data[n].data = (unsigned char *)(uintptr_t)vname;
		data[n].size = 0;
		n++;
	}
	data[n].type = GNUTLS_DT_KEY_PURPOSE_OID;
	data[n].data = (unsigned char *)(uintptr_t)GNUTLS_KP_TLS_WWW_SERVER;
	data[n].size = 0;
	n++;
	r = gnutls_certificate_verify_peers(x->session, data, n, &st);
	res->verified = true;
	if (r < 0) {
		res->verify_status = GNUTLS_CERT_INVALID;
		res->verify_bits = PROBE_V_OTHER;
		snprintf(res->verify_cause, sizeof(res->verify_cause),
		    "verification failed");
		snprintf(res->verify_detail, sizeof(res->verify_detail), "%s",
		    gnutls_strerror(r));
		return;
	}
	res->verify_status = st;
	res->verify_bits = verify_bits(st);
	snprintf(res->verify_cause, sizeof(res->verify_cause), "%s",
	    verify_cause(st));
	if (gnutls_certificate_verification_status_print(st, GNUTLS_CRT_X509,
	    &txt, 0) >= 0) {
		out_escape(res->verify_detail, sizeof(res->verify_detail),
		    txt.data, txt.size);
		gnutls_free(txt.data);
	}
}

/* Is the capture a whole TLS record, or a whole line of text? */
static bool
reply_complete(const struct net_conn *c)
{
	const unsigned char *b = c->first;
	size_t n = c->nfirst;

	if (n >= NET_CAPTURE)
		return true;
	if (n >= 5 && b[0] >= 20 && b[0] <= 24 && b[1] == 3)
		return n >= 5 + (((size_t)b[3] << 8) | b[4]);
	return n > 0 && memchr(b, '\n', n) != NULL;
}

/*
 * Send opts->raw_hello (an SSL 3.0 ClientHello, a plaintext request)
 * instead of a GnuTLS handshake and keep the reply: one TLS record or
 * one line of text is enough to say what the server speaks.
 */
static int
raw_exchange(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res)
{
	struct net_conn *c = &x->conn;
	unsigned char tmp[NET_CAPTURE];
	double t0 = net_mono();

	if (net_send(c, o->raw_hello, o->raw_hello_len) < 0) {
		classify_failure(o, x, res, 0);
		return -1;
	}
	while (!reply_complete(c) && !c->eof && c->rerrno == 0) {
		if (net_wait(c, -1, false) <= 0)
			break;
		if (net_recv(c, tmp, sizeof(tmp) - c->nfirst) < 0 &&
		    errno != EAGAIN)
			break;
	}
	/*
	 * One line is enough to quote, not to classify: nginx's "plain HTTP
	 * request was sent to HTTPS port" is in the body, maybe in a later
	 * segment. Take what else comes before a quiet drain_ms or EOF.
	 */
	if (c->nfirst > 0 && !(c->first[0] >= 20 && c->first[0] <= 24)) {
		while (c->nfirst < NET_CAPTURE && !c->eof && c->rerrno == 0) {
			if (net_wait(c, (int)o->drain_ms, false) <= 0)
				break;
			if (net_recv(c, tmp, sizeof(tmp) - c->nfirst) < 0 &&
			    errno != EAGAIN)
				break;
		}
	}
	res->handshake_time = net_mono() - t0;
	copy_conn_facts(res, c);
	res->stage = c->nrecv > 0 ? PROBE_S_HANDSHAKE : PROBE_S_HELLO;
	if (c->nfirst == 0) {
		classify_failure(o, x, res, c->rerrno != 0 ?
		    GNUTLS_E_PULL_ERROR : c->eof ?
		    GNUTLS_E_PREMATURE_TERMINATION : GNUTLS_E_TIMEDOUT);
		return -1;
	}
	if (res->reply.kind == CLS_TLS_ALERT)
		res->alert = res->reply.alert_desc;
	res->stage = PROBE_S_DONE;
	res->err = PROBE_OK;
	return 0;
}

/* Do two certificates hold the same public key? */
static bool
same_key(gnutls_x509_crt_t a, gnutls_x509_crt_t b)
{
	unsigned char ka[64], kb[64];
	size_t la = sizeof(ka), lb = sizeof(kb);

	return gnutls_x509_crt_get_key_id(a, GNUTLS_KEYID_USE_SHA256, ka,
	    &la) >= 0 && gnutls_x509_crt_get_key_id(b, GNUTLS_KEYID_USE_SHA256,
	    kb, &lb) >= 0 && la == lb && memcmp(ka, kb, la) == 0;
}

/* A trust anchor's display name, by the same rules as a sent certificate's. */
static void
store_name(gnutls_x509_crt_t crt, char *buf, size_t bufsz)
{
	gnutls_datum_t d = { NULL, 0 };
	struct cert_info ci;
	char why[64];

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &d) < 0)
		return;
	if (cert_info_from_der(&ci, d.data, d.size, why, sizeof(why)) == 0)
		snprintf(buf, bufsz, "%s", ci.name);
	cert_info_release(&ci);
	gnutls_free(d.data);
}

/*
 * Walk the presented certificates from the leaf, each time to a not yet
 * used certificate that issued the current one, in whatever order they
 * were sent, then ask the trust store about the top of that path.
 */
static void
walk_chain(struct probe_ctx *x, struct probe_result *res)
{
	gnutls_x509_crt_t crt[PROBE_CHAIN_MAX] = { NULL };
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t iss = NULL;
	int i, k, n = res->nchain, cur = 0, top;

	res->anchor = -1;
	for (i = 0; i < n; i++) {
		gnutls_datum_t d = { res->chain[i].der,
		    (unsigned int)res->chain[i].der_len };

		if (d.data == NULL || gnutls_x509_crt_init(&crt[i]) < 0 ||
		    gnutls_x509_crt_import(crt[i], &d, GNUTLS_X509_FMT_DER) < 0)
			goto out;
	}
	res->path[res->npath++] = 0;
	res->on_path[0] = true;
	for (;;) {
		int j;

		/* A self-signed certificate ends the path. */
		if (res->chain[cur].self_signed)
			break;
		for (j = 0; j < n; j++)
			if (!res->on_path[j] &&
			    gnutls_x509_crt_check_issuer(crt[cur], crt[j]))
				break;
		if (j == n)
			break;
		if (j != res->npath)
			res->misordered = true;
		res->path[res->npath++] = j;
		res->on_path[j] = true;
		cur = j;
	}
	top = res->path[res->npath - 1];
	res->top_self_signed = res->chain[top].self_signed;
	gnutls_certificate_get_trust_list(x->cred, &tl);
	if (tl == NULL)
		goto out;
	/*
	 * Climb until the store takes over. A cross-signed or re-issued root
	 * sent by the server sits above that point: GnuTLS trusts the chain
	 * through the store's copy, and so do we.
	 */
	for (k = 0; k < res->npath && res->anchor < 0; k++) {
		gnutls_x509_crt_t c = crt[res->path[k]];

		if (gnutls_x509_trust_list_get_issuer(tl, c, &iss,
		    GNUTLS_TL_GET_COPY) < 0 || iss == NULL)
			continue;
		if (res->chain[res->path[k]].self_signed) {
			/* The same name is not enough: the same key. */
			if (same_key(iss, c)) {
				res->anchor = k;
				res->top_trusted = true;
			}
		} else {
			res->anchor = k;
			res->issuer_in_store = true;
			res->store_issuer_is_root =
			    gnutls_x509_crt_check_issuer(iss, iss) != 0;
			store_name(iss, res->store_issuer,
			    sizeof(res->store_issuer));
		}
		gnutls_x509_crt_deinit(iss);
		iss = NULL;
	}
out:
	for (i = 0; i < n; i++)
		if (crt[i] != NULL)
			gnutls_x509_crt_deinit(crt[i]);
}

int
probe_run(const struct probe_opts *o, struct probe_result *res)
{
	return probe_run_until(o, res, net_mono() + o->timeout_ms / 1000.0,
	    NULL);
}

/*
 * probe_run with a deadline fixed by the caller (net_mono() seconds) and,
 * unless addrs is NULL, addresses resolved by the caller.
 */
static int
probe_run_until(const struct probe_opts *o, struct probe_result *res,
    double deadline, const struct addrinfo *addrs)
{
	struct probe_ctx x;
	char sni[256], vname[256];
	enum net_stage nstage;
	enum net_err ne;
	double t0;
	int r, ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&x, 0, sizeof(x));
	res->alert = -1;
	res->anchor = -1;
	res->now = o->now != 0 ? o->now : time(NULL);
	t0 = net_mono();
	x.deadline = deadline;
	net_conn_init(&x.conn, x.deadline);

	if (o->host == NULL || o->host[0] == '\0' || o->port == NULL) {
		set_reason(res, PROBE_E_USAGE, "no host or port to probe");
		return -1;
	}
	/* RFC 6066 section 3: no IP literals in SNI, no trailing dot. */
	if (o->sni != NULL)
		strip_dot(sni, sizeof(sni), o->sni);
	else if (net_is_ip_literal(o->host))
		sni[0] = '\0';
	else
		strip_dot(sni, sizeof(sni), o->host);
	strip_dot(vname, sizeof(vname), o->verify_name ? o->verify_name :
	    o->host);

	r = gnutls_certificate_allocate_credentials(&x.cred);
	if (r < 0) {
		set_reason(res, PROBE_E_NOMEM, "out of memory");
		goto out;
	}
	if (setup_trust(o, &x, res) == -1 ||
	    setup_session(o, &x, res, sni) == -1)
		goto out;

	res->stage = PROBE_S_RESOLVE;
	if (addrs != NULL) {
		nstage = NET_S_CONNECT;
		ne = net_connect_addrs(&x.conn, addrs, o->port, res->reason,
		    sizeof(res->reason));
	} else {
		ne = net_connect(&x.conn, o->address ? o->address : o->host,
		    o->port, o->family, &nstage, res->reason,
		    sizeof(res->reason));
	}
	snprintf(res->address, sizeof(res->address), "%s", x.conn.address);
	res->connect_time = net_mono() - t0;
	if (ne != NET_OK) {
		static const enum probe_err map[] = {
			[NET_OK] = PROBE_OK,
			[NET_E_NOMEM] = PROBE_E_NOMEM,
			[NET_E_INTERNAL] = PROBE_E_INTERNAL,
			[NET_E_RESOLVE] = PROBE_E_RESOLVE,
			[NET_E_TIMEOUT] = PROBE_E_TIMEOUT,
			[NET_E_REFUSED] = PROBE_E_REFUSED,
			[NET_E_UNREACHABLE] = PROBE_E_UNREACHABLE,
			[NET_E_CONNECT] = PROBE_E_CONNECT,
		};

		res->err = map[ne];
		res->stage = nstage == NET_S_RESOLVE ? PROBE_S_RESOLVE :
		    PROBE_S_CONNECT;
		goto out;
	}

	/* TLS servers never speak first; anything here is another protocol. */
	res->stage = PROBE_S_HELLO;
	net_preread(&x.conn, (int)o->preread_ms);
	if (x.conn.spoke_first || x.conn.closed_first) {
		if (x.conn.spoke_first)
			net_drain(&x.conn, (int)o->drain_ms);
		classify_failure(o, &x, res, 0);
		goto out;
	}

	if (o->raw_hello != NULL) {
		ret = raw_exchange(o, &x, res);
		goto out;
	}
	if (handshake(o, &x, res) == -1)
		goto out;
	res->stage = PROBE_S_DONE;
	copy_conn_facts(res, &x.conn);
	session_facts(&x, res);
	if (res->hello_only) {
		res->err = PROBE_OK;
		ret = 0;
		goto out;
	}
	if (chain_facts(&x, res) == -1)
		goto out;
	if (vname[0] != '\0') {
		out_escape(res->name, sizeof(res->name), vname, strlen(vname));
		res->name_checked = true;
		res->name_matches = cert_matches_name(&res->chain[0], vname);
	}
	verify(o, &x, res, vname);
	if (!o->insecure_noverify)
		walk_chain(&x, res);
	/* A polite close_notify; its failure changes nothing. */
	(void)gnutls_bye(x.session, GNUTLS_SHUT_WR);
	res->err = PROBE_OK;
	ret = 0;
out:
	net_close(&x.conn);
	if (x.session != NULL)
		gnutls_deinit(x.session);
	if (x.cred != NULL)
		gnutls_certificate_free_credentials(x.cred);
	return ret;
}

struct probe_job {
	const struct probe_opts	*opts;
	struct probe_result	*res;
	double			 deadline;
	const struct addrinfo	*addrs;
	int			 ret;
};

static void *
probe_thread(void *arg)
{
	struct probe_job *job = arg;

	job->ret = probe_run_until(job->opts, job->res, job->deadline,
	    job->addrs);
	return NULL;
}

int
probe_run_many(const struct probe_opts *const opts[],
    struct probe_result *const res[], int n)
{
	struct probe_job jobs[PROBE_MANY_MAX];
	pthread_t tid[PROBE_MANY_MAX];
	bool started[PROBE_MANY_MAX] = { false };
	struct addrinfo *addrs = NULL;
	const char *name;
	char why[256];
	double t0 = net_mono();
	int i, done = 0;

	if (n > PROBE_MANY_MAX)
		n = PROBE_MANY_MAX;
	if (n <= 0)
		return 0;
	/*
	 * Resolve once: behind round-robin DNS, probes meant to be compared
	 * (SNI against no SNI) must reach the same server, so all of them
	 * try the same addresses in the same order. Should resolution fail,
	 * each probe fails the same way in its own words.
	 */
	name = opts[0]->address ? opts[0]->address : opts[0]->host;
	if (n > 1 && name != NULL && opts[0]->port != NULL)
		(void)net_resolve(name, opts[0]->port, opts[0]->family,
		    t0 + opts[0]->timeout_ms / 1000.0, &addrs, why, sizeof(why));
	for (i = 0; i < n; i++) {
		jobs[i].opts = opts[i];
		jobs[i].res = res[i];
		/* One deadline for all, counted from this call. */
		jobs[i].deadline = t0 + opts[i]->timeout_ms / 1000.0;
		jobs[i].addrs = addrs;
		jobs[i].ret = -1;
		started[i] = pthread_create(&tid[i], NULL, probe_thread,
		    &jobs[i]) == 0;
	}
	for (i = 0; i < n; i++) {
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			probe_thread(&jobs[i]);
		if (jobs[i].ret == 0)
			done++;
	}
	net_addrs_free(addrs);
	return done;
}

void
probe_result_release(struct probe_result *res)
{
	int i;

	if (res == NULL)
		return;
	for (i = 0; i < res->nchain && i < PROBE_CHAIN_MAX; i++)
		cert_info_release(&res->chain[i]);
	res->nchain = 0;
}
