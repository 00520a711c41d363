/* test_ratelimit.c — the per-address token buckets (channels/ratelimit.c),
 * driven with a fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "channels/ratelimit.h"

#define S 1000000000ull   /* one second in ns */

static struct rl_key v4(const struct ratelimit *rl, const char *ip)
{
    struct sockaddr_in in;
    struct rl_key k;
    memset(&in, 0, sizeof in);
    in.sin_family = AF_INET;
    assert_int_equal(inet_pton(AF_INET, ip, &in.sin_addr), 1);
    assert_true(ratelimit_key(rl, (struct sockaddr *)&in, &k));
    return k;
}

static struct rl_key v6(const struct ratelimit *rl, const char *ip)
{
    struct sockaddr_in6 in6;
    struct rl_key k;
    memset(&in6, 0, sizeof in6);
    in6.sin6_family = AF_INET6;
    assert_int_equal(inet_pton(AF_INET6, ip, &in6.sin6_addr), 1);
    assert_true(ratelimit_key(rl, (struct sockaddr *)&in6, &k));
    return k;
}

static void test_off(void **state)
{
    (void)state;
    assert_null(ratelimit_new(0));
    assert_null(ratelimit_new(-3));
    struct rl_key k = v4(NULL, "192.0.2.1");
    for (int i = 0; i < 1000; i++)
        assert_true(ratelimit_take(NULL, &k, 1000 * S, NULL));
    ratelimit_free(NULL);
}

static void test_burst_then_refill(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(5);   /* 5 at once, then one every 12 s */
    struct rl_key k = v4(rl, "192.0.2.1");
    uint64_t t = 1000 * S;
    unsigned retry = 0;
    for (int i = 0; i < 5; i++)
        assert_true(ratelimit_take(rl, &k, t, &retry));
    assert_false(ratelimit_take(rl, &k, t, &retry));
    assert_int_equal(retry, 12);
    assert_false(ratelimit_take(rl, &k, t + 11 * S, &retry));
    assert_int_equal(retry, 1);
    assert_true(ratelimit_take(rl, &k, t + 12 * S, &retry));
    assert_false(ratelimit_take(rl, &k, t + 12 * S, &retry));
    /* A minute of silence fills the bucket again, and no more than full. */
    uint64_t later = t + 600 * S;
    for (int i = 0; i < 5; i++)
        assert_true(ratelimit_take(rl, &k, later, NULL));
    assert_false(ratelimit_take(rl, &k, later, NULL));
    ratelimit_free(rl);
}

static void test_steady_rate(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(60);   /* one a second */
    struct rl_key k = v4(rl, "198.51.100.7");
    uint64_t t = 5 * S;
    int allowed = 0;
    /* Ten a second for a minute: the 60-token burst plus about 60 refills. */
    for (int i = 0; i < 600; i++)
        allowed += ratelimit_take(rl, &k, t + (uint64_t)i * S / 10, NULL);
    assert_in_range(allowed, 118, 121);
    ratelimit_free(rl);
}

static void test_addresses(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(1);
    uint64_t t = 10 * S;
    struct rl_key a = v4(rl, "192.0.2.1"), b = v4(rl, "192.0.2.2");
    assert_true(ratelimit_take(rl, &a, t, NULL));
    assert_false(ratelimit_take(rl, &a, t, NULL));
    assert_true(ratelimit_take(rl, &b, t, NULL));          /* its own bucket */
    /* IPv4 seen through a dual-stack socket is the same client. */
    struct rl_key m = v6(rl, "::ffff:192.0.2.1");
    assert_false(ratelimit_take(rl, &m, t, NULL));
    /* One IPv6 /64 is one client; another /64 is another. */
    struct rl_key x = v6(rl, "2001:db8:1:2::1"), y = v6(rl, "2001:db8:1:2:ffff::9");
    struct rl_key z = v6(rl, "2001:db8:1:3::1");
    assert_true(ratelimit_take(rl, &x, t, NULL));
    assert_false(ratelimit_take(rl, &y, t, NULL));
    assert_true(ratelimit_take(rl, &z, t, NULL));
    /* Unknown families share one key. */
    struct sockaddr sa;
    struct rl_key u;
    memset(&sa, 0, sizeof sa);
    sa.sa_family = AF_UNIX;
    assert_false(ratelimit_key(rl, &sa, &u));
    ratelimit_free(rl);
}

/* Filling the table with other addresses must not free a client that is
 * over its limit: eviction takes the entry with the smallest TAT first. */
static void test_eviction_keeps_the_indebted(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(3);
    uint64_t t = 100 * S;
    struct rl_key bad = v4(rl, "203.0.113.66");
    for (int i = 0; i < 3; i++)
        assert_true(ratelimit_take(rl, &bad, t, NULL));
    assert_false(ratelimit_take(rl, &bad, t, NULL));
    for (uint32_t i = 0; i < 300000; i++) {
        struct sockaddr_in in;
        struct rl_key k;
        memset(&in, 0, sizeof in);
        in.sin_family = AF_INET;
        in.sin_addr.s_addr = htonl(0x0a000000u + i);
        ratelimit_key(rl, (struct sockaddr *)&in, &k);
        assert_true(ratelimit_take(rl, &k, t + 1, NULL));
    }
    assert_false(ratelimit_take(rl, &bad, t + 2, NULL));
    ratelimit_free(rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off),
        cmocka_unit_test(test_burst_then_refill),
        cmocka_unit_test(test_steady_rate),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_eviction_keeps_the_indebted),
    };
    return cmocka_run_group_tests_name("ratelimit", tests, NULL, NULL);
}
