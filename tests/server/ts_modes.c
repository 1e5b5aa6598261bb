/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a connection gets, per --mode: a TLS handshake, or one of the
 * things a client can meet instead (HTTP, SSH and SMTP banners, silence,
 * resets, garbage, a stalled handshake, a bare alert), or a TLS server
 * behind a path that treats some ClientHellos differently.
 */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ts.h"

#define HTTP_WAIT_MS  2000
#define ALERT_WAIT_MS 2000 /* for the client to close after our alert */
#define SLOW_STEP_S   1
#define PEEK_WAIT_MS  2000 /* for the client's ClientHello */
/*
 * --mode drop-large-hello: ClientHello records longer than this get no
 * answer. GnuTLS 3.7's version-pinned hellos (check_tls_protocols' scan)
 * take up to about 340 bytes, its default hello about 390.
 */
#define LARGE_HELLO 360

enum mode {
	MODE_TLS,
	MODE_HTTP,
	MODE_SILENT,
	MODE_RESET,
	MODE_CLOSE,
	MODE_SSH,
	MODE_SMTP,
	MODE_GARBAGE,
	MODE_SLOW,
	MODE_ALERT,
	MODE_HTTP_OK,
	MODE_HTTPS_PORT,
	MODE_DROP_LEGACY,
	MODE_STALL_LEGACY,
	MODE_STALL_AFTER_HELLO,
	MODE_DROP_LARGE_HELLO,
	MODE_HUGE_FLIGHT
};

/* The names --mode takes; mode_serve below has one function for each. */
const struct ts_enum ts_modes[] = {
    {"tls", MODE_TLS},
    {"http", MODE_HTTP},
    {"http-ok", MODE_HTTP_OK},
    {"https-port", MODE_HTTPS_PORT},
    {"silent", MODE_SILENT},
    {"reset", MODE_RESET},
    {"close", MODE_CLOSE},
    {"ssh", MODE_SSH},
    {"smtp", MODE_SMTP},
    {"garbage", MODE_GARBAGE},
    {"slow", MODE_SLOW},
    {"alert", MODE_ALERT},
    /* no answer to a ClientHello older than TLS 1.2, TLS to the rest */
    {"drop-legacy", MODE_DROP_LEGACY},
    /* those get 9 bytes of a ServerHello, then nothing */
    {"stall-legacy", MODE_STALL_LEGACY},
    /* a TLS handshake whose flight ends with the ServerHello */
    {"stall-after-hello", MODE_STALL_AFTER_HELLO},
    /* no answer to a ClientHello record over LARGE_HELLO bytes */
    {"drop-large-hello", MODE_DROP_LARGE_HELLO},
    {"huge-flight", MODE_HUGE_FLIGHT},
    {NULL, 0},
};

static const char http_body[] = "<html><body>400 Bad Request</body></html>\r\n";
static const char http_ok_body[] = "<html><body>It works</body></html>\r\n";
/* What nginx says when plain HTTP reaches its TLS listener. */
static const char https_port_body[] =
    "<html><head><title>400 The plain HTTP "
    "request was sent to HTTPS port</title></head><body><center><h1>400 Bad "
    "Request</h1></center><center>The plain HTTP request was sent to HTTPS "
    "port</center></body></html>\r\n";
