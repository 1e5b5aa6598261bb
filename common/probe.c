/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The probe's run along its seams: set-up, connect, pre-TLS steps, a fresh
 * capture, the handshake (or a raw hello), the facts; and many probes at
 * once under one deadline and one run-wide configuration.
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <gnutls/gnutls.h>

#include "probe_int.h"

void
probe_opts_init(struct probe_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->port = "443";
	o->family = AF_UNSPEC;
	o->timeout_ms = 10000;
	o->preread_ms = 0;
	o->drain_ms = 300;
	o->steps = NULL;
	o->nsteps = 0;
	o->config = NULL;
}

const char *
probe_gnutls_version(void)
{
	const char *v = gnutls_check_version(NULL);

	return v ? v : "unknown";
}

enum state
probe_err_state(enum probe_err e, enum state timeout_state)
{
	switch (e) {
	case PROBE_OK:
		return STATE_OK;
	case PROBE_E_NOT_RUN:
	case PROBE_E_USAGE:
	case PROBE_E_NOMEM:
	case PROBE_E_INTERNAL:
	case PROBE_E_CAFILE:
	case PROBE_E_POLICY:
	case PROBE_E_RESOLVE:
	case PROBE_E_LIMIT:
		return STATE_UNKNOWN;
	case PROBE_E_TIMEOUT:
		return timeout_state;
	case PROBE_E_REFUSED:
	case PROBE_E_UNREACHABLE:
	case PROBE_E_CONNECT:
	case PROBE_E_RESET:
	case PROBE_E_EOF:
	case PROBE_E_ALERT:
	case PROBE_E_NOT_TLS:
	case PROBE_E_TLS:
	case PROBE_E_NO_CERT:
		return STATE_CRITICAL;
	}
	return STATE_UNKNOWN;
}

void
probe_set_reason(
    struct probe_result *res, enum probe_err err, const char *fmt, ...)
{
	va_list ap;

	res->err = err;
	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
	va_end(ap);
}

/* Drop one trailing dot: "www.example.org." names the same host. */
static void
strip_dot(char *dst, size_t dstsz, const char *src)
{
	size_t l = strlen(src);

	if (l > 0 && src[l - 1] == '.' && l - 1 < dstsz) {
		memcpy(dst, src, l - 1);
		dst[l - 1] = '\0';
	} else {
		snprintf(dst, dstsz, "%s", src);
	}
}

/* Nothing known yet; err is PROBE_E_NOT_RUN until the probe says more. */
static void
result_start(const struct probe_opts *o, struct probe_result *res)
{
	probe_result_init(res);
	/* Running now: the reason is set only when it fails. */
	res->reason[0] = '\0';
	res->now = o->now != 0 ? o->now : time(NULL);
}

/* Does every step have something to run? */
static int
setup_steps(const struct probe_opts *o, struct probe_result *res)
{
	size_t i;

	for (i = 0; i < o->nsteps; i++) {
		if (o->steps == NULL || o->steps[i] == NULL ||
		    o->steps[i]->run == NULL) {
			probe_set_reason(res, PROBE_E_USAGE,
			    "pre-TLS step %zu has nothing to run", i + 1);
			return -1;
		}
	}
	return 0;
}

/* Before the network: options, names, credentials, the TLS session. */
static int
run_setup(const struct probe_opts *o, const struct probe_config *cfg,
    struct probe_ctx *x, struct probe_result *res)
{
	if (o->host == NULL || o->host[0] == '\0' || o->port == NULL) {
		probe_set_reason(
		    res, PROBE_E_USAGE, "no host or port to probe");
		return -1;
	}
	if (setup_steps(o, res) == -1)
		return -1;
	/* RFC 6066 section 3: no IP literals in SNI, no trailing dot. */
	if (o->sni != NULL)
		strip_dot(x->sni, sizeof(x->sni), o->sni);
	else if (net_is_ip_literal(o->host))
		x->sni[0] = '\0';
	else
		strip_dot(x->sni, sizeof(x->sni), o->host);
	strip_dot(x->vname, sizeof(x->vname),
	    o->verify_name ? o->verify_name : o->host);
	if (probe_config_cred(cfg, o, res, &x->cred) == -1)
		return -1;
	return probe_tls_session(o, x, res);
}

/*
 * Resolve (unless the caller did: addrs) and connect. connect_time counts
 * from t0, the start of the probe.
 */
static int
run_connect(const struct probe_opts *o, struct probe_ctx *x,
    struct probe_result *res, double t0, const struct addrinfo *addrs)
{
	static const enum probe_err map[] = {
	    [NET_E_NOMEM] = PROBE_E_NOMEM,
	    [NET_E_INTERNAL] = PROBE_E_INTERNAL,
	    [NET_E_RESOLVE] = PROBE_E_RESOLVE,
	    [NET_E_TIMEOUT] = PROBE_E_TIMEOUT,
	    [NET_E_REFUSED] = PROBE_E_REFUSED,
	    [NET_E_UNREACHABLE] = PROBE_E_UNREACHABLE,
	    [NET_E_CONNECT] = PROBE_E_CONNECT,
	};
	enum net_stage nstage;
	enum net_err   ne;

