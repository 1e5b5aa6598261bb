/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Running rows of the scenario table (tests/integ/scenarios.h): what a row
 * needs before the plugin runs, its command lines, and the Check suite
 * that asserts every row of one plugin. make demo uses the first two.
 */
#ifndef TESTS_LIB_ITEST_H
#define TESTS_LIB_ITEST_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

struct scenario;

#define IT_ARGV_MAX 20	/* plugin, row arguments, -o json, NULL */
#define IT_ARG_SIZE 640 /* one expanded argument or expectation */

/* What one row runs against. it_env_start() fills it. */
struct it_env {
	const struct scenario *sc;	     /* borrowed */
	struct ts_server       srv;	     /* the row's server */
	struct ts_server       other;	     /* a second one, for @OTHERCA@ */
	int		       port;	     /* @PORT@, kept for SC_REFUSED */
	char		       plugin[512];  /* $PLUGIN_DIR/<plugin> */
	char		       env_name[64]; /* what .env set; "" if none */
	char		       why[512];     /* why the last call failed */
};

/* One command line; argv points into store and at it_env's plugin. */
struct it_argv {
	const char *argv[IT_ARGV_MAX];
	char	    store[IT_ARGV_MAX][IT_ARG_SIZE];
};

/*
 * Prepare row sc: find its plugin under $PLUGIN_DIR, start its server
 * (unless SC_NO_SERVER; SC_REFUSED stops it again and keeps its port), a
 * second server when .args or .env name @OTHERCA@, write .file into the
 * server's directory and set .env. Returns 0, or -1 with e->why set; call
 * it_env_stop() either way.
 */
int it_env_start(struct it_env *e, const struct scenario *sc);

/*
 * Stop the servers and unset .env. e keeps .sc, .port and .why, so
 * @PORT@ still expands in expectations (@DIR@ and the CAs no longer do).
 * Safe to call twice, and on an e that it_env_start() failed to fill.
 */
void it_env_stop(struct it_env *e);

/*
 * Copy src into dst with the placeholders of scenarios.h expanded for e.
 * Returns 0, or -1 with e->why set for an unknown placeholder, one that
 * e cannot fill (no server) or a result longer than dstsz.
 */
int it_expand(struct it_env *e, const char *src, char *dst, size_t dstsz);

/*
 * The row's command line into a: the plugin, its expanded .args and, if
 * json, "-o json" after them. Returns 0, or -1 with e->why set.
 */
int it_argv_build(struct it_env *e, bool json, struct it_argv *a);

/* Does row sc ask for JSON itself ("-o json" in .args)? */
bool it_row_is_json(const struct scenario *sc);

/*
 * main() of tests/integ/it_<name>: a Check suite called name with one
 * loop test over the rows of plugin (which must be adjacent in the table).
 * Each row runs its plugin and, unless the row is JSON already or
 * SC_NOT_A_CHECK, its JSON twin at the same time. Returns the exit status.
 */
int it_main(const char *name, const char *plugin);

#endif /* TESTS_LIB_ITEST_H */
