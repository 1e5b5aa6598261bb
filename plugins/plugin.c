/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Process-level set-up shared by the plugins (never in common/). */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "plugin.h"

static char	backstop_line[128];
static size_t	backstop_len;

static void
backstop(int sig)
{
	(void)sig;
	/* Only async-signal-safe calls here. */
	(void)!write(STDOUT_FILENO, backstop_line, backstop_len);
	_exit(3);
}

void
plugin_start(const char *label, unsigned int timeout_ms)
{
	struct sigaction sa;
	unsigned int secs;
	int n;

	signal(SIGPIPE, SIG_IGN);
	n = snprintf(backstop_line, sizeof(backstop_line), "%s UNKNOWN: "
	    "plugin did not finish within its %u ms deadline (backstop)\n",
	    label, timeout_ms);
	backstop_len = n > 0 && (size_t)n < sizeof(backstop_line) ?
	    (size_t)n : 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = backstop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	/* Two seconds of grace past the deadline, rounded up. */
	secs = (timeout_ms + 999) / 1000 + 2;
	alarm(secs);
}

int
plugin_help(const char *plugin, const char *summary, const char *usage,
    const char *options)
{
	printf("%s (%s %s)\n%s\n\nUsage: %s %s\n\nOptions:\n%s%s\n"
	    "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n",
	    plugin, PACKAGE_NAME, PACKAGE_VERSION, summary, plugin, usage,
	    options, args_common_help());
	return 3;
}

int
plugin_version(const char *plugin)
{
	printf("%s (%s %s) GnuTLS %s\n", plugin, PACKAGE_NAME, PACKAGE_VERSION,
	    probe_gnutls_version());
	return 3;
}

int
plugin_emit(const struct verdict *v, enum out_format fmt, int verbose)
{
	static char buf[256 * 1024];
	size_t n;

	n = out_render(v, fmt, verbose, buf, sizeof(buf));
	fwrite(buf, 1, n, stdout);
	fflush(stdout);
	return v->state;
}

/* A usage error: one UNKNOWN line, in the format asked for if known. */
static int
plugin_usage_error(const struct plugin_info *pi, const struct common_args *c)
{
	static struct verdict v;

	out_verdict_init(&v, pi->label, pi->prog);
	out_text(&v, "%s", c->why);
	return plugin_emit(&v, c->format, 0);
}

int
plugin_parsed(const struct plugin_info *pi, enum args_status st,
    const struct common_args *c)
{
	switch (st) {
	case ARGS_HELP:
		return plugin_help(pi->prog, pi->summary, pi->usage,
		    pi->options);
	case ARGS_VERSION:
		return plugin_version(pi->prog);
	case ARGS_ERROR:
		return plugin_usage_error(pi, c);
	case ARGS_OK:
		break;
	}
	return -1;
}

void
plugin_begin(const struct plugin_info *pi, const struct common_args *c,
    struct verdict *v)
{
	plugin_start(pi->label, c->probe.timeout_ms);
	out_verdict_init(v, pi->label, pi->prog);
	/* Facts are for JSON; Nagios output need not build them. */
	v->facts_wanted = c->format == OUT_JSON;
	snprintf(v->host, sizeof(v->host), "%s", c->shown_host);
	snprintf(v->port, sizeof(v->port), "%s", c->probe.port);
}
