/* test_admin.c — the back office: password rules and hashing, the throttle,
 * accounts and sessions (store/users), and its pages as plain functions of
 * hand-built requests (admin_handle answers them in the caller's thread):
 * redirects without a session, CSRF and origin checks, cookie flags, roles,
 * the audit log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/accounts.h"
#include "admin/admin.h"
#include "admin/content.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "store/users.h"
#include "admin_testutil.h"
#include "testutil.h"

static int setup(void **state)
{
    *state = admin_fx_new("admin");
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    admin_fx_free(*state);
    return 0;
}

static void test_password_rules(void **state)
{
    (void)state;
    struct gc_err e = {0};
    assert_false(accounts_password_ok("court", "alice", &e));
    assert_non_null(strstr(e.msg, "12"));
    assert_false(accounts_password_ok("alice.martin.99", "alice.martin.99", &e));
    assert_false(accounts_password_ok("douze\ncaractères", "x", &e));
    assert_false(accounts_password_ok("\xff\xfe invalide longue", "x", &e));
    assert_true(accounts_password_ok("une phrase assez longue", "alice", &e));
    /* 12 characters, fewer bytes would not count: accents are characters. */
    assert_true(accounts_password_ok("éééééééééééé", "alice", &e));
    char hash[USER_HASH_MAX];
    assert_int_equal(accounts_hash("une phrase assez longue", hash, &e), GC_OK);
    assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
    assert_true(accounts_verify(hash, "une phrase assez longue"));
    assert_false(accounts_verify(hash, "une phrase assez longuE"));
    assert_false(accounts_verify("", "x"));
    assert_false(accounts_verify(accounts_dummy_hash(), ""));
}

/* Who may act on a page of which service (admin/content.h). */
static void test_content_permissions(void **state)
{
    (void)state;
    struct user ed = {.role = ROLE_EDITOR, .nservices = 1}, vera = {.role = ROLE_VALIDATOR},
                val = {.role = ROLE_VALIDATOR, .nservices = 1}, alice = {.role = ROLE_ADMIN};
    snprintf(ed.services[0], sizeof ed.services[0], "Culture");
    snprintf(val.services[0], sizeof val.services[0], "Culture");
    for (int act = CONTENT_EDIT; act <= CONTENT_REPUBLISH; act++) {
        /* an editor: its services' pages, never validating (nor giving back, republishing) */
        bool validating = act == CONTENT_VALIDATE || act == CONTENT_GIVEBACK ||
                          act == CONTENT_REPUBLISH;
        assert_int_equal(content_may(&ed, act, "Culture"), !validating);
        assert_false(content_may(&ed, act, "Police municipale"));
        assert_false(content_may(&ed, act, ""));
        /* a validator of a service: everything on it, nothing elsewhere */
        assert_true(content_may(&val, act, "Culture"));
        assert_false(content_may(&val, act, "Sports"));
        /* a validator without services, an admin: every service */
        assert_true(content_may(&vera, act, "Sports"));
        assert_true(content_may(&alice, act, "Sports"));
        assert_true(content_may(&alice, act, NULL));
    }
}

