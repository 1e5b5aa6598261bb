/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Host name matching (common/hostname.h): one table of reference names
 * against lists of subjectAltName entries, RFC 9525 rules, and entries of
 * any length.
 */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hostname.h"

#define ROW_SANS 6
#define LONG_KIB 20 /* each over-long entry; four exceed 64 KiB in all */

/* Stand-ins in a row, built at run time: long runs of letters. */
static const char LONG[] = "(long)";	     /* LONG_KIB KiB of 'a', ".test" */
static const char LONG_1K[] = "(1k)";	     /* 1100 bytes of 'b', ".test" */
static const char LONG_64K[] = "(64k)";	     /* 70000 bytes, a DNS-like name */
static const char IP4_LOOP[] = "(ip4)";	     /* 127.0.0.1 */
static const char IP6_LOOP[] = "(ip6)";	     /* ::1 */
static const char IP6_DOC[] = "(ip6doc)";    /* 2001:db8::1 */
static const char IP4_MAPPED[] = "(ip4in6)"; /* ::ffff:127.0.0.1 */

struct san_spec {
	enum hostname_san_type type;
	const char	      *text; /* a stand-in above, or the bytes */
	size_t		       len;  /* 0: strlen(text); else with NULs */
};

struct row {
	const char     *what;
	const char     *host;
	struct san_spec sans[ROW_SANS];
	bool		want;
};

#define DNS(s)                                                                 \
	{                                                                      \
		HOSTNAME_SAN_DNS, (s), 0                                       \
	}
#define DNSN(s, n)                                                             \
	{                                                                      \
		HOSTNAME_SAN_DNS, (s), (n)                                     \
	}
#define IP(s)                                                                  \
	{                                                                      \
		HOSTNAME_SAN_IP, (s), 0                                        \
	}
#define EMAIL(s)                                                               \
	{                                                                      \
		HOSTNAME_SAN_EMAIL, (s), 0                                     \
	}
#define URI(s)                                                                 \
	{                                                                      \
		HOSTNAME_SAN_URI, (s), 0                                       \
	}

