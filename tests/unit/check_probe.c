/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The probe's seams against a tiny in-test server on 127.0.0.1:0: pre-TLS
 * steps and the fresh capture after them, probe_run_many for any number
 * of probes, the run-wide configuration, and the "not run" zero value.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "harness.h"
#include "pki.h"
#include "probe.h"
#include "report.h"

#define BANNER	"220 mail.example.org ESMTP ready"
#define HTTP400 "HTTP/1.1 400 Bad Request"
#define MANY	12

/* ------------------------------------------------------------ server */

enum srv_mode {
	SRV_DIALOGUE, /* banner, read a line, then 400 to what comes next */
	SRV_BANNER,   /* banner, then read until the client closes */
	SRV_HTTP400   /* 400 to whatever comes first */
};

struct srv {
	enum srv_mode mode;
	int	      nconn; /* connections to serve, one after another */
	int	      lfd;
	char	      port[8];
	pthread_t     tid;
	char	      line[128]; /* the line the client sent (SRV_DIALOGUE) */
};

/* Wait up to 2 s for fd to be readable; true if it is. */
static bool
srv_readable(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};

	return poll(&p, 1, 2000) == 1;
}

static void
srv_send(int fd, const char *s)
{
	(void)send(fd, s, strlen(s), MSG_NOSIGNAL);
}

static void
srv_read_line(int fd, char *buf, size_t bufsz)
{
	size_t n = 0;
	char   ch;

	while (n + 1 < bufsz && srv_readable(fd) && read(fd, &ch, 1) == 1 &&
	    ch != '\n')
		if (ch != '\r')
			buf[n++] = ch;
	buf[n] = '\0';
}

/* Read and drop what comes until EOF or a quiet 2 s. */
static void
srv_drain(int fd)
{
	char buf[512];

	while (srv_readable(fd) && read(fd, buf, sizeof(buf)) > 0)
		;
}

static void
srv_serve(struct srv *s, int fd)
{
	char buf[512];

	switch (s->mode) {
	case SRV_DIALOGUE:
		srv_send(fd, BANNER "\r\n");
		srv_read_line(fd, s->line, sizeof(s->line));
		/* Only once the ClientHello is here, so it is what we answer.
		 */
		if (srv_readable(fd) && read(fd, buf, sizeof(buf)) > 0)
			srv_send(fd, HTTP400 "\r\n\r\n");
		break;
	case SRV_BANNER:
		srv_send(fd, BANNER "\r\n");
		srv_drain(fd);
		break;
	case SRV_HTTP400:
		if (srv_readable(fd) && read(fd, buf, sizeof(buf)) > 0)
			srv_send(fd, HTTP400 "\r\n\r\n");
		break;
	}
}

static void *
srv_main(void *arg)
{
	struct srv *s = arg;
	int	    i, fd;

	for (i = 0; i < s->nconn; i++) {
		if (!srv_readable(s->lfd))
			break;
		fd = accept(s->lfd, NULL, NULL);
		if (fd == -1)
			break;
		srv_serve(s, fd);
		close(fd);
	}
	return NULL;
}

static void
srv_start(struct srv *s, enum srv_mode mode, int nconn)
{
	struct sockaddr_in sa;
	socklen_t	   len = sizeof(sa);

	memset(s, 0, sizeof(*s));
	s->mode = mode;
	s->nconn = nconn;
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s->lfd, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(s->lfd, MANY + 4), 0);
	ck_assert_int_eq(getsockname(s->lfd, (struct sockaddr *)&sa, &len), 0);
	snprintf(s->port, sizeof(s->port), "%u", ntohs(sa.sin_port));
	ck_assert_int_eq(pthread_create(&s->tid, NULL, srv_main, s), 0);
}

static void
srv_stop(struct srv *s)
{
	pthread_join(s->tid, NULL);
	close(s->lfd);
}

/* ------------------------------------------------------------ steps */

struct step_arg {
	bool	    read_banner;  /* read the greeting line first */
	const char *say;	  /* then send this line, if any */
	bool	    fail;	  /* then fail with a reason of our own */
	bool	    fail_quietly; /* then fail without one */
	char	    banner[128];  /* what it read */
	pthread_t   thread;	  /* where it ran */
};

