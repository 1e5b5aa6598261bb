/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tls_test_server: GnuTLS server for the integration tests. Mints a fresh
 * root, intermediate and leaf at start-up, then serves one scenario on a
 * loopback ephemeral port until its lifetime ends. This file: main, the
 * listener and the accept loop; ts.h lists the other files.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ts.h"

void
ts_log(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, TS_PROG "[%ld]: ", (long)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
ts_log_gnutls(const char *what, int rc)
{
	ts_log("%s: %s", what, gnutls_strerror(rc));
	return -1;
}

long long
ts_ms_until(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/* 127.0.0.1:0 or [::1]:0 into ss; returns its length. */
static socklen_t
loopback_addr(struct sockaddr_storage *ss, bool ipv6)
{
	struct sockaddr_in  *sin;
	struct sockaddr_in6 *sin6;

	memset(ss, 0, sizeof(*ss));
	if (ipv6) {
		sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		return sizeof(*sin6);
	}
	sin = (struct sockaddr_in *)ss;
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*sin);
}

/* A listening socket on the loopback address; its port in *port. */
static int
listen_loopback(bool ipv6, int *port)
{
	struct sockaddr_storage ss;
	socklen_t		sslen;
	int			fd, one = 1;

	fd = socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		ts_log("socket: %s", strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1) {
		ts_log("SO_REUSEADDR: %s", strerror(errno));
		goto err;
	}
	sslen = loopback_addr(&ss, ipv6);
	if (bind(fd, (struct sockaddr *)&ss, sslen) == -1) {
		ts_log("bind %s: %s", ipv6 ? "[::1]:0" : "127.0.0.1:0",
		    strerror(errno));
		goto err;
	}
	if (listen(fd, 64) == -1) {
		ts_log("listen: %s", strerror(errno));
		goto err;
	}
	sslen = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == -1) {
		ts_log("getsockname: %s", strerror(errno));
		goto err;
	}
	if (ipv6)
		*port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	else
		*port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return fd;
err:
	close(fd);
	return -1;
}

/*
 * Runs in a new connection child: die with the parent (Linux), and by
 * SIGALRM's default action when the server's lifetime is over.
 */
static void
child_setup(pid_t parent, const struct timespec *deadline)
{
	struct sigaction sa;
	long long	 ms;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(0);
#else
	(void)parent;
#endif
	ms = ts_ms_until(deadline);
	if (ms <= 0)
		_exit(0);
	alarm((unsigned int)((ms + 999) / 1000));
}

/* Wait for a connection until the deadline: 1 ready, 0 over, -1 error. */
static int
wait_accept(int lfd, const struct timespec *deadline)
{
	struct pollfd pfd;
	long long     ms;
	int	      rc;

	pfd.fd = lfd;
	pfd.events = POLLIN;
	for (;;) {
		ms = ts_ms_until(deadline);
		if (ms <= 0)
			return 0;
		pfd.revents = 0;
		rc = poll(&pfd, 1, ms > INT_MAX ? INT_MAX : (int)ms);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == -1) {
			ts_log("poll: %s", strerror(errno));
			return -1;
		}
		if (rc > 0)
			return 1;
	}
}

/*
 * Accept until the deadline, one child per connection. Returns 0 in the
 * parent when the lifetime is over, 1 in a child whose connection is done,
 * -1 on a listening socket error.
 */
static int
serve(int lfd, const struct ts_ctx *ctx)
{
	pid_t parent, pid;
	int   fd, rc;

	parent = getpid();
	for (;;) {
		rc = wait_accept(lfd, &ctx->deadline);
		if (rc <= 0)
			return rc;
		fd = accept(lfd, NULL, NULL);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED ||
			    errno == EAGAIN || errno == EMFILE ||
			    errno == ENFILE)
				continue;
			ts_log("accept: %s", strerror(errno));
			return -1;
		}
		pid = fork();
		if (pid == -1) {
			ts_log("fork: %s", strerror(errno));
			close(fd);
			continue;
		}
		if (pid == 0) {
			close(lfd);
			child_setup(parent, &ctx->deadline);
			ts_modes_serve(fd, ctx);
			return 1;
		}
		close(fd);
	}
}

