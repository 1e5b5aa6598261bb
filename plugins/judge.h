/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A judge: one failure class as a linkable unit. It parses its own
 * options, plans the probes it needs, assesses their facts into findings
 * (each with a cause from DESIGN.md section 7, a state and a priority) and
 * renders them. One runner drives every judge, so a binary's main() is one
 * call, and check_tls can link every judge.
 */
#ifndef TLSCHECK_JUDGE_H
#define TLSCHECK_JUDGE_H

#include <getopt.h>
#include <stddef.h>

#include "args.h"
#include "cause.h"
#include "out.h"
#include "probe.h"
#include "report.h"

/* Probes one judge may plan for one run. */
#define JUDGE_PROBES_MAX 16

/* One run of a judge: the probes it planned, their facts, its findings. */
struct judge_run {
	struct probe_opts      opts[JUDGE_PROBES_MAX];
	struct probe_result    res[JUDGE_PROBES_MAX];
	int		       n;	 /* probes planned */
	int		       primary;	 /* whose address the output shows */
	double		       elapsed;	 /* seconds all probes took together */
	struct report_findings findings; /* assess() fills */
};

/*
 * The definition of a failure class. Its args struct begins with a
 * struct common_args; every callback gets that struct.
 */
struct judge {
	const char	    *name;	/* "expiry" */
	const char	    *prog;	/* "check_tls_expiry" */
	const char	    *label;	/* "TLS-EXPIRY" */
	const char	    *summary;	/* help: what it checks */
	const char	    *usage;	/* help: synopsis after the name */
	const char	    *help;	/* help: its own options */
	const struct option *options;	/* its long options, or NULL */
	size_t		     args_size; /* sizeof its args struct */
	/* Non-NULL: -w/-c are refused, with this hint ("" for none). */
	const char *no_thresholds;
	/*
	 * Its own probes scan the versions: a handshake_failure needs no
	 * follow-up scan to be explained (see followup.h).
	 */
	bool scans_versions;
	/* Defaults before parsing; NULL when zero is every default. */
	void (*defaults)(void *args);
	/* One of its own options: 0, or -1 after writing why. */
	int (*option)(
	    void *args, int val, const char *arg, char *why, size_t whysz);
	/* After parsing: 0, or -1 with the reason in the common_args' why. */
	int (*check)(void *args);
	/*
	 * Fill run->opts[0..n) (each starts as a copy of the parsed probe
	 * options) and set run->n (1..JUDGE_PROBES_MAX) and run->primary.
	 * Strings the options point to must live in args. NULL: one probe
	 * with the parsed options.
	 */
	void (*plan)(void *args, struct judge_run *run);
	/* Pure: the facts in run->res to findings in run->findings. */
	void (*assess)(const void *args, struct judge_run *run);
	/* Pure: findings and facts to the verdict (state, text, perfdata). */
	void (*render)(
	    const void *args, const struct judge_run *run, struct verdict *v);
};

/*
 * Parse argv into args (j->args_size bytes, zeroed here, then the judge's
 * defaults). Returns an args_status; on ARGS_ERROR the common_args' why
 * names the option. Never prints or exits: unit tests call it.
 */
enum args_status judge_parse(
    const struct judge *j, void *args, int argc, char *argv[]);
/*
 * Plan the probes for parsed args: every run->opts[i] starts as the
 * parsed probe options, then the judge's plan adjusts them. The findings
 * are emptied and res[0..n) read as not run until the probes fill them.
 */
void judge_plan(const struct judge *j, void *args, struct judge_run *run);
/*
 * Assess and render a run whose probes have run, into v (already
 * initialised by judge_verdict_init). Pure.
 */
void judge_decide(const struct judge *j, const void *args,
    struct judge_run *run, struct verdict *v);
/* A fresh verdict for j and the parsed target (label, host, port). */
void judge_verdict_init(
    const struct judge *j, const void *args, struct verdict *v);
/* Free what the run's results own. */
void judge_run_release(struct judge_run *run);

/*
 * A whole plugin run: parse, help/version/usage, deadline and backstop,
 * probes (all at once, under one deadline), assess, render, print.
 * Returns the exit status.
 */
int judge_main(const struct judge *j, int argc, char *argv[]);

#endif