static void test_throttle(void **state)
{
    (void)state;
    struct throttle *t = throttle_new();
    unsigned char here[16] = {1}, there[16] = {2};
    unsigned retry = 0;
    for (int i = 0; i < GC_ADMIN_FAILURES_MAX; i++) {
        assert_false(throttle_blocked(t, "alice", here, 1000, &retry));
        throttle_fail(t, "alice", here, 1000 + i);
    }
    assert_true(throttle_blocked(t, "alice", here, 1010, &retry));
    assert_true(retry > 0 && retry <= GC_ADMIN_LOCKOUT_S);
    /* another address, another login: not affected */
    assert_false(throttle_blocked(t, "alice", there, 1010, &retry));
    assert_false(throttle_blocked(t, "bob", here, 1010, &retry));
    /* it ends */
    assert_false(throttle_blocked(t, "alice", here, 1009 + GC_ADMIN_LOCKOUT_S + 1, &retry));
    /* a success clears the count */
    for (int i = 0; i < GC_ADMIN_FAILURES_MAX - 1; i++)
        throttle_fail(t, "carol", here, 5000);
    throttle_clear(t, "carol", here);
    throttle_fail(t, "carol", here, 5000);
    assert_false(throttle_blocked(t, "carol", here, 5000, &retry));
    /* the table never grows: many pairs, the latest still counted */
    for (int i = 0; i < 3 * GC_ADMIN_THROTTLE_SLOTS; i++) {
        char login[32];
        snprintf(login, sizeof login, "u%d", i);
        throttle_fail(t, login, here, 6000 + i);
    }
    for (int i = 0; i < GC_ADMIN_FAILURES_MAX; i++)
        throttle_fail(t, "dave", here, 20000);
    assert_true(throttle_blocked(t, "dave", here, 20000, &retry));
    throttle_free(t);
}

static void test_users_and_sessions(void **state)
{
    struct admin_fx *f = *state;
    struct gc_err e = {0};
    struct user u;
    char hash[USER_HASH_MAX], csrf[SESSION_CSRF_HEX + 1];
    const char *sv[2] = {"Culture", "État civil"};
    assert_int_equal(users_add(f->db, "bob", ROLE_EDITOR, sv, 2, "$argon2id$fake", &e), GC_OK);
    assert_int_equal(users_add(f->db, "bob", ROLE_ADMIN, NULL, 0, "h", &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "exists"));
    assert_int_equal(users_add(f->db, "-bad", ROLE_ADMIN, NULL, 0, "h", &e), GC_ERR_INVALID);
    assert_int_equal(users_add(f->db, "a b", ROLE_ADMIN, NULL, 0, "h", &e), GC_ERR_INVALID);
    assert_int_equal(users_get(f->db, "bob", &u, hash, &e), GC_OK);
    assert_string_equal(hash, "$argon2id$fake");
    assert_int_equal(u.role, ROLE_EDITOR);
    assert_int_equal(u.nservices, 2);
    assert_true(user_has_service(&u, "Culture"));
    assert_false(user_has_service(&u, "Sports"));
    assert_int_equal(users_get(f->db, "nobody", &u, NULL, &e), GC_ERR_NOTFOUND);

    char key[SESSION_KEY_HEX + 1];
    memset(key, 'a', SESSION_KEY_HEX);
    key[SESSION_KEY_HEX] = '\0';
    assert_int_equal(users_get(f->db, "bob", &u, NULL, &e), GC_OK);
    assert_int_equal(sessions_add(f->db, key, u.id, "c5rf", 1000, &e), GC_OK);
    assert_int_equal(sessions_get(f->db, key, 1500, 600, 3600, &u, csrf, &e), GC_OK);
    assert_string_equal(csrf, "c5rf");
    assert_string_equal(u.login, "bob");
    /* idle for longer than allowed: gone */
    assert_int_equal(sessions_get(f->db, key, 1500 + 601, 600, 3600, &u, csrf, &e), GC_ERR_NOTFOUND);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM sessions"), 0);
    /* used all along, but older than the absolute limit: gone */
    assert_int_equal(sessions_add(f->db, key, u.id, "c5rf", 1000, &e), GC_OK);
    for (int64_t t = 1000; t < 4600; t += 500)
        assert_int_equal(sessions_get(f->db, key, t, 600, 3600, &u, csrf, &e), GC_OK);
    assert_int_equal(sessions_get(f->db, key, 4601, 600, 3600, &u, csrf, &e), GC_ERR_NOTFOUND);
    /* a new password ends the other sessions; disabling ends them all */
    char other[SESSION_KEY_HEX + 1];
    memcpy(other, key, sizeof other);
    other[0] = 'b';
    assert_int_equal(sessions_add(f->db, key, u.id, "x", 5000, &e), GC_OK);
    assert_int_equal(sessions_add(f->db, other, u.id, "y", 5000, &e), GC_OK);
    assert_int_equal(users_set_password(f->db, u.id, "$argon2id$new", key, &e), GC_OK);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM sessions"), 1);
    assert_int_equal(users_disable(f->db, "bob", &e), GC_OK);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM sessions"), 0);
    assert_int_equal(users_disable(f->db, "nobody", &e), GC_ERR_NOTFOUND);
    int admins = -1;
    assert_int_equal(users_count_admins(f->db, &admins, &e), GC_OK);
    assert_int_equal(admins, 0);
}

