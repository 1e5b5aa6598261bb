/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Judge unit tests: parse, decide from hand-built results and render,
 * through the same calls as the runner in plugins/judge.c.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdbool.h>
#include <string.h>

#include "cktest.h"
#include "jtest.h"

/* Never freed: no test result is released (see jtest_decide()). */
unsigned char jtest_der[1];

void
jtest_parse(const struct judge *j, void *args, enum args_status want,
    const char *const *base, const char *const *extra)
{
	const struct common_args *c = args;
	char			 *argv[CKTEST_ARGV_MAX];
	int			  argc;

	argc = cktest_argv(argv, j->prog, base, extra);
	ck_assert_msg(argc < CKTEST_ARGV_MAX - 1, "too many arguments");
	ck_assert_msg(judge_parse(j, args, argc, argv) == want,
	    "%s: parsing did not return %d (why: '%s')", j->prog, (int)want,
	    c->why);
}

enum state
jtest_decide(const struct judge *j, void *args, const struct probe_result *res,
    int nres, double elapsed, struct verdict *v)
{
	/* Static: a run holds JUDGE_PROBES_MAX results, too big for a stack. */
	static struct judge_run run;
	int			i;

	judge_plan(j, args, &run);
	ck_assert_msg(run.n == nres, "%s plans %d probes, the test gives %d",
	    j->prog, run.n, nres);
	for (i = 0; i < nres; i++)
		run.res[i] = res[i];
	run.elapsed = elapsed;
	judge_verdict_init(j, args, v);
	judge_decide(j, args, &run, v);
	/* No judge_run_release(): the results are the caller's. */
	return v->state;
}

const char *
jtest_render(const struct verdict *v, enum out_format fmt, int verbose,
    char *buf, size_t bufsz)
{
	out_render(v, fmt, verbose, buf, bufsz);
	return buf;
}

enum state
jtest_run(struct jtest *t, const char *const *extra, int verbose)
{
	const struct common_args *c = t->args;
	const char		 *nl;

	jtest_parse(t->judge, t->args, ARGS_OK, t->base, extra);
	jtest_decide(t->judge, t->args, t->res, t->nres, t->elapsed, &t->v);
	jtest_render(&t->v, c->format, verbose, t->out, sizeof(t->out));
	if (c->format == OUT_NAGIOS && verbose == 0) {
		nl = strchr(t->out, '\n');
		ck_assert_msg(nl != NULL && nl[1] == '\0',
		    "not exactly one line: '%s'", t->out);
	}
	return t->v.state;
}

bool
jtest_first_is(const char *out, const char *want)
{
	size_t line = strcspn(out, "\n"), n = strlen(want);

	if (strncmp(out, want, n) != 0)
		return false;
	/* Within the first line, or ending exactly with it. */
	return n <= line || (n == line + 1 && want[line] == '\n');
}

int
jtest_main(const char *name, TCase *tc)
{
	Suite *s = suite_create(name);

	suite_add_tcase(s, tc);
	return cktest_run(s);
}
