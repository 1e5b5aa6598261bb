/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every plugin's main() does the same way: signals, help, version. */
#ifndef TLSCHECK_PLUGIN_H
#define TLSCHECK_PLUGIN_H

#include "args.h"

/*
 * Ignore SIGPIPE (a peer that closes early must never kill us with exit
 * 141) and arm a backstop alarm a little after the deadline: should our own
 * deadline handling ever fail, the handler writes one fixed UNKNOWN line and
 * exits 3, so the process always ends.
 */
void	plugin_start(const char *label, unsigned int timeout_ms);
/* Print usage text plus the common options; returns 3. */
int	plugin_help(const char *plugin, const char *summary, const char *usage,
	    const char *options);
/* Print the suite and GnuTLS versions; returns 3. */
int	plugin_version(const char *plugin);

#endif
