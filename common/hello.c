/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What our ClientHellos offer: the SSL 3.0 codec, the version priorities. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hello.h"

/*
 * What SSL 3.0 servers offered: RSA and DHE key exchange with AES, 3DES,
 * RC4 and DES (RFC 6101 appendix A.6 and RFC 3268), plus the
 * renegotiation SCSV of RFC 5746.
 */
static const unsigned char ssl3_suites[] = {
    0x00, 0x39, /* DHE_RSA_WITH_AES_256_CBC_SHA */
    0x00, 0x35, /* RSA_WITH_AES_256_CBC_SHA */
    0x00, 0x33, /* DHE_RSA_WITH_AES_128_CBC_SHA */
    0x00, 0x2f, /* RSA_WITH_AES_128_CBC_SHA */
    0x00, 0x16, /* DHE_RSA_WITH_3DES_EDE_CBC_SHA */
    0x00, 0x0a, /* RSA_WITH_3DES_EDE_CBC_SHA */
    0x00, 0x05, /* RSA_WITH_RC4_128_SHA */
    0x00, 0x04, /* RSA_WITH_RC4_128_MD5 */
    0x00, 0x09, /* RSA_WITH_DES_CBC_SHA */
    0x00, 0xff, /* EMPTY_RENEGOTIATION_INFO_SCSV */
};

size_t
hello_ssl3(unsigned char *buf, size_t bufsz, const unsigned char random[32])
{
	size_t body, n = 0;

	/* version, random, session id, suites, compression methods */
	body = 2 + 32 + 1 + 2 + sizeof(ssl3_suites) + 2;
	if (bufsz < 5 + 4 + body)
		return 0;
	/* Record header: handshake, SSL 3.0, length. */
	buf[n++] = 0x16;
	buf[n++] = 0x03;
	buf[n++] = 0x00;
	buf[n++] = (unsigned char)((4 + body) >> 8);
	buf[n++] = (unsigned char)((4 + body) & 0xff);
	/* Handshake header: client_hello, 24-bit length. */
	buf[n++] = 0x01;
	buf[n++] = 0x00;
	buf[n++] = (unsigned char)(body >> 8);
	buf[n++] = (unsigned char)(body & 0xff);
	buf[n++] = 0x03;
	buf[n++] = 0x00;
	memcpy(buf + n, random, 32);
	n += 32;
	buf[n++] = 0x00; /* no session id */
	buf[n++] = 0x00;
	buf[n++] = sizeof(ssl3_suites);
	memcpy(buf + n, ssl3_suites, sizeof(ssl3_suites));
	n += sizeof(ssl3_suites);
	buf[n++] = 0x01; /* one compression method: null */
	buf[n++] = 0x00;
	return n;
}

enum hello_answer
hello_ssl3_answer(const struct cls_result *r)
{
	if (r->kind == CLS_TLS_ALERT && r->alert_desc >= 0)
		return HELLO_ALERT;
	if (r->kind == CLS_TLS_HANDSHAKE && r->hs_type == 2 &&
	    r->hello_major == 3)
		return r->hello_minor == 0 ? HELLO_ACCEPTED :
					     HELLO_OTHER_VERSION;
	return HELLO_NOT_TLS;
}

/*
 * Ciphers and key exchanges no default client offers any more: a version
 * refused with the defaults but accepted with these is a cipher problem.
 */
#define HELLO_WIDE                                                             \
	":+3DES-CBC:+ARCFOUR-128:+CAMELLIA-128-CBC"                            \
	":+CAMELLIA-256-CBC:+CAMELLIA-128-GCM"                                 \
	":+CAMELLIA-256-GCM:+AES-128-CCM-8:+AES-256-CCM-8"                     \
	":+NULL:+MD5:+SHA1:+SHA256:+SHA384:+RSA:+DHE-RSA"                      \
	":+DHE-DSS:+SIGN-ALL:+GROUP-ALL"

const char *
hello_priority(char *buf, size_t bufsz, enum hello_version v, bool wide)
{
	static const char *const keyword[HELLO_VERSIONS] = {
	    "VERS-TLS1.0", "VERS-TLS1.1", "VERS-TLS1.2", "VERS-TLS1.3"};
	int n;

	if (bufsz == 0)
		return buf;
	buf[0] = '\0';
	if ((unsigned)v >= HELLO_VERSIONS)
		return buf;
	n = snprintf(buf, bufsz, "NORMAL:-VERS-ALL:+%s%s", keyword[v],
	    wide ? HELLO_WIDE : "");
	if (n < 0 || (size_t)n >= bufsz)
		buf[0] = '\0';
	return buf;
}
