/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cause identifiers (DESIGN.md section 7) and their rank. */
#include "config.h"

#include <string.h>

#include "cause.h"

static const char *const cause_ids[CAUSE_COUNT] = {
    [CAUSE_OK] = "ok",
    [CAUSE_DNS_FAILURE] = "dns-failure",
    [CAUSE_CONNECTION_REFUSED] = "connection-refused",
    [CAUSE_CONNECTION_TIMEOUT] = "connection-timeout",
    [CAUSE_UNREACHABLE] = "unreachable",
    [CAUSE_PROXY_REFUSED] = "proxy-refused",
    [CAUSE_PROXY_FAILED] = "proxy-failed",
    [CAUSE_STARTTLS_NOT_OFFERED] = "starttls-not-offered",
    [CAUSE_STARTTLS_REFUSED] = "starttls-refused",
    [CAUSE_STARTTLS_UNEXPECTED_REPLY] = "starttls-unexpected-reply",
    [CAUSE_PLAINTEXT_ON_TLS_PORT] = "plaintext-on-tls-port",
    [CAUSE_TLS_ON_PLAINTEXT_PORT] = "tls-on-plaintext-port",
    [CAUSE_NOT_TLS_SSH] = "not-tls-ssh",
    [CAUSE_NOT_TLS_SMTP] = "not-tls-smtp",
    [CAUSE_NOT_TLS_FTP] = "not-tls-ftp",
    [CAUSE_NOT_TLS_POP3] = "not-tls-pop3",
    [CAUSE_NOT_TLS_IMAP] = "not-tls-imap",
    [CAUSE_NOT_TLS_SSL2] = "not-tls-ssl2",
    [CAUSE_NOT_TLS] = "not-tls",
    [CAUSE_CONNECTION_RESET] = "connection-reset",
    [CAUSE_TIMEOUT] = "timeout",
    [CAUSE_STALL_AFTER_SERVERHELLO] = "stall-after-serverhello",
    [CAUSE_LARGE_CLIENTHELLO_DROPPED] = "large-clienthello-dropped",
    [CAUSE_SNI_FILTERED] = "sni-filtered",
    [CAUSE_HANDSHAKE_FAILED] = "handshake-failed",
    [CAUSE_PROTOCOL_OBSOLETE] = "protocol-obsolete",
    [CAUSE_PROTOCOL_LEGACY_ENABLED] = "protocol-legacy-enabled",
    [CAUSE_PROTOCOL_REQUIRED_MISSING] = "protocol-required-missing",
    [CAUSE_NO_COMMON_CIPHER] = "no-common-cipher",
    [CAUSE_WEAK_DH] = "weak-dh",
    [CAUSE_CLIENT_CERT_REQUIRED] = "client-cert-required",
    [CAUSE_ALPN_REQUIRED] = "alpn-required",
    [CAUSE_SNI_REQUIRED] = "sni-required",
    [CAUSE_HOSTNAME_MISMATCH] = "hostname-mismatch",
    [CAUSE_NO_SAN] = "no-san",
    [CAUSE_SNI_IGNORED] = "sni-ignored",
    [CAUSE_CHAIN_INCOMPLETE] = "chain-incomplete",
    [CAUSE_CHAIN_UNTRUSTED] = "chain-untrusted",
    [CAUSE_SELF_SIGNED] = "self-signed",
    [CAUSE_CHAIN_MISORDERED] = "chain-misordered",
    [CAUSE_CHAIN_SUPERFLUOUS] = "chain-superfluous",
    [CAUSE_WEAK_SIGNATURE] = "weak-signature",
    [CAUSE_WEAK_KEY] = "weak-key",
    [CAUSE_OCSP_REVOKED] = "ocsp-revoked",
    [CAUSE_OCSP_STAPLE_MISSING] = "ocsp-staple-missing",
    [CAUSE_OCSP_STALE] = "ocsp-stale",
    [CAUSE_INTERCEPTION] = "interception",
    [CAUSE_CERT_EXPIRING] = "cert-expiring",
    [CAUSE_CERT_EXPIRED] = "cert-expired",
    [CAUSE_CERT_NOT_YET_VALID] = "cert-not-yet-valid",
    [CAUSE_CHAIN_CERT_EXPIRED] = "chain-cert-expired",
    [CAUSE_CLOCK_SKEW] = "clock-skew",
    [CAUSE_USAGE] = "usage",
    [CAUSE_LOCAL_ERROR] = "local-error",
};

const char *
cause_id(enum cause c)
{
	if ((unsigned)c >= CAUSE_COUNT || cause_ids[c] == NULL)
		return "local-error";
	return cause_ids[c];
}

int
cause_from_id(const char *id)
{
	int i;

	for (i = 0; i < CAUSE_COUNT; i++)
		if (cause_ids[i] != NULL && strcmp(cause_ids[i], id) == 0)
			return i;
	return -1;
}

int
cause_rank(enum cause c)
{
	/* Local trouble first: until it is fixed nothing else is known. */
	if (c == CAUSE_USAGE)
		return 0;
	if (c == CAUSE_LOCAL_ERROR)
		return 1;
	if (c == CAUSE_OK || (unsigned)c >= CAUSE_COUNT)
		return CAUSE_COUNT + 1;
	/* Otherwise the order of section 7 is the order of the walk. */
	return 1 + (int)c;
}
