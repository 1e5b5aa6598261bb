/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one way every Check test binary runs its suite and sets its exit status.
 */
#ifndef TESTS_LIB_CKTEST_H
#define TESTS_LIB_CKTEST_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* Run s (CK_ENV: CK_VERBOSITY, CK_FORK are honoured); exit status for main().
 */
static inline int
cktest_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * Build a writable argv for an option parser: prog, then the fixed words,
 * then the extra ones (either list NULL-terminated, or NULL). Returns argc.
 */
#define CKTEST_ARGV_MAX 32
static inline int
cktest_argv(char *argv[CKTEST_ARGV_MAX], const char *prog,
    const char *const *fixed, const char *const *extra)
{
	int argc = 0;

	argv[argc++] = (char *)prog;
	for (; fixed != NULL && *fixed != NULL; fixed++)
		if (argc < CKTEST_ARGV_MAX - 1)
			argv[argc++] = (char *)*fixed;
	for (; extra != NULL && *extra != NULL; extra++)
		if (argc < CKTEST_ARGV_MAX - 1)
			argv[argc++] = (char *)*extra;
	argv[argc] = NULL;
	return argc;
}

/*
 * Write a small PEM file for tests that pass --ca-file but do not verify
 * with it (the option parser insists on a readable PEM certificate).
 * Returns 0 or -1.
 */
static inline int
cktest_pem_fixture(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs("-----BEGIN CERTIFICATE-----\nMA==\n"
	      "-----END CERTIFICATE-----\n",
	    f);
	return fclose(f) == 0 ? 0 : -1;
}

#endif
