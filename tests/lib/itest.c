/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Check-aware layer over harness.c for tests/integ: start the server, run
 * the plugin with a fixed prefix of arguments, fail on a hang or a signal.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "harness.h"
#include "itest.h"

#define ARGS_MAX	32

struct ts_server	it_srv;
struct ts_run		it_run;

static char		plugin[512];	/* "" until it_plugin() */

void
it_plugin(const char *name)
{
	ck_assert_msg(ts_plugin_path(plugin, sizeof(plugin), name) != NULL,
	    "cannot find plugin '%s' (is PLUGIN_DIR set?)", name);
}

void
it_start(const char *plugin_name, const char *const *server_args)
{
	it_plugin(plugin_name);
	ck_assert_msg(ts_server_start(&it_srv, server_args) == 0,
	    "test server did not start (see stderr)");
}

void
it_teardown(void)
{
	ts_server_stop(&it_srv);
	memset(&it_srv, 0, sizeof(it_srv));
}

/* Append the NULL-terminated list to argv at *n; false if it does not fit. */
static bool
it_append(const char **argv, int *n, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++) {
		if (*n >= ARGS_MAX - 1)
			return false;
		argv[(*n)++] = *list;
	}
	return true;
}

void
it_exec(double limit_s, const char *const *fixed, const char *const *args)
{
	const char	*argv[ARGS_MAX];
	int		 n = 0;

	ck_assert_msg(plugin[0] != '\0',
	    "it_exec() before it_plugin() or it_start()");
	argv[n++] = plugin;
	ck_assert_msg(it_append(argv, &n, fixed) && it_append(argv, &n, args),
	    "more than %d plugin arguments", ARGS_MAX - 2);
	argv[n] = NULL;
	ck_assert_msg(ts_run(&it_run, limit_s, argv) == 0,
	    "cannot run '%s' (see stderr)", plugin);
	ck_assert_msg(!it_run.timed_out, "plugin hung for %.1f s: %s",
	    limit_s, it_run.out);
	ck_assert_msg(it_run.signal == 0, "plugin died by signal %d: %s",
	    it_run.signal, it_run.out);
}
