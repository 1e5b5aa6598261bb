/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_tls_chain's judge on hand-built chains: each finding, alone and combined. */
#include "config.h"

#include "cktest.h"
#include <check.h>
#include <stdio.h>
#include <string.h>

#define CHAIN_NO_MAIN
#include "../../plugins/check_tls_chain.c"

#define NOW	((time_t)1790000000)
#define DAY	86400

static unsigned char fake_der[1];	/* marks a parsed certificate; never freed */

struct cspec {
	const char	*name;
	const char	*issuer;	/* CN of the issuer */
	int		 from, to;	/* validity, days from now */
	bool		 ca, self_signed, weak_sig;
	const char	*key;		/* "RSA", "ECDSA" */
	unsigned	 bits;
};

static void
add(struct probe_result *res, const struct cspec *s)
{
	struct cert_info *c = &res->chain[res->nchain++];

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", s->name);
	snprintf(c->subject, sizeof(c->subject), "CN=%s", s->name);
	snprintf(c->issuer, sizeof(c->issuer), "CN=%s", s->issuer);
	snprintf(c->issuer_name, sizeof(c->issuer_name), "%s", s->issuer);
	c->not_before = NOW + (time_t)s->from * DAY;
	c->not_after = NOW + (time_t)s->to * DAY;
	c->is_ca = s->ca;
	c->self_signed = s->self_signed;
	c->sig_weak = s->weak_sig;
	snprintf(c->sig_hash, sizeof(c->sig_hash), "%s",
	    s->weak_sig ? "SHA1" : "SHA256");
	snprintf(c->sig_alg, sizeof(c->sig_alg), "%s",
	    s->weak_sig ? "RSA-SHA1" : "ECDSA-SHA256");
	snprintf(c->key_type, sizeof(c->key_type), "%s", s->key ? s->key :
	    "ECDSA");
	c->key_bits = s->bits ? s->bits : 256;
	snprintf(c->sans[0], sizeof(c->sans[0]), "DNS:%s", s->name);
	c->nsans = c->nsans_total = 1;
	c->der = fake_der;
	res->nchain_sent = res->nchain;
}

static const struct cspec LEAF = { "www.example.org", "Example Int", -10,
    80, false, false, false, NULL, 0 };
static const struct cspec INT = { "Example Int", "Example Root", -100, 900,
    true, false, false, NULL, 0 };
static const struct cspec ROOT = { "Example Root", "Example Root", -1000,
    3000, true, true, false, NULL, 0 };

/* A result as the probe leaves it: path given by positions sent. */
static void
result(struct probe_result *res, const int *path, int npath)
{
	int k;

	res->err = PROBE_OK;
	res->stage = PROBE_S_DONE;
	res->now = NOW;
	res->alert = -1;
	res->handshake_time = 0.004;
	res->verified = true;
	snprintf(res->name, sizeof(res->name), "www.example.org");
	res->name_checked = true;
	res->name_matches = true;
	for (k = 0; k < npath; k++) {
		res->path[k] = path[k];
		res->on_path[path[k]] = true;
		if (path[k] != k)
			res->misordered = true;
	}
	res->npath = npath;
	res->top_self_signed = res->chain[path[npath - 1]].self_signed;
	res->anchor = -1;	/* nothing trusted until a test says so */
}

/* The store holds the root that issued the highest non-root on the path. */
static void
trusted_by_root(struct probe_result *res)
{
	int k;

	for (k = res->npath - 1; k > 0; k--)
		if (!res->chain[res->path[k]].self_signed)
			break;
	res->anchor = k;
	res->issuer_in_store = true;
	res->store_issuer_is_root = true;
	snprintf(res->store_issuer, sizeof(res->store_issuer),
	    "Example Root");
}

/* What every judged run is given before its own options. */
static const char *const base_args[] = { "-H", "www.example.org", NULL };

