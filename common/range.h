/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Threshold ranges in the monitoring-plugins syntax: [@][start:][end]. */
#ifndef TLSCHECK_RANGE_H
#define TLSCHECK_RANGE_H

#include <stdbool.h>

/*
 * A range alerts when the value lies outside [start, end] (both inclusive),
 * or inside it when written with a leading '@'. A missing start is 0, a
 * start of '~' is minus infinity, a missing end is plus infinity.
 */
struct range {
	double start;
	double end;
	bool   start_inf; /* "~:" */
	bool   end_inf;	  /* "N:" */
	bool   inside;	  /* "@": alert inside */
	char   text[32];  /* normalised, for perfdata */
};

enum range_bare {
	RANGE_BARE_STANDARD, /* "N" means 0:N, as in monitoring-plugins */
	RANGE_BARE_AT_LEAST  /* "N" means N: (alert when fewer than N) */
};

enum range_err {
	RANGE_OK = 0,
	RANGE_E_EMPTY,	/* nothing given */
	RANGE_E_NUMBER, /* not a number, or trailing garbage */
	RANGE_E_ORDER	/* start greater than end */
};

/*
 * Parse s into r. Returns RANGE_OK, or a typed error (r is then unchanged
 * but for text). Numbers may be fractional or negative; inf and nan are
 * rejected.
 */
enum range_err range_parse(struct range *, const char *s, enum range_bare);
/* Words for an error, e.g. "not a number". Static. */
const char *range_strerror(enum range_err);
/* True when value should raise an alert. */
bool range_alerts(const struct range *, double value);

#endif
