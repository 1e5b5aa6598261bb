/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Host name matching of our own (RFC 9525, which replaced RFC 6125): the
 * name a plugin checks against what a certificate presents. Pure, without
 * GnuTLS, so that a verdict cannot change with a library patch level.
 */
#ifndef TLSCHECK_HOSTNAME_H
#define TLSCHECK_HOSTNAME_H

#include <stdbool.h>
#include <stddef.h>

/* RFC 1035 2.3.4: 255 octets on the wire, 253 as text without the dot. */
#define HOSTNAME_DNS_MAX 253

enum hostname_kind {
	HOSTNAME_INVALID = 0, /* matches nothing */
	HOSTNAME_DNS,
	HOSTNAME_IPV4,
	HOSTNAME_IPV6
};

/* The reference identity: the name or address a certificate must cover. */
struct hostname_ref {
	enum hostname_kind kind;
	char		   dns[HOSTNAME_DNS_MAX + 1]; /* lower case, no dot */
	size_t		   len;			      /* of dns */
	unsigned char	   ip[16];		      /* network order */
	size_t		   iplen;		      /* 4 or 16 */
};

/* What a subjectAltName entry is (RFC 5280 4.2.1.6 GeneralName). */
enum hostname_san_type {
	HOSTNAME_SAN_DNS,   /* dNSName [2] */
	HOSTNAME_SAN_IP,    /* iPAddress [7] */
	HOSTNAME_SAN_EMAIL, /* rfc822Name [1] */
	HOSTNAME_SAN_URI,   /* uniformResourceIdentifier [6] */
	HOSTNAME_SAN_OTHER  /* any other kind: never a host */
};

/* One subjectAltName entry, as the certificate has it. */
struct hostname_san {
	enum hostname_san_type type;
	unsigned int	       tag;  /* the GeneralName's [n], for display */
	const unsigned char   *data; /* borrowed; any bytes, NUL included */
	size_t		       len;
};

/*
 * Parse host (a DNS name or an IPv4 or IPv6 literal, IPv6 maybe in
 * brackets; one trailing dot dropped) into ref. A DNS name is ASCII
 * letters, digits, '-' and '_' in labels of 1 to 63 bytes, at most 253
 * bytes in all; a U-label or a '*' makes it invalid. Returns 0, or -1
 * when host is none of these (ref then matches nothing).
 */
int hostname_ref_init(struct hostname_ref *ref, const char *host);
/*
 * Does one presented DNS identifier (a dNSName SAN, or a CN where that is
 * allowed) of len bytes cover ref? RFC 9525 6.3: ASCII compared without
 * case, one trailing dot ignored; a wildcard only as the whole left-most
 * label ("*.example.com"), matching exactly one non-empty label, and not
 * over a single label ("*.com"). False for IP references, for identifiers
 * with bytes outside printable ASCII (NUL, U-labels) and for any other
 * '*'.
 */
bool hostname_match_dns(
    const struct hostname_ref *ref, const void *id, size_t len);
/*
 * Does one iPAddress SAN (4 or 16 bytes, network order) cover ref? Only
 * an IP reference of the same family and value matches (RFC 9525 6.5).
 */
bool hostname_match_ip(
    const struct hostname_ref *ref, const void *addr, size_t len);
/* Does any of sans[0..n-1] cover ref, each by its type? */
bool hostname_match_sans(
    const struct hostname_ref *ref, const struct hostname_san *sans, size_t n);

#endif