/* A step reads through the probe's connection, within its deadline. */
static int
step_read_line(struct net_conn *c, char *buf, size_t bufsz)
{
	size_t n = 0;
	char   ch;

	while (n + 1 < bufsz) {
		if (net_wait(c, -1, false) <= 0 || net_recv(c, &ch, 1) != 1)
			return -1;
		if (ch == '\n')
			break;
		if (ch != '\r')
			buf[n++] = ch;
	}
	buf[n] = '\0';
	return 0;
}

static int
step_run(struct net_conn *c, const struct probe_opts *o,
    struct probe_result *res, void *arg)
{
	struct step_arg *a = arg;

	(void)o;
	a->thread = pthread_self();
	if (a->read_banner &&
	    step_read_line(c, a->banner, sizeof(a->banner)) == -1) {
		res->err = PROBE_E_EOF;
		snprintf(res->reason, sizeof(res->reason), "no banner");
		return -1;
	}
	if (a->fail) {
		res->err = PROBE_E_NOT_TLS;
		snprintf(res->reason, sizeof(res->reason),
		    "the server refused STARTTLS");
		return -1;
	}
	if (a->fail_quietly)
		return -1;
	if (a->say != NULL && net_send(c, a->say, strlen(a->say)) < 0)
		return -1;
	return 0;
}

static void
opts_for(struct probe_opts *o, const struct srv *s)
{
	probe_opts_init(o);
	o->host = "127.0.0.1";
	o->port = s->port;
	o->timeout_ms = 3000;
	o->drain_ms = 300;
	/* The store is not what these tests are about. */
	o->insecure_noverify = true;
}

/* ------------------------------------------------------------ seams */

START_TEST(test_step_then_capture)
{
	struct step_arg	  a = {.read_banner = true, .say = "STARTTLS\r\n"};
	struct probe_step st = {
	    "test-starttls", PROBE_S_DIALOGUE, step_run, &a};
	const struct probe_step *steps[] = {&st};
	struct probe_result	 res;
	struct probe_opts	 o;
	struct srv		 s;

	srv_start(&s, SRV_DIALOGUE, 1);
	opts_for(&o, &s);
	o.steps = steps;
	o.nsteps = 1;
	ck_assert_int_eq(probe_run(&o, &res), -1);
	srv_stop(&s);
	/* The step read the banner; the server read the step's line. */
	ck_assert_str_eq(a.banner, BANNER);
	ck_assert_str_eq(s.line, "STARTTLS");
	/* What answered the ClientHello is classified, not the banner. */
	ck_assert_int_eq(res.err, PROBE_E_NOT_TLS);
	ck_assert_int_eq(res.reply.kind, CLS_HTTP);
	ck_assert_int_eq(res.reply.status, 400);
	ck_assert(!res.spoke_first);
	ck_assert(memcmp(res.first, HTTP400, strlen(HTTP400)) == 0);
	ck_assert_ptr_null(memmem(res.first, res.nfirst, "220", 3));
	ck_assert_str_eq(res.reason,
	    "speaks plaintext HTTP, not TLS: answered the ClientHello with "
	    "'" HTTP400 "'");
	ck_assert_int_eq(res.stage, PROBE_S_HANDSHAKE);
	probe_result_release(&res);
}
END_TEST

START_TEST(test_step_fails)
{
	struct step_arg	  a = {.read_banner = true, .fail = true};
	struct probe_step st = {
	    "test-starttls", PROBE_S_DIALOGUE, step_run, &a};
	const struct probe_step *steps[] = {&st};
	struct probe_result	 res;
	struct probe_opts	 o;
	struct srv		 s;

	srv_start(&s, SRV_DIALOGUE, 1);
	opts_for(&o, &s);
	o.steps = steps;
	o.nsteps = 1;
	ck_assert_int_eq(probe_run(&o, &res), -1);
	srv_stop(&s);
	ck_assert_int_eq(res.err, PROBE_E_NOT_TLS);
	ck_assert_str_eq(res.reason, "the server refused STARTTLS");
	ck_assert_int_eq(res.stage, PROBE_S_DIALOGUE);
	/* The dialogue so far is kept for the report. */
	ck_assert_int_eq(res.reply.kind, CLS_SMTP);
	ck_assert_uint_eq(res.nfirst, strlen(BANNER "\r\n"));
	ck_assert_str_eq(report_err_name(res.err), "not_tls");
	probe_result_release(&res);
}
END_TEST

