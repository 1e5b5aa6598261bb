/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Check-aware layer over harness.h for tests/integ: the one test server and
 * plugin run a test works with, and the assertions every it_*.c file shares.
 */
#ifndef TESTS_LIB_ITEST_H
#define TESTS_LIB_ITEST_H

#include <check.h>
#include <string.h>

#include "harness.h"

/*
 * The server it_start() started and the result of the last it_exec().
 * Tests read them (it_srv.port, it_srv.ca_file, it_run.exit_code, ...).
 * A test may stop it_srv with ts_server_stop() to get a refused port and
 * may it_start() again; it_teardown() cleans up whatever is left.
 */
extern struct ts_server	it_srv;
extern struct ts_run	it_run;

/*
 * Resolve "$PLUGIN_DIR/<name>" as the binary it_exec() runs, for tests that
 * need no server. Fails the test if PLUGIN_DIR is unset or too long.
 */
void	it_plugin(const char *name);

/*
 * it_plugin(plugin_name), then start tls_test_server into it_srv with
 * server_args (NULL-terminated; NULL: none). Fails the test if the server
 * does not come up.
 */
void	it_start(const char *plugin_name, const char *const *server_args);

/*
 * Teardown for tcase_add_checked_fixture(): stop it_srv and zero it. Safe
 * when no server runs or it was stopped already.
 */
void	it_teardown(void);

/*
 * Run the plugin with fixed, then args (each NULL-terminated; NULL: none)
 * and at most limit_s seconds; the result lands in it_run. Fails the test
 * if there are too many arguments, the plugin cannot be started, hung past
 * limit_s or died by a signal. Judging the exit code is the caller's job.
 */
void	it_exec(double limit_s, const char *const *fixed,
	    const char *const *args);

/* it_srv.port as a string; valid for the next 7 ts_fmt() calls. */
#define IT_PORT		ts_fmt("%d", it_srv.port)

/*
 * Substring assertions on the last run. Macros so that Check reports the
 * test's own file and line; each evaluates s once (s may be a ts_fmt()).
 */
#define IT_HAS(s)	IT_CONTAINS_(it_run.first_line, "first line", (s))
#define IT_OUT_HAS(s)	IT_CONTAINS_(it_run.out, "output", (s))

/* The shared body of IT_HAS and IT_OUT_HAS; not for tests to call. */
#define IT_CONTAINS_(hay, what, s) do {					\
	const char *it_want_ = (s);					\
	ck_assert_msg(strstr((hay), it_want_) != NULL,			\
	    what " '%s' lacks '%s' (exit code %d)",			\
	    (hay), it_want_, it_run.exit_code);				\
} while (0)

#define IT_STARTS(s) do {						\
	const char *it_want_ = (s);					\
	ck_assert_msg(strncmp(it_run.first_line, it_want_,		\
	    strlen(it_want_)) == 0,					\
	    "first line '%s' does not start with '%s' (exit code %d)",	\
	    it_run.first_line, it_want_, it_run.exit_code);		\
} while (0)

#endif /* TESTS_LIB_ITEST_H */
