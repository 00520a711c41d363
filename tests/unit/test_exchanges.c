/* test_exchanges.c — store/exchanges: the exchanges' own file (its path,
 * the move out of a content database made before the split, idempotent
 * when interrupted, ATTACH across the two), the one-server lock, the list
 * of files; and the small guards of the server beside it: connection caps
 * (channels/connlimit), trusted proxies (channels/proxies), feedback tokens
 * (channels/fbtoken). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channels/connlimit.h"
#include "channels/fbtoken.h"
#include "channels/proxies.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "util/config.h"
#include "testutil.h"

static long long query_int(struct db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    struct gc_err e = {0};
    if (db_prepare(db, sql, &st, &e))
        fail_msg("%s", e.msg);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static void test_paths(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(exchanges_path_of("town.db", out, sizeof out), GC_OK);
    assert_string_equal(out, "town-exchanges.db");
    assert_int_equal(exchanges_path_of("/var/lib/guichet/town", out, sizeof out), GC_OK);
    assert_string_equal(out, "/var/lib/guichet/town-exchanges.db");
    assert_int_equal(exchanges_path_of("a.sqlite", out, sizeof out), GC_OK);
    assert_string_equal(out, "a.sqlite-exchanges.db");
    assert_int_equal(exchanges_path_of("x.db", out, 8), GC_ERR_INVALID);

    struct config *cfg = config_new();
    struct gc_err e = {0};
    struct store_files f;
    config_set(cfg, "db", "/srv/t.db", NULL);
    assert_int_equal(store_files(cfg, &f, &e), GC_OK);
    assert_int_equal(f.n, 4);
    assert_string_equal(f.f[0].path, "/srv/t.db");
    assert_string_equal(f.f[1].role, "exchanges");
    assert_string_equal(f.f[1].path, "/srv/t-exchanges.db");
    assert_string_equal(f.f[2].path, "/srv/t.db.sms-key");
    assert_string_equal(f.f[3].path, "/srv/t.db.feedback-key");
    config_set(cfg, "exchanges-db", "/srv/t.db", NULL);
    char x[128];
    assert_int_equal(exchanges_path(cfg, x, sizeof x, &e), GC_ERR_INVALID);   /* same file */
    config_set(cfg, "exchanges-db", "/private/x.db", NULL);
    config_set(cfg, "sms-key-file", "/keys/sms", NULL);
    assert_int_equal(store_files(cfg, &f, &e), GC_OK);
    assert_string_equal(f.f[1].path, "/private/x.db");
    assert_string_equal(f.f[2].path, "/keys/sms");
    config_free(cfg);
}

/* A content database as guichet made it before the split (content schema
 * step 7, the exchanges inside), with two exchanges, a feedback, a number,
 * and an exchange deleted (the mark in meta). */