static int
signals_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		return -1;
	/* children are reaped by the kernel: no zombies, no handler */
	sa.sa_flags = SA_NOCLDWAIT;
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		return -1;
	return 0;
}

/*
 * Priorities, certificates, PEM files, chains and credentials, as the
 * options say. Returns 0, or -1 (message logged) with what was made so
 * far left for ctx_release().
 */
static int
ctx_setup(struct ts_ctx *ctx, struct ts_pki *p)
{
	const struct ts_opts *o = ctx->opts;
	const char	     *errpos = NULL;
	int		      rc;

	rc = gnutls_priority_init(&ctx->prio, o->priority, &errpos);
	if (rc < 0) {
		ctx->prio = NULL;
		ts_log("--priority: %s at '%s'", gnutls_strerror(rc),
		    errpos != NULL ? errpos : "?");
		return -1;
	}
	if (ts_mint(p, o) == -1)
		return -1;
	if (o->dir != NULL && ts_mint_write(p, o, o->dir) == -1)
		return -1;
	/*
	 * --cross-root's chain goes out as a wire chain too: sent as built,
	 * whatever GnuTLS would make of two certificates for one subject.
	 */
	if ((o->norder > 0 || o->cross_root) &&
	    ts_chain_new(&ctx->wire, p, o) == -1)
		return -1;
	ctx->fallback = ctx->wire;
	if (o->nvhosts > 0 && ts_vhost_chains_new(ctx, p) == -1)
		return -1;
	ctx->sni_hook = o->nvhosts > 0 || o->no_sni_alert_set;
	if (ts_chain_cred_new(&ctx->cred, p, o, ctx->fallback != NULL) == -1)
		return -1;
	if (o->ocsp == TS_OCSP_NONE)
		return 0;
	if (ts_ocsp_mint(&ctx->ocsp, p, o, ts_mint_leaf_issuer(p, o)) == -1)
		return -1;
	ts_ocsp_serve(ctx->cred, &ctx->ocsp);
	return 0;
}

static void
ctx_release(struct ts_ctx *ctx, struct ts_pki *p)
{
	if (ctx->cred != NULL)
		gnutls_certificate_free_credentials(ctx->cred);
	gnutls_free(ctx->ocsp.data);
	ts_chain_free(ctx->wire);
	ts_vhost_chains_free(ctx);
	if (ctx->prio != NULL)
		gnutls_priority_deinit(ctx->prio);
	ts_mint_release(p);
}

int
main(int argc, char *argv[])
{
	struct ts_opts o;
	struct ts_pki  p;
	struct ts_ctx  ctx;
	int	       lfd = -1, port = 0, rc, status = 1;

	memset(&p, 0, sizeof(p));
	memset(&ctx, 0, sizeof(ctx));
	rc = ts_opts_parse(argc, argv, &o);
	if (rc != 0)
		return rc == 1 ? 0 : 1;
	ctx.opts = &o;
	/* the lifetime counts from start-up, minting included */
	clock_gettime(CLOCK_MONOTONIC, &ctx.deadline);
	ctx.deadline.tv_sec += o.lifetime;
	if (signals_setup() == -1) {
		ts_log("sigaction: %s", strerror(errno));
		return 1;
	}
	rc = gnutls_global_init();
	if (rc < 0) {
		ts_log_gnutls("gnutls_global_init", rc);
		return 1;
	}
	if (ctx_setup(&ctx, &p) == -1)
		goto out;
	lfd = listen_loopback(o.ipv6, &port);
	if (lfd == -1)
		goto out;
	if (printf("READY %d\n", port) < 0 || fflush(stdout) == EOF) {
		ts_log("stdout: %s", strerror(errno));
		goto out;
	}
	rc = serve(lfd, &ctx);
	if (rc == 1) {
		/* a connection child: its socket is closed, lfd too */
		lfd = -1;
		status = 0;
		goto out;
	}
	status = rc == 0 ? 0 : 1;
out:
	if (lfd != -1)
		close(lfd);
	ctx_release(&ctx, &p);
	gnutls_global_deinit();
	return status;
}
