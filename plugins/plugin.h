/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every plugin's main() does the same way: signals, help, version. */
#ifndef TLSCHECK_PLUGIN_H
#define TLSCHECK_PLUGIN_H

#include "args.h"

/* What a plugin says about itself, for help, usage errors and output. */
struct plugin_info {
	const char	*prog;		/* "check_tls_expiry" */
	const char	*label;		/* "TLS-EXPIRY" */
	const char	*summary;	/* help: what it checks */
	const char	*usage;		/* help: the synopsis after the name */
	const char	*options;	/* help: its own options */
};

/*
 * After option parsing: -1 to go on, else the exit status once help, the
 * version or a usage error (UNKNOWN, one line) has been printed.
 */
int	plugin_parsed(const struct plugin_info *, enum args_status,
	    const struct common_args *);
/*
 * plugin_start() with the parsed deadline, then a fresh verdict carrying
 * the plugin's label and the target's host and port.
 */
void	plugin_begin(const struct plugin_info *, const struct common_args *,
	    struct verdict *);

/*
 * Ignore SIGPIPE (a peer that closes early must never kill us with exit
 * 141) and arm a backstop alarm a little after the deadline: should our own
 * deadline handling ever fail, the handler writes one fixed UNKNOWN line and
 * exits 3, so the process always ends.
 */
void	plugin_start(const char *label, unsigned int timeout_ms);
/* Render v to stdout (common/ never prints); returns v->state. */
int	plugin_emit(const struct verdict *, enum out_format, int verbose);
/* Print usage text plus the common options; returns 3. */
int	plugin_help(const char *plugin, const char *summary, const char *usage,
	    const char *options);
/* Print the suite and GnuTLS versions; returns 3. */
int	plugin_version(const char *plugin);

#endif