static void old_database(const char *path)
{
    struct db *db = NULL;
    struct gc_err e = {0};
    assert_int_equal(db_open(&db, path, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_exec(db,
        "INSERT INTO replies(id, shared, answer, sources) VALUES (1, 1, 'Ouvert.', '[\"/p\"]');"
        "INSERT INTO messages(id, conversation_id, channel, question, reply_id) VALUES"
        " (5, 'c1', 'web', 'horaires ?', 1), (6, 'c1', 'web', 'et samedi ?', 1),"
        " (9, 'c2', 'api', 'effacé', 1);"
        "DELETE FROM messages WHERE id = 9;"
        "INSERT INTO feedback(message_id, useful, comment) VALUES (6, 0, 'non');"
        "INSERT INTO sms_numbers(pseudonym, stopped) VALUES ('abc', 1);"
        "INSERT INTO meta(key, value) VALUES ('sms.daily', '20261207 3');", &e), GC_OK);
    db_close(db);
}

static void test_migrate(void **state)
{
    (void)state;
    char content[256], x[300];
    struct gc_err e = {0};
    long long moved = -1;
    assert_int_equal(tmp_file(content, sizeof content, "content"), 0);
    unlink(content);
    assert_int_equal(exchanges_path_of(content, x, sizeof x), GC_OK);
    old_database(content);

    /* Interrupted after the copy, before the drop: the copy alone. */
    struct db *c = NULL, *xd = NULL;
    assert_int_equal(exchanges_open(&xd, x, content, DB_READWRITE, &e), GC_OK);
    db_close(xd);
    assert_int_equal(db_open(&c, content, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_attach(c, x, "x", &e), GC_OK);
    assert_int_equal(db_exec(c, "INSERT INTO x.messages(id, conversation_id, created_at, "
                                "channel, question, reply_id, confidence, refused, "
                                "refusal_reason, path, elapsed_ms) SELECT * FROM main.messages "
                                "WHERE id = 5", &e), GC_OK);
    db_close(c);

    assert_int_equal(exchanges_migrate(content, x, &moved, &e), GC_OK);
    assert_int_equal(moved, 1);   /* the one the interrupted run had not copied */
    assert_int_equal(exchanges_open(&xd, x, content, DB_READONLY, &e), GC_OK);
    assert_int_equal(query_int(xd, "SELECT count(*) FROM messages"), 2);
    assert_int_equal(query_int(xd, "SELECT count(*) FROM exchanges WHERE answer = 'Ouvert.'"), 2);
    assert_int_equal(query_int(xd, "SELECT useful FROM feedback WHERE message_id = 6"), 0);
    assert_int_equal(query_int(xd, "SELECT stopped FROM sms_numbers"), 1);
    assert_int_equal(query_int(xd, "SELECT CAST(value AS INTEGER) FROM meta "
                                   "WHERE key = 'messages_last_id'"), 9);   /* never given again */
    assert_int_equal(query_int(xd, "SELECT count(*) FROM meta WHERE key = 'sms.daily'"), 1);
    db_close(xd);
    /* The content file keeps its content only. */
    assert_int_equal(db_open(&c, content, DB_READONLY, &e), GC_OK);
    assert_int_equal(query_int(c, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                  "('messages', 'replies', 'feedback', 'sms_numbers', "
                                  "'exchanges')"), 0);
    assert_int_equal(query_int(c, "SELECT count(*) FROM pages"), 0);
    /* Reports join the two by ATTACH. */
    assert_int_equal(db_attach(c, x, "x", &e), GC_OK);
    assert_int_equal(query_int(c, "SELECT count(*) FROM x.exchanges"), 2);
    assert_int_equal(db_attach(c, x, "bad name", &e), GC_ERR_INVALID);
    db_close(c);
    /* Again: nothing left to move, nothing changed. */
    assert_int_equal(exchanges_migrate(content, x, &moved, &e), GC_OK);
    assert_int_equal(moved, 0);
    /* A content file that does not exist yet: nothing to do. */
    assert_int_equal(exchanges_migrate("/nonexistent/none.db", x, &moved, &e), GC_OK);
    tmp_db_remove(content);
    tmp_db_remove(x);
}

static void test_lock_and_mode(void **state)
{
    (void)state;
    char path[256];
    struct gc_err e = {0};
    assert_int_equal(tmp_file(path, sizeof path, "xlock"), 0);
    unlink(path);
    int a = -1, b = -1;
    mode_t old = umask(022);
    assert_int_equal(exchanges_lock(path, NULL, &a, &e), GC_OK);
    umask(old);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);   /* whatever the umask */
    assert_int_equal(exchanges_lock(path, NULL, &b, &e), GC_ERR_BUSY);
    assert_non_null(strstr(e.msg, "another 'guichet serve'"));
    exchanges_unlock(a);
    assert_int_equal(exchanges_lock(path, NULL, &b, &e), GC_OK);
    exchanges_unlock(b);
    exchanges_unlock(-1);
    unlink(path);
}

static void test_connlimit(void **state)
{
    (void)state;
    struct connlimit *cl = connlimit_new(5, 2);
    unsigned char a[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 1, 1};
    unsigned char b[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 1, 2};
    unsigned char v6a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    unsigned char v6b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9};
    assert_true(connlimit_take(cl, a, false));
    assert_true(connlimit_take(cl, a, false));
    assert_false(connlimit_take(cl, a, false));    /* its share (2) */
    assert_true(connlimit_take(cl, b, false));
    assert_true(connlimit_take(cl, v6a, false));
    assert_true(connlimit_take(cl, v6b, false));   /* 5: the /64's second */
    connlimit_give(cl, b, false);
    assert_false(connlimit_take(cl, v6a, false));  /* one /64, one share */
    assert_true(connlimit_take(cl, a, true));      /* a trusted proxy: no share */
    assert_int_equal(connlimit_total(cl), 5);
    assert_false(connlimit_take(cl, b, true));     /* the total, even for a proxy */
    connlimit_give(cl, a, true);
    for (int i = 0; i < 2; i++)
        connlimit_give(cl, a, false);
    assert_true(connlimit_take(cl, a, false));
    connlimit_free(cl);
    connlimit_free(NULL);
    /* Many addresses come and go: the table never fills. */
    cl = connlimit_new(64, 1);
    for (int round = 0; round < 50; round++) {
        unsigned char k[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 0};
        for (int i = 0; i < 64; i++) {
            k[14] = (unsigned char)round;
            k[15] = (unsigned char)i;
            assert_true(connlimit_take(cl, k, false));
        }
        for (int i = 0; i < 64; i++) {
            k[15] = (unsigned char)i;
            connlimit_give(cl, k, false);
        }
        assert_int_equal(connlimit_total(cl), 0);
    }
    connlimit_free(cl);
}

