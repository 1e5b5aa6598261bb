/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The classifier on a table of first replies: real server banners, HTTP
 * answers, TLS and SSL 2.0 records, truncated records, noise and hostile text.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "out.h"

#define NROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))
/* A literal and its length: many rows hold NUL bytes. */
#define B(s) (s), (sizeof(s) - 1)

#define NGINX_400_TLS_PORT                                                     \
	"HTTP/1.1 400 Bad Request\r\n"                                         \
	"Server: nginx/1.22.1\r\n"                                             \
	"Date: Mon, 04 Mar 2024 10:15:02 GMT\r\n"                              \
	"Content-Type: text/html\r\n"                                          \
	"Content-Length: 255\r\n"                                              \
	"Connection: close\r\n"                                                \
	"\r\n"                                                                 \
	"<html>\r\n"                                                           \
	"<head><title>400 The plain HTTP request was sent to HTTPS port"       \
	"</title></head>\r\n"                                                  \
	"<body>\r\n"                                                           \
	"<center><h1>400 Bad Request</h1></center>\r\n"                        \
	"<center>The plain HTTP request was sent to HTTPS port</center>\r\n"   \
	"<hr><center>nginx/1.22.1</center>\r\n"                                \
	"</body>\r\n"                                                          \
	"</html>\r\n"

#define NGINX_400_PLAIN                                                        \
	"HTTP/1.1 400 Bad Request\r\n"                                         \
	"Server: nginx/1.22.1\r\n"                                             \
	"Date: Mon, 04 Mar 2024 10:15:02 GMT\r\n"                              \
	"Content-Type: text/html\r\n"                                          \
	"Content-Length: 157\r\n"                                              \
	"Connection: close\r\n"                                                \
	"\r\n"                                                                 \
	"<html>\r\n"                                                           \
	"<head><title>400 Bad Request</title></head>\r\n"                      \
	"<body>\r\n"                                                           \
	"<center><h1>400 Bad Request</h1></center>\r\n"                        \
	"<hr><center>nginx/1.22.1</center>\r\n"                                \
	"</body>\r\n"                                                          \
	"</html>\r\n"

#define APACHE_400_SSL_PORT                                                    \
	"HTTP/1.1 400 Bad Request\r\n"                                         \
	"Date: Mon, 04 Mar 2024 10:15:02 GMT\r\n"                              \
	"Server: Apache/2.4.57 (Debian)\r\n"                                   \
	"Content-Length: 362\r\n"                                              \
	"Connection: close\r\n"                                                \
	"Content-Type: text/html; charset=iso-8859-1\r\n"                      \
	"\r\n"                                                                 \
	"<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n"               \
	"<html><head>\n"                                                       \
	"<title>400 Bad Request</title>\n"                                     \
	"</head><body>\n"                                                      \
	"<h1>Bad Request</h1>\n"                                               \
	"<p>Your browser sent a request that this server could not "           \
	"understand.<br />\n"                                                  \
	"Reason: You're speaking plain HTTP to an SSL-enabled server port."    \
	"<br />\n"                                                             \
	" Instead use the HTTPS scheme to access this URL, please.<br />\n"    \
	"</p>\n"                                                               \
	"<hr>\n"                                                               \
	"<address>Apache/2.4.57 (Debian) Server at www.example.org Port 443"   \
	"</address>\n"                                                         \
	"</body></html>\n"

#define NGINX_200                                                              \
	"HTTP/1.1 200 OK\r\n"                                                  \
	"Server: nginx/1.22.1\r\n"                                             \
	"Content-Type: text/html\r\n"                                          \
	"Content-Length: 615\r\n"                                              \
	"\r\n"                                                                 \
	"<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"

#define NGINX_301                                                              \
	"HTTP/1.1 301 Moved Permanently\r\n"                                   \
	"Server: nginx\r\n"                                                    \
	"Content-Type: text/html\r\n"                                          \
	"Content-Length: 162\r\n"                                              \
	"Location: https://www.example.org/\r\n"                               \
	"\r\n"                                                                 \
	"<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n"      \
	"<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n"        \
	"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

#define APACHE_404                                                             \
	"HTTP/1.1 404 Not Found\r\n"                                           \
	"Date: Mon, 04 Mar 2024 10:15:02 GMT\r\n"                              \
	"Server: Apache/2.4.57 (Debian)\r\n"                                   \
	"Content-Length: 275\r\n"                                              \
	"Content-Type: text/html; charset=iso-8859-1\r\n"                      \
	"\r\n"                                                                 \
	"<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n"               \
	"<html><head>\n<title>404 Not Found</title>\n</head><body>\n"          \
	"<h1>Not Found</h1>\n"