/* ---------------------------------------------------- the pages, by hand */

static void open_admin(struct admin_fx *f)
{
    struct gc_err e = {0};
    if (admin_open(&f->a, f->cfg, f->xpath, &e))
        fail_msg("admin_open: %s", e.msg);
}

static void test_pages_need_a_session(void **state)
{
    struct admin_fx *f = *state;
    open_admin(f);
    static const char *const gets[] = {"/admin/", "/admin/questions", "/admin/reports",
                                       "/admin/reports.csv", "/admin/rights", "/admin/users",
                                       "/admin/audit", "/admin/audit.csv", "/admin/password"};
    for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++) {
        struct resp r = admin_req(f->a, "GET", gets[i], NULL, NULL, NULL, NULL);
        assert_int_equal(r.rs.status, 303);
        assert_string_equal(r.rs.location, "/admin/login");
        resp_free(&r);
        /* an unknown or forged cookie is no session */
        r = admin_req(f->a, "GET", gets[i], NULL, NULL,
                "0000000000000000000000000000000000000000000000000000000000000000", NULL);
        assert_int_equal(r.rs.status, 303);
        resp_free(&r);
    }
    static const char *const posts[] = {"/admin/", "/admin/logout", "/admin/questions/link",
                                        "/admin/rights/erase", "/admin/users/add"};
    for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
        struct resp r = admin_req(f->a, "POST", posts[i], NULL, "x=1", NULL, NULL);
        assert_int_equal(r.rs.status, 403);
        resp_free(&r);
    }
    struct resp r = admin_req(f->a, "GET", "/admin/login", NULL, NULL, NULL, NULL);
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "name=\"login\""));
    assert_non_null(strstr(r.body, "name=\"password\""));
    assert_non_null(strstr(r.body, "lang=\"fr\""));
    resp_free(&r);
}