static void sa4(struct sockaddr_storage *ss, const char *ip)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in = (struct sockaddr_in *)ss;
    in->sin_family = AF_INET;
    inet_pton(AF_INET, ip, &in->sin_addr);
}

static const char *ip_of(const struct sockaddr_storage *ss, char *buf)
{
    if (ss->ss_family == AF_INET)
        return inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, buf, 64);
    return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, buf, 64);
}

static void test_proxies(void **state)
{
    (void)state;
    struct proxies p;
    struct gc_err e = {0};
    struct sockaddr_storage ss, got;
    unsigned char a[16];
    char buf[64];
    assert_int_equal(proxies_parse("127.0.0.1, 10.0.0.0/8 ::1 2001:db8::/32", &p, &e), GC_OK);
    assert_int_equal(p.nets.n, 4);
    sa4(&ss, "10.20.30.40");
    proxies_addr16((struct sockaddr *)&ss, a);
    assert_true(proxies_trusted(&p, a));
    sa4(&ss, "11.0.0.1");
    proxies_addr16((struct sockaddr *)&ss, a);
    assert_false(proxies_trusted(&p, a));
    /* An IPv4 client is matched by an IPv4-mapped IPv6 block too. */
    assert_int_equal(proxies_parse("::ffff:11.0.0.0/104", &p, &e), GC_OK);
    assert_true(proxies_trusted(&p, a));
    assert_int_equal(proxies_parse("10.0.0.0/33", &p, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "trusted-proxies"));
    assert_int_equal(proxies_parse("proxy.example", &p, &e), GC_ERR_INVALID);
    assert_int_equal(proxies_parse("", &p, &e), GC_OK);
    assert_int_equal(p.nets.n, 0);

    assert_int_equal(proxies_parse("127.0.0.1, 10.0.0.0/8", &p, &e), GC_OK);
    /* The right-most address that is not a trusted proxy: what a client
     * wrote on the left is not believed. */
    assert_true(proxies_client(&p, NULL, "6.6.6.6, 203.0.113.7, 10.1.1.1", &got));
    assert_string_equal(ip_of(&got, buf), "203.0.113.7");
    assert_true(proxies_client(&p, "for=192.0.2.60;proto=http;by=203.0.113.43", "1.1.1.1", &got));
    assert_string_equal(ip_of(&got, buf), "192.0.2.60");
    assert_true(proxies_client(&p, "for=\"[2001:db8:cafe::17]:4711\"", NULL, &got));
    assert_string_equal(ip_of(&got, buf), "2001:db8:cafe::17");
    assert_true(proxies_client(&p, NULL, "198.51.100.1:8080", &got));
    assert_string_equal(ip_of(&got, buf), "198.51.100.1");
    assert_false(proxies_client(&p, "for=unknown", NULL, &got));
    assert_false(proxies_client(&p, NULL, "", &got));
    assert_false(proxies_client(&p, NULL, NULL, &got));
}

static void test_fbtoken(void **state)
{
    (void)state;
    unsigned char k1[FBTOKEN_KEY_LEN] = {1}, k2[FBTOKEN_KEY_LEN] = {2};
    char t[GC_FEEDBACK_TOKEN_LEN + 1], u[GC_FEEDBACK_TOKEN_LEN + 1];
    fbtoken_make(k1, 42, t);
    assert_int_equal(strlen(t), GC_FEEDBACK_TOKEN_LEN);
    fbtoken_make(k1, 42, u);
    assert_string_equal(t, u);   /* deterministic */
    assert_true(fbtoken_check(k1, 42, t));
    assert_false(fbtoken_check(k1, 43, t));
    assert_false(fbtoken_check(k2, 42, t));
    assert_false(fbtoken_check(k1, 42, NULL));
    assert_false(fbtoken_check(k1, 42, ""));
    t[0] = t[0] == 'A' ? 'B' : 'A';
    assert_false(fbtoken_check(k1, 42, t));
    for (const char *p = u; *p; p++)   /* base64url: safe in a URL, a form, an attribute */
        assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                               *p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_migrate),
        cmocka_unit_test(test_lock_and_mode),
        cmocka_unit_test(test_connlimit),
        cmocka_unit_test(test_proxies),
        cmocka_unit_test(test_fbtoken),
    };
    return cmocka_run_group_tests_name("exchanges", tests, NULL, NULL);
}
