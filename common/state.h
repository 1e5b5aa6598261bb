/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plugin states (Nagios exit codes) and the one rule for merging them. */
#ifndef TLSCHECK_STATE_H
#define TLSCHECK_STATE_H

enum state {
	STATE_OK = 0,
	STATE_WARNING = 1,
	STATE_CRITICAL = 2,
	STATE_UNKNOWN = 3
};

/*
 * The worse of two states: CRITICAL > WARNING > UNKNOWN > OK, as
 * monitoring-plugins' max_state_alt() orders them.
 */
static inline enum state
state_worst(enum state a, enum state b)
{
	static const int rank[] = {0, 2, 3, 1};

	return rank[a] >= rank[b] ? a : b;
}

/* "OK", "WARNING", "CRITICAL" or "UNKNOWN". */
static inline const char *
state_name(enum state s)
{
	static const char *const names[] = {
	    "OK", "WARNING", "CRITICAL", "UNKNOWN"};

	return (unsigned)s <= STATE_UNKNOWN ? names[s] : "UNKNOWN";
}

#endif
