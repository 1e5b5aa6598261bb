/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The classifier: what a server's first bytes say it speaks. Pure code, no
 * I/O, so it is tested on a table of byte strings.
 */
#ifndef TLSCHECK_CLASSIFY_H
#define TLSCHECK_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "out.h"

enum cls_kind {
	CLS_EMPTY = 0,	   /* no bytes at all */
	CLS_TLS_HANDSHAKE, /* record type 22 */
	CLS_TLS_ALERT,	   /* record type 21 */
	CLS_TLS_OTHER,	   /* change_cipher_spec, application_data, heartbeat */
	CLS_SSL2,	   /* an SSL 2.0 record */
	CLS_HTTP,	   /* "HTTP/x.y NNN ..." */
	CLS_HTML, /* an HTML page without a status line (HTTP/0.9 style) */
	CLS_SSH,
	CLS_SMTP,
	CLS_FTP,
	CLS_POP3,
	CLS_IMAP,
	CLS_BANNER, /* "NNN text": SMTP or FTP, cannot tell which */
	CLS_TEXT,   /* other printable text */
	CLS_BINARY  /* anything else */
};

struct cls_result {
	enum cls_kind kind;
	bool	      is_tls;	 /* one of the TLS kinds */
	bool	      truncated; /* a TLS record shorter than its header */
	unsigned      rec_type;	 /* TLS: record content type */
	unsigned      rec_major, rec_minor; /* TLS: record version */
	int	      hs_type; /* TLS handshake message type, or -1 */
	unsigned hello_major, hello_minor; /* ServerHello version, if seen */
	int	 alert_level;		   /* TLS alert, or -1 */
	int	 alert_desc;
	int	 status; /* HTTP status code or banner code, or 0 */
	bool
	    says_tls_expected; /* "plain HTTP request was sent to HTTPS port" */
	char   line[OUT_FIELD_SIZE]; /* escaped first line of text */
	char   hex[16 * 3 + 1];	     /* first 16 bytes as "a8 92 ..." */
	size_t nbytes;		     /* how many bytes were classified */
};

/* TLS alert descriptions the plugins name in their logic (RFC 8446 6.2). */
enum cls_alert {
	CLS_ALERT_HANDSHAKE_FAILURE = 40,
	CLS_ALERT_PROTOCOL_VERSION = 70,
	CLS_ALERT_UNRECOGNIZED_NAME = 112
};

/* Classify n bytes (b may be NULL when n is 0). Always fills r. */
void cls_classify(const unsigned char *b, size_t n, struct cls_result *r);
/* Short protocol words for a kind: "plaintext HTTP", "SSH", ... Static. */
const char *cls_kind_name(enum cls_kind);
/* TLS alert description name, e.g. "handshake_failure". Static. */
const char *cls_alert_name(int desc);
/* "SSL 3.0", "TLS 1.0" ... "TLS 1.3" for wire versions, else "version x.y". */
const char *cls_version_name(
    unsigned major, unsigned minor, char *buf, size_t bufsz);

#endif
