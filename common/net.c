/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deadline-bound resolve, connect and capturing socket I/O. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "out.h"

double
net_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
net_remaining_ms(double deadline)
{
	double left = (deadline - net_mono()) * 1000.0;

	if (left <= 0)
		return 0;
	if (left > INT_MAX / 2)
		return INT_MAX / 2;
	/* Round up so a wait never ends just before the deadline. */
	return (int)left + 1;
}

void
net_conn_init(struct net_conn *c, double deadline)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->deadline = deadline;
}

bool
net_is_ip_literal(const char *s)
{
	struct in6_addr a6;
	struct in_addr	a4;

	return inet_pton(AF_INET, s, &a4) == 1 ||
	    inet_pton(AF_INET6, s, &a6) == 1;
}

/*
 * getaddrinfo() under the deadline. glibc's getaddrinfo_a() runs the
 * lookup in a helper thread, so a stuck resolver cannot hold us past -t.
 * A request that cannot be cancelled keeps its memory (the helper may
 * still write to it); the process ends soon after.
 */
static int
resolve(const char *name, const char *port, int family, double deadline,
    struct addrinfo **res, bool *timed_out)
{
	struct {
		struct gaicb	cb;
		struct addrinfo hints;
	} * req;
	struct gaicb *list[1];
	int	      r;

	*timed_out = false;
	*res = NULL;
	req = calloc(1, sizeof(*req));
	if (req == NULL)
		return EAI_MEMORY;
	req->hints.ai_family = family;
	req->hints.ai_socktype = SOCK_STREAM;
	req->hints.ai_protocol = IPPROTO_TCP;
	req->hints.ai_flags = AI_NUMERICSERV;
	if (net_is_ip_literal(name)) {
		/* A literal needs no resolver and no thread. */
		req->hints.ai_flags |= AI_NUMERICHOST;
		r = getaddrinfo(name, port, &req->hints, res);
		free(req);
		return r;
	}
	req->cb.ar_name = name;
	req->cb.ar_service = port;
	req->cb.ar_request = &req->hints;
	list[0] = &req->cb;
	r = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL);
	if (r != 0) {
		free(req);
		return r;
	}
	for (;;) {
		int		ms = net_remaining_ms(deadline);
		struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

		r = gai_error(&req->cb);
		if (r != EAI_INPROGRESS)
			break;
		if (ms == 0) {
			*timed_out = true;
			if (gai_cancel(&req->cb) == EAI_CANCELED)
				free(req);
			return EAI_AGAIN;
		}
		(void)gai_suspend((const struct gaicb *const *)list, 1, &ts);
	}
	if (r == 0)
		*res = req->cb.ar_result;
	free(req);
	return r;
}

static enum net_err
errno_class(int e)
{
	switch (e) {
	case ECONNREFUSED:
		return NET_E_REFUSED;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case ENETDOWN:
	case EHOSTDOWN:
	case EADDRNOTAVAIL:
		return NET_E_UNREACHABLE;
	default:
		return NET_E_CONNECT;
	}
}

