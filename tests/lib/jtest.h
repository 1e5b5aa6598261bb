/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Judge unit tests: a judge's options parsed, its verdict decided from
 * hand-built probe results through the public path (judge_plan, then
 * judge_decide), and rendered as the plugin would print it.
 */
#ifndef TESTS_LIB_JTEST_H
#define TESTS_LIB_JTEST_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "judge.h"

/* Room for one rendered verdict: status line and long output, or JSON. */
#define JTEST_OUT_SIZE 65536

/* The der of a certificate in a hand-built result: marks it parsed. */
extern unsigned char jtest_der[1];

/*
 * Parse prog, then base, then extra (each NULL-terminated, or NULL) into
 * args with judge_parse() and fail the test unless it returns want. On
 * ARGS_ERROR the reason is in the args' common why.
 */
void jtest_parse(const struct judge *j, void *args, enum args_status want,
    const char *const *base, const char *const *extra);

/*
 * Decide a verdict from hand-built results: judge_plan() for the parsed
 * args (the test fails unless it plans exactly nres probes), res[0..nres)
 * copied into the run in plan order, elapsed as the time all probes took,
 * judge_verdict_init() and judge_decide() into v. The results stay the
 * caller's; nothing is released. Returns v->state.
 */
enum state jtest_decide(const struct judge *j, void *args,
    const struct probe_result *res, int nres, double elapsed,
    struct verdict *v);

/* Render v into buf as the plugin prints it. Returns buf. */
const char *jtest_render(const struct verdict *v, enum out_format fmt,
    int verbose, char *buf, size_t bufsz);

/*
 * One judge under test. A test file fills judge, args, base, res and nres
 * once, in a static initialiser; all are borrowed. args is the judge's
 * args struct (judge->args_size bytes), base the words before each run's
 * own (or NULL), res the results in plan order, nres how many the judge
 * plans, elapsed the seconds all probes took. Each run leaves the verdict
 * in v and what the plugin printed in out.
 */
struct jtest {
	const struct judge	  *judge;
	void			  *args;
	const char *const	  *base;
	const struct probe_result *res;
	int			   nres;
	double			   elapsed;
	struct verdict		   v;
	char			   out[JTEST_OUT_SIZE];
};

/*
 * A plugin run on t->res: parse t->base and extra (the test fails unless
 * ARGS_OK), decide, and render into t->out in the format the options ask
 * for (-o), with long output when verbose > 0. Nagios output at verbose 0
 * must be exactly one line. Returns the state.
 */
enum state jtest_run(struct jtest *t, const char *const *extra, int verbose);

/*
 * Does out's first line start with want? A want that ends in "\n" must
 * end exactly where the first line does.
 */
bool jtest_first_is(const char *out, const char *want);

/* Run one test case as the suite name; the exit status for main(). */
int jtest_main(const char *name, TCase *tc);

/*
 * Assertions on the last run of t. Macros, so that Check reports the
 * test's own file and line; each evaluates its string once.
 */
#define JTEST_FIRST(t, want)                                                   \
	do {                                                                   \
		const char *jt_out_ = (t)->out, *jt_want_ = (want);            \
		ck_assert_msg(jtest_first_is(jt_out_, jt_want_),               \
		    "got '%.*s', want '%s'", (int)strcspn(jt_out_, "\n"),      \
		    jt_out_, jt_want_);                                        \
	} while (0)

#define JTEST_HAS(t, s)                                                        \
	do {                                                                   \
		const char *jt_s_ = (s);                                       \
		ck_assert_msg(strstr((t)->out, jt_s_) != NULL,                 \
		    "'%s' lacks '%s'", (t)->out, jt_s_);                       \
	} while (0)

#define JTEST_LACKS(t, s)                                                      \
	do {                                                                   \
		const char *jt_s_ = (s);                                       \
		ck_assert_msg(strstr((t)->out, jt_s_) == NULL,                 \
		    "'%s' has '%s'", (t)->out, jt_s_);                         \
	} while (0)

/* The cause id judge_decide() gave the verdict: "chain-incomplete". */
#define JTEST_CAUSE(t, want)                                                   \
	do {                                                                   \
		const char *jt_c_ = (t)->v.cause, *jt_want_ = (want);          \
		ck_assert_msg(jt_c_ != NULL && strcmp(jt_c_, jt_want_) == 0,   \
		    "cause '%s', want '%s' (output '%s')",                     \
		    jt_c_ ? jt_c_ : "(null)", jt_want_, (t)->out);             \
	} while (0)

#endif /* TESTS_LIB_JTEST_H */