static const struct row rows[] = {
    /* exact names */
    {"exact", "www.example.test", {DNS("www.example.test")}, true},
    {"case differs", "WWW.Example.TEST", {DNS("www.EXAMPLE.test")}, true},
    {"another name", "www.example.test", {DNS("mail.example.test")}, false},
    {"parent domain", "example.test", {DNS("www.example.test")}, false},
    {"suffix only", "www.example.test", {DNS("example.test")}, false},
    {"a longer name ending alike", "xwww.example.test",
	{DNS("www.example.test")}, false},
    {"trailing dot in the host", "www.example.test.", {DNS("www.example.test")},
	true},
    {"trailing dot in the SAN", "www.example.test", {DNS("www.example.test.")},
	true},
    {"trailing dots on both", "www.example.test.", {DNS("www.example.test.")},
	true},
    {"two trailing dots in the SAN", "www.example.test",
	{DNS("www.example.test..")}, false},
    {"a later SAN matches", "api.example.test",
	{DNS("www.example.test"), DNS("mail.example.test"),
	    DNS("api.example.test")},
	true},
    {"no SANs at all", "www.example.test", {{0, NULL, 0}}, false},
    /* wildcards */
    {"wildcard, one label", "www.example.test", {DNS("*.example.test")}, true},
    {"wildcard, case differs", "WWW.EXAMPLE.TEST", {DNS("*.Example.Test")},
	true},
    {"wildcard spans no dots", "a.b.example.test", {DNS("*.example.test")},
	false},
    {"wildcard needs a label", "example.test", {DNS("*.example.test")}, false},
    {"wildcard over one label", "example.com", {DNS("*.com")}, false},
    {"wildcard over one label, dotted", "example.com.", {DNS("*.com.")}, false},
    {"wildcard alone", "localhost", {DNS("*")}, false},
    {"wildcard alone with a dot", "localhost", {DNS("*.")}, false},
    {"partial wildcard f*o", "foo.example.test", {DNS("f*o.example.test")},
	false},
    {"partial wildcard *oo", "foo.example.test", {DNS("*oo.example.test")},
	false},
    {"partial wildcard fo*", "foo.example.test", {DNS("fo*.example.test")},
	false},
    {"wildcard not left-most", "www.a.example.test",
	{DNS("www.*.example.test")}, false},
    {"two wildcards", "a.b.example.test", {DNS("*.*.example.test")}, false},
    {"wildcard and trailing dots", "www.example.test.",
	{DNS("*.example.test.")}, true},
    {"a host name is no pattern", "*.example.test", {DNS("*.example.test")},
	false},
    {"wildcard covers an A-label", "xn--bcher-kva.example.test",
	{DNS("*.example.test")}, true},
    /* IDNA */
    {"A-labels match", "xn--bcher-kva.example.test",
	{DNS("xn--bcher-kva.example.test")}, true},
    {"A-labels without case", "XN--BCHER-KVA.example.test",
	{DNS("xn--bcher-kva.EXAMPLE.test")}, true},
    {"a U-label in the SAN never matches", "xn--bcher-kva.example.test",
	{DNS("b\xc3\xbc"
	     "cher.example.test")},
	false},
    {"a U-label host is invalid",
	"b\xc3\xbc"
	"cher.example.test",
	{DNS("b\xc3\xbc"
	     "cher.example.test")},
	false},
    /* hostile bytes */
    {"NUL inside the SAN", "www.example.test",
	{DNSN("www.example.test\0.evil.test", 27)}, false},
    {"NUL at the end of the SAN", "www.example.test",
	{DNSN("www.example.test\0", 17)}, false},
    {"NUL SAN, then the real one", "www.example.test",
	{DNSN("www.example.test\0", 17), DNS("www.example.test")}, true},
    {"LF in the SAN", "www.example.test", {DNS("www.example.test\n")}, false},
    {"space in the SAN", "www.example.test", {DNS("www.example.test ")}, false},
    {"empty SAN", "www.example.test", {DNSN("", 0)}, false},
    /* over-long entries */
    {"5th SAN after over-long ones (>64 KiB in all)", "www.example.test",
	{DNS(LONG), DNS(LONG), DNS(LONG), DNS(LONG), DNS("www.example.test")},
	true},
    {"over 1 KiB, then the host", "www.example.test",
	{DNS(LONG_1K), DNS("www.example.test")}, true},
    {"one entry over 64 KiB, then the host", "www.example.test",
	{DNS(LONG_64K), DNS("www.example.test")}, true},
    {"over-long entries only", "www.example.test",
	{DNS(LONG), DNS(LONG_1K), DNS(LONG_64K)}, false},
    {"host over 253 bytes is invalid", LONG_1K, {DNS(LONG_1K)}, false},
    /* IP literals */
    {"IPv4 against an iPAddress SAN", "127.0.0.1", {IP(IP4_LOOP)}, true},
    {"IPv4 with a trailing dot", "127.0.0.1.", {IP(IP4_LOOP)}, true},
    {"IPv4 against a DNS SAN", "127.0.0.1", {DNS("127.0.0.1")}, false},
    {"another IPv4", "127.0.0.2", {IP(IP4_LOOP)}, false},
    {"IPv4 never against a wildcard", "127.0.0.1", {DNS("*.0.0.1")}, false},
    {"IPv6", "::1", {IP(IP6_LOOP)}, true},
    {"IPv6, long form", "0:0:0:0:0:0:0:1", {IP(IP6_LOOP)}, true},
    {"IPv6 in brackets", "[::1]", {IP(IP6_LOOP)}, true},
    {"IPv6 upper case, zeros", "2001:DB8:0:0::1", {IP(IP6_DOC)}, true},
    {"IPv6 against a DNS SAN", "::1", {DNS("::1")}, false},
    {"IPv6 never against an IPv4 SAN", "::ffff:127.0.0.1", {IP(IP4_LOOP)},
	false},
    {"IPv4 never against a mapped IPv6 SAN", "127.0.0.1", {IP(IP4_MAPPED)},
	false},
    {"a DNS name never against an IP SAN", "localhost", {IP(IP4_LOOP)}, false},
    {"IP SAN after DNS SANs", "::1",
	{DNS("localhost"), IP(IP4_LOOP), IP(IP6_LOOP)}, true},
    {"1.2.3 is a name, no IPv4 literal", "1.2.3", {DNS("1.2.3")}, true},
    /* other kinds of names */
    {"email SAN is no host", "www.example.test", {EMAIL("www.example.test")},
	false},
    {"URI SAN is no host", "www.example.test", {URI("www.example.test")},
	false},
};

/* Long stand-ins, built once. */
static char *long_20k, *long_1k, *long_64k;

static char *
letters(char c, size_t n)
{
	char *s = malloc(n + sizeof(".test"));

	ck_assert_ptr_nonnull(s);
	memset(s, c, n);
	memcpy(s + n, ".test", sizeof(".test"));
	return s;
}

/* 70000 bytes of 63-letter labels: DNS-like, but no DNS name. */
static char *
labels_64k(void)
{
	size_t n = 70000, i;
	char  *s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		s[i] = (i % 64 == 63) ? '.' : 'c';
	s[n - 1] = 't';
	s[n] = '\0';
	return s;
}