static enum state
judge(const char *const *extra, const struct probe_result *res, char *out,
    size_t outsz, int verbose)
{
	static struct chain_args ca;
	static struct verdict v;
	char *argv[CKTEST_ARGV_MAX];
	int argc;

	argc = cktest_argv(argv, PROG, base_args, extra);
	ck_assert_int_eq(chain_parse_args(argc, argv, &ca), ARGS_OK);
	out_verdict_init(&v, LABEL, PROG);
	chain_judge(&ca, res, &v);
	out_render(&v, OUT_NAGIOS, verbose, out, outsz);
	return v.state;
}

#define FIRST(want) do {						\
	size_t l_ = strcspn(out, "\n");					\
	ck_assert_msg(strncmp(out, (want), strlen(want)) == 0 &&	\
	    strlen(want) <= l_, "got '%.*s', want '%s'", (int)l_, out,	\
	    (want));							\
} while (0)
#define HAS(s)	ck_assert_msg(strstr(out, (s)) != NULL, "'%s' lacks '%s'", \
		    out, (s))
#define LACKS(s) ck_assert_msg(strstr(out, (s)) == NULL, "'%s' has '%s'", \
		    out, (s))

static struct probe_result res;
static char out[16384];

static void
setup(void)
{
	memset(&res, 0, sizeof(res));
	memset(out, 0, sizeof(out));
}

START_TEST(test_good_chain)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0), STATE_OK);
	FIRST("TLS-CHAIN OK: www.example.org:443 chain of 2 certificates "
	    "verifies to trusted root 'Example Root'; name "
	    "'www.example.org' covered | chain_length=2;;;0; "
	    "handshake_time=0.004s;;;0;");
}
END_TEST

START_TEST(test_missing_intermediate)
{
	add(&res, &LEAF);
	result(&res, (const int[]){ 0 }, 1);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	FIRST("TLS-CHAIN CRITICAL: www.example.org:443 chain incomplete: "
	    "server does not send the intermediate that issued leaf "
	    "'www.example.org' (issuer 'Example Int') | chain_length=1;");
}
END_TEST

START_TEST(test_missing_intermediate_hidden_by_local_store)
{
	add(&res, &LEAF);
	result(&res, (const int[]){ 0 }, 1);
	res.anchor = 0;
	res.issuer_in_store = true;
	res.store_issuer_is_root = false;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_WARNING);
	FIRST("TLS-CHAIN WARNING: www.example.org:443 chain incomplete: "
	    "server does not send the intermediate that issued leaf "
	    "'www.example.org' (issuer 'Example Int'); it verifies here "
	    "only because the local store holds it, other clients will fail");
}
END_TEST

START_TEST(test_top_intermediate_unknown)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	HAS("chain incomplete or untrusted: nothing sent or trusted issued "
	    "intermediate 'Example Int' (issuer 'Example Root')");
}
END_TEST

START_TEST(test_untrusted_root)
{
	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &ROOT);
	result(&res, (const int[]){ 0, 1, 2 }, 3);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 1),
	    STATE_CRITICAL);
	FIRST("TLS-CHAIN CRITICAL: www.example.org:443 untrusted root: the "
	    "chain ends at 'Example Root', which is not a trusted root "
	    "here | ");
	HAS("note: the server also sends the root 'Example Root'");
}
END_TEST

START_TEST(test_sent_trusted_root_is_a_note)
{
	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &ROOT);
	result(&res, (const int[]){ 0, 1, 2 }, 3);
	trusted_by_root(&res);
	ck_assert_int_eq(res.anchor, 1);
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 1), STATE_OK);
	FIRST("TLS-CHAIN OK: www.example.org:443 chain of 3 certificates "
	    "verifies to trusted root 'Example Root'");
	HAS("\nnote: the server also sends the root 'Example Root' "
	    "(harmless; clients use their own copy)\n");
}
END_TEST

