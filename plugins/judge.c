/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one runner every plugin binary calls: options, help and version,
 * the deadline and its backstop, the judge's probes (all at once), its
 * assessment and rendering, and printing (common/ never prints).
 */
#include "config.h"

#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "followup.h"
#include "judge.h"
#include "net.h"

static char   backstop_line[128];
static size_t backstop_len;

static void
backstop(int sig)
{
	(void)sig;
	/* Only async-signal-safe calls here. */
	(void)!write(STDOUT_FILENO, backstop_line, backstop_len);
	_exit(3);
}

/*
 * Ignore SIGPIPE (a peer that closes early must never kill us with exit
 * 141) and arm a backstop alarm a little after the deadline: should our own
 * deadline handling ever fail, the handler writes one fixed UNKNOWN line and
 * exits 3, so the process always ends.
 */
static void
judge_start(const char *label, unsigned int timeout_ms)
{
	struct sigaction sa;
	unsigned int	 secs;
	int		 n;

	signal(SIGPIPE, SIG_IGN);
	n = snprintf(backstop_line, sizeof(backstop_line),
	    "%s UNKNOWN: "
	    "plugin did not finish within its %u ms deadline (backstop)\n",
	    label, timeout_ms);
	backstop_len = n > 0 && (size_t)n < sizeof(backstop_line) ? (size_t)n :
								    0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = backstop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	/* Two seconds of grace past the deadline, rounded up. */
	secs = (timeout_ms + 999) / 1000 + 2;
	alarm(secs);
}

static int
judge_help(const struct judge *j)
{
	printf("%s (%s %s)\n%s\n\nUsage: %s %s\n\nOptions:\n%s%s\n"
	       "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n",
	    j->prog, PACKAGE_NAME, PACKAGE_VERSION, j->summary, j->prog,
	    j->usage, j->help, args_common_help());
	return 3;
}

static int
judge_version(const struct judge *j)
{
	printf("%s (%s %s) GnuTLS %s\n", j->prog, PACKAGE_NAME, PACKAGE_VERSION,
	    probe_gnutls_version());
	return 3;
}

/* Render v to stdout; returns v->state. */
static int
judge_emit(const struct verdict *v, enum out_format fmt, int verbose)
{
	static char buf[256 * 1024];
	size_t	    n;

	n = out_render(v, fmt, verbose, buf, sizeof(buf));
	fwrite(buf, 1, n, stdout);
	fflush(stdout);
	return v->state;
}

enum args_status
judge_parse(const struct judge *j, void *args, int argc, char *argv[])
{
	struct common_args *c = args;
	enum args_status    st;

	memset(args, 0, j->args_size);
	if (j->defaults != NULL)
		j->defaults(args);
	st = args_parse(c, argc, argv, j->options, j->option, args);
	if (st != ARGS_OK)
		return st;
	if (j->no_thresholds != NULL && (c->warn != NULL || c->crit != NULL)) {
		snprintf(c->why, sizeof(c->why), "-w/-c are not used by %s%s%s",
		    j->prog, j->no_thresholds[0] != '\0' ? ": " : "",
		    j->no_thresholds);
		return ARGS_ERROR;
	}
	if (j->check != NULL && j->check(args) == -1)
		return ARGS_ERROR;
	return ARGS_OK;
}

void
judge_verdict_init(const struct judge *j, const void *args, struct verdict *v)
{
	const struct common_args *c = args;

	out_verdict_init(v, j->label, j->prog);
	/* Facts are for JSON; Nagios output need not build them. */
	v->facts_wanted = c->format == OUT_JSON;
	snprintf(v->host, sizeof(v->host), "%s", c->shown_host);
	snprintf(v->port, sizeof(v->port), "%s", c->probe.port);
}