static void
setup(void)
{
	long_20k = letters('a', LONG_KIB * 1024);
	long_1k = letters('b', 1100);
	long_64k = labels_64k();
}

static void
teardown(void)
{
	free(long_20k);
	free(long_1k);
	free(long_64k);
}

/* The bytes a stand-in or a literal stands for. */
static const char *
expand(const char *text, size_t *len)
{
	static const unsigned char ip4[4] = {127, 0, 0, 1};
	static const unsigned char ip6[16] = {[15] = 1};
	static const unsigned char doc[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	static const unsigned char mapped[16] = {
	    [10] = 0xff, [11] = 0xff, 127, 0, 0, 1};
	const struct {
		const char *tag;
		const void *data;
		size_t	    len;
	} map[] = {
	    {LONG, long_20k, 0},
	    {LONG_1K, long_1k, 0},
	    {LONG_64K, long_64k, 0},
	    {IP4_LOOP, ip4, 4},
	    {IP6_LOOP, ip6, 16},
	    {IP6_DOC, doc, 16},
	    {IP4_MAPPED, mapped, 16},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (text != map[i].tag)
			continue;
		*len = map[i].len ? map[i].len : strlen(map[i].data);
		return map[i].data;
	}
	if (*len == 0)
		*len = strlen(text);
	return text;
}

START_TEST(test_table)
{
	const struct row   *r = &rows[_i];
	struct hostname_san sans[ROW_SANS];
	struct hostname_ref ref;
	size_t		    n = 0, len;
	const char	   *host;

	for (n = 0; n < ROW_SANS && r->sans[n].text != NULL; n++) {
		len = r->sans[n].len;
		sans[n].type = r->sans[n].type;
		sans[n].data = (const unsigned char *)expand(
		    r->sans[n].text, &len);
		sans[n].len = len;
	}
	len = 0;
	host = expand(r->host, &len);
	(void)hostname_ref_init(&ref, host);
	ck_assert_msg(hostname_match_sans(&ref, sans, n) == r->want,
	    "%s: '%.60s' against %zu SANs: want %d", r->what, host, n,
	    (int)r->want);
}
END_TEST

START_TEST(test_ref)
{
	struct hostname_ref ref;
	char		    label[64 + sizeof(".test")];

	ck_assert_int_eq(hostname_ref_init(&ref, "WWW.Example.Test."), 0);
	ck_assert_int_eq(ref.kind, HOSTNAME_DNS);
	ck_assert_str_eq(ref.dns, "www.example.test");
	ck_assert_int_eq(hostname_ref_init(&ref, "192.0.2.1"), 0);
	ck_assert_int_eq(ref.kind, HOSTNAME_IPV4);
	ck_assert_int_eq(hostname_ref_init(&ref, "2001:db8::1"), 0);
	ck_assert_int_eq(ref.kind, HOSTNAME_IPV6);
	ck_assert_uint_eq(ref.iplen, 16);
	/* invalid: nothing matches, not even the same bytes */
	ck_assert_int_eq(hostname_ref_init(&ref, ""), -1);
	ck_assert_int_eq(hostname_ref_init(&ref, "."), -1);
	ck_assert_int_eq(hostname_ref_init(&ref, NULL), -1);
	ck_assert_int_eq(hostname_ref_init(&ref, "a..b"), -1);
	ck_assert_int_eq(hostname_ref_init(&ref, ".a.b"), -1);
	ck_assert_int_eq(hostname_ref_init(&ref, "a b"), -1);
	ck_assert_int_eq(hostname_ref_init(&ref, "a|b\n"), -1);
	ck_assert_int_eq(hostname_ref_init(&ref, "[127.0.0.1]"), -1);
	ck_assert_int_eq(ref.kind, HOSTNAME_INVALID);
	ck_assert(!hostname_match_dns(&ref, "a|b\n", 4));
	/* a 64-byte label is one too many (RFC 1035 2.3.4) */
	memset(label, 'a', 63);
	memcpy(label + 63, ".test", sizeof(".test"));
	ck_assert_int_eq(hostname_ref_init(&ref, label), 0);
	memset(label, 'a', 64);
	memcpy(label + 64, ".test", sizeof(".test"));
	ck_assert_int_eq(hostname_ref_init(&ref, label), -1);
	ck_assert(!hostname_match_dns(NULL, "x", 1));
	ck_assert(!hostname_match_ip(NULL, "x", 1));
	ck_assert(!hostname_match_sans(&ref, NULL, 3));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hostname");
	TCase *tc = tcase_create("match");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_table, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_ref);
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
