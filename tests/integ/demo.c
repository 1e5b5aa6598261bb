/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make demo: the rows of the scenario table that have a demo title, each
 * plugin against its own test server on 127.0.0.1, with its first line.
 * Exits 1 if a plugin's exit status is not the one its row expects.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "itest.h"
#include "scenarios.h"

#define DEMO_LIMIT_S 15.0

/* Print words as typed, with " PORT" for @PORT@; none: if there are none. */
static void
demo_words(const char *const *w, size_t max, const char *none)
{
	const char *p, *at;
	size_t	    i;

	if (w[0] == NULL && none != NULL)
		fputs(none, stdout);
	for (i = 0; i < max && w[i] != NULL; i++) {
		if (i > 0)
			putchar(' ');
		for (p = w[i]; (at = strstr(p, "@PORT@")) != NULL; p = at + 6)
			printf("%.*sPORT", (int)(at - p), p);
		fputs(p, stdout);
	}
}

/* The first line of what the plugin printed, stderr if stdout is empty. */
static void
demo_first_line(const struct ts_run *r)
{
	const char *s = r->out[0] != '\0' ? r->out : r->err;

	printf("%.*s\n", (int)strcspn(s, "\n"), s);
}

/* Run row sc and show it; false if its exit status is not the row's. */
static bool
demo_row(const struct scenario *sc)
{
	static struct it_env  e;
	static struct it_argv a;
	static struct ts_run  r;
	bool		      ok;

	printf("\n== %s  [server: ", sc->demo);
	demo_words(sc->server, SC_ARGV, "defaults");
	printf("]\n$ %s ", sc->plugin);
	demo_words(sc->args, SC_ARGV, NULL);
	putchar('\n');
	fflush(stdout);
	if (it_env_start(&e, sc) == -1 || it_argv_build(&e, false, &a) == -1 ||
	    ts_run(&r, DEMO_LIMIT_S, a.argv) == -1) {
		printf("demo: %s\n-> UNEXPECTED\n",
		    e.why[0] != '\0' ? e.why :
				       "the plugin did not run (see stderr)");
		it_env_stop(&e);
		return false;
	}
	it_env_stop(&e);
	demo_first_line(&r);
	ok = !r.timed_out && r.signal == 0 && r.exit_code == sc->exit_code;
	if (r.timed_out)
		printf("-> no exit within %.0f s", DEMO_LIMIT_S);
	else if (r.signal != 0)
		printf("-> killed by signal %d", r.signal);
	else
		printf("-> exit %d", r.exit_code);
	if (ok)
		printf(" ok\n");
	else
		printf(" UNEXPECTED (wanted exit %d)\n", sc->exit_code);
	return ok;
}

int
main(void)
{
	size_t i;
	int    total = 0, failures = 0;

	printf("tls-monitoring-plugins demo: each plugin against local "
	       "scenario servers\n");
	for (i = 0; i < scenarios_count; i++) {
		if (scenarios[i].demo == NULL)
			continue;
		total++;
		if (!demo_row(&scenarios[i]))
			failures++;
	}
	printf("\ndemo: %d scenarios, %d unexpected\n", total, failures);
	return failures == 0 ? 0 : 1;
}