START_TEST(test_step_fails_quietly)
{
	struct step_arg a = {.fail_quietly = true};
	/* A proxy's CONNECT fails at the connect stage: the table says so. */
	struct probe_step st = {"test-proxy", PROBE_S_CONNECT, step_run, &a};
	const struct probe_step *steps[] = {&st};
	struct probe_result	 res;
	struct probe_opts	 o;
	struct srv		 s;

	srv_start(&s, SRV_HTTP400, 1);
	opts_for(&o, &s);
	o.steps = steps;
	o.nsteps = 1;
	ck_assert_int_eq(probe_run(&o, &res), -1);
	srv_stop(&s);
	ck_assert_int_eq(res.err, PROBE_E_INTERNAL);
	ck_assert_str_eq(res.reason, "pre-TLS step 'test-proxy' failed");
	ck_assert_int_eq(res.stage, PROBE_S_CONNECT);
	probe_result_release(&res);
}
END_TEST

/* A greeting no step read still means the server is no TLS server. */
START_TEST(test_greeting_unread)
{
	struct step_arg	  a = {.say = "EHLO probe.example.org\r\n"};
	struct probe_step st = {"test-ehlo", PROBE_S_DIALOGUE, step_run, &a};
	const struct probe_step *steps[] = {&st};
	struct probe_result	 res;
	struct probe_opts	 o;
	struct srv		 s;

	srv_start(&s, SRV_BANNER, 1);
	opts_for(&o, &s);
	o.preread_ms = 2000; /* ends as soon as the banner is there */
	o.steps = steps;
	o.nsteps = 1;
	ck_assert_int_eq(probe_run(&o, &res), -1);
	srv_stop(&s);
	ck_assert_int_eq(res.err, PROBE_E_NOT_TLS);
	ck_assert(res.spoke_first);
	ck_assert_str_eq(res.reason,
	    "speaks SMTP, not TLS: banner '" BANNER "' (the service may "
	    "need STARTTLS)");
	/* As without steps: the drain read it before the stage was set. */
	ck_assert_int_eq(res.stage, PROBE_S_HANDSHAKE);
	probe_result_release(&res);
}
END_TEST

/* Without steps, the rule is what it always was. */
START_TEST(test_no_steps_banner)
{
	struct probe_result res;
	struct probe_opts   o;
	struct srv	    s;

	srv_start(&s, SRV_BANNER, 1);
	opts_for(&o, &s);
	o.preread_ms = 2000;
	ck_assert_int_eq(probe_run(&o, &res), -1);
	srv_stop(&s);
	ck_assert_int_eq(res.err, PROBE_E_NOT_TLS);
	ck_assert(res.spoke_first);
	ck_assert_str_eq(res.reason,
	    "speaks SMTP, not TLS: banner '" BANNER "' (the service may "
	    "need STARTTLS)");
	ck_assert_int_eq(res.nsent, 0);
	ck_assert_int_eq(res.stage, PROBE_S_HANDSHAKE);
	probe_result_release(&res);
}
END_TEST

START_TEST(test_bad_step)
{
	struct probe_step st = {"test-empty", PROBE_S_DIALOGUE, NULL, NULL};
	const struct probe_step *steps[] = {&st};
	struct probe_result	 res;
	struct probe_opts	 o;

	probe_opts_init(&o);
	o.host = "127.0.0.1";
	o.port = "1";
	o.insecure_noverify = true;
	o.steps = steps;
	o.nsteps = 1;
	ck_assert_int_eq(probe_run(&o, &res), -1);
	ck_assert_int_eq(res.err, PROBE_E_USAGE);
	ck_assert_str_eq(res.reason, "pre-TLS step 1 has nothing to run");
	ck_assert_int_eq(res.stage, PROBE_S_SETUP);
	probe_result_release(&res);
}
END_TEST

/* ------------------------------------------------------------ many */

START_TEST(test_many_runs_all)
{
	static struct probe_result res[MANY];
	struct probe_result	  *rp[MANY];
	const struct probe_opts	  *op[MANY];
	struct probe_opts	   o[MANY];
	struct srv		   s;
	int			   i;

	srv_start(&s, SRV_HTTP400, MANY);
	for (i = 0; i < MANY; i++) {
		opts_for(&o[i], &s);
		op[i] = &o[i];
		rp[i] = &res[i];
	}
	ck_assert_int_eq(probe_run_many(op, rp, MANY), 0);
	srv_stop(&s);
	for (i = 0; i < MANY; i++) {
		ck_assert_int_eq(res[i].err, PROBE_E_NOT_TLS);
		ck_assert_int_eq(res[i].reply.kind, CLS_HTTP);
		probe_result_release(&res[i]);
	}
}
END_TEST

