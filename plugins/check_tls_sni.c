/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_sni: the sni judge, run by the shared runner. */
#include "config.h"

#include "judge_sni.h"

int
main(int argc, char *argv[])
{
	return judge_main(&judge_sni, argc, argv);
}
