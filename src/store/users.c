/* users.c — accounts and sessions of the back office (see users.h). */
#include "store/users.h"

#include <stdio.h>
#include <string.h>

static const char *const role_names[] = {"editor", "validator", "admin"};

const char *user_role_name(enum user_role r)
{
    return (unsigned)r < 3 ? role_names[r] : "editor";
}

bool user_role_parse(const char *s, enum user_role *out)
{
    for (int i = 0; i < 3; i++)
        if (s && !strcmp(s, role_names[i])) {
            *out = (enum user_role)i;
            return true;
        }
    return false;
}

bool user_login_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > GC_LOGIN_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || !strchr("._-@", c)))
            return false;
    }
    return true;
}

bool user_has_service(const struct user *u, const char *service)
{
    if (u->role == ROLE_ADMIN || u->nservices == 0)
        return true;
    for (int i = 0; i < u->nservices; i++)
        if (!strcmp(u->services[i], service ? service : ""))
            return true;
    return false;
}

static enum gc_rc db_fail(struct db *db, struct gc_err *e)
{
    return gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
}

/* Run one prepared statement to its end. */
static enum gc_rc step_done(struct db *db, sqlite3_stmt *st, struct gc_err *e)
{
    enum gc_rc rc = sqlite3_step(st) == SQLITE_DONE ? GC_OK : db_fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc users_add(struct db *db, const char *login, enum user_role role,
                     const char *const *services, int nservices, const char *hash,
                     struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_INVALID;
    sqlite3_stmt *st = NULL;
    if (!user_login_valid(login))
        return gc_err_set(e, rc, "login '%.64s' is not valid: 1 to %d letters, digits, '.', "
                          "'_', '-' or '@', starting with a letter or a digit", login,
                          GC_LOGIN_MAX);
    if (nservices > GC_USER_SERVICES_MAX)
        return gc_err_set(e, rc, "at most %d services per account", GC_USER_SERVICES_MAX);
    for (int i = 0; i < nservices; i++)
        if (!*services[i] || strlen(services[i]) > GC_SERVICE_NAME_MAX)
            return gc_err_set(e, rc, "a service name must have 1 to %d bytes",
                              GC_SERVICE_NAME_MAX);
    rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = db_prepare(db, "INSERT INTO users(login, role, password) VALUES (?1, ?2, ?3)", &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, login);
    db_bind_text(st, 2, user_role_name(role));
    db_bind_text(st, 3, hash);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    st = NULL;
    if (r == SQLITE_CONSTRAINT_UNIQUE) {
        rc = gc_err_set(e, GC_ERR_INVALID, "an account named '%s' exists already", login);
        goto out;
    }
    if (r != SQLITE_DONE) {
        rc = db_fail(db, e);
        goto out;
    }
    int64_t id = sqlite3_last_insert_rowid(db->h);
    for (int i = 0; i < nservices && !rc; i++) {
        rc = db_prepare(db, "INSERT OR IGNORE INTO user_services(user_id, service) VALUES (?1, ?2)",
                        &st, e);
        if (rc)
            break;
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, services[i]);
        rc = step_done(db, st, e);
        st = NULL;
    }
    if (!rc)
        rc = db_commit(db, e);
out:
    if (rc)
        db_rollback(db);
    return rc;
}

/* Fill u's services from user_services. */
static enum gc_rc load_services(struct db *db, struct user *u, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "SELECT service FROM user_services WHERE user_id = ?1 "
                                   "ORDER BY service", &st, e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, u->id);
    u->nservices = 0;
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW && u->nservices < GC_USER_SERVICES_MAX;
         r = sqlite3_step(st))
        snprintf(u->services[u->nservices++], sizeof u->services[0], "%s", db_col_text(st, 0));
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

#define USER_COLS "id, login, role, disabled, created_at, password"

static void read_user(sqlite3_stmt *st, struct user *u, char *hash)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    snprintf(u->login, sizeof u->login, "%s", db_col_text(st, 1));
    user_role_parse(db_col_text(st, 2), &u->role);
    u->disabled = sqlite3_column_int(st, 3) != 0;
    snprintf(u->created_at, sizeof u->created_at, "%s", db_col_text(st, 4));
    if (hash)
        snprintf(hash, USER_HASH_MAX, "%s", db_col_text(st, 5));
}

static enum gc_rc get_by(struct db *db, const char *sql, const char *login, int64_t id,
                         struct user *u, char *hash, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, sql, &st, e);
    if (rc)
        return rc;
    if (login)
        db_bind_text(st, 1, login);
    else
        sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        read_user(st, u, hash);
    else if (r == SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "no account named '%.64s'", login ? login : "?");
    else
        rc = db_fail(db, e);
    sqlite3_finalize(st);
    return rc ? rc : load_services(db, u, e);
}

enum gc_rc users_get(struct db *db, const char *login, struct user *out, char *hash,
                     struct gc_err *e)
{
    return get_by(db, "SELECT " USER_COLS " FROM users WHERE login = ?1", login, 0, out, hash, e);
}