static const char ssh_banner[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";
static const char smtp_banner[] =
    "220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n";
static const char smtp_error[] = "500 5.5.2 Error: bad syntax\r\n";

/* fatal handshake_failure alert, TLS 1.2 record version (RFC 5246 7.2) */
static const unsigned char alert_record[] = {
    0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

/* 48 bytes that are neither printable ASCII nor a TLS record type */
static const unsigned char garbage_bytes[48] = {0xa8, 0x92, 0x90, 0x87, 0xe1,
    0x05, 0xc3, 0xfe, 0x00, 0x9b, 0x1f, 0xb4, 0x81, 0x02, 0xdd, 0x7f, 0xa8,
    0x11, 0xf0, 0x8e, 0x03, 0xcc, 0x99, 0x1b, 0xe7, 0x80, 0x06, 0xbd, 0x94,
    0x1c, 0xfa, 0x0e, 0xc9, 0x85, 0x17, 0xab, 0x01, 0xd2, 0x8b, 0xee, 0x04,
    0x9f, 0xb7, 0x1e, 0x83, 0xf5, 0x10, 0xa1};

/*
 * Start of a ServerHello in a TLS 1.2 handshake record. The record claims
 * 16384 bytes, so at one byte a second it never completes.
 */
static const unsigned char slow_prefix[] = {
    0x16, 0x03, 0x03, 0x40, 0x00, /* record: handshake, 16384 bytes */
    0x02, 0x00, 0x3f, 0xfc,	  /* ServerHello, 16380 bytes */
    0x03, 0x03			  /* server_version TLS 1.2 */
};

/*
 * --mode huge-flight: a TLS 1.2 ServerHello (no session id, suite
 * ECDHE-ECDSA-AES128-GCM-SHA256, which GnuTLS clients offer by default,
 * no extensions), then a Certificate message longer than the plugins'
 * 1 MiB handshake limit. A GnuTLS server cannot send it: it queues at
 * most 32 records (512 KiB) of a flight.
 */
#define HUGE_FLIGHT_LEN	  (1024 * 1024 + 65536) /* the message body */
#define HUGE_RECORD	  16384			/* RFC 5246 6.2.1 */
#define HUGE_HELLO_RANDOM 32
static const unsigned char huge_hello_head[] = {
    0x16, 0x03, 0x03, 0x00, 0x2a, /* record: handshake, 42 bytes */
    0x02, 0x00, 0x00, 0x26,	  /* ServerHello, 38 bytes */
    0x03, 0x03			  /* server_version TLS 1.2 */
};
static const unsigned char huge_hello_tail[] = {
    0x00,	/* session_id: empty */
    0xc0, 0x2b, /* cipher_suite */
    0x00	/* compression_method: null */
};

static int
write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	ssize_t		     n;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Wait up to ms (-1: forever) for bytes, then read what is there once.
 * Returns bytes read, 0 on EOF, -1 on error or timeout.
 */
static ssize_t
read_some(int fd, int ms)
{
	unsigned char buf[16384];
	struct pollfd pfd;
	ssize_t	      n;
	int	      rc;

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		pfd.revents = 0;
		rc = poll(&pfd, 1, ms);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc <= 0)
			return -1;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == -1 && errno == EINTR)
			continue;
		return n;
	}
}

/* Wait up to ms for the client's first byte and look at it: 0-255, or -1. */
static int
peek_byte(int fd, int ms)
{
	struct pollfd pfd;
	unsigned char b;
	int	      rc;

	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	do {
		rc = poll(&pfd, 1, ms);
	} while (rc == -1 && errno == EINTR);
	if (rc <= 0 || recv(fd, &b, 1, MSG_PEEK) != 1)
		return -1;
	return b;
}

/* Read and discard until EOF or an error such as a reset. */
static void
drain(int fd)
{
	while (read_some(fd, -1) > 0)
		continue;
}

/*
 * Send FIN, then read until the client closes: closing a socket with
 * unread data makes the kernel answer with RST instead (RFC 2525 2.17).
 */
static void
close_graceful(int fd)
{
	shutdown(fd, SHUT_WR);
	drain(fd);
	close(fd);
}

/*
 * After an alert of ours: send FIN and give the client a bounded time to
 * close first, as in close_graceful(), so that the kernel cannot answer
 * late client bytes with an RST that overtakes the alert.
 */
static void
close_after_alert(int fd)
{
	shutdown(fd, SHUT_WR);
	while (read_some(fd, ALERT_WAIT_MS) > 0)
		continue;
	close(fd);
}