	res->stage = PROBE_S_RESOLVE;
	if (addrs != NULL) {
		nstage = NET_S_CONNECT;
		ne = net_connect_addrs(
		    &x->conn, addrs, o->port, res->reason, sizeof(res->reason));
	} else {
		ne = net_connect(&x->conn, o->address ? o->address : o->host,
		    o->port, o->family, &nstage, res->reason,
		    sizeof(res->reason));
	}
	snprintf(res->address, sizeof(res->address), "%s", x->conn.address);
	res->connect_time = net_mono() - t0;
	if (ne == NET_OK)
		return 0;
	res->err = map[ne];
	res->stage = nstage == NET_S_RESOLVE ? PROBE_S_RESOLVE :
					       PROBE_S_CONNECT;
	return -1;
}

/* The pre-TLS steps in order; the first failure ends the probe. */
static int
run_steps(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	const struct probe_step *s;
	size_t			 i;

	for (i = 0; i < o->nsteps; i++) {
		s = o->steps[i];
		res->stage = s->stage;
		if (s->run(&x->conn, o, res, s->arg) == 0)
			continue;
		/* Keep the dialogue, so a report can quote the server. */
		probe_tls_conn_facts(res, &x->conn);
		res->sys_errno = x->conn.rerrno;
		res->stage = s->stage;
		if (res->err == PROBE_E_NOT_RUN || res->err == PROBE_OK)
			probe_set_reason(res, PROBE_E_INTERNAL,
			    "pre-TLS step '%s' failed",
			    s->name != NULL ? s->name : "?");
		return -1;
	}
	return 0;
}

/*
 * From the connect to the ClientHello: the pre-read window, the steps, a
 * fresh capture after them, and the rule that a TLS server never speaks
 * first. With steps the server may well greet us (a mail banner): the
 * rule then applies to what no step read.
 */
static int
run_pre_tls(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	struct net_conn *c = &x->conn;

	res->stage = PROBE_S_HELLO;
	net_preread(c, (int)o->preread_ms);
	if (o->nsteps > 0) {
		if (run_steps(o, x, res) == -1)
			return -1;
		net_capture_mark(c);
		/* Bytes no step read are waiting already: only look. */
		net_preread(c, 0);
		res->stage = PROBE_S_HELLO;
	}
	/* TLS servers never speak first; anything here is another protocol. */
	if (c->spoke_first || c->closed_first) {
		if (c->spoke_first)
			net_drain(c, (int)o->drain_ms);
		probe_tls_fail(o, x, res, 0);
		return -1;
	}
	return 0;
}

/* The handshake, then the facts of the session and of its chain. */
static int
run_handshake(
    const struct probe_opts *o, struct probe_ctx *x, struct probe_result *res)
{
	if (probe_tls_handshake(o, x, res) == -1)
		return -1;
	res->stage = PROBE_S_DONE;
	probe_tls_conn_facts(res, &x->conn);
	probe_tls_facts(x, res);
	if (res->hello_only) {
		res->err = PROBE_OK;
		return 0;
	}
	if (probe_tls_settle(o, x, res) == -1)
		return -1;
	if (probe_chain_facts(x, res) == -1)
		return -1;
	if (x->vname[0] != '\0') {
		out_escape(
		    res->name, sizeof(res->name), x->vname, strlen(x->vname));
		res->name_checked = true;
		res->name_matches = cert_matches_name(&res->chain[0], x->vname);
		res->name_cn_only = !res->name_matches &&
		    cert_cn_matches_name(&res->chain[0], x->vname);
	}
	if (!o->insecure_noverify) {
		probe_chain_verify(x, res);
		probe_chain_walk(x, res);
	}
	/* A polite close_notify; its failure changes nothing. */
	(void)gnutls_bye(x->session, GNUTLS_SHUT_WR);
	res->err = PROBE_OK;
	return 0;
}

/*
 * probe_run with the run's config, a deadline fixed by the caller
 * (net_mono() seconds) and, unless addrs is NULL, addresses resolved by
 * the caller.
 */
static int
probe_run_until(const struct probe_opts *o, const struct probe_config *cfg,
    struct probe_result *res, double deadline, const struct addrinfo *addrs)
{
	struct probe_ctx x;
	double		 t0;
	int		 ret = -1;

	result_start(o, res);
	memset(&x, 0, sizeof(x));
	t0 = net_mono();
	x.deadline = deadline;
	net_conn_init(&x.conn, x.deadline);
	if (run_setup(o, cfg, &x, res) == 0 &&
	    run_connect(o, &x, res, t0, addrs) == 0 &&
	    run_pre_tls(o, &x, res) == 0) {
		if (o->raw_hello != NULL)
			ret = probe_tls_raw(o, &x, res);
		else
			ret = run_handshake(o, &x, res);
	}
	net_close(&x.conn);
	if (x.session != NULL)
		gnutls_deinit(x.session);
	return ret;
}

