/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What our ClientHellos offer. A hand-built SSL 3.0 ClientHello (RFC 6101
 * section 5.6.1.2): GnuTLS cannot offer SSL 3.0 at all, so the version
 * scan sends these bytes and reads the answer with the classifier. And the
 * GnuTLS priority strings that pin one TLS version.
 */
#ifndef TLSCHECK_HELLO_H
#define TLSCHECK_HELLO_H

#include <stdbool.h>
#include <stddef.h>

#include "classify.h"

/* Room for the ClientHello hello_ssl3() builds. */
#define HELLO_SSL3_MAX 128

/*
 * Write an SSL 3.0 ClientHello offering the usual SSL 3.0 suites, no
 * extensions, into buf. random is the 32-byte client random. Returns the
 * length, or 0 when bufsz is too small.
 */
size_t hello_ssl3(
    unsigned char *buf, size_t bufsz, const unsigned char random[32]);

enum hello_answer {
	HELLO_ACCEPTED,	     /* ServerHello for SSL 3.0 */
	HELLO_OTHER_VERSION, /* ServerHello for another version */
	HELLO_ALERT,	     /* a TLS alert */
	HELLO_NOT_TLS,	     /* something else, or nothing usable */
};

/* What a server's reply to hello_ssl3() says. */
enum hello_answer hello_ssl3_answer(const struct cls_result *);

/* The versions GnuTLS can offer. */
enum hello_version {
	HELLO_TLS10,
	HELLO_TLS11,
	HELLO_TLS12,
	HELLO_TLS13,
	HELLO_VERSIONS
};

/*
 * The GnuTLS priority string whose ClientHello offers only version v: with
 * the default ciphers, or (wide) also the legacy ciphers and key exchanges
 * no default client offers any more, so that a version refused with the
 * first but accepted with the second is known as a cipher problem. Returns
 * buf; "" when bufsz is too small or v is out of range.
 */
const char *hello_priority(
    char *buf, size_t bufsz, enum hello_version v, bool wide);

#endif
