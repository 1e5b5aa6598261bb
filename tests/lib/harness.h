/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Integration test harness: start and stop tls_test_server, run a plugin
 * binary with a time limit and capture what it prints.
 */

#ifndef TESTS_LIB_HARNESS_H
#define TESTS_LIB_HARNESS_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

struct ts_server {
	pid_t pid; /* 0: not running */
	int   port;
	char  dir[256];	    /* mkdtemp'd directory holding ca.pem, chain.pem */
	char  ca_file[300]; /* dir + "/ca.pem" */
};

/*
 * Start $TLS_TEST_SERVER (required; there is no fallback path) with
 * "--dir <fresh mkdtemp directory under $TMPDIR or /tmp>" followed by the
 * NULL-terminated extra_argv (NULL: none). The server runs in its own
 * process group and gets SIGTERM if the calling process dies (Linux).
 * Waits up to 10 s for its "READY <port>" line. Returns 0 with s filled
 * in, or -1 with a message on stderr and nothing left behind.
 */
int ts_server_start(struct ts_server *s, const char *const extra_argv[]);

/*
 * SIGTERM, then SIGKILL the server's process group (so connection children
 * go too), reap the server, remove the files in s->dir and the directory.
 * Safe on a zeroed struct and when called twice.
 */
void ts_server_stop(struct ts_server *s);

/*
 * A fresh directory "$TMPDIR/<name>.XXXXXX" (/tmp when TMPDIR is unset)
 * into buf. Returns 0, or -1 with a message on stderr and buf "".
 */
int ts_tempdir(char *buf, size_t bufsz, const char *name);

struct ts_run {
	int    exit_code;  /* 0..255, or -1 if killed by a signal */
	int    signal;	   /* the signal, else 0 */
	char   out[16384]; /* stdout, NUL-terminated, truncated if longer */
	char   err[4096];  /* stderr, likewise */
	char   first_line[1024]; /* stdout up to the first '\n' */
	double elapsed;		 /* wall seconds */
	bool   timed_out;	 /* killed by the harness after limit_s */
};

/*
 * Run argv[0] (a path, no $PATH search) with argv (NULL-terminated), stdin
 * from /dev/null, stdout and stderr captured. After limit_s seconds the
 * child's process group gets SIGKILL and r->timed_out is set. Returns 0 if
 * the program ran, whatever its exit code; -1 (message on stderr) if it
 * could not be started, e.g. exec failed.
 */
int ts_run(struct ts_run *r, double limit_s, const char *const argv[]);

/*
 * ts_run() for n (1..TS_RUN_MAX) programs at once: argv[i]'s result lands
 * in r[i], each with its own elapsed time and the same limit_s. Returns 0
 * if every program ran; -1 (message on stderr) if one could not be
 * started, and then none is left running.
 */
#define TS_RUN_MAX 4
int ts_run_n(struct ts_run *r, size_t n, double limit_s,
    const char *const *const argv[]);

/*
 * "$PLUGIN_DIR/<name>" into buf and return buf; NULL (message on stderr)
 * if PLUGIN_DIR is unset or the path does not fit. ts_run() rejects a NULL
 * argv[0], so a missing PLUGIN_DIR fails the test instead of crashing it.
 */
const char *ts_plugin_path(char *buf, size_t bufsz, const char *name);

#endif /* TESTS_LIB_HARNESS_H */