enum gc_rc users_get_id(struct db *db, int64_t id, struct user *out, struct gc_err *e)
{
    return get_by(db, "SELECT " USER_COLS " FROM users WHERE id = ?1", NULL, id, out, NULL, e);
}

enum gc_rc users_list(struct db *db, int (*fn)(void *ctx, const struct user *u), void *ctx,
                      struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "SELECT " USER_COLS " FROM users ORDER BY login", &st, e);
    if (rc)
        return rc;
    struct user u;
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        read_user(st, &u, NULL);
        rc = load_services(db, &u, e);
        if (rc || fn(ctx, &u))
            break;
    }
    if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc users_disable(struct db *db, const char *login, struct gc_err *e)
{
    sqlite3_stmt *st = NULL;
    enum gc_rc rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = db_prepare(db, "UPDATE users SET disabled = 1 WHERE login = ?1", &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, login);
    rc = step_done(db, st, e);
    if (!rc && sqlite3_changes(db->h) == 0)
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "no account named '%.64s'", login);
    if (rc)
        goto out;
    rc = db_prepare(db, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users "
                        "WHERE login = ?1)", &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, login);
    rc = step_done(db, st, e);
    if (!rc)
        rc = db_commit(db, e);
out:
    if (rc)
        db_rollback(db);
    return rc;
}

enum gc_rc users_set_password(struct db *db, int64_t id, const char *hash,
                              const char *keep_session, struct gc_err *e)
{
    sqlite3_stmt *st = NULL;
    enum gc_rc rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = db_prepare(db, "UPDATE users SET password = ?1, password_at = "
                        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?2", &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, hash);
    sqlite3_bind_int64(st, 2, id);
    rc = step_done(db, st, e);
    if (!rc && sqlite3_changes(db->h) == 0)
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "no such account");
    if (rc)
        goto out;
    rc = db_prepare(db, "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2", &st, e);
    if (rc)
        goto out;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, keep_session);
    rc = step_done(db, st, e);
    if (!rc)
        rc = db_commit(db, e);
out:
    if (rc)
        db_rollback(db);
    return rc;
}

enum gc_rc users_count_admins(struct db *db, int *n, struct gc_err *e)
{
    sqlite3_stmt *st;
    *n = 0;
    enum gc_rc rc = db_prepare(db, "SELECT count(*) FROM users WHERE role = 'admin' AND "
                                   "disabled = 0", &st, e);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int(st, 0);
    else
        rc = db_fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc sessions_add(struct db *db, const char *key, int64_t user_id, const char *csrf,
                        int64_t now, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "INSERT INTO sessions(id, user_id, csrf, created_at, seen_at) "
                                   "VALUES (?1, ?2, ?3, ?4, ?4)", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, csrf);
    sqlite3_bind_int64(st, 4, now);
    return step_done(db, st, e);
}

enum gc_rc sessions_get(struct db *db, const char *key, int64_t now, int64_t idle_s,
                        int64_t max_s, struct user *u, char *csrf, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "SELECT s.user_id, s.csrf, s.created_at, s.seen_at, u.disabled "
                                   "FROM sessions s JOIN users u ON u.id = s.user_id "
                                   "WHERE s.id = ?1", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        rc = r == SQLITE_DONE ? gc_err_set(e, GC_ERR_NOTFOUND, "no such session") : db_fail(db, e);
        sqlite3_finalize(st);
        return rc;
    }
    int64_t uid = sqlite3_column_int64(st, 0);
    snprintf(csrf, SESSION_CSRF_HEX + 1, "%s", db_col_text(st, 1));
    int64_t created = sqlite3_column_int64(st, 2), seen = sqlite3_column_int64(st, 3);
    bool disabled = sqlite3_column_int(st, 4) != 0;
    sqlite3_finalize(st);
    if (disabled || now - seen > idle_s || now - created > max_s || now < created) {
        rc = sessions_delete(db, key, e);
        return rc ? rc : gc_err_set(e, GC_ERR_NOTFOUND, "session expired");
    }
    if (now - seen >= 60) {
        rc = db_prepare(db, "UPDATE sessions SET seen_at = ?1 WHERE id = ?2", &st, e);
        if (rc)
            return rc;
        sqlite3_bind_int64(st, 1, now);
        db_bind_text(st, 2, key);
        rc = step_done(db, st, e);
        if (rc)
            return rc;
    }
    return users_get_id(db, uid, u, e);
}

enum gc_rc sessions_delete(struct db *db, const char *key, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "DELETE FROM sessions WHERE id = ?1", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    return step_done(db, st, e);
}

enum gc_rc sessions_purge(struct db *db, int64_t now, int64_t idle_s, int64_t max_s,
                          struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "DELETE FROM sessions WHERE seen_at < ?1 OR created_at < ?2",
                               &st, e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, now - idle_s);
    sqlite3_bind_int64(st, 2, now - max_s);
    return step_done(db, st, e);
}
