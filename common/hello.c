/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SSL 3.0 ClientHello codec: building the hello, reading the answer. */
#include "config.h"

#include <string.h>

#include "hello.h"

/*
 * What SSL 3.0 servers offered: RSA and DHE key exchange with AES, 3DES,
 * RC4 and DES (RFC 6101 appendix A.6 and RFC 3268), plus the
 * renegotiation SCSV of RFC 5746.
 */
static const unsigned char ssl3_suites[] = {
	0x00, 0x39,	/* DHE_RSA_WITH_AES_256_CBC_SHA */
	0x00, 0x35,	/* RSA_WITH_AES_256_CBC_SHA */
	0x00, 0x33,	/* DHE_RSA_WITH_AES_128_CBC_SHA */
	0x00, 0x2f,	/* RSA_WITH_AES_128_CBC_SHA */
	0x00, 0x16,	/* DHE_RSA_WITH_3DES_EDE_CBC_SHA */
	0x00, 0x0a,	/* RSA_WITH_3DES_EDE_CBC_SHA */
	0x00, 0x05,	/* RSA_WITH_RC4_128_SHA */
	0x00, 0x04,	/* RSA_WITH_RC4_128_MD5 */
	0x00, 0x09,	/* RSA_WITH_DES_CBC_SHA */
	0x00, 0xff,	/* EMPTY_RENEGOTIATION_INFO_SCSV */
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
	buf[n++] = 0x00;	/* no session id */
	buf[n++] = 0x00;
	buf[n++] = sizeof(ssl3_suites);
	memcpy(buf + n, ssl3_suites, sizeof(ssl3_suites));
	n += sizeof(ssl3_suites);
	buf[n++] = 0x01;	/* one compression method: null */
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
