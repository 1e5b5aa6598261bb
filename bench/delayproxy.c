/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delayproxy: loopback TCP proxy that holds every chunk of bytes for D ms
 * in each direction, so a benchmark sees round trips. A benchmark tool.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PROG	     "delayproxy"
#define MAX_CONNS    128   /* connections at once; more wait */
#define CHUNK_MAX    16384 /* bytes read at once */
#define QUEUE_MAX    65536 /* queued bytes per direction: stop reading */
#define DELAY_MAX_MS 10000
#define LIFE_MAX_S   86400L
#define NS	     1000000000LL

/* What a queued chunk asks the writer to do once it is due. */
enum chunk_kind {
	CHUNK_DATA,
	CHUNK_EOF, /* shutdown(SHUT_WR) the destination */
	CHUNK_RST  /* the source was reset: reset the destination */
};

struct chunk {
	struct chunk   *next;
	int64_t		due; /* CLOCK_MONOTONIC ns */
	enum chunk_kind kind;
	size_t		len;
	size_t		off; /* bytes already written */
	unsigned char	data[];
};

/* One direction: bytes read from fd[src] wait here, then go to fd[1 - src]. */
struct dir {
	struct chunk *head; /* owned, oldest first */
	struct chunk *tail;
	size_t	      queued;	  /* data bytes in the queue */
	bool	      rd_done;	  /* EOF or error read, or not wanted */
	bool	      wr_blocked; /* the last write would block */
	bool	      wr_done;	  /* nothing more goes this way */
};

/* fd[0] is the accepted client, fd[1] the target; d[i] reads fd[i]. */
struct conn {
	int	   fd[2];
	bool	   connecting; /* fd[1] connect still in progress */
	bool	   aborted;
	struct dir d[2];
};

static struct conn *conns[MAX_CONNS];
static int	    nconns;

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: %s -l ADDR -t ADDR:PORT [-d MS] [-x SECONDS]\n"
	    "  listens on ADDR port 0, prints 'READY <port>', forwards each\n"
	    "  connection to the target, every chunk held MS ms (default 20)\n"
	    "  each way; exits after SECONDS (default 600). Loopback only.\n",
	    PROG);
}

static bool
parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long  v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/*
 * ADDR (no port) or ADDR:PORT, IPv6 in brackets for the latter, into ss.
 * Only loopback addresses: this tool must never relay off the machine.
 */
static bool
parse_addr(const char *s, bool with_port, struct sockaddr_storage *ss,
    socklen_t *sslen)
{
	struct sockaddr_in  *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	char		     host[INET6_ADDRSTRLEN + 1];
	const char	    *h = s, *p = NULL;
	size_t		     hl;
	long		     port = 0;

	if (with_port) {
		p = strrchr(s, ':');
		if (p == NULL || !parse_long(p + 1, 1, 65535, &port))
			return false;
		hl = (size_t)(p - s);
		if (s[0] == '[') {
			if (hl < 2 || s[hl - 1] != ']')
				return false;
			h = s + 1;
			hl -= 2;
		} else if (memchr(s, ':', hl) != NULL) {
			return false; /* IPv6 with a port needs brackets */
		}
	} else {
		hl = strlen(s);
	}
	if (hl == 0 || hl >= sizeof(host))
		return false;
	memcpy(host, h, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		*sslen = sizeof(*sin);
		return (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		const unsigned char *b = sin6->sin6_addr.s6_addr;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*sslen = sizeof(*sin6);
		return IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) && b[12] == 127);
	}
	return false;
}

