/* admin_testutil.h — helpers of the back office's unit tests (test_admin.c,
 * test_newpage.c): a database query's number, an account, and the back
 * office's pages as plain functions of hand-built requests (admin_handle
 * answers them in the caller's thread).
 *
 * The fixture the back office's tests share (struct admin_fx): a content
 * file with its exchanges file attached, settings that name it.
 *
 * Header-only (static inline), like testutil.h: every test stays one .c
 * file built by the Makefile's test_%.c rule.  Include after cmocka.h. */
#ifndef GC_TESTS_ADMIN_TESTUTIL_H
#define GC_TESTS_ADMIN_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/accounts.h"
#include "admin/admin.h"
#include "db_testutil.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "store/users.h"
#include "testutil.h"
#include "util/config.h"

struct admin_fx {
    char path[256];
    char xpath[300];   /* the exchanges file, attached to db as x */
    struct db *db;
    struct config *cfg;  /* db, town-name "Villebrune" */
    struct admin *a;     /* NULL until the test opens it (admin_open) */
};

/* A fresh fixture whose temporary file is named after tag, or NULL. */
static inline struct admin_fx *admin_fx_new(const char *tag)
{
    struct admin_fx *f = calloc(1, sizeof *f);
    struct gc_err e = {0};
    if (!f || tmp_file(f->path, sizeof f->path, tag) ||
        db_open(&f->db, f->path, DB_READWRITE, &e) ||
        exchanges_path_of(f->path, f->xpath, sizeof f->xpath) ||
        exchanges_attach(f->db, f->xpath, &e)) {
        free(f);
        return NULL;
    }
    f->cfg = config_new();
    config_set(f->cfg, "db", f->path, NULL);
    config_set(f->cfg, "town-name", "Villebrune", NULL);
    return f;
}

static inline void admin_fx_free(struct admin_fx *f)
{
    admin_close(f->a);
    db_close(f->db);
    config_free(f->cfg);
    tmp_db_remove(f->path);
    tmp_db_remove(f->xpath);
    free(f);
}

/* An account of role, with one service or none. */
static inline void add_user(struct db *db, const char *login, enum user_role role,
                            const char *service, const char *password)
{
    struct gc_err e = {0};
    char hash[USER_HASH_MAX];
    const char *sv[1] = {service};
    assert_int_equal(accounts_hash(password, hash, &e), GC_OK);
    if (users_add(db, login, role, sv, service ? 1 : 0, hash, &e))
        fail_msg("users_add: %s", e.msg);
}

struct resp {
    struct http_response rs;
    char *body;
};

static inline void resp_free(struct resp *r)
{
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* One request to the back office a: method, path, query, form body, the
 * session cookie's value (or NULL), Origin (or NULL). */
static inline struct resp admin_req(struct admin *a, const char *method, const char *path,
                                    const char *query, const char *body, const char *cookie,
                                    const char *origin)
{
    struct http_header h[3];
    size_t nh = 0;
    char c[160];
    if (cookie) {
        snprintf(c, sizeof c, "other=1; guichet_admin=%s", cookie);
        h[nh++] = (struct http_header){"Cookie", c};
    }
    if (origin)
        h[nh++] = (struct http_header){"Origin", origin};
    h[nh++] = (struct http_header){"Host", "127.0.0.1:8080"};
    struct http_request rq = {
        .method = method, .path = path, .query = query ? query : "",
        .query_len = query ? strlen(query) : 0, .body = body ? body : "",
        .body_len = body ? strlen(body) : 0, .headers = h, .nheaders = nh,
        .content_type = "application/x-www-form-urlencoded",
    };
    struct resp r = {0};
    admin_handle(a, &rq, &r.rs);
    r.body = strndup(r.rs.body ? r.rs.body : "", r.rs.body_len);
    if (r.rs.body_owned)
        free((void *)r.rs.body);
    r.rs.body = NULL;
    return r;
}

/* Sign in (origin: the Origin header, or NULL); the cookie's value into
 * cookie (65 bytes). */
static inline void admin_login(struct admin *a, const char *origin, const char *user,
                               const char *password, char *cookie)
{
    char body[256];
    snprintf(body, sizeof body, "login=%s&password=%s", user, password);
    struct resp r = admin_req(a, "POST", "/admin/login", NULL, body, NULL, origin);
    assert_int_equal(r.rs.status, 303);
    assert_string_equal(r.rs.location, "/admin/");
    const char *v = strstr(r.rs.set_cookie, "guichet_admin=");
    assert_non_null(v);
    memcpy(cookie, v + 14, 64);
    cookie[64] = '\0';
    resp_free(&r);
}

/* The CSRF token of a page's forms (65 bytes). */
static inline void csrf_of(const char *body, char *out)
{
    const char *v = strstr(body, "name=\"csrf\" value=\"");
    assert_non_null(v);
    memcpy(out, v + 19, 64);
    out[64] = '\0';
}

#endif
