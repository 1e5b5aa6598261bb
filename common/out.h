/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Output: the one escaper for server-controlled bytes, a bounded text
 * builder, the verdict a plugin fills, and its rendering as a Nagios status
 * line (plus long output and perfdata) or as one JSON object.
 */
#ifndef TLSCHECK_OUT_H
#define TLSCHECK_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "state.h"

/* Longest escaped field, not counting the "..." that marks a cut. */
#define OUT_FIELD_MAX 128
/* A buffer that always holds one escaped field. */
#define OUT_FIELD_SIZE (OUT_FIELD_MAX + 4)

/*
 * Copy srclen bytes of src into dst as safe text: printable ASCII
 * (0x20-0x7e) except '|' and '\' stays, every other byte (NUL included)
 * becomes "\xHH". The result is capped at OUT_FIELD_MAX bytes, and a cut
 * field ends in "...". dst is always NUL-terminated when dstsz > 0.
 * Returns the length written.
 */
size_t out_escape(char *dst, size_t dstsz, const void *src, size_t srclen);

/*
 * An escaped field shortened for a status line (DESIGN: about 200
 * characters before the '|'): at most OUT_SHORT characters, cut between
 * escapes, never inside a "\xHH", and marked "...". Returns buf.
 */
#define OUT_SHORT 64
const char *out_short(const char *escaped, char *buf, size_t bufsz);

/* Bounded text builder over caller memory; never overflows, remembers a cut. */
struct out_buf {
	char  *buf; /* borrowed */
	size_t size;
	size_t len;
	bool   truncated;
};

void out_buf_init(struct out_buf *, char *mem, size_t size);
/* printf into the buffer; format strings are ours, never server data. */
void out_buf_add(struct out_buf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append srclen bytes of server data through out_escape(). */
void out_buf_add_escaped(struct out_buf *, const void *src, size_t srclen);

/*
 * JSON writer into an out_buf. It starts inside an object (members are
 * written as "key":value); nested objects and arrays are opened with a key,
 * or with key NULL inside an array. Strings are JSON-escaped here.
 */
#define OUT_JSON_DEPTH 8
struct out_json {
	struct out_buf *b; /* borrowed */
	int		depth;
	bool		first[OUT_JSON_DEPTH];
};

void out_json_init(struct out_json *, struct out_buf *);
void out_json_str(struct out_json *, const char *key, const char *val);
void out_json_num(struct out_json *, const char *key, double val, int prec);
void out_json_int(struct out_json *, const char *key, long long val);
void out_json_bool(struct out_json *, const char *key, bool val);
void out_json_null(struct out_json *, const char *key);
void out_json_obj_begin(struct out_json *, const char *key);
void out_json_obj_end(struct out_json *);
void out_json_arr_begin(struct out_json *, const char *key);
void out_json_arr_end(struct out_json *);

enum out_format { OUT_NAGIOS, OUT_JSON };

#define OUT_PERF_MAX   12
#define OUT_LONG_MAX   30
#define OUT_LONG_WIDTH 320

/* One perfdata value; label is a constant in [a-z0-9_]. */
struct out_perf {
	const char *label; /* static */
	double	    value;
	int	    precision; /* digits after the point */
	const char *uom;       /* static: "", "s", "ms", "%", "B" */
	char	    warn[32];  /* threshold text, may be empty */
	char	    crit[32];
	bool	    has_min, has_max;
	double	    min, max;
	bool	    unknown; /* no value: left out of perfdata, null in JSON */
};

/*
 * What a plugin decided. The text and long lines hold only our words and
 * already escaped fields; out_render_* still replace any '|', CR or LF that
 * slipped through (a bug, which the unit tests look for).
 */
struct verdict {
	const char     *label;	/* static: "TLS-EXPIRY" */
	const char     *plugin; /* static: "check_tls_expiry" */
	enum state	state;
	const char     *cause; /* static: DESIGN.md section 7 id, or NULL */
	char		host[OUT_FIELD_SIZE];
	char		port[16];
	char		address[64]; /* address connected to, may be empty */
	char		text[512];   /* after "LABEL STATE: " */
	struct out_perf perf[OUT_PERF_MAX];
	int		nperf;
	char		lines[OUT_LONG_MAX][OUT_LONG_WIDTH];
	int		nlines;
	bool   facts_wanted;  /* build facts (JSON output); default true */
	char   facts[131072]; /* JSON members of the plugin's own facts */
	size_t factslen;
	bool   facts_truncated; /* did not fit: left out of the JSON */
};

/* Zero v and set its label, plugin name and state UNKNOWN. */
void out_verdict_init(struct verdict *, const char *label, const char *plugin);
/* printf the summary text. */
void out_text(struct verdict *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append a long-output line (ignored past OUT_LONG_MAX). */
void out_line(struct verdict *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add a perfdata value; returns it so thresholds/min/max can be set. */
struct out_perf *out_perf_add(struct verdict *, const char *label, double value,
    int precision, const char *uom);
/*
 * A JSON writer positioned inside the verdict's facts. When the facts are
 * not wanted (Nagios output) the writer discards everything cheaply.
 */
void out_facts_begin(struct verdict *, struct out_buf *, struct out_json *);
void out_facts_end(struct verdict *, const struct out_buf *);

/*
 * Render into buf (NUL-terminated, cut if too small): Nagios "LABEL STATE:
 * text | perfdata" plus up to verbose-dependent long lines (none at 0), or
 * one line of JSON. Returns the length.
 */
size_t out_render(const struct verdict *, enum out_format, int verbose,
    char *buf, size_t bufsz);
#endif