static void test_login_csrf_logout(void **state)
{
    struct admin_fx *f = *state;
    add_user(f->db, "alice", ROLE_ADMIN, NULL, "une phrase assez longue");
    open_admin(f);
    /* a wrong password: 401, the audit says so, no cookie */
    struct resp r = admin_req(f->a, "POST", "/admin/login", NULL, "login=alice&password=mauvais+mot+de+passe",
                        NULL, NULL);
    assert_int_equal(r.rs.status, 401);
    assert_string_equal(r.rs.set_cookie, "");
    assert_non_null(strstr(r.body, "incorrect"));
    resp_free(&r);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM audit WHERE action = 'login.failed'"), 1);
    /* the login form from another site: refused before any check */
    r = admin_req(f->a, "POST", "/admin/login", NULL, "login=alice&password=une+phrase+assez+longue", NULL,
            "https://evil.example");
    assert_int_equal(r.rs.status, 403);
    assert_string_equal(r.rs.set_cookie, "");
    resp_free(&r);
    /* "null" (no-referrer pages) without Sec-Fetch-Site: same-origin */
    r = admin_req(f->a, "POST", "/admin/login", NULL, "login=alice&password=une+phrase+assez+longue", NULL,
            "null");
    assert_int_equal(r.rs.status, 403);
    resp_free(&r);

    char cookie[65], csrf[65];
    admin_login(f->a, "http://127.0.0.1:8080", "alice", "une+phrase+assez+longue", cookie);
    r = admin_req(f->a, "POST", "/admin/login", NULL, "login=alice&password=une+phrase+assez+longue", NULL,
            NULL);
    assert_non_null(strstr(r.rs.set_cookie, "; HttpOnly"));
    assert_non_null(strstr(r.rs.set_cookie, "; SameSite=Strict"));
    assert_non_null(strstr(r.rs.set_cookie, "; Path=/admin"));
    assert_null(strstr(r.rs.set_cookie, "Secure"));   /* public-url is not https */
    resp_free(&r);
    /* the cookie's value is not what the database keeps */
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE id = '%s'", cookie);
    assert_int_equal(query_int(f->db, sql), 0);

    r = admin_req(f->a, "GET", "/admin/", NULL, NULL, cookie, NULL);
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "Bonjour alice"));
    csrf_of(r.body, csrf);
    resp_free(&r);
    /* POST /admin/logout without the token, with another, from another site: 403 */
    r = admin_req(f->a, "POST", "/admin/logout", NULL, "", cookie, NULL);
    assert_int_equal(r.rs.status, 403);
    resp_free(&r);
    r = admin_req(f->a, "POST", "/admin/logout", NULL,
            "csrf=0000000000000000000000000000000000000000000000000000000000000000", cookie, NULL);
    assert_int_equal(r.rs.status, 403);
    resp_free(&r);
    char body[128];
    snprintf(body, sizeof body, "csrf=%s", csrf);
    r = admin_req(f->a, "POST", "/admin/logout", NULL, body, cookie, "https://evil.example");
    assert_int_equal(r.rs.status, 403);
    resp_free(&r);
    /* the session still works, then ends */
    r = admin_req(f->a, "GET", "/admin/users", NULL, NULL, cookie, NULL);
    assert_int_equal(r.rs.status, 200);
    resp_free(&r);
    r = admin_req(f->a, "POST", "/admin/logout", NULL, body, cookie, "http://127.0.0.1:8080");
    assert_int_equal(r.rs.status, 303);
    assert_string_equal(r.rs.location, "/admin/login");
    assert_non_null(strstr(r.rs.set_cookie, "Max-Age=0"));
    resp_free(&r);
    r = admin_req(f->a, "GET", "/admin/", NULL, NULL, cookie, NULL);
    assert_int_equal(r.rs.status, 303);
    resp_free(&r);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM audit WHERE action IN ('login', 'logout')"), 3);
}

