/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --dh-params: the finite-field Diffie-Hellman group a DHE handshake
 * uses. Published constants (they never expire) and one modulus that is
 * not prime, for the weak-DH scenarios.
 */
#include "config.h"

#include <string.h>

#include "ts.h"

/* The names --dh-params takes. */
const struct ts_enum ts_dh_groups[] = {
    {"none", TS_DH_NONE},
    {"modp768", TS_DH_MODP768},
    {"modp1024", TS_DH_MODP1024},
    {"rfc5114-1024", TS_DH_RFC5114_1024},
    {"composite", TS_DH_COMPOSITE},
    {"ffdhe2048", TS_DH_FFDHE2048},
    {NULL, 0},
};

/* RFC 2409 section 6.1, the First Oakley Group: a 768-bit safe prime. */
static const char modp768[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF";

/* RFC 2409 section 6.2, the Second Oakley Group: a 1024-bit safe prime. */
static const char modp1024[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF";

/*
 * The same with its last byte 0xFD: divisible by 3 and 5, so not prime.
 * Stands for a DH "prime" someone generated or copied wrongly.
 */
static const char composite1024[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFD";

/*
 * RFC 5114 section 2.1: a 1024-bit prime whose generator has a 160-bit
 * prime order; p - 1 has other, small factors (not a safe prime).
 */
static const char rfc5114_p[] =
    "B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B61"
    "6073E28675A23D189838EF1E2EE652C013ECB4AEA906112324975C3CD49B83BF"
    "ACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0"
    "A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371";
static const char rfc5114_g[] =
    "A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31"
    "266FEA1E5C41564B777E690F5504F213160217B4B01B886A5E91547F9E2749F4"
    "D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28A"
    "D662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5";

static int
hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* hex (upper case, even length) into buf; returns the byte count. */
static size_t
hex_bytes(const char *hex, unsigned char *buf, size_t bufsz)
{
	size_t i, n = strlen(hex) / 2;

	if (n > bufsz)
		return 0;
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(hex_nibble(hex[2 * i]) << 4 |
		    hex_nibble(hex[2 * i + 1]));
	return n;
}

int
ts_dh_params_new(gnutls_dh_params_t *out, int group)
{
	static const unsigned char two = 2;
	unsigned char		   pb[256], gb[256];
	gnutls_datum_t		   p, g;
	const char		  *ph = NULL, *gh = NULL;
	int			   rc;

	*out = NULL;
	switch (group) {
	case TS_DH_MODP768:
		ph = modp768;
		break;
	case TS_DH_MODP1024:
		ph = modp1024;
		break;
	case TS_DH_COMPOSITE:
		ph = composite1024;
		break;
	case TS_DH_RFC5114_1024:
		ph = rfc5114_p;
		gh = rfc5114_g;
		break;
	case TS_DH_FFDHE2048:
		break;
	default:
		return 0;
	}
	rc = gnutls_dh_params_init(out);
	if (rc < 0)
		return ts_log_gnutls("gnutls_dh_params_init", rc);
	if (group == TS_DH_FFDHE2048) {
		/* RFC 7919 appendix A.1, as GnuTLS ships it. */
		rc = gnutls_dh_params_import_raw(*out,
		    &gnutls_ffdhe_2048_group_prime,
		    &gnutls_ffdhe_2048_group_generator);
	} else {
		p.data = pb;
		p.size = (unsigned int)hex_bytes(ph, pb, sizeof(pb));
		g.data = gh != NULL ? gb : (unsigned char *)&two;
		g.size = gh != NULL ?
		    (unsigned int)hex_bytes(gh, gb, sizeof(gb)) :
		    1;
		rc = gnutls_dh_params_import_raw(*out, &p, &g);
	}
	if (rc < 0) {
		gnutls_dh_params_deinit(*out);
		*out = NULL;
		return ts_log_gnutls("--dh-params", rc);
	}
	return 0;
}
