/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_expiry: the expiry judge, run by the shared runner. */
#include "config.h"

#include "judge_expiry.h"

int
main(int argc, char *argv[])
{
	return judge_main(&judge_expiry, argc, argv);
}