static void
set_nodelay(int fd)
{
	int one = 1;

	/* Nagle would hold small records back and add its own delay. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* Close with a TCP reset rather than a FIN. */
static void
close_reset(int fd)
{
	struct linger lg = {1, 0};

	if (fd < 0)
		return;
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static void
dir_clear(struct dir *d)
{
	struct chunk *c, *next;

	for (c = d->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	d->head = d->tail = NULL;
	d->queued = 0;
}

static void
conn_free(struct conn *c)
{
	int i;

	for (i = 0; i < 2; i++) {
		dir_clear(&c->d[i]);
		if (c->fd[i] >= 0) {
			if (c->aborted)
				close_reset(c->fd[i]);
			else
				close(c->fd[i]);
		}
	}
	free(c);
}

/* Queue a chunk at the tail; returns false when out of memory. */
static bool
dir_push(struct dir *d, enum chunk_kind kind, const void *buf, size_t len,
    int64_t due)
{
	struct chunk *c;

	c = malloc(sizeof(*c) + len);
	if (c == NULL)
		return false;
	c->next = NULL;
	c->due = due;
	c->kind = kind;
	c->len = len;
	c->off = 0;
	if (len > 0)
		memcpy(c->data, buf, len);
	if (d->tail != NULL)
		d->tail->next = c;
	else
		d->head = c;
	d->tail = c;
	d->queued += len;
	return true;
}

/*
 * The destination of direction i failed: nothing more goes that way, and
 * the reset travels back to the other side after the delay like any byte.
 */
static void
conn_dst_failed(struct conn *c, int i, int64_t now, int64_t delay)
{
	struct dir *back = &c->d[1 - i];

	dir_clear(&c->d[i]);
	c->d[i].rd_done = true;
	c->d[i].wr_done = true;
	if (!back->rd_done) {
		back->rd_done = true;
		if (!dir_push(back, CHUNK_RST, NULL, 0, now + delay))
			c->aborted = true;
	}
}

/* Write what is due in direction i; may abort the connection. */
static void
conn_flush_dir(struct conn *c, int i, int64_t now, int64_t delay)
{
	struct dir   *d = &c->d[i];
	int	      dst = c->fd[1 - i];
	struct chunk *k;
	ssize_t	      n;

	while (d->head != NULL && !d->wr_blocked && d->head->due <= now) {
		k = d->head;
		if (k->kind == CHUNK_RST) {
			c->aborted = true;
			return;
		}
		if (k->kind == CHUNK_EOF) {
			(void)shutdown(dst, SHUT_WR);
			d->wr_done = true;
		} else {
			n = send(dst, k->data + k->off, k->len - k->off,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n < 0 &&
			    (errno == EAGAIN || errno == EWOULDBLOCK ||
				errno == EINTR)) {
				d->wr_blocked = true;
				return;
			}
			if (n < 0) {
				conn_dst_failed(c, i, now, delay);
				return;
			}
			k->off += (size_t)n;
			if (k->off < k->len) {
				d->wr_blocked = true;
				return;
			}
			d->queued -= k->len;
		}
		d->head = k->next;
		if (d->head == NULL)
			d->tail = NULL;
		free(k);
	}
}

/* Read one chunk from fd[i] into direction i, due at now + delay. */
static void
conn_read(struct conn *c, int i, int64_t now, int64_t delay)
{
	unsigned char buf[CHUNK_MAX];
	struct dir   *d = &c->d[i];
	ssize_t	      n;

	n = recv(c->fd[i], buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0 &&
	    (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n > 0) {
		if (!dir_push(d, CHUNK_DATA, buf, (size_t)n, now + delay))
			c->aborted = true;
		return;
	}
	d->rd_done = true;
	if (!dir_push(d, n == 0 ? CHUNK_EOF : CHUNK_RST, NULL, 0, now + delay))
		c->aborted = true;
}

static void
conn_accept(int lfd, const struct sockaddr_storage *tgt, socklen_t tgtlen)
{
	struct conn *c;
	int	     cfd, tfd;

	cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return;
	tfd = socket(
	    tgt->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	c = calloc(1, sizeof(*c));
	if (tfd < 0 || c == NULL) {
		fprintf(stderr, "%s: cannot take a connection: %s\n", PROG,
		    c == NULL ? "out of memory" : strerror(errno));
		close_reset(cfd);
		if (tfd >= 0)
			close(tfd);
		free(c);
		return;
	}
	set_nodelay(cfd);
	set_nodelay(tfd);
	c->fd[0] = cfd;
	c->fd[1] = tfd;
	c->connecting = true;
	if (connect(tfd, (const struct sockaddr *)tgt, tgtlen) == 0)
		c->connecting = false;
	else if (errno != EINPROGRESS)
		c->aborted = true;
	conns[nconns++] = c;
}

/* The non-blocking connect to the target ended: go on, or reset the client. */
static void
conn_connected(struct conn *c)
{
	socklen_t sl = sizeof(int);
	int	  err = 0;

	if (getsockopt(c->fd[1], SOL_SOCKET, SO_ERROR, &err, &sl) == -1 ||
	    err != 0) {
		fprintf(stderr, "%s: cannot reach the target: %s\n", PROG,
		    strerror(err != 0 ? err : errno));
		c->aborted = true;
		return;
	}
	c->connecting = false;
}

static bool
dir_wants_read(const struct conn *c, int i)
{
	return !c->d[i].rd_done && c->d[i].queued < QUEUE_MAX &&
	    !(i == 1 && c->connecting);
}

/* Earliest time a queue head can be written, or INT64_MAX. */
static int64_t
conn_next_due(const struct conn *c)
{
	int64_t t = INT64_MAX;
	int	i;

	for (i = 0; i < 2; i++) {
		const struct dir *d = &c->d[i];

		if (d->head == NULL || d->wr_blocked || c->connecting)
			continue;
		if (d->head->due < t)
			t = d->head->due;
	}
	return t;
}

/* Write what is due, drop what is finished; returns when next is due. */
static int64_t
flush_due(int64_t now, int64_t delay, int64_t end)
{
	int64_t next = end;
	int	i;

	for (i = 0; i < nconns; i++) {
		struct conn *c = conns[i];

		if (!c->connecting && !c->aborted) {
			conn_flush_dir(c, 0, now, delay);
			if (!c->aborted)
				conn_flush_dir(c, 1, now, delay);
		}
		if (c->aborted || (c->d[0].wr_done && c->d[1].wr_done)) {
			conn_free(c);
			conns[i] = conns[--nconns];
			i--;
			continue;
		}
		if (conn_next_due(c) < next)
			next = conn_next_due(c);
	}
	return next;
}

/* What to wait for: the listener, then two slots per connection. */
static int
poll_set(struct pollfd *pfd, int lfd)
{
	int i, j, np = 1;

	pfd[0].fd = nconns < MAX_CONNS ? lfd : -1;
	pfd[0].events = POLLIN;
	for (i = 0; i < nconns; i++) {
		struct conn *c = conns[i];

		for (j = 0; j < 2; j++) {
			short ev = 0;

			if (dir_wants_read(c, j))
				ev |= POLLIN;
			if (c->d[1 - j].wr_blocked || (j == 1 && c->connecting))
				ev |= POLLOUT;
			/* fd -1: nothing wanted, so no HUP spin. */
			pfd[np].fd = ev != 0 ? c->fd[j] : -1;
			pfd[np].events = ev;
			pfd[np].revents = 0;
			np++;
		}
	}
	return np;
}

/* Act on what poll reported, in the order poll_set laid it out. */
static void
poll_handle(const struct pollfd *pfd, int64_t now, int64_t delay)
{
	int i, j, np = 1;

	/* nconns does not change before the caller's accept. */
	for (i = 0; i < nconns; i++) {
		struct conn *c = conns[i];

		for (j = 0; j < 2; j++, np++) {
			short re = pfd[np].revents;

			if (re == 0 || c->aborted)
				continue;
			if (j == 1 && c->connecting) {
				conn_connected(c);
				continue;
			}
			if (re & (POLLOUT | POLLERR | POLLHUP))
				c->d[1 - j].wr_blocked = false;
			if ((re & (POLLIN | POLLERR | POLLHUP)) &&
			    dir_wants_read(c, j))
				conn_read(c, j, now, delay);
		}
	}
}

static int
run(int lfd, const struct sockaddr_storage *tgt, socklen_t tgtlen,
    int64_t delay, int64_t end)
{
	static struct pollfd pfd[1 + 2 * MAX_CONNS];
	struct timespec	     ts;
	int64_t		     now, next;
	int		     n, np;

	for (;;) {
		now = mono_ns();
		if (now >= end)
			return 0;
		next = flush_due(now, delay, end);
		np = poll_set(pfd, lfd);
		if (next < now)
			next = now;
		ts.tv_sec = (time_t)((next - now) / NS);
		ts.tv_nsec = (long)((next - now) % NS);
		n = ppoll(pfd, (nfds_t)np, &ts, NULL);
		if (n < 0 && errno != EINTR) {
			fprintf(
			    stderr, "%s: poll: %s\n", PROG, strerror(errno));
			return 1;
		}
		if (n <= 0)
			continue;
		poll_handle(pfd, mono_ns(), delay);
		if (pfd[0].revents & POLLIN)
			conn_accept(lfd, tgt, tgtlen);
	}
}

int
main(int argc, char *argv[])
{
	struct sockaddr_storage lss, tss;
	socklen_t		llen = 0, tlen = 0;
	const char	       *laddr = NULL, *taddr = NULL;
	long			delay_ms = 20, life_s = 600, port;
	int			ch, lfd, one = 1;

	for (;;) {
		ch = getopt(argc, argv, "l:t:d:x:h");
		if (ch == -1)
			break;
		switch (ch) {
		case 'l':
			laddr = optarg;
			break;
		case 't':
			taddr = optarg;
			break;
		case 'd':
			if (!parse_long(optarg, 0, DELAY_MAX_MS, &delay_ms)) {
				fprintf(stderr,
				    "%s: -d: want 0..%d ms, got "
				    "'%s'\n",
				    PROG, DELAY_MAX_MS, optarg);
				return 2;
			}
			break;
		case 'x':
			if (!parse_long(optarg, 1, LIFE_MAX_S, &life_s)) {
				fprintf(stderr,
				    "%s: -x: want 1..%ld seconds, "
				    "got '%s'\n",
				    PROG, LIFE_MAX_S, optarg);
				return 2;
			}
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc || laddr == NULL || taddr == NULL) {
		usage();
		return 2;
	}
	if (!parse_addr(laddr, false, &lss, &llen)) {
		fprintf(stderr, "%s: -l: want a loopback address, got '%s'\n",
		    PROG, laddr);
		return 2;
	}
	if (!parse_addr(taddr, true, &tss, &tlen)) {
		fprintf(stderr, "%s: -t: want a loopback ADDR:PORT, got '%s'\n",
		    PROG, taddr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(
	    lss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd < 0) {
		fprintf(stderr, "%s: socket: %s\n", PROG, strerror(errno));
		return 1;
	}
	(void)setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&lss, llen) == -1 ||
	    listen(lfd, 64) == -1) {
		fprintf(stderr, "%s: cannot listen on '%s': %s\n", PROG, laddr,
		    strerror(errno));
		return 1;
	}
	llen = sizeof(lss);
	if (getsockname(lfd, (struct sockaddr *)&lss, &llen) == -1) {
		fprintf(stderr, "%s: getsockname: %s\n", PROG, strerror(errno));
		return 1;
	}
	port = lss.ss_family == AF_INET ?
	    ntohs(((struct sockaddr_in *)&lss)->sin_port) :
	    ntohs(((struct sockaddr_in6 *)&lss)->sin6_port);
	printf("READY %ld\n", port);
	fflush(stdout);
	return run(lfd, &tss, tlen, (int64_t)delay_ms * 1000000,
	    mono_ns() + (int64_t)life_s * NS);
}