/* zero linger time: close() discards the socket with RST */
static void
linger_zero(int fd)
{
	struct linger lg = {1, 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}

/* A server session on fd with ctx's priorities, credentials and hooks. */
static int
tls_session_new(
    gnutls_session_t *s, int fd, const struct ts_ctx *ctx, struct ts_conn *cs)
{
	int rc;

	rc = gnutls_init(s, GNUTLS_SERVER | GNUTLS_NO_SIGNAL);
	if (rc < 0)
		return ts_log_gnutls("gnutls_init", rc);
	rc = gnutls_priority_set(*s, ctx->prio);
	if (rc >= 0)
		rc = gnutls_credentials_set(
		    *s, GNUTLS_CRD_CERTIFICATE, ctx->cred);
	if (rc < 0) {
		gnutls_deinit(*s);
		return ts_log_gnutls("session setup", rc);
	}
	/* --client-cert: none, request or require */
	gnutls_certificate_server_set_request(
	    *s, (gnutls_certificate_request_t)ctx->opts->client_cert);
	/*
	 * GnuTLS applies its handshake size limit (128 KiB) to what it
	 * sends too; --extra-sans flights may be larger on purpose.
	 */
	gnutls_handshake_set_max_packet_length(*s, 0);
	/* for the chain retrieve function and the SNI hook */
	gnutls_session_set_ptr(*s, cs);
	if (ctx->sni_hook)
		gnutls_handshake_set_post_client_hello_function(
		    *s, ts_vhost_sni_hook);
	gnutls_transport_set_int(*s, fd);
	gnutls_handshake_set_timeout(*s, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);
	return 0;
}

/*
 * After the handshake: read until the client is done. A web client (a
 * peer plugin in bench/) gets an answer to its GET or HEAD.
 */
static void
tls_talk(gnutls_session_t s)
{
	static const char ok[] = "HTTP/1.1 200 OK\r\n"
				 "Content-Length: 3\r\nConnection: close\r\n"
				 "\r\nok\n";
	char		  buf[16384];
	ssize_t		  n;

	for (;;) {
		n = gnutls_record_recv(s, buf, sizeof(buf));
		if (n > 0) {
			if (n >= 4 &&
			    (memcmp(buf, "GET ", 4) == 0 ||
				memcmp(buf, "HEAD", 4) == 0)) {
				(void)gnutls_record_send(s, ok, sizeof(ok) - 1);
				break;
			}
			continue;
		}
		if (n == 0 || gnutls_error_is_fatal((int)n))
			break;
	}
	gnutls_bye(s, GNUTLS_SHUT_WR);
}

/*
 * --mode stall-after-hello: what the server writes goes out up to the end
 * of the record that carries its ServerHello, and the rest is swallowed,
 * as by a path that loses the certificate flight.
 */
struct stall_push {
	int	      fd;
	unsigned char hdr[5];	  /* the current record's header */
	size_t	      nhdr;	  /* ... bytes of it seen */
	size_t	      left;	  /* its body bytes still to come */
	bool	      body_start; /* the next byte starts a body */
	bool	      hello;	  /* the current record holds a ServerHello */
	bool	      cut;	  /* the ServerHello is out: swallow the rest */
};

/* How many of buf's len bytes go out before the cut; sets st->cut. */
static size_t
stall_scan(struct stall_push *st, const unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (st->nhdr < sizeof(st->hdr)) {
			st->hdr[st->nhdr++] = buf[i];
			if (st->nhdr == sizeof(st->hdr)) {
				st->left = (size_t)st->hdr[3] << 8 | st->hdr[4];
				st->body_start = true;
				if (st->left == 0)
					st->nhdr = 0;
			}
			continue;
		}
		/* RFC 8446 5.1 and 4: a handshake record, a ServerHello */
		if (st->body_start)
			st->hello = st->hdr[0] == 22 && buf[i] == 2;
		st->body_start = false;
		if (--st->left > 0)
			continue;
		st->nhdr = 0;
		if (st->hello) {
			st->cut = true;
			return i + 1;
		}
	}
	return len;
}