/* One non-blocking connect attempt bounded by until. Returns 0 or an errno. */
static int
connect_one(struct net_conn *c, const struct addrinfo *ai, double until,
    bool *timed_out)
{
	struct pollfd pfd;
	int	      fd, err = 0, one = 1, r;
	socklen_t     len = sizeof(err);

	*timed_out = false;
	fd = socket(ai->ai_family,
	    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd == -1)
		return errno;
	/* The ClientHello is one small write; send it at once. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		goto ok;
	if (errno != EINPROGRESS) {
		err = errno;
		close(fd);
		return err;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	for (;;) {
		pfd.revents = 0;
		r = poll(&pfd, 1, net_remaining_ms(until));
		if (r == -1 && errno == EINTR)
			continue;
		break;
	}
	if (r == 0) {
		*timed_out = true;
		close(fd);
		return ETIMEDOUT;
	}
	if (r == -1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1) {
		err = errno;
		close(fd);
		return err;
	}
	if (err != 0) {
		close(fd);
		return err;
	}
ok:
	c->fd = fd;
	c->family = ai->ai_family;
	return 0;
}

static void
numeric_address(const struct addrinfo *ai, char *buf, size_t bufsz)
{
	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, buf, (socklen_t)bufsz,
		NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(buf, bufsz, "?");
}

enum net_err
net_resolve(const char *name, const char *port, int family, double deadline,
    struct addrinfo **list, char *why, size_t whysz)
{
	char ename[OUT_FIELD_SIZE];
	bool to = false;
	int  r;

	*list = NULL;
	r = resolve(name, port, family, deadline, list, &to);
	if (r == 0)
		return NET_OK;
	out_escape(ename, sizeof(ename), name, strlen(name));
	if (to) {
		snprintf(why, whysz,
		    "name resolution of '%s' did not finish in "
		    "time",
		    ename);
		return NET_E_TIMEOUT;
	}
	if (r == EAI_MEMORY) {
		snprintf(why, whysz, "out of memory");
		return NET_E_NOMEM;
	}
	snprintf(why, whysz, "cannot resolve '%s'%s: %s", ename,
	    family == AF_INET	   ? " (IPv4)" :
		family == AF_INET6 ? " (IPv6)" :
				     "",
	    r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
	return NET_E_RESOLVE;
}

void
net_addrs_free(struct addrinfo *list)
{
	if (list != NULL)
		freeaddrinfo(list);
}

enum net_err
net_connect(struct net_conn *c, const char *name, const char *port, int family,
    enum net_stage *stage, char *why, size_t whysz)
{
	struct addrinfo *res = NULL;
	enum net_err	 e;

	*stage = NET_S_RESOLVE;
	e = net_resolve(name, port, family, c->deadline, &res, why, whysz);
	if (e != NET_OK)
		return e;
	*stage = NET_S_CONNECT;
	e = net_connect_addrs(c, res, port, why, whysz);
	freeaddrinfo(res);
	return e;
}

enum net_err
net_connect_addrs(struct net_conn *c, const struct addrinfo *list,
    const char *port, char *why, size_t whysz)
{
	const struct addrinfo *ai;
	bool		       to = false, any_timeout = false;
	int		       n = 0, i = 0, last = ETIMEDOUT;
	enum net_err	       ret;

	for (ai = list; ai != NULL; ai = ai->ai_next)
		n++;
	for (ai = list; ai != NULL; ai = ai->ai_next, i++) {
		double left = c->deadline - net_mono();
		double until = c->deadline;

		/* Leave the later addresses their share of the time. */
		if (i < n - 1 && left > 0)
			until = net_mono() + left / (n - i);
		numeric_address(ai, c->address, sizeof(c->address));
		last = connect_one(c, ai, until, &to);
		if (last == 0)
			return NET_OK;
		if (to)
			any_timeout = true;
		if (net_remaining_ms(c->deadline) == 0)
			break;
	}
	if (last == ETIMEDOUT && any_timeout) {
		snprintf(why, whysz,
		    "no answer to TCP connect to %s port %s "
		    "in time (filtered, or host down)",
		    c->address, port);
		return NET_E_TIMEOUT;
	}
	ret = errno_class(last);
	if (ret == NET_E_REFUSED)
		snprintf(why, whysz, "connection refused by %s port %s",
		    c->address, port);
	else if (ret == NET_E_UNREACHABLE)
		snprintf(why, whysz, "%s is unreachable: %s", c->address,
		    strerror(last));
	else if (last == EMFILE || last == ENFILE || last == ENOBUFS ||
	    last == ENOMEM || last == EAFNOSUPPORT) {
		snprintf(
		    why, whysz, "cannot open a socket: %s", strerror(last));
		ret = NET_E_INTERNAL;
	} else
		snprintf(why, whysz, "cannot connect to %s port %s: %s",
		    c->address, port, strerror(last));
	return ret;
}

