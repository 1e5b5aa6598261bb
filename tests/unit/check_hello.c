/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SSL 3.0 ClientHello codec: the bytes we send, and reading the answers. */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <string.h>

#include "classify.h"
#include "hello.h"

START_TEST(test_build)
{
	unsigned char buf[HELLO_SSL3_MAX], rnd[32];
	size_t	      n, body, suites, at;

	memset(rnd, 0xab, sizeof(rnd));
	n = hello_ssl3(buf, sizeof(buf), rnd);
	ck_assert_uint_gt(n, 50);
	/* Record: handshake, version 3.0, length of the rest. */
	ck_assert_uint_eq(buf[0], 0x16);
	ck_assert_uint_eq(buf[1], 3);
	ck_assert_uint_eq(buf[2], 0);
	ck_assert_uint_eq(((size_t)buf[3] << 8 | buf[4]), n - 5);
	/* Handshake: client_hello, 24-bit length, client_version 3.0. */
	ck_assert_uint_eq(buf[5], 1);
	body = (size_t)buf[6] << 16 | (size_t)buf[7] << 8 | buf[8];
	ck_assert_uint_eq(body, n - 9);
	ck_assert_uint_eq(buf[9], 3);
	ck_assert_uint_eq(buf[10], 0);
	ck_assert(memcmp(buf + 11, rnd, 32) == 0);
	ck_assert_uint_eq(buf[43], 0); /* empty session id */
	suites = (size_t)buf[44] << 8 | buf[45];
	ck_assert_uint_eq(suites % 2, 0);
	ck_assert_uint_ge(suites, 8);
	at = 46 + suites;
	/* One compression method, null, and nothing after: no extensions. */
	ck_assert_uint_eq(buf[at], 1);
	ck_assert_uint_eq(buf[at + 1], 0);
	ck_assert_uint_eq(at + 2, n);
	/* The classic SSL 3.0 suite RSA_WITH_3DES_EDE_CBC_SHA is offered. */
	ck_assert_ptr_nonnull(memmem(buf + 46, suites, "\x00\x0a", 2));
}
END_TEST

START_TEST(test_build_small_buffer)
{
	unsigned char buf[HELLO_SSL3_MAX], rnd[32] = {0};
	size_t	      n = hello_ssl3(buf, sizeof(buf), rnd), k;

	for (k = 0; k < n; k++)
		ck_assert_uint_eq(hello_ssl3(buf, k, rnd), 0);
	ck_assert_uint_eq(hello_ssl3(buf, n, rnd), n);
}
END_TEST

struct answer_row {
	const char	 *bytes;
	size_t		  len;
	enum hello_answer want;
};

static const struct answer_row answers[] = {
    /* ServerHello choosing SSL 3.0 */
    {"\x16\x03\x00\x00\x4a\x02\x00\x00\x46\x03\x00", 11, HELLO_ACCEPTED},
    /* ServerHello choosing TLS 1.0: the server ignores our version */
    {"\x16\x03\x01\x00\x4a\x02\x00\x00\x46\x03\x01", 11, HELLO_OTHER_VERSION},
    /* fatal handshake_failure, as OpenSSL sends, record 3.0 */
    {"\x15\x03\x00\x00\x02\x02\x28", 7, HELLO_ALERT},
    /* fatal protocol_version, record 3.1 */
    {"\x15\x03\x01\x00\x02\x02\x46", 7, HELLO_ALERT},
    /* an alert cut short: no description */
    {"\x15\x03\x00\x00", 4, HELLO_NOT_TLS},
    /* a handshake record that is not a ServerHello */
    {"\x16\x03\x00\x00\x04\x0e\x00\x00\x00", 9, HELLO_NOT_TLS},
    /* a ServerHello cut before its version */
    {"\x16\x03\x00\x00\x4a\x02\x00", 7, HELLO_NOT_TLS},
    {"HTTP/1.1 400 Bad Request\r\n", 26, HELLO_NOT_TLS},
    {"", 0, HELLO_NOT_TLS},
};

START_TEST(test_answers)
{
	const struct answer_row *r = &answers[_i];
	struct cls_result	 c;

	cls_classify((const unsigned char *)r->bytes, r->len, &c);
	ck_assert_int_eq(hello_ssl3_answer(&c), r->want);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hello");
	TCase *tc = tcase_create("ssl3");

	tcase_add_test(tc, test_build);
	tcase_add_test(tc, test_build_small_buffer);
	tcase_add_loop_test(
	    tc, test_answers, 0, sizeof(answers) / sizeof(answers[0]));
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