static void test_roles_and_accounts(void **state)
{
    struct admin_fx *f = *state;
    add_user(f->db, "alice", ROLE_ADMIN, NULL, "une phrase assez longue");
    add_user(f->db, "bob", ROLE_EDITOR, "Culture", "une autre phrase longue");
    open_admin(f);
    char cookie[65], csrf[65], body[512];
    admin_login(f->a, "http://127.0.0.1:8080", "bob", "une+autre+phrase+longue", cookie);
    /* admins' pages are not an editor's */
    static const char *const adm[] = {"/admin/users", "/admin/audit", "/admin/rights",
                                      "/admin/audit.csv"};
    for (size_t i = 0; i < sizeof adm / sizeof adm[0]; i++) {
        struct resp r = admin_req(f->a, "GET", adm[i], NULL, NULL, cookie, NULL);
        assert_int_equal(r.rs.status, 403);
        resp_free(&r);
    }
    struct resp r = admin_req(f->a, "GET", "/admin/", NULL, NULL, cookie, NULL);
    assert_null(strstr(r.body, "/admin/users"));   /* not in its navigation either */
    csrf_of(r.body, csrf);
    resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&login=eve&role=admin&password=une+phrase+assez+longue",
             csrf);
    r = admin_req(f->a, "POST", "/admin/users/add", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 403);
    resp_free(&r);
    /* an editor may not dismiss a group */
    snprintf(body, sizeof body, "csrf=%s&id=000000000000", csrf);
    r = admin_req(f->a, "POST", "/admin/questions/dismiss", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 403);
    resp_free(&r);

    /* the admin adds a validator; the password is hashed, the audit says it */
    admin_login(f->a, "http://127.0.0.1:8080", "alice", "une+phrase+assez+longue", cookie);
    r = admin_req(f->a, "GET", "/admin/users", NULL, NULL, cookie, NULL);
    csrf_of(r.body, csrf);
    assert_non_null(strstr(r.body, "role=\"region\" tabindex=\"0\""));
    resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&login=vera&role=validator&services=&password=mot+secret+de+vera",
             csrf);
    r = admin_req(f->a, "POST", "/admin/users/add", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "Le compte a été créé"));
    resp_free(&r);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM users WHERE login = 'vera' AND "
                                      "role = 'validator' AND password LIKE '$argon2id$%' AND "
                                      "password NOT LIKE '%secret%'"), 1);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM audit WHERE who = 'alice' AND "
                                      "action = 'user.add' AND object = 'vera'"), 1);
    /* an editor without service, a short password: refused with a message */
    snprintf(body, sizeof body, "csrf=%s&login=ed&role=editor&services=&password=une+phrase+assez+longue",
             csrf);
    r = admin_req(f->a, "POST", "/admin/users/add", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 400);
    assert_non_null(strstr(r.body, "au moins un service"));
    resp_free(&r);
    /* the last admin cannot go; bob can */
    snprintf(body, sizeof body, "csrf=%s&login=alice", csrf);
    r = admin_req(f->a, "POST", "/admin/users/disable", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 400);
    resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&login=bob", csrf);
    r = admin_req(f->a, "POST", "/admin/users/disable", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 200);
    resp_free(&r);
    r = admin_req(f->a, "POST", "/admin/login", NULL, "login=bob&password=une+autre+phrase+longue", NULL, NULL);
    assert_int_equal(r.rs.status, 401);
    resp_free(&r);
    /* the audit log, read and exported by the admin */
    r = admin_req(f->a, "GET", "/admin/audit.csv", NULL, NULL, cookie, NULL);
    assert_int_equal(r.rs.status, 200);
    assert_int_equal(strncmp(r.body, "id,at,who,action,object,detail\r\n", 32), 0);
    assert_non_null(strstr(r.body, "\"user.disable\",\"bob\""));
    assert_string_equal(r.rs.extra_name, "Content-Disposition");
    resp_free(&r);
}

static void test_password_change(void **state)
{
    struct admin_fx *f = *state;
    add_user(f->db, "alice", ROLE_ADMIN, NULL, "une phrase assez longue");
    open_admin(f);
    char cookie[65], csrf[65], body[512];
    admin_login(f->a, "http://127.0.0.1:8080", "alice", "une+phrase+assez+longue", cookie);
    struct resp r = admin_req(f->a, "GET", "/admin/password", NULL, NULL, cookie, NULL);
    csrf_of(r.body, csrf);
    resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&current=faux+mot+de+passe&new=nouvelle+phrase+longue&"
                                "confirm=nouvelle+phrase+longue", csrf);
    r = admin_req(f->a, "POST", "/admin/password", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 403);
    resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&current=une+phrase+assez+longue&new=nouvelle+phrase+longue&"
                                "confirm=autre", csrf);
    r = admin_req(f->a, "POST", "/admin/password", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 400);
    resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&current=une+phrase+assez+longue&new=nouvelle+phrase+longue&"
                                "confirm=nouvelle+phrase+longue", csrf);
    r = admin_req(f->a, "POST", "/admin/password", NULL, body, cookie, NULL);
    assert_int_equal(r.rs.status, 200);
    resp_free(&r);
    r = admin_req(f->a, "GET", "/admin/", NULL, NULL, cookie, NULL);   /* this session is kept */
    assert_int_equal(r.rs.status, 200);
    resp_free(&r);
    admin_login(f->a, "http://127.0.0.1:8080", "alice", "nouvelle+phrase+longue", cookie);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_rules),
        cmocka_unit_test(test_throttle),
        cmocka_unit_test(test_content_permissions),
        cmocka_unit_test_setup_teardown(test_users_and_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pages_need_a_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_csrf_logout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roles_and_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_change, setup, teardown),
    };
    return cmocka_run_group_tests_name("admin", tests, NULL, NULL);
}
