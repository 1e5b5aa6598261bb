/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Byte-string classification of a server's first reply (no I/O). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "classify.h"

/* RFC 8446 section 6 and RFC 5246 section 7.2 alert descriptions. */
static const struct {
	int	    desc;
	const char *name;
} alerts[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {21, "decryption_failed"},
    {22, "record_overflow"},
    {30, "decompression_failure"},
    {40, "handshake_failure"},
    {41, "no_certificate"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {60, "export_restriction"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {111, "certificate_unobtainable"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {120, "no_application_protocol"},
};

const char *
cls_alert_name(int desc)
{
	size_t i;

	for (i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++)
		if (alerts[i].desc == desc)
			return alerts[i].name;
	return "unknown_alert";
}

const char *
cls_version_name(unsigned major, unsigned minor, char *buf, size_t bufsz)
{
	if (major == 3 && minor == 0)
		return "SSL 3.0";
	if (major == 3 && minor >= 1 && minor <= 4) {
		snprintf(buf, bufsz, "TLS 1.%u", minor - 1);
		return buf;
	}
	if (major == 2 && minor == 0)
		return "SSL 2.0";
	snprintf(buf, bufsz, "version %u.%u", major, minor);
	return buf;
}

const char *
cls_kind_name(enum cls_kind k)
{
	switch (k) {
	case CLS_EMPTY:
		return "nothing";
	case CLS_TLS_HANDSHAKE:
	case CLS_TLS_ALERT:
	case CLS_TLS_OTHER:
		return "TLS";
	case CLS_SSL2:
		return "SSL 2.0";
	case CLS_HTTP:
		return "plaintext HTTP";
	case CLS_HTML:
		/* An HTTP/0.9-style answer: a page with no status line. */
		return "plaintext HTTP (a bare HTML page)";
	case CLS_SSH:
		return "SSH";
	case CLS_SMTP:
		return "SMTP";
	case CLS_FTP:
		return "FTP";
	case CLS_POP3:
		return "POP3";
	case CLS_IMAP:
		return "IMAP";
	case CLS_BANNER:
		return "a plaintext banner (SMTP or FTP)";
	case CLS_TEXT:
		return "plaintext";
	case CLS_BINARY:
		return "non-TLS binary data";
	}
	return "unknown";
}

static bool
has_prefix(const unsigned char *b, size_t n, const char *p)
{
	size_t l = strlen(p);

	return n >= l && memcmp(b, p, l) == 0;
}

/* Case-insensitive search for word in the first n bytes. */
static bool
contains(const unsigned char *b, size_t n, const char *word)
{
	size_t l = strlen(word), i;

	for (i = 0; l <= n && i <= n - l; i++)
		if (strncasecmp((const char *)b + i, word, l) == 0)
			return true;
	return false;
}

static bool
is_text_byte(unsigned char c)
{
	return (c >= 0x20 && c <= 0x7e) || c == '\r' || c == '\n' || c == '\t';
}

static void
classify_tls(const unsigned char *b, size_t n, struct cls_result *r)
{
	r->is_tls = true;
	r->rec_type = b[0];
	if (n >= 3) {
		r->rec_major = b[1];
		r->rec_minor = b[2];
	}
	r->truncated = n < 5;
	switch (b[0]) {
	case 21:
		r->kind = CLS_TLS_ALERT;
		if (n >= 7) {
			r->alert_level = b[5];
			r->alert_desc = b[6];
		} else {
			r->truncated = true;
		}
		break;
	case 22:
		r->kind = CLS_TLS_HANDSHAKE;
		if (n >= 6)
			r->hs_type = b[5];
		/* ServerHello: type 2, 3-byte length, then legacy_version. */
		if (n >= 11 && b[5] == 2) {
			r->hello_major = b[9];
			r->hello_minor = b[10];
		}
		break;
	default:
		r->kind = CLS_TLS_OTHER;
		break;
	}
}

/* An SSL 2.0 record: 2-byte header with the high bit, then SERVER-HELLO (4). */
static bool
looks_ssl2(const unsigned char *b, size_t n)
{
	return n >= 3 && (b[0] & 0x80) != 0 && b[2] == 4 &&
	    (n < 7 || (b[5] == 0 && b[6] == 2));
}

static int
three_digits(const unsigned char *b, size_t n)
{
	if (n < 4 || !isdigit(b[0]) || !isdigit(b[1]) || !isdigit(b[2]) ||
	    (b[3] != ' ' && b[3] != '-' && b[3] != '\r' && b[3] != '\n'))
		return 0;
	return (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0');
}

static void
first_line(const unsigned char *b, size_t n, struct cls_result *r)
{
	size_t i = 0, l;

	/* Skip leading blank lines, as some error pages start with them. */
	while (i < n && (b[i] == '\r' || b[i] == '\n' || b[i] == ' '))
		i++;
	for (l = 0; i + l < n && b[i + l] != '\r' && b[i + l] != '\n'; l++)
		;
	out_escape(r->line, sizeof(r->line), b + i, l);
}

/* The first 16 bytes as "16 03 01 ..." for output. */
static void
hex_start(const unsigned char *b, size_t n, struct cls_result *r)
{
	static const char hex[] = "0123456789abcdef";
	size_t		  i;

	for (i = 0; b != NULL && i < n && i < 16; i++) {
		r->hex[i * 3] = hex[b[i] >> 4];
		r->hex[i * 3 + 1] = hex[b[i] & 0xf];
		r->hex[i * 3 + 2] = ' ';
	}
	if (i > 0)
		r->hex[i * 3 - 1] = '\0';
}

/* A protocol that names itself in its first bytes; false if none does. */
static bool
classify_named(const unsigned char *b, size_t n, struct cls_result *r)
{
	if (has_prefix(b, n, "HTTP/")) {
		const unsigned char *sp = memchr(b, ' ', n);

		r->kind = CLS_HTTP;
		if (sp != NULL)
			r->status = three_digits(
			    sp + 1, n - (size_t)(sp + 1 - b));
		r->says_tls_expected = contains(b, n, "HTTPS port") ||
		    contains(b, n, "plain HTTP to an SSL-enabled") ||
		    contains(b, n, "TLS is required");
	} else if (has_prefix(b, n, "SSH-")) {
		r->kind = CLS_SSH;
	} else if (has_prefix(b, n, "+OK")) {
		r->kind = CLS_POP3;
	} else if (has_prefix(b, n, "* OK") || has_prefix(b, n, "* PREAUTH") ||
	    has_prefix(b, n, "* BYE")) {
		r->kind = CLS_IMAP;
	} else {
		return false;
	}
	return true;
}

/* "NNN text": an SMTP or FTP banner; false if b does not start so. */
static bool
classify_banner(const unsigned char *b, size_t n, struct cls_result *r)
{
	/* Judge by the banner line only, not by later replies. */
	const unsigned char *ln = (const unsigned char *)r->line;
	size_t		     l = strlen(r->line);
	int		     code = three_digits(b, n);

	if (code < 100 || code > 599)
		return false;
	r->status = code;
	/* SMTP first: "220 ftp.example.org ESMTP Postfix" is mail. */
	if (contains(ln, l, "SMTP"))
		r->kind = CLS_SMTP;
	else if (contains(ln, l, "FTP") || contains(ln, l, "FileZilla"))
		r->kind = CLS_FTP;
	else if (contains(ln, l, "mail"))
		r->kind = CLS_SMTP;
	else
		r->kind = CLS_BANNER;
	return true;
}

/* Mostly printable: an HTML page, or other text; else binary. */
static void
classify_text(const unsigned char *b, size_t n, struct cls_result *r)
{
	size_t i, text = 0, probe = n < 64 ? n : 64, k = 0, w;

	for (i = 0; i < probe; i++)
		if (is_text_byte(b[i]))
			text++;
	if (text * 10 < probe * 9) {
		r->kind = CLS_BINARY;
		r->line[0] = '\0';
		return;
	}
	while (k < probe && isspace(b[k]))
		k++;
	w = n - k < 16 ? n - k : 16;
	if (contains(b + k, w, "<!DOCTYPE") || contains(b + k, w, "<html") ||
	    contains(b + k, w, "<head") || contains(b + k, w, "<body"))
		r->kind = CLS_HTML;
	else
		r->kind = CLS_TEXT;
}

void
cls_classify(const unsigned char *b, size_t n, struct cls_result *r)
{
	memset(r, 0, sizeof(*r));
	r->hs_type = -1;
	r->alert_level = -1;
	r->alert_desc = -1;
	r->nbytes = n;
	hex_start(b, n, r);
	if (n == 0 || b == NULL) {
		r->kind = CLS_EMPTY;
		return;
	}
	/* RFC 8446 5.1: content type 20-24, then a 3.x record version. */
	if (b[0] >= 20 && b[0] <= 24 && (n < 2 || b[1] == 3) &&
	    (n < 3 || b[2] <= 4)) {
		classify_tls(b, n, r);
		return;
	}
	if (looks_ssl2(b, n)) {
		r->kind = CLS_SSL2;
		return;
	}
	first_line(b, n, r);
	if (classify_named(b, n, r) || classify_banner(b, n, r))
		return;
	classify_text(b, n, r);
}
