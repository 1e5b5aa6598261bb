/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The scenario table: one row per plugin run against our test server. It
 * drives the integration tests (tests/integ/it_*.c) and make demo.
 */
#ifndef TESTS_INTEG_SCENARIOS_H
#define TESTS_INTEG_SCENARIOS_H

#include <stddef.h>

#define SC_ARGV 14 /* arguments of a row, with room for the NULL */
#define SC_HAS	6  /* expected substrings of a kind, with the NULL */

/*
 * Row flags. Without any, a row starts one tls_test_server with .server,
 * runs .plugin with .args against it once as is and once with "-o json"
 * added (the JSON twin), and stops the server.
 */
#define SC_EXACT       0x01 /* .first is the whole first line */
#define SC_NO_SERVER   0x02 /* start no server (usage errors) */
#define SC_REFUSED     0x04 /* stop the server first: @PORT@ is closed */
#define SC_NOT_A_CHECK 0x08 /* --help, -V: no status line, no JSON twin */

/*
 * Placeholders, expanded in .args, .first, .line_has, .line_any, .out_has
 * and .env wherever they occur:
 *   @PORT@     the server's port
 *   @DIR@      the directory the server wrote its PEM files into
 *   @CA@       @DIR@/ca.pem, the root that signed the server's chain
 *   @CAINT@    @DIR@/ca-with-int.pem, that root and the intermediate
 *   @OTHERCA@  the root of a second server: one that signed nothing here
 *              (using it starts that second server)
 *
 * Every run of a row asserts: no hang (10 s; 5 s without a server), no
 * signal, the exit code, and the expected strings. A status line (a run
 * without -o json, and not SC_NOT_A_CHECK) must also start with the
 * plugin's label and the state of the exit code ("TLS-CHAIN WARNING: ")
 * and be under 400 bytes; the output holds at most one '|' and no CR, and
 * without -v it is that one line. A JSON run must print one JSON object
 * on one line, with "state", "exit_code" and "cause" agreeing with the
 * row. Rows whose .args hold "-o json" are their own JSON twin.
 */
struct scenario {
	const char  *id;	       /* unique, stable: "expiry-warning" */
	const char  *plugin;	       /* binary name in $PLUGIN_DIR */
	const char  *server[SC_ARGV];  /* tls_test_server arguments */
	const char  *args[SC_ARGV];    /* plugin arguments */
	int	     exit_code;	       /* 0 OK .. 3 UNKNOWN */
	const char  *cause;	       /* DESIGN.md section 7: JSON "cause" */
	const char  *first;	       /* first line starts with; NULL: any */
	const char  *line_has[SC_HAS]; /* each in the first line */
	const char  *line_any[SC_HAS]; /* one of them in the first line */
	const char  *out_has[SC_HAS];  /* each in the whole stdout */
	double	     min_s;	       /* the run takes at least; 0: any */
	double	     max_s;	       /* the run ends within; 0: any */
	const char  *file[2];	       /* { name, text } written into @DIR@ */
	const char  *env;	       /* "NAME=VALUE" while the plugin runs */
	unsigned int flags;	       /* SC_* */
	const char  *demo;	       /* title in make demo; NULL: not shown */
};

extern const struct scenario scenarios[];
extern const size_t	     scenarios_count;

#endif /* TESTS_INTEG_SCENARIOS_H */