void
judge_plan(const struct judge *j, void *args, struct judge_run *run)
{
	const struct common_args *c = args;
	int			  i;

	/*
	 * Only the planned results are reset, below: clearing all sixteen
	 * would touch some 750 KB a plugin never uses.
	 */
	for (i = 0; i < JUDGE_PROBES_MAX; i++)
		run->opts[i] = c->probe;
	run->n = 1;
	run->primary = 0;
	run->elapsed = 0;
	run->findings.n = 0;
	if (j->plan != NULL)
		j->plan(args, run);
	/* A judge that plans outside these bounds is our bug, not input. */
	assert(run->n >= 1 && run->n <= JUDGE_PROBES_MAX);
	assert(run->primary >= 0 && run->primary < run->n);
	for (i = 0; i < run->n; i++)
		probe_result_init(&run->res[i]);
}

void
judge_decide(const struct judge *j, const void *args, struct judge_run *run,
    struct verdict *v)
{
	if (run->n > 0)
		snprintf(v->address, sizeof(v->address), "%s",
		    run->res[run->primary].address);
	j->assess(args, run);
	j->render(args, run, v);
	v->cause = cause_id(report_findings_cause(&run->findings, v->state));
}

void
judge_run_release(struct judge_run *run)
{
	int i;

	for (i = 0; i < run->n && i < JUDGE_PROBES_MAX; i++)
		probe_result_release(&run->res[i]);
}

/* Run the planned probes at once under the one deadline. */
static void
judge_probe(struct judge_run *run)
{
	const struct probe_opts *opts[JUDGE_PROBES_MAX];
	struct probe_result	*res[JUDGE_PROBES_MAX];
	double			 t0;
	int			 i;

	for (i = 0; i < run->n; i++) {
		opts[i] = &run->opts[i];
		res[i] = &run->res[i];
	}
	t0 = net_mono();
	probe_run_many(opts, res, run->n);
	run->elapsed = net_mono() - t0;
}

/*
 * A handshake_failure alert says only that the server refused: run the
 * protocols judge's scan with the time left and let it name the cause
 * (no cipher in common, obsolete versions only) in the failure's words.
 */
static void
judge_followup(const struct judge *j, const void *args, struct judge_run *run)
{
	static struct judge_run	  fu;
	static struct proto_args  pa;
	const struct common_args *c = args;
	struct probe_result	 *failed = &run->res[run->primary];
	double			  left;

	if (j->scans_versions || !followup_wanted(failed))
		return;
	left = c->probe.timeout_ms - run->elapsed * 1000.0;
	/* Too little time for a round trip: keep the alert's words. */
	if (left < 100)
		return;
	followup_plan(c, (unsigned int)left, &pa, &fu);
	judge_probe(&fu);
	run->elapsed += fu.elapsed;
	(void)followup_explain(&pa, &fu, failed);
	judge_run_release(&fu);
}

/* A usage error: one UNKNOWN line, in the format asked for if known. */
static int
judge_usage_error(const struct judge *j, const struct common_args *c)
{
	static struct verdict v;

	out_verdict_init(&v, j->label, j->prog);
	out_text(&v, "%s", c->why);
	v.cause = cause_id(c->why_local ? CAUSE_LOCAL_ERROR : CAUSE_USAGE);
	return judge_emit(&v, c->format, 0);
}

int
judge_main(const struct judge *j, int argc, char *argv[])
{
	static struct judge_run run;
	static struct verdict	v;
	struct common_args     *c;
	void		       *args;

	args = calloc(1, j->args_size);
	if (args == NULL) {
		printf("%s UNKNOWN: out of memory\n", j->label);
		return STATE_UNKNOWN;
	}
	c = args;
	switch (judge_parse(j, args, argc, argv)) {
	case ARGS_HELP:
		v.state = judge_help(j);
		goto out;
	case ARGS_VERSION:
		v.state = judge_version(j);
		goto out;
	case ARGS_ERROR:
		v.state = judge_usage_error(j, c);
		goto out;
	case ARGS_OK:
		break;
	}
	judge_start(j->label, c->probe.timeout_ms);
	judge_verdict_init(j, args, &v);
	judge_plan(j, args, &run);
	judge_probe(&run);
	judge_followup(j, args, &run);
	judge_decide(j, args, &run, &v);
	judge_emit(&v, c->format, c->verbose);
	judge_run_release(&run);
out:
	free(args);
	return v.state;
}
