/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Threshold range parsing and matching (monitoring-plugins semantics). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "range.h"

/* strtod that accepts only a whole, finite number between s and end. */
static int
parse_number(const char *s, size_t len, double *out)
{
	char   tmp[64], *end;
	double d;

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	/* strtod would also take hex, "inf", "nan" and leading spaces. */
	if (strspn(tmp, "+-0123456789.eE") != len)
		return -1;
	errno = 0;
	d = strtod(tmp, &end);
	if (errno != 0 || *end != '\0' || end == tmp || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

/* Perfdata wants plain decimals: "1000000", "7.5", never "1e+06". */
static void
fmt_number(char *buf, size_t sz, double d)
{
	size_t l;

	snprintf(buf, sz, "%.6f", d);
	l = strlen(buf);
	while (l > 0 && buf[l - 1] == '0')
		buf[--l] = '\0';
	if (l > 0 && buf[l - 1] == '.')
		buf[--l] = '\0';
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, sz, "0");
}

enum range_err
range_parse(struct range *r, const char *s, enum range_bare bare)
{
	struct range n;
	const char  *colon, *p;
	char	     a[32] = "", b[32] = "";

	memset(&n, 0, sizeof(n));
	if (s == NULL || *s == '\0')
		return RANGE_E_EMPTY;
	p = s;
	if (*p == '@') {
		n.inside = true;
		p++;
	}
	if (*p == '\0')
		return RANGE_E_EMPTY;
	colon = strchr(p, ':');
	if (colon == NULL) {
		double v;

		if (parse_number(p, strlen(p), &v) == -1)
			return RANGE_E_NUMBER;
		if (bare == RANGE_BARE_AT_LEAST && !n.inside) {
			n.start = v;
			n.end_inf = true;
		} else {
			n.start = 0;
			n.end = v;
		}
	} else {
		size_t	    sl = (size_t)(colon - p);
		const char *e = colon + 1;

		if (sl == 1 && p[0] == '~')
			n.start_inf = true;
		else if (sl == 0)
			n.start = 0;
		else if (parse_number(p, sl, &n.start) == -1)
			return RANGE_E_NUMBER;
		if (*e == '\0')
			n.end_inf = true;
		else if (parse_number(e, strlen(e), &n.end) == -1)
			return RANGE_E_NUMBER;
	}
	if (!n.start_inf && !n.end_inf && n.start > n.end)
		return RANGE_E_ORDER;

	if (n.start_inf)
		snprintf(a, sizeof(a), "~");
	else
		fmt_number(a, sizeof(a), n.start);
	if (!n.end_inf)
		fmt_number(b, sizeof(b), n.end);
	if (!n.start_inf && !n.end_inf && n.start == 0 && !n.inside)
		snprintf(n.text, sizeof(n.text), "%s", b);
	else
		snprintf(n.text, sizeof(n.text), "%s%s:%s", n.inside ? "@" : "",
		    a, b);
	*r = n;
	return RANGE_OK;
}

const char *
range_strerror(enum range_err e)
{
	switch (e) {
	case RANGE_OK:
		return "no error";
	case RANGE_E_EMPTY:
		return "empty range";
	case RANGE_E_NUMBER:
		return "not a number or range";
	case RANGE_E_ORDER:
		return "range start is greater than its end";
	}
	return "invalid range";
}

bool
range_alerts(const struct range *r, double v)
{
	bool in;

	in = (r->start_inf || v >= r->start) && (r->end_inf || v <= r->end);
	return r->inside ? in : !in;
}
