/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A strict little JSON reader for tests: enough to say that a writer
 * produced one valid value and to read top-level members back.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "jsoncheck.h"

#define JSON_DEPTH_MAX 64

/* Where and why parsing stopped: the innermost failure wins. */
struct jparse {
	const char *err_at;
	const char *err;
};

static const char *json_value(struct jparse *, const char *, int);

static const char *
json_fail(struct jparse *j, const char *at, const char *why)
{
	if (j->err == NULL) {
		j->err_at = at;
		j->err = why;
	}
	return NULL;
}

static const char *
json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

int
json_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The escape after a backslash at p; *ch gets the byte, p its last char. */
static const char *
json_escape(struct jparse *j, const char *p, int *ch)
{
	int k, v;

	switch (*p) {
	case '"':
	case '\\':
	case '/':
		*ch = *p;
		return p;
	case 'b':
		*ch = '\b';
		return p;
	case 'f':
		*ch = '\f';
		return p;
	case 'n':
		*ch = '\n';
		return p;
	case 'r':
		*ch = '\r';
		return p;
	case 't':
		*ch = '\t';
		return p;
	case 'u':
		*ch = 0;
		for (k = 1; k <= 4; k++) {
			v = json_hexval(p[k]);
			if (v < 0)
				return json_fail(j, p + k, "bad \\u escape");
			*ch = *ch * 16 + v;
		}
		if (*ch > 0xff)
			*ch = '?';
		return p + 4;
	default:
		return json_fail(j, p, "bad escape in string");
	}
}

/*
 * Parse a string at p; decode into out (NULL: do not) and say in *fits
 * whether it fitted. Returns the end of the string or NULL.
 */
static const char *
json_string(
    struct jparse *j, const char *p, char *out, size_t outsz, bool *fits)
{
	size_t n = 0;
	int    ch;

	if (*p != '"')
		return json_fail(j, p, "expected a string");
	if (fits != NULL)
		*fits = true;
	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return json_fail(j, p, "unterminated string");
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return json_fail(j, p,
			    "raw control or non-ASCII byte "
			    "in string");
		ch = (unsigned char)*p;
		if (*p == '\\') {
			p = json_escape(j, p + 1, &ch);
			if (p == NULL)
				return NULL;
		}
		if (out == NULL)
			continue;
		if (n + 1 < outsz)
			out[n++] = (char)ch;
		else if (fits != NULL)
			*fits = false;
	}
	if (out != NULL && outsz > 0)
		out[n] = '\0';
	return p + 1;
}

static const char *
json_digits(struct jparse *j, const char *p)
{
	if (*p < '0' || *p > '9')
		return json_fail(j, p, "expected a digit");
	while (*p >= '0' && *p <= '9')
		p++;
	return p;
}

static const char *
json_number(struct jparse *j, const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		p = json_digits(j, p);
	else
		return json_fail(j, p, "expected a value");
	if (*p == '.') {
		p = json_digits(j, p + 1);
		if (p == NULL)
			return NULL;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = json_digits(j, p);
	}
	return p;
}

/* An object (keyed) or an array at p, up to its close character. */
static const char *
json_container(
    struct jparse *j, const char *p, int depth, char close, bool keyed)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (keyed) {
			p = json_string(j, json_ws(p), NULL, 0, NULL);
			if (p == NULL)
				return NULL;
			p = json_ws(p);
			if (*p != ':')
				return json_fail(j, p, "expected ':'");
			p++;
		}
		p = json_value(j, p, depth + 1);
		if (p == NULL)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return json_fail(j, p,
			    keyed ? "expected ',' or '}'" :
				    "expected ',' or ']'");
		p++;
	}
}

static const char *
json_literal(struct jparse *j, const char *p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(p, word, n) != 0)
		return json_fail(j, p, "expected a value");
	return p + n;
}

static const char *
json_value(struct jparse *j, const char *p, int depth)
{
	if (depth > JSON_DEPTH_MAX)
		return json_fail(j, p, "nested too deep");
	p = json_ws(p);
	switch (*p) {
	case '{':
		return json_container(j, p, depth, '}', true);
	case '[':
		return json_container(j, p, depth, ']', false);
	case '"':
		return json_string(j, p, NULL, 0, NULL);
	case 't':
		return json_literal(j, p, "true");
	case 'f':
		return json_literal(j, p, "false");
	case 'n':
		return json_literal(j, p, "null");
	default:
		return json_number(j, p);
	}
}

bool
json_valid(const char *s, char *why, size_t whysz)
{
	struct jparse j = {NULL, NULL};
	const char   *e;

	e = json_value(&j, s, 0);
	if (e != NULL) {
		if (*e == '\n')
			e++;
		if (*e == '\0')
			return true;
		json_fail(&j, e, "text after the value");
	}
	if (why != NULL && whysz > 0)
		snprintf(why, whysz, "byte %td: %s", j.err_at - s, j.err);
	return false;
}

const char *
json_member(const char *s, const char *key, const char **val)
{
	struct jparse j = {NULL, NULL};
	const char   *p, *v, *e;
	char	      k[256];
	bool	      fits;

	p = json_ws(s);
	if (*p != '{')
		return NULL;
	p = json_ws(p + 1);
	while (*p == '"') {
		p = json_string(&j, p, k, sizeof(k), &fits);
		if (p == NULL)
			return NULL;
		p = json_ws(p);
		if (*p != ':')
			return NULL;
		v = json_ws(p + 1);
		e = json_value(&j, v, 0);
		if (e == NULL)
			return NULL;
		if (fits && strcmp(k, key) == 0) {
			*val = v;
			return e;
		}
		p = json_ws(e);
		if (*p == ',')
			p = json_ws(p + 1);
	}
	return NULL;
}

bool
json_get_str(const char *s, const char *key, char *out, size_t outsz)
{
	struct jparse j = {NULL, NULL};
	const char   *v;
	bool	      fits;

	if (json_member(s, key, &v) == NULL || *v != '"')
		return false;
	return json_string(&j, v, out, outsz, &fits) != NULL && fits;
}

bool
json_get_raw(const char *s, const char *key, char *out, size_t outsz)
{
	const char *v, *e;

	e = json_member(s, key, &v);
	if (e == NULL || (size_t)(e - v) >= outsz)
		return false;
	memcpy(out, v, (size_t)(e - v));
	out[e - v] = '\0';
	return true;
}