int
probe_run(const struct probe_opts *o, struct probe_result *res)
{
	double		     deadline = net_mono() + o->timeout_ms / 1000.0;
	struct probe_config *own = NULL;
	int		     ret;

	if (o->config == NULL) {
		own = probe_config_new();
		if (own == NULL) {
			result_start(o, res);
			probe_set_reason(res, PROBE_E_NOMEM, "out of memory");
			return -1;
		}
	}
	ret = probe_run_until(
	    o, own != NULL ? own : o->config, res, deadline, NULL);
	probe_config_free(own);
	return ret;
}

struct probe_job {
	const struct probe_opts	  *opts;
	const struct probe_config *config;
	struct probe_result	  *res;
	double			   deadline;
	const struct addrinfo	  *addrs;
	pthread_t		   tid;
	bool			   started;
	int			   ret;
};

static void *
probe_thread(void *arg)
{
	struct probe_job *job = arg;

	job->ret = probe_run_until(
	    job->opts, job->config, job->res, job->deadline, job->addrs);
	return NULL;
}

/* No memory for the run: every result says so, none reads as success. */
static int
many_nomem(const struct probe_opts *const opts[],
    struct probe_result *const res[], int n)
{
	int i;

	for (i = 0; i < n; i++) {
		result_start(opts[i], res[i]);
		probe_set_reason(res[i], PROBE_E_NOMEM, "out of memory");
	}
	return 0;
}

/* Does any probe come without a config of its own? */
static bool
many_need_config(const struct probe_opts *const opts[], int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (opts[i]->config == NULL)
			return true;
	return false;
}

/*
 * Resolve once: behind round-robin DNS, probes meant to be compared (SNI
 * against no SNI) must reach the same server, so all of them try the same
 * addresses in the same order. Should resolution fail, each probe fails
 * the same way in its own words. NULL then.
 */
static struct addrinfo *
many_resolve(const struct probe_opts *o, double t0)
{
	struct addrinfo *addrs = NULL;
	const char	*name = o->address ? o->address : o->host;
	char		 why[256];

	if (name != NULL && o->port != NULL)
		(void)net_resolve(name, o->port, o->family,
		    t0 + o->timeout_ms / 1000.0, &addrs, why, sizeof(why));
	return addrs;
}

/* Start a thread per job; a job whose thread fails runs when joined. */
static int
many_start_join(struct probe_job *jobs, int n)
{
	int i, done = 0;

	for (i = 0; i < n; i++)
		jobs[i].started = pthread_create(&jobs[i].tid, NULL,
				      probe_thread, &jobs[i]) == 0;
	for (i = 0; i < n; i++) {
		if (jobs[i].started)
			pthread_join(jobs[i].tid, NULL);
		else
			probe_thread(&jobs[i]);
		if (jobs[i].ret == 0)
			done++;
	}
	return done;
}

int
probe_run_many(const struct probe_opts *const opts[],
    struct probe_result *const res[], int n)
{
	struct probe_config *own = NULL;
	struct probe_job    *jobs;
	struct addrinfo	    *addrs;
	double		     t0 = net_mono();
	int		     i, done;

	if (n <= 0)
		return 0;
	if (n == 1)
		return probe_run(opts[0], res[0]) == 0 ? 1 : 0;
	jobs = calloc((size_t)n, sizeof(*jobs));
	if (jobs != NULL && many_need_config(opts, n)) {
		own = probe_config_new();
		if (own == NULL) {
			free(jobs);
			jobs = NULL;
		}
	}
	if (jobs == NULL)
		return many_nomem(opts, res, n);
	addrs = many_resolve(opts[0], t0);
	for (i = 0; i < n; i++) {
		jobs[i].opts = opts[i];
		jobs[i].config = opts[i]->config ? opts[i]->config : own;
		jobs[i].res = res[i];
		/* One deadline for all, counted from this call. */
		jobs[i].deadline = t0 + opts[i]->timeout_ms / 1000.0;
		jobs[i].addrs = addrs;
		jobs[i].ret = -1;
	}
	done = many_start_join(jobs, n);
	net_addrs_free(addrs);
	probe_config_free(own);
	free(jobs);
	return done;
}

void
probe_result_init(struct probe_result *res)
{
	memset(res, 0, sizeof(*res));
	res->err = PROBE_E_NOT_RUN;
	res->alert = -1;
	res->anchor = -1;
	snprintf(res->reason, sizeof(res->reason), "the probe did not run");
}

void
probe_result_release(struct probe_result *res)
{
	int i;

	if (res == NULL)
		return;
	for (i = 0; i < res->nchain && i < PROBE_CHAIN_MAX; i++)
		cert_info_release(&res->chain[i]);
	res->nchain = 0;
}