START_TEST(test_many_one_in_caller)
{
	struct step_arg	  a = {.read_banner = true, .say = "STARTTLS\r\n"};
	struct probe_step st = {
	    "test-starttls", PROBE_S_DIALOGUE, step_run, &a};
	const struct probe_step *steps[] = {&st};
	const struct probe_opts *op[1];
	struct probe_result	 res, *rp[1] = {&res};
	struct probe_opts	 o;
	struct srv		 s;

	srv_start(&s, SRV_DIALOGUE, 1);
	opts_for(&o, &s);
	o.steps = steps;
	o.nsteps = 1;
	op[0] = &o;
	ck_assert_int_eq(probe_run_many(op, rp, 1), 0);
	srv_stop(&s);
	ck_assert(pthread_equal(a.thread, pthread_self()));
	ck_assert_int_eq(res.err, PROBE_E_NOT_TLS);
	probe_result_release(&res);
}
END_TEST

START_TEST(test_zero_is_not_ok)
{
	struct probe_result res;

	memset(&res, 0, sizeof(res));
	ck_assert_int_ne(res.err, PROBE_OK);
	ck_assert_int_eq(res.err, PROBE_E_NOT_RUN);
	ck_assert_int_eq(
	    probe_err_state(res.err, STATE_CRITICAL), STATE_UNKNOWN);
	ck_assert_str_eq(report_err_name(res.err), "not_run");
	ck_assert_int_eq(probe_err_state(PROBE_OK, STATE_CRITICAL), STATE_OK);
	ck_assert_int_eq(probe_run_many(NULL, NULL, 0), 0);
}
END_TEST

/* Over our own handshake limit: a local problem, never the server's. */
START_TEST(test_limit_is_local)
{
	struct probe_result res;

	probe_result_init(&res);
	res.err = PROBE_E_LIMIT;
	ck_assert_int_eq(
	    probe_err_state(PROBE_E_LIMIT, STATE_CRITICAL), STATE_UNKNOWN);
	ck_assert_str_eq(report_err_name(PROBE_E_LIMIT), "local_limit");
	ck_assert_str_eq(cause_id(report_probe_cause(&res)), "local-error");
}
END_TEST

/* ------------------------------------------------------------ config */

/* The CA file's directory, mkdtemp'd by main(), and the file in it. */
static char ca_dir[256];
static char ca_file[300];

/* A fresh directory for the CA file, and ca_file in it. */
static int
ca_mkdir(void)
{
	if (ts_tempdir(ca_dir, sizeof(ca_dir), "check_probe") == -1)
		return -1;
	snprintf(ca_file, sizeof(ca_file), "%s/ca.pem", ca_dir);
	return 0;
}

/* A self-signed CA certificate from the test PKI, PEM, in path. */
static void
write_ca(const char *path)
{
	struct pki_spec spec = {.cn = "Probe Test CA",
	    .is_ca = true,
	    .pathlen = -1,
	    .key_usage = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN};
	struct pki_cert ca;
	char		why[PKI_WHY_SIZE] = "";
	time_t		now = time(NULL);

	spec.not_before = pki_days_from(now, -1);
	spec.not_after = pki_days_from(now, 1);
	ck_assert_msg(pki_cert_mint(&ca, &spec, PKI_KEY_ECDSA, 0, NULL,
			  GNUTLS_DIG_SHA256, why, sizeof(why)) == 0,
	    "%s", why);
	ck_assert_msg(
	    pki_write_pem(path, &ca.crt, 1, why, sizeof(why)) == 0, "%s", why);
	pki_cert_release(&ca);
}

