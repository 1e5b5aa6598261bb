/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_plaintext: the plaintext judge, run by the shared runner. */
#include "config.h"

#include "judge_plaintext.h"

int
main(int argc, char *argv[])
{
	return judge_main(&judge_plaintext, argc, argv);
}