static int
poll_fd(int fd, short events, int ms, short *revents)
{
	struct pollfd pfd;
	int	      r;

	pfd.fd = fd;
	pfd.events = events;
	do {
		pfd.revents = 0;
		r = poll(&pfd, 1, ms);
	} while (r == -1 && errno == EINTR);
	*revents = pfd.revents;
	return r;
}

int
net_wait(struct net_conn *c, int ms, bool for_write)
{
	int   left = net_remaining_ms(c->deadline), r;
	short rev;

	if (c->fd == -1)
		return -1;
	if (ms < 0 || ms > left)
		ms = left;
	r = poll_fd(c->fd, for_write ? POLLOUT : POLLIN, ms, &rev);
	if (r == 0)
		c->timed_out = true;
	return r;
}

void
net_preread(struct net_conn *c, int ms)
{
	unsigned char b;
	ssize_t	      r;
	short	      rev;

	if (c->fd == -1 || c->nsent > 0)
		return;
	if (ms > net_remaining_ms(c->deadline))
		ms = net_remaining_ms(c->deadline);
	if (poll_fd(c->fd, POLLIN | POLLRDHUP, ms, &rev) <= 0)
		return;
	r = recv(c->fd, &b, 1, MSG_PEEK);
	if (r > 0) {
		c->spoke_first = true;
	} else if (r == 0) {
		c->closed_first = true;
	} else if (errno != EAGAIN && errno != EINTR) {
		c->closed_first = true;
		c->rerrno = errno;
	}
}

ssize_t
net_send(struct net_conn *c, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t		     done = 0;

	while (done < len) {
		ssize_t r = send(c->fd, p + done, len - done, MSG_NOSIGNAL);

		if (r > 0) {
			done += (size_t)r;
			c->nsent += (size_t)r;
			continue;
		}
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && errno == EAGAIN) {
			if (net_wait(c, -1, true) > 0)
				continue;
			errno = EAGAIN;
			return done > 0 ? (ssize_t)done : -1;
		}
		c->rerrno = errno;
		return done > 0 ? (ssize_t)done : -1;
	}
	return (ssize_t)done;
}

ssize_t
net_recv(struct net_conn *c, void *buf, size_t len)
{
	ssize_t r;

	do {
		r = recv(c->fd, buf, len, 0);
	} while (r == -1 && errno == EINTR);
	if (r > 0) {
		size_t k = (size_t)r;

		if (c->nfirst < NET_CAPTURE) {
			if (k > NET_CAPTURE - c->nfirst)
				k = NET_CAPTURE - c->nfirst;
			memcpy(c->first + c->nfirst, buf, k);
			c->nfirst += k;
		}
		c->nrecv += (size_t)r;
	} else if (r == 0) {
		c->eof = true;
	} else if (errno != EAGAIN) {
		c->rerrno = errno;
	}
	return r;
}

void
net_drain(struct net_conn *c, int ms)
{
	double	      until = net_mono() + ms / 1000.0;
	unsigned char tmp[NET_CAPTURE];

	if (c->fd == -1)
		return;
	if (until > c->deadline)
		until = c->deadline;
	while (c->nfirst < NET_CAPTURE && !c->eof && c->rerrno == 0) {
		int   left = net_remaining_ms(until);
		short rev;

		/* A complete first line is all a report quotes. */
		if (c->nfirst > 0 && memchr(c->first, '\n', c->nfirst) != NULL)
			break;
		if (left == 0 || poll_fd(c->fd, POLLIN, left, &rev) <= 0)
			break;
		if (net_recv(c, tmp, NET_CAPTURE - c->nfirst) <= 0 &&
		    errno != EAGAIN)
			break;
	}
}

void
net_capture_mark(struct net_conn *c)
{
	memset(c->first, 0, sizeof(c->first));
	c->nfirst = 0;
	c->nrecv = 0;
	c->nsent = 0;
	c->eof = false;
	c->rerrno = 0;
	c->timed_out = false;
	c->spoke_first = false;
	c->closed_first = false;
}

void
net_close(struct net_conn *c)
{
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
}
