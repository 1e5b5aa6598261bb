/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Rows of the scenario table: their set-up and command lines, and the
 * Check assertions every row gets (scenarios.h lists them).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../integ/scenarios.h"
#include "cause.h"
#include "cktest.h"
#include "harness.h"
#include "itest.h"
#include "jsoncheck.h"

#define IT_LIMIT_S	     10.0 /* a run longer than this hangs */
#define IT_LIMIT_NO_SERVER_S 5.0  /* the same for usage errors */
#define IT_LINE_MAX	     400  /* a status line is shorter */
#define IT_TCASE_TIMEOUT     60	  /* seconds for one row */
#define IT_PLUGIN_PREFIX     "check_tls_"

static const char *const it_states[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

static int it_fail(struct it_env *, const char *, ...)
    __attribute__((__format__(__printf__, 2, 3)));

static int
it_fail(struct it_env *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->why, sizeof(e->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Does row sc name @OTHERCA@ in .args or .env? */
static bool
it_wants_other(const struct scenario *sc)
{
	size_t i;

	for (i = 0; i < SC_ARGV && sc->args[i] != NULL; i++) {
		if (strstr(sc->args[i], "@OTHERCA@") != NULL)
			return true;
	}
	return sc->env != NULL && strstr(sc->env, "@OTHERCA@") != NULL;
}

/* Write text into the file name in the server's directory. */
static int
it_write_file(struct it_env *e, const char *name, const char *text)
{
	char  path[600];
	FILE *f;
	int   n;

	if (e->srv.dir[0] == '\0')
		return it_fail(e, ".file needs a running server");
	if (strchr(name, '/') != NULL)
		return it_fail(e, ".file '%s': a name, not a path", name);
	n = snprintf(path, sizeof(path), "%s/%s", e->srv.dir, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return it_fail(e, ".file '%s': path too long", name);
	f = fopen(path, "w");
	if (f == NULL)
		return it_fail(e, "%s: %s", path, strerror(errno));
	if (fputs(text, f) == EOF) {
		fclose(f);
		return it_fail(e, "%s: %s", path, strerror(errno));
	}
	if (fclose(f) != 0)
		return it_fail(e, "%s: %s", path, strerror(errno));
	return 0;
}

/* Set the variable of "NAME=VALUE" (expanded) and remember its name. */
static int
it_set_env(struct it_env *e, const char *spec)
{
	char  buf[IT_ARG_SIZE];
	char *eq;

	if (it_expand(e, spec, buf, sizeof(buf)) == -1)
		return -1;
	eq = strchr(buf, '=');
	if (eq == NULL || eq == buf ||
	    (size_t)(eq - buf) >= sizeof(e->env_name))
		return it_fail(e, ".env '%s' is no NAME=VALUE", spec);
	*eq = '\0';
	if (setenv(buf, eq + 1, 1) == -1)
		return it_fail(e, "setenv %s: %s", buf, strerror(errno));
	snprintf(e->env_name, sizeof(e->env_name), "%s", buf);
	return 0;
}

int
it_env_start(struct it_env *e, const struct scenario *sc)
{
	memset(e, 0, sizeof(*e));
	e->sc = sc;
	if (ts_plugin_path(e->plugin, sizeof(e->plugin), sc->plugin) == NULL)
		return it_fail(
		    e, "no plugin '%s' (is PLUGIN_DIR set?)", sc->plugin);
	if (it_wants_other(sc) && ts_server_start(&e->other, NULL) == -1)
		return it_fail(e, "second server did not start (see stderr)");
	if ((sc->flags & SC_NO_SERVER) == 0) {
		if (ts_server_start(&e->srv, sc->server) == -1)
			return it_fail(e, "server did not start (see stderr)");
		e->port = e->srv.port;
		/* A port nothing listens on: one the kernel just gave us. */
		if ((sc->flags & SC_REFUSED) != 0)
			ts_server_stop(&e->srv);
	}
	if (sc->file[0] != NULL &&
	    it_write_file(e, sc->file[0], sc->file[1]) == -1)
		return -1;
	if (sc->env != NULL && it_set_env(e, sc->env) == -1)
		return -1;
	return 0;
}

void
it_env_stop(struct it_env *e)
{
	if (e->env_name[0] != '\0')
		unsetenv(e->env_name);
	e->env_name[0] = '\0';
	ts_server_stop(&e->srv);
	ts_server_stop(&e->other);
}

/*
 * The text for the placeholder name (len bytes, without the '@'s), built
 * in buf; NULL with e->why set if e cannot fill it.
 */
static const char *
it_placeholder(
    struct it_env *e, const char *name, size_t len, char *buf, size_t bufsz)
{
	const char *dir = e->srv.dir, *other = e->other.ca_file;
	const struct {
		const char *name, *base, *suffix;
	} ph[] = {
	    {"DIR", dir, ""},
	    {"CA", dir, "/ca.pem"},
	    {"CAINT", dir, "/ca-with-int.pem"},
	    {"OTHERCA", other, ""},
	};
	size_t i;
	int    n = -1;

	if (len == 4 && strncmp(name, "PORT", len) == 0) {
		if (e->port > 0)
			n = snprintf(buf, bufsz, "%d", e->port);
	} else {
		for (i = 0; i < sizeof(ph) / sizeof(ph[0]); i++) {
			if (strlen(ph[i].name) == len &&
			    strncmp(name, ph[i].name, len) == 0)
				break;
		}
		if (i == sizeof(ph) / sizeof(ph[0])) {
			it_fail(
			    e, "unknown placeholder @%.*s@", (int)len, name);
			return NULL;
		}
		if (ph[i].base[0] != '\0')
			n = snprintf(
			    buf, bufsz, "%s%s", ph[i].base, ph[i].suffix);
	}
	if (n < 0 || (size_t)n >= bufsz) {
		it_fail(e, "@%.*s@ without a running server, or too long",
		    (int)len, name);
		return NULL;
	}
	return buf;
}

int
it_expand(struct it_env *e, const char *src, char *dst, size_t dstsz)
{
	const char *p, *end, *val;
	char	    tmp[IT_ARG_SIZE];
	size_t	    n = 0, len;

	for (p = src; *p != '\0';) {
		end = p + 1;
		while (*p == '@' && *end >= 'A' && *end <= 'Z')
			end++;
		if (*p == '@' && *end == '@' && end > p + 1) {
			val = it_placeholder(
			    e, p + 1, (size_t)(end - p - 1), tmp, sizeof(tmp));
			if (val == NULL)
				return -1;
			len = strlen(val);
			p = end + 1;
		} else {
			val = p++;
			len = 1;
		}
		if (n + len >= dstsz)
			return it_fail(e, "'%.64s' expands past %zu bytes", src,
			    dstsz - 1);
		memcpy(dst + n, val, len);
		n += len;
	}
	dst[n] = '\0';
	return 0;
}

int
it_argv_build(struct it_env *e, bool json, struct it_argv *a)
{
	const struct scenario *sc = e->sc;
	size_t		       i, n = 0;

	a->argv[n++] = e->plugin;
	for (i = 0; i < SC_ARGV && sc->args[i] != NULL; i++) {
		if (n + 3 >= IT_ARGV_MAX)
			return it_fail(e, "more than %d plugin arguments",
			    IT_ARGV_MAX - 4);
		if (it_expand(
			e, sc->args[i], a->store[n], sizeof(a->store[n])) == -1)
			return -1;
		a->argv[n] = a->store[n];
		n++;
	}
	if (json) {
		a->argv[n++] = "-o";
		a->argv[n++] = "json";
	}
	a->argv[n] = NULL;
	return 0;
}

bool
it_row_is_json(const struct scenario *sc)
{
	const char *const *a = sc->args;
	size_t		   i;

	for (i = 0; i + 1 < SC_ARGV && a[i] != NULL; i++) {
		if (strcmp(a[i], "--output=json") == 0 ||
		    strcmp(a[i], "-ojson") == 0)
			return true;
		if ((strcmp(a[i], "-o") == 0 ||
			strcmp(a[i], "--output") == 0) &&
		    a[i + 1] != NULL && strcmp(a[i + 1], "json") == 0)
			return true;
	}
	return false;
}

/* Does row sc ask for long output (-v, -vv, -vvv, --verbose)? */
static bool
it_row_is_verbose(const struct scenario *sc)
{
	size_t i;

	for (i = 0; i < SC_ARGV && sc->args[i] != NULL; i++) {
		if (strcmp(sc->args[i], "--verbose") == 0 ||
		    (strncmp(sc->args[i], "-v", 2) == 0 &&
			strspn(sc->args[i] + 1, "v") ==
			    strlen(sc->args[i] + 1)))
			return true;
	}
	return false;
}

/* ------------------------------------------------------ Check tests */

static struct it_env  it_env;	  /* the row under test */
static struct ts_run  it_runs[2]; /* its run and its JSON twin */
static struct it_argv it_argvs[2];

/* Row sc as a table entry: what a typo in scenarios.c would break. */
static void
it_check_row(const struct scenario *sc)
{
	size_t i;

	ck_assert_msg(sc->id != NULL, "row without an id");
	for (i = 0; i < scenarios_count; i++)
		ck_assert_msg(&scenarios[i] == sc || scenarios[i].id == NULL ||
			strcmp(scenarios[i].id, sc->id) != 0,
		    "[%s] two rows with this id", sc->id);
	ck_assert_msg(sc->plugin != NULL &&
		strncmp(sc->plugin, IT_PLUGIN_PREFIX,
		    strlen(IT_PLUGIN_PREFIX)) == 0,
	    "[%s] plugin is no check_tls_*", sc->id);
	ck_assert_msg(sc->exit_code >= 0 && sc->exit_code <= 3,
	    "[%s] exit code %d", sc->id, sc->exit_code);
	ck_assert_msg(sc->server[SC_ARGV - 1] == NULL &&
		sc->args[SC_ARGV - 1] == NULL &&
		sc->line_has[SC_HAS - 1] == NULL &&
		sc->line_any[SC_HAS - 1] == NULL &&
		sc->out_has[SC_HAS - 1] == NULL,
	    "[%s] a list without room for its NULL", sc->id);
	if ((sc->flags & SC_NOT_A_CHECK) != 0)
		ck_assert_msg(sc->cause == NULL && !it_row_is_json(sc),
		    "[%s] SC_NOT_A_CHECK with a cause or -o json", sc->id);
	else
		ck_assert_msg(
		    sc->cause != NULL && cause_from_id(sc->cause) >= 0,
		    "[%s] cause '%s' is not in DESIGN.md section 7", sc->id,
		    sc->cause != NULL ? sc->cause : "(none)");
	ck_assert_msg((sc->flags & SC_NO_SERVER) == 0 || sc->server[0] == NULL,
	    "[%s] SC_NO_SERVER with server arguments", sc->id);
	ck_assert_msg((sc->flags & SC_EXACT) == 0 || sc->first != NULL,
	    "[%s] SC_EXACT without .first", sc->id);
	ck_assert_msg(sc->file[0] == NULL || sc->file[1] != NULL,
	    "[%s] .file without text", sc->id);
}

/* Expand want for the row under test into buf and return buf. */
static const char *
it_want(const struct scenario *sc, const char *want, char *buf, size_t bufsz)
{
	ck_assert_msg(it_expand(&it_env, want, buf, bufsz) == 0, "[%s] %s",
	    sc->id, it_env.why);
	return buf;
}

/* How a run ended: no hang, no signal, the exit code, the time bounds. */
static void
it_check_run(const struct scenario *sc, const struct ts_run *r, const char *run)
{
	ck_assert_msg(
	    !r->timed_out, "[%s] %s run hung: %s", sc->id, run, r->out);
	ck_assert_msg(r->signal == 0, "[%s] %s run died by signal %d: %s",
	    sc->id, run, r->signal, r->out);
	ck_assert_msg(r->exit_code == sc->exit_code,
	    "[%s] %s run: exit code %d, want %d: %s", sc->id, run, r->exit_code,
	    sc->exit_code, r->out);
	ck_assert_msg(sc->min_s <= 0 || r->elapsed >= sc->min_s,
	    "[%s] %s run took %.2f s, want at least %.2f s", sc->id, run,
	    r->elapsed, sc->min_s);
	ck_assert_msg(sc->max_s <= 0 || r->elapsed < sc->max_s,
	    "[%s] %s run took %.2f s, want under %.2f s", sc->id, run,
	    r->elapsed, sc->max_s);
}

/* A status line: label and state, short, one '|', one line without -v. */
static void
it_check_status_line(const struct scenario *sc, const struct ts_run *r)
{
	char	    want[64];
	const char *p;
	size_t	    len, n;
	int	    pipes = 0;

	/* "TLS-EXPIRY WARNING: " for check_tls_expiry and exit code 1 */
	n = (size_t)snprintf(want, sizeof(want), "TLS-");
	for (p = sc->plugin + strlen(IT_PLUGIN_PREFIX);
	     *p != '\0' && n < sizeof(want) / 2; p++)
		want[n++] = (char)toupper((unsigned char)*p);
	snprintf(want + n, sizeof(want) - n, " %s: ", it_states[sc->exit_code]);
	ck_assert_msg(strncmp(r->first_line, want, strlen(want)) == 0,
	    "[%s] first line '%s' does not start with '%s'", sc->id,
	    r->first_line, want);
	len = strlen(r->first_line);
	ck_assert_msg(
	    len < IT_LINE_MAX, "[%s] first line of %zu bytes", sc->id, len);
	for (p = r->out; *p != '\0'; p++) {
		if (*p == '|')
			pipes++;
		ck_assert_msg(*p != '\r', "[%s] raw CR in output", sc->id);
	}
	ck_assert_msg(
	    pipes <= 1, "[%s] %d '|' in output: %s", sc->id, pipes, r->out);
	ck_assert_msg(it_row_is_verbose(sc) ||
		(r->out[len] == '\n' && r->out[len + 1] == '\0'),
	    "[%s] output without -v is not one line: %s", sc->id, r->out);
}

/* The cause the row names: DESIGN.md section 5 and 7. */
static void
it_check_cause(
    const struct scenario *sc, const struct ts_run *r, const char *run)
{
	char s[64];
	bool got;

	got = json_get_str(r->out, "cause", s, sizeof(s));
	ck_assert_msg(got && strcmp(s, sc->cause) == 0,
	    "[%s] %s run: \"cause\" is '%s', want '%s': %s", sc->id, run,
	    got ? s : "(missing)", sc->cause, r->out);
}

/* One JSON object on one line, agreeing with the row. */
static void
it_check_json(
    const struct scenario *sc, const struct ts_run *r, const char *run)
{
	char   why[128], s[64], want[16];
	size_t len = strlen(r->out);
	bool   got;

	ck_assert_msg(len > 0 && r->out[0] == '{' &&
		strchr(r->out, '\n') == r->out + len - 1,
	    "[%s] %s run: output is not one line holding an object: %s", sc->id,
	    run, r->out);
	ck_assert_msg(json_valid(r->out, why, sizeof(why)),
	    "[%s] %s run: invalid JSON (%s): %s", sc->id, run, why, r->out);
	got = json_get_str(r->out, "state", s, sizeof(s));
	ck_assert_msg(got && strcmp(s, it_states[sc->exit_code]) == 0,
	    "[%s] %s run: \"state\" is '%s', want '%s'", sc->id, run,
	    got ? s : "(missing)", it_states[sc->exit_code]);
	snprintf(want, sizeof(want), "%d", sc->exit_code);
	got = json_get_raw(r->out, "exit_code", s, sizeof(s));
	ck_assert_msg(got && strcmp(s, want) == 0,
	    "[%s] %s run: \"exit_code\" is %s, want %s", sc->id, run,
	    got ? s : "(missing)", want);
	it_check_cause(sc, r, run);
}

/* The row's own expectations: .first, .line_has, .line_any, .out_has. */
static void
it_check_expected(const struct scenario *sc, const struct ts_run *r)
{
	char   w[IT_ARG_SIZE], any[3 * IT_ARG_SIZE];
	size_t i;
	bool   found = false;

	if (sc->first != NULL) {
		it_want(sc, sc->first, w, sizeof(w));
		if ((sc->flags & SC_EXACT) != 0)
			ck_assert_msg(strcmp(r->first_line, w) == 0,
			    "[%s] first line '%s' is not '%s'", sc->id,
			    r->first_line, w);
		else
			ck_assert_msg(strncmp(r->first_line, w, strlen(w)) == 0,
			    "[%s] first line '%s' does not start with '%s'",
			    sc->id, r->first_line, w);
	}
	for (i = 0; i < SC_HAS && sc->line_has[i] != NULL; i++) {
		it_want(sc, sc->line_has[i], w, sizeof(w));
		ck_assert_msg(strstr(r->first_line, w) != NULL,
		    "[%s] first line '%s' lacks '%s' (exit code %d)", sc->id,
		    r->first_line, w, r->exit_code);
	}
	any[0] = '\0';
	for (i = 0; i < SC_HAS && sc->line_any[i] != NULL; i++) {
		it_want(sc, sc->line_any[i], w, sizeof(w));
		found = found || strstr(r->first_line, w) != NULL;
		snprintf(any + strlen(any), sizeof(any) - strlen(any), "%s'%s'",
		    i > 0 ? " or " : "", w);
	}
	ck_assert_msg(any[0] == '\0' || found,
	    "[%s] first line '%s' lacks %s (exit code %d)", sc->id,
	    r->first_line, any, r->exit_code);
	for (i = 0; i < SC_HAS && sc->out_has[i] != NULL; i++) {
		it_want(sc, sc->out_has[i], w, sizeof(w));
		ck_assert_msg(strstr(r->out, w) != NULL,
		    "[%s] output '%s' lacks '%s' (exit code %d)", sc->id,
		    r->out, w, r->exit_code);
	}
}

/* Start row sc, build its command lines, run them; it_env.why on -1. */
static int
it_row_run(const struct scenario *sc, bool twin, size_t *n)
{
	const char *const *argv[2];
	double		   limit;

	limit = (sc->flags & SC_NO_SERVER) != 0 ? IT_LIMIT_NO_SERVER_S :
						  IT_LIMIT_S;
	if (it_env_start(&it_env, sc) == -1 ||
	    it_argv_build(&it_env, false, &it_argvs[0]) == -1)
		return -1;
	argv[0] = it_argvs[0].argv;
	*n = 1;
	if (twin) {
		if (it_argv_build(&it_env, true, &it_argvs[1]) == -1)
			return -1;
		argv[(*n)++] = it_argvs[1].argv;
	}
	if (ts_run_n(it_runs, *n, limit, argv) == -1)
		return it_fail(
		    &it_env, "cannot run '%s' (see stderr)", it_env.plugin);
	return 0;
}

/*
 * One row: its plugin run, checked as a status line or as JSON, and its
 * JSON twin at the same time, so a timeout row costs its timeout once.
 * The servers stop before the first assertion: with CK_FORK a failure
 * ends the process at once, and nothing may be left behind.
 */
START_TEST(it_row)
{
	const struct scenario *sc = &scenarios[_i];
	size_t		       n = 0;
	bool		       json, twin;
	int		       rc;

	it_check_row(sc);
	json = it_row_is_json(sc);
	twin = !json && (sc->flags & SC_NOT_A_CHECK) == 0;
	rc = it_row_run(sc, twin, &n);
	it_env_stop(&it_env);
	ck_assert_msg(rc == 0, "[%s] %s", sc->id, it_env.why);

	it_check_run(sc, &it_runs[0], json ? "JSON" : "text");
	if (json)
		it_check_json(sc, &it_runs[0], "JSON");
	else if ((sc->flags & SC_NOT_A_CHECK) == 0)
		it_check_status_line(sc, &it_runs[0]);
	it_check_expected(sc, &it_runs[0]);
	if (twin) {
		it_check_run(sc, &it_runs[1], "JSON twin");
		it_check_json(sc, &it_runs[1], "JSON twin");
	}
}
END_TEST

int
it_main(const char *name, const char *plugin)
{
	Suite *s;
	TCase *tc;
	size_t i, first = scenarios_count, end = 0;

	for (i = 0; i < scenarios_count; i++) {
		if (scenarios[i].plugin == NULL ||
		    strcmp(scenarios[i].plugin, plugin) != 0)
			continue;
		if (first < scenarios_count && end != i) {
			fprintf(stderr,
			    "%s: the rows of %s are not adjacent "
			    "in scenarios.c (row %zu)\n",
			    name, plugin, i);
			return EXIT_FAILURE;
		}
		if (first == scenarios_count)
			first = i;
		end = i + 1;
	}
	if (first == scenarios_count) {
		fprintf(stderr, "%s: no rows for %s in scenarios.c\n", name,
		    plugin);
		return EXIT_FAILURE;
	}
	s = suite_create(name);
	tc = tcase_create("scenarios");
	tcase_set_timeout(tc, IT_TCASE_TIMEOUT);
	tcase_add_loop_test(tc, it_row, (int)first, (int)end);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