static ssize_t
stall_push_fn(gnutls_transport_ptr_t p, const void *buf, size_t len)
{
	struct stall_push *st = p;
	size_t		   n = st->cut ? 0 : stall_scan(st, buf, len);

	if (n > 0 && write_all(st->fd, buf, n) == -1)
		return -1;
	return (ssize_t)len;
}

/* A TLS handshake; with stall, its output ends after the ServerHello. */
static void
serve_tls_through(int fd, const struct ts_ctx *ctx, struct stall_push *stall)
{
	gnutls_session_t s;
	struct ts_conn	 cs;
	char		*desc;
	int		 rc;

	memset(&cs, 0, sizeof(cs));
	cs.ctx = ctx;
	cs.chain = ctx->fallback;
	if (tls_session_new(&s, fd, ctx, &cs) == -1) {
		close(fd);
		return;
	}
	if (stall != NULL) {
		stall->fd = fd;
		gnutls_transport_set_ptr2(
		    s, (gnutls_transport_ptr_t)(intptr_t)fd, stall);
		gnutls_transport_set_push_function(s, stall_push_fn);
	}
	do {
		rc = gnutls_handshake(s);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0 && ctx->opts->verbose)
		ts_log("handshake failed: %s", gnutls_strerror(rc));
	/*
	 * On failure, reset like a middlebox that resets what it does not
	 * like, or tell the client why, as a real server would.
	 */
	if (rc < 0 && ctx->opts->reset_on_fail)
		linger_zero(fd);
	else if (rc < 0 && !cs.alert_sent &&
	    gnutls_alert_send_appropriate(s, rc) == 0)
		cs.alert_sent = true; /* and let no RST overtake it */
	if (rc >= 0 && ctx->opts->verbose) {
		desc = gnutls_session_get_desc(s);
		ts_log("handshake done: %s", desc != NULL ? desc : "?");
		gnutls_free(desc);
	}
	if (rc >= 0)
		tls_talk(s);
	gnutls_deinit(s);
	if (cs.alert_sent)
		close_after_alert(fd);
	else
		close(fd);
}

static void
serve_tls(int fd, const struct ts_ctx *ctx)
{
	serve_tls_through(fd, ctx, NULL);
}

static void
serve_stall_after_hello(int fd, const struct ts_ctx *ctx)
{
	struct stall_push st;

	memset(&st, 0, sizeof(st));
	serve_tls_through(fd, ctx, &st);
}

/* Read the request (if any), answer with status and body, close. */
static void
http_answer(int fd, const char *status, const char *body)
{
	char resp[1024];
	int  n;

	read_some(fd, HTTP_WAIT_MS);
	n = snprintf(resp, sizeof(resp),
	    "HTTP/1.1 %s\r\n"
	    "Server: tls_test_server\r\n"
	    "Content-Type: text/html\r\n"
	    "Content-Length: %zu\r\n"
	    "Connection: close\r\n"
	    "\r\n"
	    "%s",
	    status, strlen(body), body);
	if (n > 0 && (size_t)n < sizeof(resp))
		write_all(fd, resp, (size_t)n);
	close_graceful(fd);
}

static void
serve_http(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	http_answer(fd, "400 Bad Request", http_body);
}

static void
serve_http_ok(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	http_answer(fd, "200 OK", http_ok_body);
}

/* A TLS listener that answers plain HTTP, as nginx does. */
static void
serve_https_port(int fd, const struct ts_ctx *ctx)
{
	if (peek_byte(fd, HTTP_WAIT_MS) == 0x16)
		serve_tls(fd, ctx);
	else
		http_answer(fd, "400 Bad Request", https_port_body);
}

static void
serve_silent(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	drain(fd);
	close(fd);
}

static void
serve_reset(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	read_some(fd, -1);
	linger_zero(fd);
	close(fd);
}

static void
serve_close(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	close_graceful(fd);
}

