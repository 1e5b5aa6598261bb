/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Option parsing shared by every plugin (DESIGN.md section 4). A plugin
 * passes its own options and a handler; the parser never prints or exits.
 */
#ifndef TLSCHECK_ARGS_H
#define TLSCHECK_ARGS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "out.h"
#include "probe.h"
#include "state.h"

enum args_status {
	ARGS_OK = 0,
	ARGS_ERROR = -1, /* a->why says which option and why */
	ARGS_HELP = 1,	 /* -h: print help, exit 3 */
	ARGS_VERSION = 2 /* -V: print version, exit 3 */
};

struct common_args {
	struct probe_opts
		   probe; /* borrowed strings point into argv or bufs below */
	enum state timeout_state;     /* -t SECONDS:STATE (default CRITICAL) */
	enum out_format format;	      /* -o */
	int		verbose;      /* -v count, 0..3 */
	const char     *warn;	      /* -w as given, NULL if absent */
	const char     *crit;	      /* -c as given */
	char		host[256];    /* -H, trailing dot dropped */
	char		address[256]; /* -I */
	char		port[8];
	char		sni[256];
	char		shown_host[OUT_FIELD_SIZE]; /* host for output */
	char		why[256];		    /* one line on ARGS_ERROR */
	bool why_local; /* ... about this host (a CA file), not usage */
};

/*
 * A plugin's own option: called for each option of `extra` (long-only,
 * val >= 256). Returns 0, or -1 after writing why.
 */
typedef int (*args_handler)(
    void *ctx, int val, const char *arg, char *why, size_t whysz);

/*
 * Parse argv into a (defaults first). extra may be NULL. Returns an
 * args_status; on ARGS_ERROR a->why holds one line naming the option.
 * The first error is kept; later options (-o json) still apply.
 */
enum args_status args_parse(struct common_args *, int argc, char *argv[],
    const struct option *extra, args_handler, void *ctx);

/* Range-checked unsigned integer: 0 or -1 (with why, naming opt). */
int args_uint(const char *s, unsigned long min, unsigned long max,
    unsigned long *out, const char *opt, char *why, size_t whysz);
/* Positive seconds, fractional allowed, up to max: 0 or -1. */
int args_duration(const char *s, double max, double *out, const char *opt,
    char *why, size_t whysz);
/* Help text for the options every plugin takes. Static. */
const char *args_common_help(void);

#endif