START_TEST(test_cross_signed_root_above_anchor)
{
	static const struct cspec cross = { "Example Root", "Old Root", -500,
	    500, true, false, false, NULL, 0 };

	/* leaf, int, and the new root cross-signed by an old, gone root. */
	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &cross);
	result(&res, (const int[]){ 0, 1, 2 }, 3);
	res.anchor = 1;
	res.issuer_in_store = true;
	res.store_issuer_is_root = true;
	snprintf(res.store_issuer, sizeof(res.store_issuer), "Example Root");
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 1), STATE_OK);
	FIRST("TLS-CHAIN OK: www.example.org:443 chain of 3 certificates "
	    "verifies to trusted root 'Example Root'");
	HAS("\nnote: the server also sends 'Example Root' (issued by 'Old "
	    "Root'), which clients trusting 'Example Root' do not need\n");
}
END_TEST

START_TEST(test_verified_without_anchor_is_believed)
{
	/* GnuTLS verified a path the walk did not find: no trust finding. */
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	res.verify_bits = 0;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0), STATE_OK);
	FIRST("TLS-CHAIN OK: www.example.org:443 chain of 2 certificates "
	    "verifies to trusted root '(from the store)'");
}
END_TEST

START_TEST(test_self_signed)
{
	static const struct cspec self = { "www.example.org",
	    "www.example.org", -1, 300, false, true, false, NULL, 0 };
	static const char *const allow[] = { "--allow-self-signed", NULL };

	add(&res, &self);
	result(&res, (const int[]){ 0 }, 1);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	HAS("CRITICAL: www.example.org:443 self-signed certificate "
	    "'www.example.org': no client trusts it unless it is installed "
	    "there |");
	ck_assert_int_eq(judge(allow, &res, out, sizeof(out), 0), STATE_OK);
	FIRST("TLS-CHAIN OK: www.example.org:443 self-signed certificate "
	    "'www.example.org' accepted (--allow-self-signed); name "
	    "'www.example.org' covered |");
	/* Pinned through --ca-file: trusted, nothing to say. */
	res.top_trusted = true;
	res.anchor = 0;
	res.verify_bits = 0;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0), STATE_OK);
}
END_TEST

START_TEST(test_expired_intermediate)
{
	static const struct cspec old = { "Example Int", "Example Root", -900,
	    -2, true, false, false, NULL, 0 };
	char date[32], want[256];

	add(&res, &LEAF);
	add(&res, &old);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_EXPIRED;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	snprintf(want, sizeof(want), "TLS-CHAIN CRITICAL: www.example.org:443 "
	    "intermediate 'Example Int' expired 2 days ago (%s) |",
	    cert_time_str(NOW - 2 * DAY, date, sizeof(date)));
	FIRST(want);
}
END_TEST

START_TEST(test_not_yet_valid_leaf)
{
	static const struct cspec future = { "www.example.org", "Example Int",
	    3, 90, false, false, false, NULL, 0 };

	add(&res, &future);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_NOT_ACTIVATED;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	HAS("leaf 'www.example.org' is not yet valid: valid from ");
	HAS("(in 3 days); if that date looks wrong, check this host's clock");
}
END_TEST

START_TEST(test_anchor_expired)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_EXPIRED;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	HAS("the trust anchor in the local store is expired");
}
END_TEST

START_TEST(test_name_mismatch)
{
	static const struct cspec other = { "other.example", "Example Int",
	    -1, 80, false, false, false, NULL, 0 };

	add(&res, &other);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	res.name_matches = false;
	res.verify_bits = PROBE_V_UNEXPECTED_OWNER;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	FIRST("TLS-CHAIN CRITICAL: www.example.org:443 hostname mismatch: the "
	    "certificate does not cover 'www.example.org'; it covers "
	    "'other.example' |");
}
END_TEST

START_TEST(test_no_hostname)
{
	static const char *const nohost[] = { "--no-hostname", NULL };

	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	res.name_checked = false;
	res.name[0] = '\0';
	ck_assert_int_eq(judge(nohost, &res, out, sizeof(out), 0), STATE_OK);
	LACKS("name '");
}
END_TEST