static void
serve_ssh(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	write_all(fd, ssh_banner, sizeof(ssh_banner) - 1);
	read_some(fd, -1);
	close_graceful(fd);
}

static void
serve_smtp(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	write_all(fd, smtp_banner, sizeof(smtp_banner) - 1);
	if (read_some(fd, -1) > 0)
		write_all(fd, smtp_error, sizeof(smtp_error) - 1);
	close_graceful(fd);
}

static void
serve_garbage(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	read_some(fd, -1);
	write_all(fd, garbage_bytes, sizeof(garbage_bytes));
	close_graceful(fd);
}

/* Byte i of the endless ServerHello that --mode slow dribbles. */
static unsigned char
slow_byte(size_t i)
{
	if (i < sizeof(slow_prefix))
		return slow_prefix[i];
	/* stand-in for server random and the rest */
	return (unsigned char)(i * 151 + 7);
}

/* Dribble a handshake record one byte per second until the client leaves. */
static void
serve_slow(int fd, const struct ts_ctx *ctx)
{
	unsigned char	buf[4096], byte;
	struct timespec next;
	struct pollfd	pfd;
	long long	wait;
	size_t		i = 0;
	ssize_t		n;
	int		rc;

	(void)ctx;
	if (read_some(fd, -1) <= 0) {
		close(fd);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &next);
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		wait = ts_ms_until(&next);
		if (wait <= 0) {
			byte = slow_byte(i++);
			if (write_all(fd, &byte, 1) == -1)
				break;
			next.tv_sec += SLOW_STEP_S;
			continue;
		}
		pfd.revents = 0;
		rc = poll(&pfd, 1, (int)wait);
		if (rc == -1 && errno != EINTR)
			break;
		if (rc <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == 0 || (n == -1 && errno != EINTR))
			break;
	}
	close(fd);
}

/*
 * Wait up to ms for the first n bytes the client sends and copy them to
 * buf, leaving them unread for the TLS server. Returns how many arrived.
 */
static size_t
peek_hello(int fd, unsigned char *buf, size_t n, int ms)
{
	ssize_t got;

	if (peek_byte(fd, ms) == -1)
		return 0;
	do {
		got = recv(fd, buf, n, MSG_PEEK | MSG_WAITALL);
	} while (got == -1 && errno == EINTR);
	return got > 0 ? (size_t)got : 0;
}

/*
 * A ClientHello whose legacy_version is below TLS 1.2 (RFC 8446 4.1.2):
 * one pinned to TLS 1.1 or older, or an SSL 3.0 one. Not TLS: false.
 */
static bool
legacy_hello(int fd)
{
	unsigned char h[11];

	if (peek_hello(fd, h, sizeof(h), PEEK_WAIT_MS) != sizeof(h))
		return false;
	return h[0] == 22 && h[5] == 1 &&
	    ((unsigned)h[9] << 8 | h[10]) < 0x0303;
}

/* A middlebox that black-holes ClientHellos older than TLS 1.2. */
static void
serve_drop_legacy(int fd, const struct ts_ctx *ctx)
{
	if (legacy_hello(fd))
		serve_silent(fd, ctx);
	else
		serve_tls(fd, ctx);
}

/* The same, but it answers those with the start of a ServerHello. */
static void
serve_stall_legacy(int fd, const struct ts_ctx *ctx)
{
	if (!legacy_hello(fd)) {
		serve_tls(fd, ctx);
		return;
	}
	read_some(fd, -1);
	/* record and handshake headers: not yet the version it picks */
	write_all(fd, slow_prefix, 9);
	drain(fd);
	close(fd);
}

/* A path that drops ClientHellos over LARGE_HELLO bytes. */
static void
serve_drop_large_hello(int fd, const struct ts_ctx *ctx)
{
	unsigned char h[5];

	if (peek_hello(fd, h, sizeof(h), PEEK_WAIT_MS) == sizeof(h) &&
	    h[0] == 22 && ((size_t)h[3] << 8 | h[4]) > LARGE_HELLO)
		serve_silent(fd, ctx);
	else
		serve_tls(fd, ctx);
}