#define PURE_FTPD                                                              \
	"220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n"    \
	"220-You are user number 1 of 50 allowed.\r\n"                         \
	"220-Local time is now 10:15. Server port: 21.\r\n"                    \
	"220-This is a private system - No anonymous login\r\n"                \
	"220 You will be disconnected after 15 minutes of inactivity.\r\n"

/* 32 bytes of a TLS 1.2 ServerHello: record, handshake header, version. */
#define SH12                                                                   \
	"\x16\x03\x03\x00\x5d\x02\x00\x00\x59\x03\x03\x65\xe5\xa2\x8c\x1b"     \
	"\x4f\x90\x3a\x77\x0e\x51\xc2\x9d\x84\x2b\x6a\xf0\x13\x08\xbe\x44"

/*
 * One row per reply. line is the expected escaped first line ("" for
 * TLS, SSL 2.0 and binary replies).
 */
static const struct cls_row {
	const char   *name;
	const char   *bytes;
	size_t	      len;
	enum cls_kind kind;
	int	      status;
	bool	      says_tls_expected;
	const char   *line;
} rows[] = {
    /* SSH */
    {"openssh", B("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"), CLS_SSH, 0,
	false, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"},
    {"openssh 1.99", B("SSH-1.99-OpenSSH_3.9p1\n"), CLS_SSH, 0, false,
	"SSH-1.99-OpenSSH_3.9p1"},
    {"dropbear", B("SSH-2.0-dropbear_2022.83\r\n"), CLS_SSH, 0, false,
	"SSH-2.0-dropbear_2022.83"},
    /* SMTP */
    {"postfix", B("220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n"),
	CLS_SMTP, 220, false,
	"220 mail.example.org ESMTP Postfix (Debian/GNU)"},
    {"postfix multi-line",
	B("220-mx.example.org ESMTP Postfix\r\n"
	  "220 mx.example.org ESMTP\r\n"),
	CLS_SMTP, 220, false, "220-mx.example.org ESMTP Postfix"},
    {"exim",
	B("220 mx.example.net ESMTP Exim 4.96 Mon, 04 Mar 2024 "
	  "10:15:02 +0000\r\n"),
	CLS_SMTP, 220, false,
	"220 mx.example.net ESMTP Exim 4.96 Mon, 04 Mar 2024 "
	"10:15:02 +0000"},
    {"sendmail",
	B("220 relay.example.com ESMTP Sendmail 8.17.1.9/"
	  "8.17.1.9; Mon, 4 Mar 2024 10:15:02 GMT\r\n"),
	CLS_SMTP, 220, false,
	"220 relay.example.com ESMTP Sendmail 8.17.1.9/8.17.1.9; "
	"Mon, 4 Mar 2024 10:15:02 GMT"},
    {"microsoft esmtp",
	B("220 EXCH01.corp.example.com Microsoft ESMTP "
	  "MAIL Service ready at Mon, 4 Mar 2024 10:15:02 +0100\r\n"),
	CLS_SMTP, 220, false,
	"220 EXCH01.corp.example.com Microsoft "
	"ESMTP MAIL Service ready at Mon, 4 Mar 2024 10:15:02 +0100"},
    {"smtp by mail host name", B("220 mail.example.org ready\r\n"), CLS_SMTP,
	220, false, "220 mail.example.org ready"},
    {"postfix on a host called ftp",
	B("220 ftp.example.org ESMTP "
	  "Postfix\r\n"),
	CLS_SMTP, 220, false, "220 ftp.example.org ESMTP Postfix"},
    {"smtp 421 busy",
	B("421 4.3.2 smtp.example.org Service not "
	  "available\r\n"),
	CLS_SMTP, 421, false,
	"421 4.3.2 smtp.example.org Service not available"},
    /* FTP */
    {"vsftpd", B("220 (vsFTPd 3.0.5)\r\n"), CLS_FTP, 220, false,
	"220 (vsFTPd 3.0.5)"},
    {"proftpd", B("220 ProFTPD Server (Debian) [::ffff:192.0.2.10]\r\n"),
	CLS_FTP, 220, false, "220 ProFTPD Server (Debian) [::ffff:192.0.2.10]"},
    {"pure-ftpd", B(PURE_FTPD), CLS_FTP, 220, false,
	"220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------"},
    {"filezilla 1.x",
	B("220-FileZilla Server 1.8.1\r\n220 Please visit "
	  "https://filezilla-project.org/\r\n"),
	CLS_FTP, 220, false, "220-FileZilla Server 1.8.1"},
    {"filezilla 0.9",
	B("220-FileZilla Server version 0.9.60 beta\r\n"
	  "220-written by Tim Kosse (tim.kosse@filezilla-project.org)\r\n"
	  "220 Please visit https://filezilla-project.org/\r\n"),
	CLS_FTP, 220, false, "220-FileZilla Server version 0.9.60 beta"},
    {"microsoft ftp", B("220 Microsoft FTP Service\r\n"), CLS_FTP, 220, false,
	"220 Microsoft FTP Service"},
    /* POP3 and IMAP */
    {"dovecot pop3", B("+OK Dovecot (Debian) ready.\r\n"), CLS_POP3, 0, false,
	"+OK Dovecot (Debian) ready."},
    {"dovecot imap",
	B("* OK [CAPABILITY IMAP4rev1 SASL-IR "
	  "LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN "
	  "AUTH=LOGIN] Dovecot (Debian) ready.\r\n"),
	CLS_IMAP, 0, false,
	"* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE "
	"IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) "
	"read..."},
    {"courier pop3", B("+OK Hello there.\r\n"), CLS_POP3, 0, false,
	"+OK Hello there."},
    {"courier imap",
	B("* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN "
	  "NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE "
	  "ACL ACL2=UNION STARTTLS] Courier-IMAP ready. Copyright 1998-2018 "
	  "Double Precision, Inc.  See COPYING for distribution "
	  "information.\r\n"),
	CLS_IMAP, 0, false,
	"* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE "
	"THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE ACL "
	"ACL2=UNION STA..."},
    {"cyrus pop3",
	B("+OK pop.example.org Cyrus POP3 3.6.1-Debian server "
	  "ready <2104857265.1709547302@pop.example.org>\r\n"),
	CLS_POP3, 0, false,
	"+OK pop.example.org Cyrus POP3 3.6.1-Debian server ready "
	"<2104857265.1709547302@pop.example.org>"},
    {"cyrus imap",
	B("* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE "
	  "STARTTLS AUTH=PLAIN AUTH=LOGIN SASL-IR] imap.example.org Cyrus "
	  "IMAP 3.6.1-Debian-3.6.1-4 server ready\r\n"),
	CLS_IMAP, 0, false,
	"* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE STARTTLS "
	"AUTH=PLAIN AUTH=LOGIN SASL-IR] imap.example.org Cyrus IMAP "
	"3.6.1-Debian-3..."},
    {"imap preauth",
	B("* PREAUTH IMAP4rev1 server logged in as "
	  "admin\r\n"),
	CLS_IMAP, 0, false, "* PREAUTH IMAP4rev1 server logged in as admin"},
    {"imap bye", B("* BYE Too many connections\r\n"), CLS_IMAP, 0, false,
	"* BYE Too many connections"},
    /* HTTP status lines */
    {"nginx 400 https port", B(NGINX_400_TLS_PORT), CLS_HTTP, 400, true,
	"HTTP/1.1 400 Bad Request"},
    {"apache 400 ssl port", B(APACHE_400_SSL_PORT), CLS_HTTP, 400, true,
	"HTTP/1.1 400 Bad Request"},
    {"nginx 400 plain", B(NGINX_400_PLAIN), CLS_HTTP, 400, false,
	"HTTP/1.1 400 Bad Request"},
    {"nginx 200", B(NGINX_200), CLS_HTTP, 200, false, "HTTP/1.1 200 OK"},
    {"nginx 301 to https", B(NGINX_301), CLS_HTTP, 301, false,
	"HTTP/1.1 301 Moved Permanently"},
    {"apache 404", B(APACHE_404), CLS_HTTP, 404, false,
	"HTTP/1.1 404 Not Found"},
    {"http/1.0 400 bare", B("HTTP/1.0 400 Bad Request\r\n\r\n"), CLS_HTTP, 400,
	false, "HTTP/1.0 400 Bad Request"},
    {"http no reason", B("HTTP/1.1 200\r\n\r\n"), CLS_HTTP, 200, false,
	"HTTP/1.1 200"},
    {"http hostile reason", B("HTTP/1.1 418 I|m a \xfe\xff teapot\r\n"),
	CLS_HTTP, 418, false, "HTTP/1.1 418 I\\x7cm a \\xfe\\xff teapot"},
    /* HTML without a status line */
    {"html doctype",
	B("<!DOCTYPE html>\n<html><head><title>Hi</title>"
	  "</head></html>\n"),
	CLS_HTML, 0, false, "<!DOCTYPE html>"},
    {"html tag", B("<html><body>It works!</body></html>\n"), CLS_HTML, 0, false,
	"<html><body>It works!</body></html>"},
    {"html after blank lines",
	B("\r\n\r\n<HTML><HEAD><TITLE>Error"
	  "</TITLE></HEAD></HTML>\r\n"),
	CLS_HTML, 0, false, "<HTML><HEAD><TITLE>Error</TITLE></HEAD></HTML>"},
    /* TLS records: a parsed view is checked in test_tls_fields */
    {"tls 1.2 server hello", B(SH12), CLS_TLS_HANDSHAKE, 0, false, ""},
    {"tls alert", B("\x15\x03\x03\x00\x02\x02\x28"), CLS_TLS_ALERT, 0, false,
	""},
    {"tls change cipher spec", B("\x14\x03\x03\x00\x01\x01"), CLS_TLS_OTHER, 0,
	false, ""},
    {"tls application data",
	B("\x17\x03\x03\x00\x05\x8e\x1d\x00\x42"
	  "\x9a"),
	CLS_TLS_OTHER, 0, false, ""},
    {"tls heartbeat", B("\x18\x03\x03\x00\x03\x01\x00\x00"), CLS_TLS_OTHER, 0,
	false, ""},
    {"truncated 1", B("\x16"), CLS_TLS_HANDSHAKE, 0, false, ""},
    {"truncated 2", B("\x16\x03"), CLS_TLS_HANDSHAKE, 0, false, ""},
    {"truncated 4", B("\x16\x03\x01\x00"), CLS_TLS_HANDSHAKE, 0, false, ""},
    {"truncated 6", B("\x16\x03\x03\x00\x5d\x02"), CLS_TLS_HANDSHAKE, 0, false,
	""},
    {"truncated alert 6", B("\x15\x03\x03\x00\x02\x02"), CLS_TLS_ALERT, 0,
	false, ""},
    /* SSL 2.0 SERVER-HELLO: 2-byte header, type 4, version 0.2 */
    {"ssl 2.0 server hello",
	B("\x83\xbe\x04\x00\x01\x00\x02\x03\xa6"
	  "\x00\x18\x00\x10\x30\x82\x03\xa2"),
	CLS_SSL2, 0, false, ""},
    /* not TLS: 0x16 without a 3.x version */
    {"0x16 then 0x01", B("\x16\x01\x00\x00\x05\x02\x00\x00\x01\x00"),
	CLS_BINARY, 0, false, ""},
    {"0x16 then 0x00", B("\x16\x00"), CLS_BINARY, 0, false, ""},
    {"0x15 then 0x02", B("\x15\x02\x00\x00\x02\x02\x28"), CLS_BINARY, 0, false,
	""},
    {"0x16 version 3.5", B("\x16\x03\x05\x00\x02\x01\x00"), CLS_BINARY, 0,
	false, ""},
    {"0x19 is no record type", B("\x19\x03\x03\x00\x02\x01\x00"), CLS_BINARY, 0,
	false, ""},
    /* noise */
    {"noise a8", B("\xa8\x92\x1f\x3c\x7d\x00\xe1\x55\x0c\x9b\x61\x2e"),
	CLS_BINARY, 0, false, ""},
    {"noise zeros", B("\x00\x00\x00\x00\x00\x00\x00\x00"), CLS_BINARY, 0, false,
	""},
    {"telnet negotiation", B("\xff\xfb\x01\xff\xfb\x03\xff\xfd\x18"),
	CLS_BINARY, 0, false, ""},
    /* text */
    {"empty", NULL, 0, CLS_EMPTY, 0, false, ""},
    {"empty, not null", "x", 0, CLS_EMPTY, 0, false, ""},
    {"generic text", B("Welcome to the service\r\n"), CLS_TEXT, 0, false,
	"Welcome to the service"},
    {"redis error",
	B("-ERR wrong number of arguments for 'get' "
	  "command\r\n"),
	CLS_TEXT, 0, false, "-ERR wrong number of arguments for 'get' command"},
    {"bare banner", B("220 Service ready\r\n"), CLS_BANNER, 220, false,
	"220 Service ready"},
    {"text with nul", B("hello\0world\r\n"), CLS_TEXT, 0, false,
	"hello\\x00world"},
    {"pipe and non-utf-8", B("220 mx|evil \xff\xfe\xc3\x28 ESMTP\r\n"),
	CLS_SMTP, 220, false, "220 mx\\x7cevil \\xff\\xfe\\xc3( ESMTP"},
    {"crlf injection", B("220 a\r\nTLS-PLAINTEXT OK: forged | x=1\r\n"),
	CLS_BANNER, 220, false, "220 a"},
    {"lone lf", B("\n"), CLS_TEXT, 0, false, ""},
    {"backslash", B("path C:\\temp\r\n"), CLS_TEXT, 0, false,
	"path C:\\x5ctemp"},
    {"overlong line",
	B("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"),
	CLS_TEXT, 0, false,
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	"..."},
};

static bool
kind_is_tls(enum cls_kind k)
{
	return k == CLS_TLS_HANDSHAKE || k == CLS_TLS_ALERT ||
	    k == CLS_TLS_OTHER;
}

/* The hex field as documented: first 16 bytes, "xx xx ...". */
static void
want_hex(const char *b, size_t n, char *dst, size_t dstsz)
{
	size_t i, off = 0;

	dst[0] = '\0';
	for (i = 0; i < n && i < 16; i++)
		off += (size_t)snprintf(dst + off, dstsz - off, "%s%02x",
		    i > 0 ? " " : "", (unsigned char)b[i]);
}

START_TEST(test_table)
{
	const struct cls_row *t = &rows[_i];
	struct cls_result     r;
	char		      hex[64];

	memset(&r, 0x5a, sizeof(r));
	cls_classify((const unsigned char *)t->bytes, t->len, &r);
	ck_assert_msg(r.kind == t->kind, "%s: kind %d (%s), want %d (%s)",
	    t->name, r.kind, cls_kind_name(r.kind), t->kind,
	    cls_kind_name(t->kind));
	ck_assert_msg(r.is_tls == kind_is_tls(t->kind), "%s: is_tls %d",
	    t->name, r.is_tls);
	ck_assert_msg(r.status == t->status, "%s: status %d, want %d", t->name,
	    r.status, t->status);
	ck_assert_msg(r.says_tls_expected == t->says_tls_expected,
	    "%s: says_tls_expected %d", t->name, r.says_tls_expected);
	ck_assert_msg(memchr(r.line, '\0', sizeof(r.line)) != NULL,
	    "%s: line not terminated", t->name);
	ck_assert_msg(strcmp(r.line, t->line) == 0, "%s: line '%s', want '%s'",
	    t->name, r.line, t->line);
	ck_assert_ptr_null(strpbrk(r.line, "|\r\n"));
	ck_assert_uint_eq(r.nbytes, t->len);
	want_hex(t->bytes, t->len, hex, sizeof(hex));
	ck_assert_msg(strcmp(r.hex, hex) == 0, "%s: hex '%s', want '%s'",
	    t->name, r.hex, hex);
	if (!r.is_tls) {
		ck_assert_msg(!r.truncated, "%s: truncated", t->name);
		ck_assert_int_eq(r.hs_type, -1);
		ck_assert_int_eq(r.alert_level, -1);
		ck_assert_int_eq(r.alert_desc, -1);
	}
}
END_TEST

/* What the classifier reads out of TLS records, whole and truncated. */
static const struct tls_row {
	const char   *name;
	const char   *bytes;
	size_t	      len;
	enum cls_kind kind;
	bool	      truncated;
	unsigned      rec_type, rec_major, rec_minor;
	int	      hs_type;
	unsigned      hello_major, hello_minor;
	int	      alert_level, alert_desc;
} tls[] = {
    {"server hello tls 1.2", B(SH12), CLS_TLS_HANDSHAKE, false, 22, 3, 3, 2, 3,
	3, -1, -1},
    {"server hello tls 1.0",
	B("\x16\x03\x01\x00\x51\x02\x00\x00\x4d"
	  "\x03\x01\x9c\x10"),
	CLS_TLS_HANDSHAKE, false, 22, 3, 1, 2, 3, 1, -1, -1},
    {"server hello tls 1.1",
	B("\x16\x03\x02\x00\x51\x02\x00\x00\x4d"
	  "\x03\x02"),
	CLS_TLS_HANDSHAKE, false, 22, 3, 2, 2, 3, 2, -1, -1},
    {"server hello ssl 3.0",
	B("\x16\x03\x00\x00\x4a\x02\x00\x00\x46"
	  "\x03\x00\x00"),
	CLS_TLS_HANDSHAKE, false, 22, 3, 0, 2, 3, 0, -1, -1},
    {"server hello in a 3.1 record",
	B("\x16\x03\x01\x00\x5d\x02\x00"
	  "\x00\x59\x03\x03"),
	CLS_TLS_HANDSHAKE, false, 22, 3, 1, 2, 3, 3, -1, -1},
    {"certificate, no hello",
	B("\x16\x03\x03\x0a\x2c\x0b\x00\x0a\x28"
	  "\x00\x0a\x25"),
	CLS_TLS_HANDSHAKE, false, 22, 3, 3, 11, 0, 0, -1, -1},
    {"hello cut before version",
	B("\x16\x03\x03\x00\x5d\x02\x00\x00"
	  "\x59\x03"),
	CLS_TLS_HANDSHAKE, false, 22, 3, 3, 2, 0, 0, -1, -1},
    {"alert handshake_failure", B("\x15\x03\x03\x00\x02\x02\x28"),
	CLS_TLS_ALERT, false, 21, 3, 3, -1, 0, 0, 2, 40},
    {"alert protocol_version", B("\x15\x03\x01\x00\x02\x02\x46"), CLS_TLS_ALERT,
	false, 21, 3, 1, -1, 0, 0, 2, 70},
    {"alert close_notify", B("\x15\x03\x03\x00\x02\x01\x00"), CLS_TLS_ALERT,
	false, 21, 3, 3, -1, 0, 0, 1, 0},
    {"alert unrecognized_name", B("\x15\x03\x03\x00\x02\x01\x70"),
	CLS_TLS_ALERT, false, 21, 3, 3, -1, 0, 0, 1, 112},
    {"ssl 3.0 alert", B("\x15\x03\x00\x00\x02\x02\x28"), CLS_TLS_ALERT, false,
	21, 3, 0, -1, 0, 0, 2, 40},
    {"alert then more", B("\x15\x03\x03\x00\x02\x02\x50\x16\x03\x03"),
	CLS_TLS_ALERT, false, 21, 3, 3, -1, 0, 0, 2, 80},
    {"change cipher spec", B("\x14\x03\x03\x00\x01\x01"), CLS_TLS_OTHER, false,
	20, 3, 3, -1, 0, 0, -1, -1},
    {"application data", B("\x17\x03\x03\x00\x05\x8e\x1d\x00\x42\x9a"),
	CLS_TLS_OTHER, false, 23, 3, 3, -1, 0, 0, -1, -1},
    {"heartbeat", B("\x18\x03\x03\x00\x03\x01\x00\x00"), CLS_TLS_OTHER, false,
	24, 3, 3, -1, 0, 0, -1, -1},
    /* shorter than the 5-byte header */
    {"1 byte", B("\x16"), CLS_TLS_HANDSHAKE, true, 22, 0, 0, -1, 0, 0, -1, -1},
    {"1 byte alert", B("\x15"), CLS_TLS_ALERT, true, 21, 0, 0, -1, 0, 0, -1,
	-1},
    {"3 bytes", B("\x16\x03\x03"), CLS_TLS_HANDSHAKE, true, 22, 3, 3, -1, 0, 0,
	-1, -1},
    {"4 bytes", B("\x16\x03\x01\x00"), CLS_TLS_HANDSHAKE, true, 22, 3, 1, -1, 0,
	0, -1, -1},
    {"4 bytes ccs", B("\x14\x03\x03\x00"), CLS_TLS_OTHER, true, 20, 3, 3, -1, 0,
	0, -1, -1},
    /* a whole header, a cut body */
    {"5 bytes", B("\x16\x03\x03\x00\x5d"), CLS_TLS_HANDSHAKE, false, 22, 3, 3,
	-1, 0, 0, -1, -1},
    {"6 bytes", B("\x16\x03\x03\x00\x5d\x02"), CLS_TLS_HANDSHAKE, false, 22, 3,
	3, 2, 0, 0, -1, -1},
    {"6 bytes alert", B("\x15\x03\x03\x00\x02\x02"), CLS_TLS_ALERT, true, 21, 3,
	3, -1, 0, 0, -1, -1},
};

START_TEST(test_tls_fields)
{
	const struct tls_row *t = &tls[_i];
	struct cls_result     r;

	cls_classify((const unsigned char *)t->bytes, t->len, &r);
	ck_assert_msg(r.kind == t->kind, "%s: kind %d, want %d", t->name,
	    r.kind, t->kind);
	ck_assert_msg(r.is_tls, "%s: not tls", t->name);
	ck_assert_msg(r.truncated == t->truncated, "%s: truncated %d", t->name,
	    r.truncated);
	ck_assert_uint_eq(r.rec_type, t->rec_type);
	if (t->len >= 3) {
		ck_assert_uint_eq(r.rec_major, t->rec_major);
		ck_assert_uint_eq(r.rec_minor, t->rec_minor);
	}
	ck_assert_msg(r.hs_type == t->hs_type, "%s: hs_type %d, want %d",
	    t->name, r.hs_type, t->hs_type);
	ck_assert_msg(
	    r.hello_major == t->hello_major && r.hello_minor == t->hello_minor,
	    "%s: hello %u.%u, want %u.%u", t->name, r.hello_major,
	    r.hello_minor, t->hello_major, t->hello_minor);
	ck_assert_msg(
	    r.alert_level == t->alert_level && r.alert_desc == t->alert_desc,
	    "%s: alert %d/%d, want %d/%d", t->name, r.alert_level, r.alert_desc,
	    t->alert_level, t->alert_desc);
	ck_assert_int_eq(r.status, 0);
	ck_assert(!r.says_tls_expected);
	ck_assert_str_eq(r.line, "");
}
END_TEST

/*
 * Every content type 20..24 with every record version 3.0..3.4: a TLS kind
 * with the record fields read; a handshake's ServerHello version and an
 * alert's level and description read too.
 */
START_TEST(test_tls_types_versions)
{
	unsigned      type = 20 + (unsigned)_i / 5, minor = (unsigned)_i % 5;
	unsigned char rec[11] = {
	    0, 3, 0, 0x00, 0x06, 0x02, 0x00, 0x00, 0x02, 0x03, 0};
	struct cls_result r;

	rec[0] = (unsigned char)type;
	rec[2] = (unsigned char)minor;
	rec[10] = (unsigned char)minor;
	cls_classify(rec, sizeof(rec), &r);
	ck_assert_msg(r.is_tls, "type %u version 3.%u: not tls", type, minor);
	ck_assert(!r.truncated);
	ck_assert_uint_eq(r.rec_type, type);
	ck_assert_uint_eq(r.rec_major, 3);
	ck_assert_uint_eq(r.rec_minor, minor);
	switch (type) {
	case 21:
		ck_assert_int_eq(r.kind, CLS_TLS_ALERT);
		ck_assert_int_eq(r.alert_level, 2);
		ck_assert_int_eq(r.alert_desc, 0);
		ck_assert_int_eq(r.hs_type, -1);
		break;
	case 22:
		ck_assert_int_eq(r.kind, CLS_TLS_HANDSHAKE);
		ck_assert_int_eq(r.hs_type, 2);
		ck_assert_uint_eq(r.hello_major, 3);
		ck_assert_uint_eq(r.hello_minor, minor);
		ck_assert_int_eq(r.alert_level, -1);
		break;
	default:
		ck_assert_int_eq(r.kind, CLS_TLS_OTHER);
		ck_assert_int_eq(r.hs_type, -1);
		ck_assert_int_eq(r.alert_level, -1);
		break;
	}
}
END_TEST

/* Bytes next to the TLS ones are not TLS: types 19 and 25, version 2.x. */
START_TEST(test_tls_neighbours)
{
	static const unsigned char recs[][7] = {
	    {19, 3, 3, 0, 2, 2, 40},
	    {25, 3, 3, 0, 2, 2, 40},
	    {22, 2, 0, 0, 2, 2, 40},
	    {22, 4, 0, 0, 2, 2, 40},
	    {21, 3, 255, 0, 2, 2, 40},
	};
	struct cls_result r;
	size_t		  i;

	for (i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		cls_classify(recs[i], sizeof(recs[i]), &r);
		ck_assert_msg(!r.is_tls, "record %zu taken for TLS", i);
		ck_assert_int_eq(r.kind, CLS_BINARY);
	}
}
END_TEST

/* The hex field: first 16 bytes only, lower case, single spaces. */
START_TEST(test_hex)
{
	static const unsigned char twenty[20] = {0xa8, 0x92, 0x00, 0xff, 0x16,
	    0x03, 0x7c, 0x0a, 0x0d, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	    0x48, 0x49, 0x4a, 0x4b};
	struct cls_result	   r;

	cls_classify(twenty, sizeof(twenty), &r);
	ck_assert_str_eq(
	    r.hex, "a8 92 00 ff 16 03 7c 0a 0d 41 42 43 44 45 46 47");
	ck_assert_uint_eq(r.nbytes, 20);
	cls_classify(twenty, 16, &r);
	ck_assert_str_eq(
	    r.hex, "a8 92 00 ff 16 03 7c 0a 0d 41 42 43 44 45 46 47");
	cls_classify(twenty, 15, &r);
	ck_assert_str_eq(r.hex, "a8 92 00 ff 16 03 7c 0a 0d 41 42 43 44 45 46");
	cls_classify(twenty, 1, &r);
	ck_assert_str_eq(r.hex, "a8");
	cls_classify(
	    (const unsigned char *)"\x15\x03\x03\x00\x02\x02\x28", 7, &r);
	ck_assert_str_eq(r.hex, "15 03 03 00 02 02 28");
	cls_classify(NULL, 0, &r);
	ck_assert_str_eq(r.hex, "");
	ck_assert_int_eq(r.kind, CLS_EMPTY);
}
END_TEST

/* Only the first line is quoted, whatever follows it. */
START_TEST(test_line_is_first_line)
{
	struct cls_result r;
	static const char two[] = "+OK ready\r\n+OK | forged\r\n";

	cls_classify((const unsigned char *)two, sizeof(two) - 1, &r);
	ck_assert_int_eq(r.kind, CLS_POP3);
	ck_assert_str_eq(r.line, "+OK ready");
}
END_TEST

/* The same reply fed in pieces: a prefix never reads past n. */
START_TEST(test_prefixes)
{
	const struct cls_row *t = &rows[_i];
	struct cls_result     r;
	unsigned char	     *copy;
	size_t		      n;

	for (n = 0; n <= t->len && n <= 80; n++) {
		/* An exact-size heap copy, so ASan catches any over-read. */
		copy = malloc(n > 0 ? n : 1);
		ck_assert_ptr_nonnull(copy);
		if (n > 0)
			memcpy(copy, t->bytes, n);
		cls_classify(n > 0 ? copy : NULL, n, &r);
		ck_assert_uint_eq(r.nbytes, n);
		ck_assert(memchr(r.line, '\0', sizeof(r.line)) != NULL);
		ck_assert(memchr(r.hex, '\0', sizeof(r.hex)) != NULL);
		ck_assert_ptr_null(strpbrk(r.line, "|\r\n"));
		if (n == 0)
			ck_assert_int_eq(r.kind, CLS_EMPTY);
		free(copy);
	}
}
END_TEST

static const struct alert_name_row {
	int	    desc;
	const char *name;
} alert_names[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {22, "record_overflow"},
    {40, "handshake_failure"},
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
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {120, "no_application_protocol"},
    {-1, "unknown_alert"},
    {1, "unknown_alert"},
    {41 + 200, "unknown_alert"},
    {255, "unknown_alert"},
    {1000, "unknown_alert"},
};

START_TEST(test_alert_name)
{
	const struct alert_name_row *t = &alert_names[_i];

	ck_assert_str_eq(cls_alert_name(t->desc), t->name);
}
END_TEST

/* Every description byte gets a name of [a-z_] only. */
START_TEST(test_alert_name_all)
{
	const char *s = cls_alert_name(_i);

	ck_assert_ptr_nonnull(s);
	ck_assert_uint_gt(strlen(s), 0);
	ck_assert_uint_eq(strspn(s, "abcdefghijklmnopqrstuvwxyz_"), strlen(s));
}
END_TEST

static const struct version_row {
	unsigned    major, minor;
	const char *name;
} versions[] = {
    {3, 0, "SSL 3.0"}, {3, 1, "TLS 1.0"}, {3, 2, "TLS 1.1"}, {3, 3, "TLS 1.2"},
    {3, 4, "TLS 1.3"}, {2, 0, "SSL 2.0"}, {3, 5, "version 3.5"},
    {0, 0, "version 0.0"}, {0, 2, "version 0.2"}, {4, 1, "version 4.1"},
    {254, 253, "version 254.253"}, /* DTLS 1.2 */
    {127, 28, "version 127.28"},   /* a TLS 1.3 draft */
};

START_TEST(test_version_name)
{
	const struct version_row *t = &versions[_i];
	char			  buf[32];

	ck_assert_str_eq(
	    cls_version_name(t->major, t->minor, buf, sizeof(buf)), t->name);
}
END_TEST

/* A small buffer is cut, never overflowed. */
START_TEST(test_version_name_small)
{
	char	    buf[4 + 8];
	const char *s;
	size_t	    i;

	memset(buf, 0x5a, sizeof(buf));
	s = cls_version_name(3, 3, buf, 4);
	ck_assert_uint_lt(strlen(s), 4);
	for (i = 4; i < sizeof(buf); i++)
		ck_assert_int_eq(buf[i], 0x5a);
	memset(buf, 0x5a, sizeof(buf));
	s = cls_version_name(254, 253, buf, 4);
	ck_assert_uint_lt(strlen(s), 4);
	for (i = 4; i < sizeof(buf); i++)
		ck_assert_int_eq(buf[i], 0x5a);
}
END_TEST

START_TEST(test_kind_names)
{
	int k;

	for (k = CLS_EMPTY; k <= CLS_BINARY; k++) {
		const char *s = cls_kind_name((enum cls_kind)k);

		ck_assert_ptr_nonnull(s);
		ck_assert_uint_gt(strlen(s), 0);
		ck_assert_ptr_null(strpbrk(s, "|\r\n"));
	}
	ck_assert_str_eq(cls_kind_name(CLS_HTTP), "plaintext HTTP");
	ck_assert_str_eq(cls_kind_name(CLS_SSH), "SSH");
}
END_TEST

static Suite *
classify_suite(void)
{
	Suite *s = suite_create("classify");
	TCase *tc;

	tc = tcase_create("table");
	tcase_add_loop_test(tc, test_table, 0, NROWS(rows));
	tcase_add_loop_test(tc, test_prefixes, 0, NROWS(rows));
	tcase_add_test(tc, test_line_is_first_line);
	tcase_add_test(tc, test_hex);
	suite_add_tcase(s, tc);

	tc = tcase_create("tls");
	tcase_add_loop_test(tc, test_tls_fields, 0, NROWS(tls));
	tcase_add_loop_test(tc, test_tls_types_versions, 0, 25);
	tcase_add_test(tc, test_tls_neighbours);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_alert_name, 0, NROWS(alert_names));
	tcase_add_loop_test(tc, test_alert_name_all, 0, 256);
	tcase_add_loop_test(tc, test_version_name, 0, NROWS(versions));
	tcase_add_test(tc, test_version_name_small);
	tcase_add_test(tc, test_kind_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return cktest_run(classify_suite());
}