START_TEST(test_weak_signature)
{
	static const struct cspec sha1 = { "www.example.org", "Example Int",
	    -1, 80, false, false, true, NULL, 0 };
	static const struct cspec sha1root = { "Example Root", "Example Root",
	    -1000, 3000, true, true, true, NULL, 0 };

	add(&res, &sha1);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_INSECURE_ALGORITHM;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	FIRST("TLS-CHAIN CRITICAL: www.example.org:443 weak signature: leaf "
	    "'www.example.org' is signed with SHA1 (RSA-SHA1) |");

	/* A root's own SHA-1 self-signature is nobody's concern. */
	memset(&res, 0, sizeof(res));
	add(&res, &LEAF);
	add(&res, &INT);
	add(&res, &sha1root);
	result(&res, (const int[]){ 0, 1, 2 }, 3);
	trusted_by_root(&res);
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0), STATE_OK);
}
END_TEST

START_TEST(test_weak_key)
{
	static const struct cspec rsa1024 = { "www.example.org", "Example Int",
	    -1, 80, false, false, false, "RSA", 1024 };
	static const struct cspec ec192 = { "www.example.org", "Example Int",
	    -1, 80, false, false, false, "ECDSA", 192 };
	static const char *const lower[] = { "--min-key-bits", "1024", NULL };

	add(&res, &rsa1024);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	HAS("weak key: leaf 'www.example.org' has a 1024-bit RSA key "
	    "(minimum 2048) |");
	ck_assert_int_eq(judge(lower, &res, out, sizeof(out), 0), STATE_OK);

	memset(&res, 0, sizeof(res));
	add(&res, &ec192);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	ck_assert_int_eq(judge(lower, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	HAS("has a 192-bit ECDSA key (minimum 224)");
}
END_TEST

START_TEST(test_misordered_and_superfluous)
{
	static const struct cspec extra = { "Unrelated", "Other CA", -1, 80,
	    false, false, false, NULL, 0 };

	/* Sent as leaf, root, int: the path by position is 0, 2, 1. */
	add(&res, &LEAF);
	add(&res, &ROOT);
	add(&res, &INT);
	add(&res, &extra);
	result(&res, (const int[]){ 0, 2, 1 }, 3);
	trusted_by_root(&res);
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 1),
	    STATE_WARNING);
	FIRST("TLS-CHAIN WARNING: www.example.org:443 chain misordered: a "
	    "certificate is sent before the one it signs (issuer path by "
	    "position sent: #0, #2, #1) (and 1 more problem) |");
	HAS("\nWARNING: superfluous certificate #3 'Unrelated' is on no path "
	    "to the leaf\n");
	HAS("\nnote: the server also sends the root 'Example Root'");
}
END_TEST

START_TEST(test_combined_worst_first)
{
	static const struct cspec bad = { "other.example", "Example Int",
	    -100, -5, false, false, false, "RSA", 1024 };

	add(&res, &bad);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	res.name_matches = false;
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND | PROBE_V_EXPIRED |
	    PROBE_V_UNEXPECTED_OWNER;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 1),
	    STATE_CRITICAL);
	FIRST("TLS-CHAIN CRITICAL: www.example.org:443 chain incomplete or "
	    "untrusted: ");
	HAS("(and 3 more problems) |");
	HAS("\nCRITICAL: leaf 'other.example' expired 5 days ago");
	HAS("\nCRITICAL: hostname mismatch: the certificate does not cover "
	    "'www.example.org'");
	HAS("\nCRITICAL: weak key: leaf 'other.example' has a 1024-bit RSA");
}
END_TEST

START_TEST(test_unexplained_status_never_passes)
{
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_OTHER;
	snprintf(res.verify_detail, sizeof(res.verify_detail),
	    "The certificate chain uses a strange thing.");
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	HAS("verification failed: The certificate chain uses a strange "
	    "thing.");
	memset(&res, 0, sizeof(res));
	add(&res, &LEAF);
	add(&res, &INT);
	result(&res, (const int[]){ 0, 1 }, 2);
	trusted_by_root(&res);
	res.verify_bits = PROBE_V_REVOKED;
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	HAS("a certificate in the chain is revoked");
}
END_TEST