static void
serve_alert(int fd, const struct ts_ctx *ctx)
{
	(void)ctx;
	read_some(fd, -1);
	write_all(fd, alert_record, sizeof(alert_record));
	close_graceful(fd);
}

/* Byte at of the huge Certificate message: lengths, then zeros. */
static unsigned char
huge_byte(size_t at)
{
	/* type, its length, the list's length, the one entry's length */
	const size_t lens[3] = {
	    HUGE_FLIGHT_LEN, HUGE_FLIGHT_LEN - 3, HUGE_FLIGHT_LEN - 6};

	if (at == 0)
		return 0x0b;
	if (at < 10)
		return (unsigned char)(lens[(at - 1) / 3] >>
		    (8 * (2 - (at - 1) % 3)));
	return 0;
}

static void
serve_huge_flight(int fd, const struct ts_ctx *ctx)
{
	unsigned char rec[5 + HUGE_RECORD];
	unsigned char hello[sizeof(huge_hello_head) + HUGE_HELLO_RANDOM +
	    sizeof(huge_hello_tail)];
	size_t	      total = 4 + (size_t)HUGE_FLIGHT_LEN, off = 0, n, i;

	(void)ctx;
	if (read_some(fd, -1) <= 0) {
		close(fd);
		return;
	}
	memcpy(hello, huge_hello_head, sizeof(huge_hello_head));
	memset(hello + sizeof(huge_hello_head), 0x5a, HUGE_HELLO_RANDOM);
	memcpy(hello + sizeof(huge_hello_head) + HUGE_HELLO_RANDOM,
	    huge_hello_tail, sizeof(huge_hello_tail));
	if (write_all(fd, hello, sizeof(hello)) == -1)
		total = 0;
	for (; off < total; off += n) {
		n = total - off < HUGE_RECORD ? total - off : HUGE_RECORD;
		rec[0] = 0x16;
		rec[1] = 0x03;
		rec[2] = 0x03;
		rec[3] = (unsigned char)(n >> 8);
		rec[4] = (unsigned char)(n & 0xff);
		for (i = 0; i < n; i++)
			rec[5 + i] = huge_byte(off + i);
		if (write_all(fd, rec, 5 + n) == -1)
			break;
	}
	close_graceful(fd);
}

static void (*const mode_serve[])(int, const struct ts_ctx *) = {
    [MODE_TLS] = serve_tls,
    [MODE_HTTP] = serve_http,
    [MODE_HTTP_OK] = serve_http_ok,
    [MODE_HTTPS_PORT] = serve_https_port,
    [MODE_SILENT] = serve_silent,
    [MODE_RESET] = serve_reset,
    [MODE_CLOSE] = serve_close,
    [MODE_SSH] = serve_ssh,
    [MODE_SMTP] = serve_smtp,
    [MODE_GARBAGE] = serve_garbage,
    [MODE_SLOW] = serve_slow,
    [MODE_ALERT] = serve_alert,
    [MODE_DROP_LEGACY] = serve_drop_legacy,
    [MODE_STALL_LEGACY] = serve_stall_legacy,
    [MODE_STALL_AFTER_HELLO] = serve_stall_after_hello,
    [MODE_DROP_LARGE_HELLO] = serve_drop_large_hello,
    [MODE_HUGE_FLIGHT] = serve_huge_flight,
};

void
ts_modes_serve(int fd, const struct ts_ctx *ctx)
{
	int mode = ctx->opts->mode;

	if (ctx->opts->verbose)
		ts_log("connection (%s)", ts_enum_name(ts_modes, mode));
	if (mode < 0 ||
	    (size_t)mode >= sizeof(mode_serve) / sizeof(mode_serve[0]) ||
	    mode_serve[mode] == NULL) {
		close(fd);
		return;
	}
	mode_serve[mode](fd, ctx);
}
