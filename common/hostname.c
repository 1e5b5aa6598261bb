/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Host name matching (RFC 9525): pure functions over bytes. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "hostname.h"

#define LABEL_MAX 63 /* RFC 1035 2.3.4 */

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive equality of a (any bytes) and b (lower case). */
static bool
same_name(const unsigned char *a, const char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (lower(a[i]) != (unsigned char)b[i])
			return false;
	return true;
}

/* An IPv4 or IPv6 literal ("[::1]" too) into ref; false if it is none. */
static bool
ref_ip(struct hostname_ref *ref, const char *s, size_t len)
{
	char buf[64];

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
		if (len >= sizeof(buf))
			return false;
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (inet_pton(AF_INET6, buf, ref->ip) != 1)
			return false;
		ref->kind = HOSTNAME_IPV6;
		ref->iplen = 16;
		return true;
	}
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, ref->ip) == 1) {
		ref->kind = HOSTNAME_IPV4;
		ref->iplen = 4;
		return true;
	}
	if (inet_pton(AF_INET6, buf, ref->ip) == 1) {
		ref->kind = HOSTNAME_IPV6;
		ref->iplen = 16;
		return true;
	}
	return false;
}

/* A DNS name of len bytes into ref, lower-cased; false if invalid. */
static bool
ref_dns(struct hostname_ref *ref, const char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > HOSTNAME_DNS_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_') {
			if (++label > LABEL_MAX)
				return false;
		} else {
			return false;
		}
		ref->dns[i] = (char)lower(c);
	}
	if (label == 0)
		return false;
	ref->dns[len] = '\0';
	ref->len = len;
	ref->kind = HOSTNAME_DNS;
	return true;
}

int
hostname_ref_init(struct hostname_ref *ref, const char *host)
{
	size_t len;

	memset(ref, 0, sizeof(*ref));
	if (host == NULL)
		return -1;
	len = strlen(host);
	/* A fully qualified "example.com." names the same host. */
	if (len > 0 && host[len - 1] == '.')
		len--;
	if (len == 0)
		return -1;
	if (ref_ip(ref, host, len) || ref_dns(ref, host, len))
		return 0;
	memset(ref, 0, sizeof(*ref));
	return -1;
}

/*
 * "*.rest": the wildcard stands for exactly the host's left-most label
 * (RFC 9525 6.3 rule 2), rest for the remaining labels, of which there
 * must be two or more: "*.com" would cover a whole top-level domain.
 */
static bool
match_wildcard(
    const struct hostname_ref *ref, const unsigned char *rest, size_t len)
{
	const char *dot = memchr(ref->dns, '.', ref->len);
	size_t	    tail;

	if (len == 0 || memchr(rest, '.', len) == NULL || dot == NULL ||
	    dot == ref->dns)
		return false;
	tail = ref->len - (size_t)(dot + 1 - ref->dns);
	return tail == len && same_name(rest, dot + 1, len);
}

bool
hostname_match_dns(const struct hostname_ref *ref, const void *id, size_t len)
{
	const unsigned char *p = id;
	size_t		     i;

	if (ref == NULL || ref->kind != HOSTNAME_DNS || p == NULL)
		return false;
	/*
	 * IA5String, and RFC 9525 6.3 compares A-labels only: a NUL, a
	 * space, a control byte or a U-label never names a host.
	 */
	for (i = 0; i < len; i++)
		if (p[i] <= 0x20 || p[i] >= 0x7f)
			return false;
	if (len > 0 && p[len - 1] == '.')
		len--;
	if (len == 0)
		return false;
	if (p[0] == '*' && len >= 2 && p[1] == '.' &&
	    memchr(p + 2, '*', len - 2) == NULL)
		return match_wildcard(ref, p + 2, len - 2);
	/* "*" alone, "f*o.example.com", "*foo.example.com", "a.*.b.c" */
	if (memchr(p, '*', len) != NULL)
		return false;
	return len == ref->len && same_name(p, ref->dns, len);
}

bool
hostname_match_ip(const struct hostname_ref *ref, const void *addr, size_t len)
{
	if (ref == NULL || addr == NULL ||
	    (ref->kind != HOSTNAME_IPV4 && ref->kind != HOSTNAME_IPV6))
		return false;
	return len == ref->iplen && memcmp(addr, ref->ip, len) == 0;
}

bool
hostname_match_sans(
    const struct hostname_ref *ref, const struct hostname_san *sans, size_t n)
{
	size_t i;

	for (i = 0; sans != NULL && i < n; i++) {
		if (sans[i].type == HOSTNAME_SAN_DNS &&
		    hostname_match_dns(ref, sans[i].data, sans[i].len))
			return true;
		if (sans[i].type == HOSTNAME_SAN_IP &&
		    hostname_match_ip(ref, sans[i].data, sans[i].len))
			return true;
	}
	return false;
}
