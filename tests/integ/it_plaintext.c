/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tls_plaintext end to end (what the port speaks): its rows of the
 * scenario table in scenarios.c, each against our own test server on loopback.
 */
#include "config.h"

#include "itest.h"

int
main(void)
{
	return it_main("it_plaintext", "check_tls_plaintext");
}
