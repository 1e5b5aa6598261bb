/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sockets under one deadline: name resolution, non-blocking connect over
 * IPv4/IPv6, and sends/receives that keep the first bytes the server sent
 * and how the connection ended (EOF, reset, silence).
 */
#ifndef TLSCHECK_NET_H
#define TLSCHECK_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct addrinfo;

#define NET_CAPTURE 512

enum net_err {
	NET_OK = 0,
	NET_E_NOMEM,
	NET_E_INTERNAL, /* socket() or similar local failure */
	NET_E_RESOLVE,	/* the name does not resolve */
	NET_E_TIMEOUT,	/* deadline passed; see the stage */
	NET_E_REFUSED,
	NET_E_UNREACHABLE,
	NET_E_CONNECT /* any other connect error */
};

enum net_stage { NET_S_RESOLVE, NET_S_CONNECT };

struct net_conn {
	int    fd; /* -1 when closed */
	int    family;
	char   address[64]; /* numeric address connected to */
	double deadline;    /* net_mono() seconds */
	/* The server's bytes, as received, up to NET_CAPTURE. */
	unsigned char first[NET_CAPTURE];
	size_t	      nfirst;
	size_t	      nrecv, nsent;
	bool	      eof; /* the server closed (FIN) */
	int  rerrno;	   /* errno of a failed send/recv (ECONNRESET, EPIPE) */
	bool timed_out;	   /* a wait ran out of time */
	bool spoke_first;  /* bytes were waiting before we sent anything */
	bool closed_first; /* EOF or reset before we sent anything */
};

/* Monotonic clock in seconds. */
double net_mono(void);
/* Milliseconds left until deadline, never negative, capped at INT_MAX/2. */
int net_remaining_ms(double deadline);

/* Prepare c (no socket yet). */
void net_conn_init(struct net_conn *, double deadline);

/*
 * Resolve name (a DNS name or an IP literal) for port and family (AF_UNSPEC,
 * AF_INET, AF_INET6), then connect to the first address that answers,
 * sharing what is left of the deadline between the candidates. Returns
 * NET_OK or an error; *stage says where it stopped, and why receives one
 * line naming the object and the system's words.
 */
enum net_err net_connect(struct net_conn *, const char *name, const char *port,
    int family, enum net_stage *stage, char *why, size_t whysz);

/*
 * Resolve name (a DNS name or an IP literal) for port and family within
 * the deadline. The list is owned by the caller: net_addrs_free(). On
 * failure why names the object and the resolver's words.
 */
enum net_err net_resolve(const char *name, const char *port, int family,
    double deadline, struct addrinfo **list, char *why, size_t whysz);
void	     net_addrs_free(struct addrinfo *);
/*
 * Connect to the first address of list that answers, in list order,
 * sharing what is left of c's deadline between the candidates. Probes
 * that share one list reach the same server behind round-robin DNS.
 */
enum net_err net_connect_addrs(struct net_conn *, const struct addrinfo *list,
    const char *port, char *why, size_t whysz);

/*
 * Wait up to ms (within the deadline) for bytes or a close before we have
 * spoken; records spoke_first/closed_first. Reads nothing (MSG_PEEK).
 */
void net_preread(struct net_conn *, int ms);
/*
 * Send all of buf before the deadline. Returns the bytes sent, or -1 with
 * errno set (EAGAIN when the deadline passed).
 */
ssize_t net_send(struct net_conn *, const void *buf, size_t len);
/*
 * One non-blocking receive: >0 bytes (captured), 0 on EOF, -1 with errno
 * (EAGAIN when nothing is there yet).
 */
ssize_t net_recv(struct net_conn *, void *buf, size_t len);
/* Wait until readable or ms pass (capped by the deadline): 1, 0 or -1. */
int net_wait(struct net_conn *, int ms, bool for_write);
/*
 * After a failure, read up to ms more (within the deadline) into the
 * capture, stopping at EOF, a full capture, or a complete first line, so a
 * report can quote it.
 */
void net_drain(struct net_conn *, int ms);
/*
 * Start the capture afresh, as if nothing had been sent or received yet:
 * first[], nfirst, nrecv, nsent, eof, rerrno, timed_out, spoke_first and
 * closed_first. After a pre-TLS dialogue (STARTTLS, a proxy's CONNECT),
 * what answers the ClientHello is then kept and classified on its own,
 * and net_preread looks again. The socket and the deadline stay.
 */
void net_capture_mark(struct net_conn *);
/* Close the socket; safe twice. */
void net_close(struct net_conn *);
/* Is s an IPv4 or IPv6 literal? */
bool net_is_ip_literal(const char *s);

#endif
