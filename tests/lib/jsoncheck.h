/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A strict little JSON reader for tests: is a document one valid value, and
 * what is a top-level member of an object. Not a general parser.
 */
#ifndef TESTS_LIB_JSONCHECK_H
#define TESTS_LIB_JSONCHECK_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when s is exactly one JSON value (RFC 8259), optionally followed by
 * one LF, and nothing else. Stricter than the RFC where our writer is: raw
 * control bytes and raw bytes above 0x7e inside strings are refused (the
 * writer escapes them all), and nesting stops at 64 levels. On false, why
 * (if not NULL) gets "byte N: reason", truncated to whysz.
 */
bool json_valid(const char *s, char *why, size_t whysz);

/* The value of one hex digit, or -1. */
int json_hexval(char c);

/*
 * Find member key of the object at s (top level only, first match): set
 * *val to the start of its value and return the end of the value, or NULL
 * when s is no object, key is absent or the text before it is malformed.
 * Both pointers point into s.
 */
const char *json_member(const char *s, const char *key, const char **val);

/*
 * The decoded string member key of the object at s into out, NUL-ended.
 * \uXXXX above 0xff decodes as '?'. False when key is absent, its value is
 * no string, or the decoded string does not fit in outsz.
 */
bool json_get_str(const char *s, const char *key, char *out, size_t outsz);

/*
 * The raw text of member key's value (a number, true, an object ...) into
 * out, NUL-ended. False when key is absent or the text does not fit.
 */
bool json_get_raw(const char *s, const char *key, char *out, size_t outsz);

#endif /* TESTS_LIB_JSONCHECK_H */
