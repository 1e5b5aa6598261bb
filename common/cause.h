/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The stable cause identifiers of DESIGN.md section 7, and the order in
 * which an expert walks them, so findings from every judge can be ranked.
 */
#ifndef TLSCHECK_CAUSE_H
#define TLSCHECK_CAUSE_H

/* In the order of DESIGN.md section 7; cause_rank() gives the walk order. */
enum cause {
	CAUSE_OK = 0,
	/* reaching the port */
	CAUSE_DNS_FAILURE,
	CAUSE_CONNECTION_REFUSED,
	CAUSE_CONNECTION_TIMEOUT,
	CAUSE_UNREACHABLE,
	CAUSE_PROXY_REFUSED,
	CAUSE_PROXY_FAILED,
	/* the dialogue */
	CAUSE_STARTTLS_NOT_OFFERED,
	CAUSE_STARTTLS_REFUSED,
	CAUSE_STARTTLS_UNEXPECTED_REPLY,
	/* what the port speaks */
	CAUSE_PLAINTEXT_ON_TLS_PORT,
	CAUSE_TLS_ON_PLAINTEXT_PORT,
	CAUSE_NOT_TLS_SSH,
	CAUSE_NOT_TLS_SMTP,
	CAUSE_NOT_TLS_FTP,
	CAUSE_NOT_TLS_POP3,
	CAUSE_NOT_TLS_IMAP,
	CAUSE_NOT_TLS_SSL2,
	CAUSE_NOT_TLS,
	/* the handshake */
	CAUSE_CONNECTION_RESET,
	CAUSE_TIMEOUT,
	CAUSE_STALL_AFTER_SERVERHELLO,
	CAUSE_LARGE_CLIENTHELLO_DROPPED,
	CAUSE_SNI_FILTERED,
	CAUSE_HANDSHAKE_FAILED,
	/* versions and ciphers */
	CAUSE_PROTOCOL_OBSOLETE,
	CAUSE_PROTOCOL_LEGACY_ENABLED,
	CAUSE_PROTOCOL_REQUIRED_MISSING,
	CAUSE_NO_COMMON_CIPHER,
	CAUSE_WEAK_DH,
	/* what the server demands */
	CAUSE_CLIENT_CERT_REQUIRED,
	CAUSE_ALPN_REQUIRED,
	CAUSE_SNI_REQUIRED,
	/* names */
	CAUSE_HOSTNAME_MISMATCH,
	CAUSE_NO_SAN,
	CAUSE_SNI_IGNORED,
	/* trust */
	CAUSE_CHAIN_INCOMPLETE,
	CAUSE_CHAIN_UNTRUSTED,
	CAUSE_SELF_SIGNED,
	CAUSE_CHAIN_MISORDERED,
	CAUSE_CHAIN_SUPERFLUOUS,
	CAUSE_WEAK_SIGNATURE,
	CAUSE_WEAK_KEY,
	CAUSE_OCSP_REVOKED,
	CAUSE_OCSP_STAPLE_MISSING,
	CAUSE_OCSP_STALE,
	CAUSE_INTERCEPTION,
	/* lifetime */
	CAUSE_CERT_EXPIRING,
	CAUSE_CERT_EXPIRED,
	CAUSE_CERT_NOT_YET_VALID,
	CAUSE_CHAIN_CERT_EXPIRED,
	CAUSE_CLOCK_SKEW,
	/* local */
	CAUSE_USAGE,
	CAUSE_LOCAL_ERROR,
	CAUSE_COUNT
};

/* "chain-incomplete"; "local-error" for a value out of range. Static. */
const char *cause_id(enum cause);
/* The cause named by id, or -1 when id names none. */
int cause_from_id(const char *id);
/*
 * Where the cause stands in an expert's walk, lower first: local problems
 * and usage (nothing could be probed), then reaching the port, the
 * dialogue, what the port speaks, the handshake, versions, demands,
 * names, trust, lifetime; OK last.
 */
int cause_rank(enum cause);

#endif
