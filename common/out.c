/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Escaping, bounded text, JSON writing and status-line rendering. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "out.h"

size_t
out_escape(char *dst, size_t dstsz, const void *src, size_t srclen)
{
	static const char    hex[] = "0123456789abcdef";
	const unsigned char *s = src;
	size_t		     i, n = 0, cap;

	if (dstsz == 0)
		return 0;
	/* Leave room for "..." and the NUL within dstsz. */
	cap = dstsz > 4 ? dstsz - 4 : 0;
	if (cap > OUT_FIELD_MAX)
		cap = OUT_FIELD_MAX;
	for (i = 0; i < srclen && s != NULL; i++) {
		unsigned char c = s[i];
		size_t	      need =
			   (c >= 0x20 && c <= 0x7e && c != '|' && c != '\\') ? 1 : 4;

		if (n + need > cap) {
			/* Mark the cut with as many dots as the buffer holds.
			 */
			size_t dots = dstsz - 1 - n < 3 ? dstsz - 1 - n : 3;

			memcpy(dst + n, "...", dots);
			n += dots;
			break;
		}
		if (need == 1) {
			dst[n++] = (char)c;
		} else {
			dst[n++] = '\\';
			dst[n++] = 'x';
			dst[n++] = hex[c >> 4];
			dst[n++] = hex[c & 0xf];
		}
	}
	dst[n] = '\0';
	return n;
}