START_TEST(test_connection_failure)
{
	result(&res, (const int[]){ 0 }, 1);
	res.err = PROBE_E_NOT_TLS;
	res.stage = PROBE_S_HELLO;
	snprintf(res.reason, sizeof(res.reason), "speaks SSH, not TLS: "
	    "banner 'SSH-2.0-x'");
	ck_assert_int_eq(judge(NULL, &res, out, sizeof(out), 0),
	    STATE_CRITICAL);
	FIRST("TLS-CHAIN CRITICAL: www.example.org:443 speaks SSH, not TLS: "
	    "banner 'SSH-2.0-x' | handshake_time=");
}
END_TEST

START_TEST(test_json_findings)
{
	static struct chain_args ca;
	static struct verdict v;
	static char js[65536];
	char *argv[] = { (char *)"check_tls_chain", (char *)"-H",
	    (char *)"www.example.org", NULL };

	add(&res, &LEAF);
	result(&res, (const int[]){ 0 }, 1);
	res.verify_bits = PROBE_V_SIGNER_NOT_FOUND;
	ck_assert_int_eq(chain_parse_args(3, argv, &ca), ARGS_OK);
	out_verdict_init(&v, LABEL, PROG);
	chain_judge(&ca, &res, &v);
	out_render(&v, OUT_JSON, 0, js, sizeof(js));
	ck_assert_msg(strstr(js, "\"findings\":[{\"state\":\"CRITICAL\","
	    "\"code\":\"chain_incomplete\",\"text\":\"chain incomplete: ") !=
	    NULL, "%s", js);
	ck_assert_msg(strstr(js, "\"chain\":[{\"position\":0") != NULL, "%s",
	    js);
}
END_TEST

struct bad_args {
	const char	*args[6];
	const char	*words;
};

static const struct bad_args bad[] = {
	{ { "-H", "x", "-w", "1", NULL }, "-w/-c are not used" },
	{ { "-H", "x", "--name", "a", "--no-hostname", NULL },
	  "--name and --no-hostname exclude each other" },
	{ { "-H", "x", "--min-key-bits", "100", NULL },
	  "invalid value for --min-key-bits: '100'" },
	{ { "-H", "x", "--name", "a|b", NULL },
	  "invalid value for --name: 'a\\x7cb'" },
};

START_TEST(test_bad_args)
{
	const struct bad_args *b = &bad[_i];
	struct chain_args ca;
	char *argv[CKTEST_ARGV_MAX];
	int argc = cktest_argv(argv, PROG, NULL, b->args);
	ck_assert_int_eq(chain_parse_args(argc, argv, &ca), ARGS_ERROR);
	ck_assert_msg(strstr(ca.c.why, b->words) != NULL, "why '%s'",
	    ca.c.why);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("judge_chain");
	TCase *tc = tcase_create("judge");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_good_chain);
	tcase_add_test(tc, test_missing_intermediate);
	tcase_add_test(tc, test_missing_intermediate_hidden_by_local_store);
	tcase_add_test(tc, test_top_intermediate_unknown);
	tcase_add_test(tc, test_untrusted_root);
	tcase_add_test(tc, test_sent_trusted_root_is_a_note);
	tcase_add_test(tc, test_cross_signed_root_above_anchor);
	tcase_add_test(tc, test_verified_without_anchor_is_believed);
	tcase_add_test(tc, test_self_signed);
	tcase_add_test(tc, test_expired_intermediate);
	tcase_add_test(tc, test_not_yet_valid_leaf);
	tcase_add_test(tc, test_anchor_expired);
	tcase_add_test(tc, test_name_mismatch);
	tcase_add_test(tc, test_no_hostname);
	tcase_add_test(tc, test_weak_signature);
	tcase_add_test(tc, test_weak_key);
	tcase_add_test(tc, test_misordered_and_superfluous);
	tcase_add_test(tc, test_combined_worst_first);
	tcase_add_test(tc, test_unexplained_status_never_passes);
	tcase_add_test(tc, test_connection_failure);
	tcase_add_test(tc, test_json_findings);
	tcase_add_loop_test(tc, test_bad_args, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	return cktest_run(s);
}
