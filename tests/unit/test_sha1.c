/* test_sha1.c — SHA-1 against RFC 3174 §7.3 (and FIPS 180 "abc"), HMAC-SHA1
 * against RFC 2202 §3, streaming in odd-sized pieces, and the Twilio
 * signature against the worked example of Twilio's documentation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "channels/form.h"
#include "channels/sms_twilio.h"
#include "util/sha1.h"

static void hex(const unsigned char *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check_sha1(const void *data, size_t len, const char *want)
{
    unsigned char d[SHA1_LEN];
    char h[2 * SHA1_LEN + 1];
    sha1(data, len, d);
    hex(d, sizeof d, h);
    assert_string_equal(h, want);
}

static void test_sha1_rfc3174(void **state)
{
    (void)state;
    check_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
    check_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
               "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    check_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    /* TEST3: one million 'a'; TEST4: "01234567" x 8, ten times. */
    char *a = malloc(1000000);
    assert_non_null(a);
    memset(a, 'a', 1000000);
    check_sha1(a, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    free(a);
    char t4[640];
    for (int i = 0; i < 80; i++)
        memcpy(t4 + 8 * i, "01234567", 8);
    check_sha1(t4, sizeof t4, "dea356a2cddd90c7a7ecedc5ebb563934f460452");
}

/* The same digest whatever the sizes of the pieces (block boundaries,
 * padding that spills into a second block at 56..63 bytes). */
static void test_sha1_streaming(void **state)
{
    (void)state;
    unsigned char msg[300], one[SHA1_LEN], many[SHA1_LEN];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 7 + 1);
    for (size_t len = 0; len <= sizeof msg; len += len < 130 ? 1 : 17) {
        sha1(msg, len, one);
        for (size_t step = 1; step <= 65; step += 16) {
            struct sha1 c;
            sha1_init(&c);
            for (size_t off = 0; off < len; off += step)
                sha1_update(&c, msg + off, len - off < step ? len - off : step);
            sha1_final(&c, many);
            assert_memory_equal(one, many, SHA1_LEN);
        }
    }
}

static void test_hmac_rfc2202(void **state)
{
    (void)state;
    unsigned char k20b[20], k20a[20], k20c[20], k25[25], k80[80], d50dd[50], d50cd[50];
    memset(k20b, 0x0b, 20);
    memset(k20a, 0xaa, 20);
    memset(k20c, 0x0c, 20);
    memset(k80, 0xaa, 80);
    memset(d50dd, 0xdd, 50);
    memset(d50cd, 0xcd, 50);
    for (int i = 0; i < 25; i++)
        k25[i] = (unsigned char)(i + 1);
    const struct {
        const void *key;
        size_t klen;
        const void *msg;
        size_t mlen;
        const char *want;
    } cases[] = {
        {k20b, 20, "Hi There", 8, "b617318655057264e28bc0b6fb378c8ef146be00"},
        {"Jefe", 4, "what do ya want for nothing?", 28, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
        {k20a, 20, d50dd, 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
        {k25, 25, d50cd, 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
        {k20c, 20, "Test With Truncation", 20, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
        {k80, 80, "Test Using Larger Than Block-Size Key - Hash Key First", 54,
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
        {k80, 80, "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", 73,
         "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char d[SHA1_LEN];
        char h[2 * SHA1_LEN + 1];
        hmac_sha1(cases[i].key, cases[i].klen, cases[i].msg, cases[i].mlen, d);
        hex(d, sizeof d, h);
        assert_string_equal(h, cases[i].want);
    }
}

/* Twilio's documentation: auth token 12345, this URL, these parameters.
 * Two versions of the page circulate (the caller's number differs); both
 * signatures were checked with Python's hmac module. */
static void test_twilio_documented_example(void **state)
{
    (void)state;
    const char *url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    struct form f;
    char sig[SMS_TWILIO_SIG_LEN + 1];
    /* Parameters in a different order than sorted, as a body would hold them. */
    const char *b1 = "To=%2B18005551212&From=%2B14158675310&Digits=1234&Caller=%2B14158675310"
                     "&CallSid=CA1234567890ABCDE";
    assert_int_equal(form_parse(b1, strlen(b1), &f, NULL), GC_OK);
    assert_int_equal(sms_twilio_signature("12345", url, &f, sig), GC_OK);
    assert_string_equal(sig, "GvWf1cFY/Q7PnoempGyD5oXAezc=");
    assert_true(sms_twilio_verify("12345", url, &f, "GvWf1cFY/Q7PnoempGyD5oXAezc="));
    assert_false(sms_twilio_verify("12346", url, &f, "GvWf1cFY/Q7PnoempGyD5oXAezc="));
    assert_false(sms_twilio_verify("12345", "https://mycompany.com/myapp.php?foo=1&bar=3", &f,
                                   "GvWf1cFY/Q7PnoempGyD5oXAezc="));
    assert_false(sms_twilio_verify("12345", url, &f, "GvWf1cFY/Q7PnoempGyD5oXAezd="));
    assert_false(sms_twilio_verify("12345", url, &f, "GvWf1cFY/Q7PnoempGyD5oXAez"));
    assert_false(sms_twilio_verify("12345", url, &f, ""));
    assert_false(sms_twilio_verify("12345", url, &f, NULL));
    form_free(&f);

    const char *b2 = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234"
                     "&From=%2B14158675309&To=%2B18005551212";
    assert_int_equal(form_parse(b2, strlen(b2), &f, NULL), GC_OK);
    assert_int_equal(sms_twilio_signature("12345", url, &f, sig), GC_OK);
    assert_string_equal(sig, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    /* One changed value, one added field: another signature. */
    form_free(&f);
    const char *b3 = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1235"
                     "&From=%2B14158675309&To=%2B18005551212";
    assert_int_equal(form_parse(b3, strlen(b3), &f, NULL), GC_OK);
    assert_int_equal(sms_twilio_signature("12345", url, &f, sig), GC_OK);
    assert_string_not_equal(sig, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    form_free(&f);
}

/* Sorting is by bytes (upper case before lower case), values are the
 * decoded ones; no parameters at all signs the URL alone. */
static void test_twilio_sorting(void **state)
{
    (void)state;
    struct form f;
    char a[SMS_TWILIO_SIG_LEN + 1], b[SMS_TWILIO_SIG_LEN + 1];
    /* Python: base64(hmac(b"tok", b"https://x/sms/twilioBodyh\xc3\xa9 lo&Fromx+1abc1", sha1)) */
    const char *body = "abc=1&From=x%2B1&Body=h%C3%A9+lo%26";
    assert_int_equal(form_parse(body, strlen(body), &f, NULL), GC_OK);
    assert_int_equal(sms_twilio_signature("tok", "https://x/sms/twilio", &f, a), GC_OK);
    assert_string_equal(a, "1LnCziNTYdfGCjBRhTC2tFtLANE=");
    form_free(&f);
    assert_int_equal(form_parse("", 0, &f, NULL), GC_OK);
    assert_int_equal(sms_twilio_signature("tok", "https://x/sms/twilio", &f, b), GC_OK);
    assert_string_equal(b, "v6C29D1h7fWeIMj3mZuuBoau6W8=");
    form_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha1_rfc3174),
        cmocka_unit_test(test_sha1_streaming),
        cmocka_unit_test(test_hmac_rfc2202),
        cmocka_unit_test(test_twilio_documented_example),
        cmocka_unit_test(test_twilio_sorting),
    };
    return cmocka_run_group_tests_name("sha1", tests, NULL, NULL);
}