const char *
out_short(const char *escaped, char *buf, size_t bufsz)
{
	size_t n = 0, l = strlen(escaped), step;

	if (bufsz < 4) {
		if (bufsz > 0)
			buf[0] = '\0';
		return buf;
	}
	if (l <= OUT_SHORT && l < bufsz) {
		memcpy(buf, escaped, l + 1);
		return buf;
	}
	while (n < l) {
		/* out_escape writes "\xHH": keep its four bytes together. */
		step = escaped[n] == '\\' ? 4 : 1;
		if (n + step > OUT_SHORT - 3 || n + step + 4 > bufsz)
			break;
		n += step;
	}
	memcpy(buf, escaped, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

void
out_buf_init(struct out_buf *b, char *mem, size_t size)
{
	b->buf = mem;
	b->size = size;
	b->len = 0;
	b->truncated = false;
	if (size > 0)
		mem[0] = '\0';
}

static void
buf_vadd(struct out_buf *b, const char *fmt, va_list ap)
{
	int    r;
	size_t room;

	if (b->size == 0 || b->len >= b->size - 1) {
		b->truncated = true;
		return;
	}
	room = b->size - b->len;
	r = vsnprintf(b->buf + b->len, room, fmt, ap);
	if (r < 0) {
		b->buf[b->len] = '\0';
		b->truncated = true;
	} else if ((size_t)r >= room) {
		b->len = b->size - 1;
		b->truncated = true;
	} else {
		b->len += (size_t)r;
	}
}

void
out_buf_add(struct out_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vadd(b, fmt, ap);
	va_end(ap);
}

void
out_buf_add_escaped(struct out_buf *b, const void *src, size_t srclen)
{
	char tmp[OUT_FIELD_SIZE];

	out_escape(tmp, sizeof(tmp), src, srclen);
	out_buf_add(b, "%s", tmp);
}

/* JSON string body: quote, backslash and control bytes escaped. */
static void
json_quote(struct out_buf *b, const char *s)
{
	const unsigned char *p;

	out_buf_add(b, "\"");
	for (p = (const unsigned char *)(s ? s : ""); *p != '\0'; p++) {
		size_t run = 0;

		/* Copy runs of plain characters at once. */
		while (p[run] >= 0x20 && p[run] < 0x7f && p[run] != '"' &&
		    p[run] != '\\')
			run++;
		if (run > 0) {
			out_buf_add(b, "%.*s", (int)run, (const char *)p);
			p += run - 1;
		} else if (*p == '"' || *p == '\\')
			out_buf_add(b, "\\%c", *p);
		else
			out_buf_add(b, "\\u%04x", *p);
	}
	out_buf_add(b, "\"");
}

void
out_json_init(struct out_json *j, struct out_buf *b)
{
	memset(j, 0, sizeof(*j));
	j->b = b;
	j->first[0] = true;
}

static void
json_member(struct out_json *j, const char *key)
{
	if (!j->first[j->depth])
		out_buf_add(j->b, ",");
	j->first[j->depth] = false;
	if (key != NULL) {
		json_quote(j->b, key);
		out_buf_add(j->b, ":");
	}
}

void
out_json_str(struct out_json *j, const char *key, const char *val)
{
	json_member(j, key);
	json_quote(j->b, val);
}

void
out_json_num(struct out_json *j, const char *key, double val, int prec)
{
	json_member(j, key);
	if (isfinite(val))
		out_buf_add(j->b, "%.*f", prec, val);
	else
		out_buf_add(j->b, "null");
}

void
out_json_int(struct out_json *j, const char *key, long long val)
{
	json_member(j, key);
	out_buf_add(j->b, "%lld", val);
}

void
out_json_bool(struct out_json *j, const char *key, bool val)
{
	json_member(j, key);
	out_buf_add(j->b, "%s", val ? "true" : "false");
}

void
out_json_null(struct out_json *j, const char *key)
{
	json_member(j, key);
	out_buf_add(j->b, "null");
}

static void
json_open(struct out_json *j, const char *key, const char *brace)
{
	json_member(j, key);
	out_buf_add(j->b, "%s", brace);
	if (j->depth < OUT_JSON_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void
json_close(struct out_json *j, const char *brace)
{
	out_buf_add(j->b, "%s", brace);
	if (j->depth > 0)
		j->depth--;
}

void
out_json_obj_begin(struct out_json *j, const char *key)
{
	json_open(j, key, "{");
}

void
out_json_obj_end(struct out_json *j)
{
	json_close(j, "}");
}

void
out_json_arr_begin(struct out_json *j, const char *key)
{
	json_open(j, key, "[");
}

void
out_json_arr_end(struct out_json *j)
{
	json_close(j, "]");
}

void
out_verdict_init(struct verdict *v, const char *label, const char *plugin)
{
	memset(v, 0, sizeof(*v));
	v->label = label;
	v->plugin = plugin;
	v->state = STATE_UNKNOWN;
	v->facts_wanted = true;
}

void
out_text(struct verdict *v, const char *fmt, ...)
{
	va_list	       ap;
	struct out_buf b;

	out_buf_init(&b, v->text, sizeof(v->text));
	va_start(ap, fmt);
	buf_vadd(&b, fmt, ap);
	va_end(ap);
}

void
out_line(struct verdict *v, const char *fmt, ...)
{
	va_list	       ap;
	struct out_buf b;

	if (v->nlines >= OUT_LONG_MAX)
		return;
	out_buf_init(&b, v->lines[v->nlines], sizeof(v->lines[0]));
	va_start(ap, fmt);
	buf_vadd(&b, fmt, ap);
	va_end(ap);
	v->nlines++;
}

struct out_perf *
out_perf_add(struct verdict *v, const char *label, double value, int precision,
    const char *uom)
{
	static struct out_perf sink;
	struct out_perf	      *p;

	if (v->nperf >= OUT_PERF_MAX) {
		/* A programming error; keep the caller's writes harmless. */
		memset(&sink, 0, sizeof(sink));
		return &sink;
	}
	p = &v->perf[v->nperf++];
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->value = value;
	p->precision = precision;
	p->uom = uom ? uom : "";
	return p;
}

void
out_facts_begin(struct verdict *v, struct out_buf *b, struct out_json *j)
{
	out_buf_init(b, v->facts, v->facts_wanted ? sizeof(v->facts) : 0);
	out_json_init(j, b);
}

void
out_facts_end(struct verdict *v, const struct out_buf *b)
{
	/* A cut JSON fragment would break the whole object: drop it. */
	v->facts_truncated = b->truncated && v->facts_wanted;
	v->factslen = b->truncated ? 0 : b->len;
}

/* Copy text, turning any '|', CR or LF into a space: the last line of defence.
 */
static void
add_sanitised(struct out_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		char c = *s;

		if (c == '|' || c == '\n' || c == '\r')
			c = ' ';
		out_buf_add(b, "%c", c);
	}
}

static void
add_number(struct out_buf *b, double val, int prec)
{
	if (!isfinite(val))
		val = 0;
	out_buf_add(b, "%.*f", prec, val);
}

/* A plain decimal with no exponent and no trailing zeros: "0", "2.5". */
static void
add_plain(struct out_buf *b, double val)
{
	char   tmp[64];
	size_t l;

	if (!isfinite(val))
		val = 0;
	snprintf(tmp, sizeof(tmp), "%.6f", val);
	l = strlen(tmp);
	while (l > 0 && tmp[l - 1] == '0')
		tmp[--l] = '\0';
	if (l > 0 && tmp[l - 1] == '.')
		tmp[--l] = '\0';
	out_buf_add(b, "%s", strcmp(tmp, "-0") == 0 ? "0" : tmp);
}

static void
render_nagios(const struct verdict *v, int verbose, struct out_buf *b)
{
	int i;

	out_buf_add(b, "%s %s: ", v->label, state_name(v->state));
	add_sanitised(b, v->text);
	for (i = 0; i < v->nperf; i++)
		if (!v->perf[i].unknown) {
			out_buf_add(b, " |");
			break;
		}
	for (i = 0; i < v->nperf; i++) {
		const struct out_perf *p = &v->perf[i];

		/* No value: Nagios has no null, JSON says null. */
		if (p->unknown)
			continue;
		out_buf_add(b, " %s=", p->label);
		add_number(b, p->value, p->precision);
		out_buf_add(b, "%s;%s;%s;", p->uom, p->warn, p->crit);
		if (p->has_min)
			add_plain(b, p->min);
		out_buf_add(b, ";");
		if (p->has_max)
			add_plain(b, p->max);
	}
	out_buf_add(b, "\n");
	if (verbose <= 0)
		return;
	for (i = 0; i < v->nlines; i++) {
		add_sanitised(b, v->lines[i]);
		out_buf_add(b, "\n");
	}
}

static void
render_json(const struct verdict *v, bool facts, struct out_buf *b)
{
	struct out_json j;
	char		text[sizeof(v->text)];
	size_t		k;
	int		i;

	/* The summary as it would appear on the status line. */
	for (k = 0; k < sizeof(text) - 1 && v->text[k] != '\0'; k++)
		text[k] = (v->text[k] == '|' || v->text[k] == '\n' ||
			      v->text[k] == '\r') ?
		    ' ' :
		    v->text[k];
	text[k] = '\0';

	out_buf_add(b, "{");
	out_json_init(&j, b);
	out_json_str(&j, "plugin", v->plugin);
	out_json_str(&j, "host", v->host);
	out_json_str(&j, "port", v->port);
	out_json_str(&j, "address", v->address);
	out_json_str(&j, "state", state_name(v->state));
	out_json_int(&j, "exit_code", v->state);
	/* DESIGN.md section 7: the worst finding's cause, for Zabbix. */
	if (v->cause != NULL)
		out_json_str(&j, "cause", v->cause);
	else
		out_json_null(&j, "cause");
	out_json_str(&j, "summary", text);
	out_json_obj_begin(&j, "metrics");
	for (i = 0; i < v->nperf; i++)
		if (v->perf[i].unknown)
			out_json_null(&j, v->perf[i].label);
		else
			out_json_num(&j, v->perf[i].label, v->perf[i].value,
			    v->perf[i].precision);
	out_json_obj_end(&j);
	out_json_arr_begin(&j, "details");
	for (i = 0; i < v->nlines; i++)
		out_json_str(&j, NULL, v->lines[i]);
	out_json_arr_end(&j);
	if (facts && v->factslen > 0)
		out_buf_add(b, ",%.*s", (int)v->factslen, v->facts);
	else if (v->factslen > 0 || v->facts_truncated)
		out_json_bool(&j, "facts_truncated", true);
	out_buf_add(b, "}\n");
}

size_t
out_render(const struct verdict *v, enum out_format fmt, int verbose, char *buf,
    size_t bufsz)
{
	struct out_buf b;

	out_buf_init(&b, buf, bufsz);
	if (fmt == OUT_JSON) {
		render_json(v, true, &b);
		/* Too big for buf: the fixed members alone still parse. */
		if (b.truncated) {
			out_buf_init(&b, buf, bufsz);
			render_json(v, false, &b);
		}
	} else
		render_nagios(v, verbose, &b);
	/* A cut line still ends in a newline. */
	if (b.truncated && bufsz >= 2)
		buf[bufsz - 2] = '\n';
	return b.len;
}