/* Loaded once: a later probe of the run does not read the file again. */
START_TEST(test_config_loads_once)
{
	struct probe_config *cfg = probe_config_new();
	struct probe_result  res;
	struct probe_opts    o;
	struct srv	     s;
	char		     want[512], esc[OUT_FIELD_SIZE];

	ck_assert_ptr_nonnull(cfg);
	write_ca(ca_file);
	srv_start(&s, SRV_HTTP400, 2);
	opts_for(&o, &s);
	o.insecure_noverify = false;
	o.ca_file = ca_file;
	o.config = cfg;
	ck_assert_int_eq(probe_run(&o, &res), -1);
	ck_assert_int_eq(res.err, PROBE_E_NOT_TLS);
	ck_assert_int_eq(res.ca_count, 1);
	probe_result_release(&res);
	ck_assert_int_eq(remove(ca_file), 0);
	ck_assert_int_eq(probe_run(&o, &res), -1);
	ck_assert_int_eq(res.err, PROBE_E_NOT_TLS);
	ck_assert_int_eq(res.ca_count, 1);
	probe_result_release(&res);
	srv_stop(&s);
	probe_config_free(cfg);
	/* A probe without the run's config reads the file itself. */
	o.config = NULL;
	ck_assert_int_eq(probe_run(&o, &res), -1);
	ck_assert_int_eq(res.err, PROBE_E_CAFILE);
	/* The path as any reason quotes it: escaped. */
	out_escape(esc, sizeof(esc), ca_file, strlen(ca_file));
	snprintf(want, sizeof(want),
	    "cannot read CA file '%s': No such file or directory", esc);
	ck_assert_str_eq(res.reason, want);
	ck_assert_int_eq(res.stage, PROBE_S_SETUP);
	probe_result_release(&res);
}
END_TEST

/* One failure to load, the same reason for every probe that needs it. */
START_TEST(test_config_failure_shared)
{
	static struct probe_result res[MANY];
	struct probe_result	  *rp[MANY];
	const struct probe_opts	  *op[MANY];
	struct probe_opts	   o[MANY];
	int			   i;

	for (i = 0; i < MANY; i++) {
		probe_opts_init(&o[i]);
		o[i].host = "127.0.0.1";
		o[i].port = "1";
		o[i].ca_file = "/nonexistent/ca.pem";
		op[i] = &o[i];
		rp[i] = &res[i];
	}
	ck_assert_int_eq(probe_run_many(op, rp, MANY), 0);
	for (i = 0; i < MANY; i++) {
		ck_assert_int_eq(res[i].err, PROBE_E_CAFILE);
		ck_assert_str_eq(res[i].reason,
		    "cannot read CA file '/nonexistent/ca.pem': No such file "
		    "or directory");
		ck_assert_int_eq(res[i].stage, PROBE_S_SETUP);
		probe_result_release(&res[i]);
	}
}
END_TEST

/* insecure_noverify never loads a store: a missing CA file is no matter. */
START_TEST(test_noverify_loads_nothing)
{
	struct probe_result res;
	struct probe_opts   o;
	struct srv	    s;

	srv_start(&s, SRV_HTTP400, 1);
	opts_for(&o, &s);
	o.ca_file = "/nonexistent/ca.pem";
	ck_assert_int_eq(probe_run(&o, &res), -1);
	srv_stop(&s);
	ck_assert_int_eq(res.err, PROBE_E_NOT_TLS);
	ck_assert_int_eq(res.ca_count, 0);
	probe_result_release(&res);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("probe");
	TCase *tc;
	int    r;

	if (ca_mkdir() == -1)
		return 99;
	tc = tcase_create("steps");
	tcase_add_test(tc, test_step_then_capture);
	tcase_add_test(tc, test_step_fails);
	tcase_add_test(tc, test_step_fails_quietly);
	tcase_add_test(tc, test_greeting_unread);
	tcase_add_test(tc, test_no_steps_banner);
	tcase_add_test(tc, test_bad_step);
	suite_add_tcase(s, tc);

	tc = tcase_create("many");
	tcase_add_test(tc, test_many_runs_all);
	tcase_add_test(tc, test_many_one_in_caller);
	tcase_add_test(tc, test_zero_is_not_ok);
	tcase_add_test(tc, test_limit_is_local);
	suite_add_tcase(s, tc);

	tc = tcase_create("config");
	tcase_add_test(tc, test_config_loads_once);
	tcase_add_test(tc, test_config_failure_shared);
	tcase_add_test(tc, test_noverify_loads_nothing);
	suite_add_tcase(s, tc);

	r = cktest_run(s);
	/* What a failed test left behind. */
	(void)remove(ca_file);
	(void)rmdir(ca_dir);
	return r;
}
