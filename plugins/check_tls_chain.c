/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_chain: the chain judge, run by the shared runner. */
#include "config.h"

#include "judge_chain.h"

int
main(int argc, char *argv[])
{
	return judge_main(&judge_chain, argc, argv);
}
