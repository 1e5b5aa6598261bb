/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_protocols: the protocols judge, run by the shared runner. */
#include "config.h"

#include "judge_protocols.h"

int
main(int argc, char *argv[])
{
	return judge_main(&judge_protocols, argc, argv);
}
