/* test_store.c — store/db and store/pages on a temporary database file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/pages.h"
#include "db_testutil.h"
#include "testutil.h"

struct fx {
    char path[256];
    struct db *db;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct gc_err e = {0};
    if (!f || tmp_file(f->path, sizeof f->path, "store"))
        return -1;
    if (db_open(&f->db, f->path, DB_READWRITE, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    tmp_db_remove(f->path);
    free(f);
    return 0;
}

/* A page record over static strings (never freed). */
static struct page_rec page(const char *id, const char *status, const char *text)
{
    static struct passage_rec ps[2];
    ps[0] = (struct passage_rec){"", (char *)text};
    ps[1] = (struct passage_rec){"Contact", "Accueil, 02 38 00 10 00."};
    bool validated = !strcmp(status, "validated");
    return (struct page_rec){
        .ext_id = (char *)id, .title = "Titre", .url = (char *)id, .service = "Accueil",
        .status = (char *)status, .validated_by = validated ? "C. Martin" : NULL,
        .validated_on = validated ? "2026-09-14" : NULL, .body = (char *)text,
        .source = "t.md", .passages = ps, .npassages = 2,
    };
}

static enum store_put put(struct db *db, struct page_rec p)
{
    struct gc_err e = {0};
    enum store_put res = (enum store_put)-1;
    assert_int_equal(db_begin(db, &e), GC_OK);
    if (store_page_put(db, &p, &res, &e))
        fail_msg("store_page_put: %s", e.msg);
    assert_int_equal(db_commit(db, &e), GC_OK);
    return res;
}

/* What store_load_published delivers, as "ext_id: heading/text | ...". */
struct seen {
    char out[2048];
    int pages, passages, stop_after;
};

static int on_page(void *ctx, const struct stored_page *p)
{
    struct seen *s = ctx;
    size_t n = strlen(s->out);
    snprintf(s->out + n, sizeof s->out - n, "%s[%s %s %s] ", n ? "\n" : "", p->ext_id,
             p->validated_by, p->validated_on);
    s->pages++;
    return s->stop_after && s->pages >= s->stop_after;
}

static int on_passage(void *ctx, const char *heading, const char *text)
{
    struct seen *s = ctx;
    size_t n = strlen(s->out);
    snprintf(s->out + n, sizeof s->out - n, "%s/%s;", heading, text);
    s->passages++;
    return 0;
}

static void load(struct db *db, struct seen *s)
{
    struct gc_err e = {0};
    struct store_visitor v = {s, on_page, on_passage};
    memset(s->out, 0, sizeof s->out);
    s->pages = s->passages = 0;
    assert_int_equal(store_load_published(db, &v, &e), GC_OK);
}

static void test_migrate(void **state)
{
    struct fx *f = *state;
    assert_true(db_schema_version() >= 1);
    assert_int_equal(query_int(f->db, "PRAGMA user_version"), db_schema_version());
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                      "('pages', 'page_versions', 'passages', 'meta')"),
                     4);
    /* Migrating again is a no-op; reopening (read-write, then read-only) works. */
    struct gc_err e = {0};
    assert_int_equal(db_migrate(f->db, &e), GC_OK);
    db_close(f->db);
    assert_int_equal(db_open(&f->db, f->path, DB_READWRITE, &e), GC_OK);
    assert_int_equal(query_int(f->db, "PRAGMA user_version"), db_schema_version());
    struct db *ro = NULL;
    assert_int_equal(db_open(&ro, f->path, DB_READONLY, &e), GC_OK);
    db_close(ro);
    /* A database from a newer guichet is refused, in both modes. */
    assert_int_equal(db_exec(f->db, "PRAGMA user_version = 999", &e), GC_OK);
    assert_int_equal(db_open(&ro, f->path, DB_READONLY, &e), GC_ERR_DB);
    assert_null(ro);
    assert_non_null(strstr(e.msg, "999"));
    assert_int_equal(db_open(&ro, f->path, DB_READWRITE, &e), GC_ERR_DB);
    assert_non_null(strstr(e.msg, "newer"));
    assert_int_equal(db_exec(f->db, "PRAGMA user_version = 1", &e), GC_OK);
}

/* A database as an older guichet left it: the schema steps up to `version`
 * on a bare connection, then `rows` (what was stored at that time). */
static void make_old_db(const char *path, int version, const char *rows)
{
    struct gc_err e = {0};
    struct db raw = {NULL, (char *)path};
    tmp_db_remove(path);
    if (sqlite3_open(path, &raw.h) != SQLITE_OK)
        fail_msg("old database: cannot open %s", path);
    if (db_exec(&raw, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON", &e) ||
        db_migrate_to(&raw, version, &e) || db_exec(&raw, rows, &e))
        fail_msg("old database (step %d): %s", version, e.msg);
    assert_int_equal(query_int(&raw, "PRAGMA user_version"), version);
    sqlite3_close(raw.h);
}

/* Exchanges as steps 2 to 4 stored them: a conversation row for each, an
 * SMS one with feedback.  (%s: the pseudonym column of steps 2 and 3.) */
#define OLD_ROWS(pseudo_col, pseudo_val)                                                        \
    "INSERT INTO conversations(id, channel" pseudo_col ") VALUES ('sms-ab12', 'sms'"             \
    pseudo_val ");"                                                                              \
    "INSERT INTO conversations(id, channel) VALUES ('0193af00c0de', 'web');" OLD_MESSAGES

/* The same exchanges as steps 5 and 6 stored them (no conversations). */
#define OLD_MESSAGES                                                                             \
    "INSERT INTO messages(id, conversation_id, channel, question, answer) "                     \
    "  VALUES (7, 'sms-ab12', 'sms', 'horaires piscine', 'La piscine...');"                     \
    "INSERT INTO messages(id, conversation_id, created_at, channel, question, answer, sources, " \
    "  confidence, refused, path, elapsed_ms) VALUES (8, '0193af00c0de', "                       \
    "  '2026-11-02T10:00:00Z', 'web', 'carte identite', 'Prenez rendez-vous.', '[\"/cni\"]', " \
    "  0.75, 0, 'extractive', 0.5);"                                                              \
    "INSERT INTO feedback(message_id, useful, comment) VALUES (7, 1, 'merci');"

static void check_latest(struct db *db, bool writable)
{
    struct gc_err e = {0};
    assert_int_equal(query_int(db, "PRAGMA user_version"), db_schema_version());
    /* Step 5: no conversations table, no date index; the rest kept.  Step
     * 7: the answers in replies of their own, never shared (shared = 0), the
     * exchanges as they were in the view. */
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                   "('conversations', 'conversations_by_pseudonym', "
                                   "'messages_by_date', 'messages_v5')"),
                     0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                   "AND name = 'messages_by_conversation' AND tbl_name = 'messages'"),
                     1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM messages"), 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM replies WHERE shared = 0"), 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                   "('messages_v7', 'exchanges', 'messages_last_id')"),
                     2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM exchanges WHERE id = 8 AND "
                                   "conversation_id = '0193af00c0de' AND created_at = "
                                   "'2026-11-02T10:00:00Z' AND channel = 'web' AND question = "
                                   "'carte identite' AND answer = 'Prenez rendez-vous.' AND "
                                   "sources = '[\"/cni\"]' AND confidence = 0.75 AND refused = 0 "
                                   "AND path = 'extractive' AND elapsed_ms = 0.5"),
                     1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM messages m JOIN feedback f ON "
                                   "f.message_id = m.id WHERE m.conversation_id = 'sms-ab12' "
                                   "AND f.comment = 'merci'"),
                     1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);   /* on again */
    if (!writable)
        return;
    /* Feedback still goes with its exchange; exchanges need no conversation row. */
    assert_int_equal(db_exec(db, "DELETE FROM messages WHERE conversation_id = 'sms-ab12'", &e),
                     GC_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM feedback"), 0);
    assert_int_equal(db_exec(db, "INSERT INTO messages(conversation_id, channel, question, "
                                 "reply_id) VALUES ('nouvelle', 'api', 'q', 8)",
                             &e),
                     GC_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM exchanges WHERE conversation_id = "
                                   "'nouvelle' AND answer = 'Prenez rendez-vous.'"),
                     1);
    assert_int_equal(db_exec(db, "INSERT INTO feedback(message_id, useful) VALUES (999, 1)", &e),
                     GC_ERR_DB);
}

/* Databases of every older schema with exchanges in them open (read-write
 * or read-only: both migrate) with their exchanges and feedback kept. */
static void test_migrate_old_databases(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    assert_int_equal(db_schema_version(), 12);
    db_close(f->db);
    f->db = NULL;
    static const struct {
        int version;
        const char *rows;
    } old[] = {
        {2, OLD_ROWS(", pseudonym", ", 'ab12'")},
        {3, OLD_ROWS(", pseudonym", ", 'ab12'")},
        {4, OLD_ROWS("", "")},
        {5, OLD_MESSAGES},
        {6, OLD_MESSAGES},
    };
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
        for (int writable = 0; writable < 2; writable++) {
            make_old_db(f->path, old[i].version, old[i].rows);
            assert_int_equal(db_open(&f->db, f->path, writable ? DB_READWRITE : DB_READONLY, &e),
                             GC_OK);
            check_latest(f->db, writable);
            db_close(f->db);
            f->db = NULL;
        }
    }
    assert_int_equal(db_migrate_to(NULL, 99, &e), GC_ERR_INVALID);
    assert_int_equal(db_open(&f->db, f->path, DB_READWRITE, &e), GC_OK);
}

/* A migration that fails (here: step 7 meets a table of the same name as
 * the one it creates) leaves the database as it was, every step before it
 * included (all the steps a database lacks are one transaction), and says
 * so, with what to do. */
static void test_failed_migration(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    db_close(f->db);
    f->db = NULL;
    for (int writable = 0; writable < 2; writable++) {
        make_old_db(f->path, 5, OLD_MESSAGES "CREATE TABLE replies (x INTEGER);");
        gc_err_clear(&e);
        assert_int_equal(db_open(&f->db, f->path, writable ? DB_READWRITE : DB_READONLY, &e),
                         GC_ERR_DB);
        assert_null(f->db);
        char span[64];
        snprintf(span, sizeof span, "from version 5 to %d", db_schema_version());
        assert_non_null(strstr(e.msg, span));
        assert_non_null(strstr(e.msg, "step 7"));
        assert_non_null(strstr(e.msg, "already exists"));
        assert_non_null(strstr(e.msg, "left as it was"));
        assert_non_null(strstr(e.msg, "guichet restore"));
        struct db raw = {NULL, f->path};
        assert_int_equal(sqlite3_open(f->path, &raw.h), SQLITE_OK);
        assert_int_equal(query_int(&raw, "PRAGMA user_version"), 5);
        assert_int_equal(query_int(&raw, "SELECT count(*) FROM messages"), 2);
        assert_int_equal(query_int(&raw, "SELECT count(*) FROM sqlite_master WHERE name = "
                                         "'messages_last_id'"),
                         0);   /* step 6 rolled back with step 7 */
        assert_int_equal(query_int(&raw, "PRAGMA foreign_keys"), 0);
        sqlite3_close(raw.h);
    }
    tmp_db_remove(f->path);
    assert_int_equal(db_open(&f->db, f->path, DB_READWRITE, &e), GC_OK);
}

static void test_put_versions(void **state)
{
    struct fx *f = *state;
    assert_int_equal(put(f->db, page("/a", "validated", "Texte un.")), STORE_ADDED);
    assert_int_equal(put(f->db, page("/a", "validated", "Texte un.")), STORE_UNCHANGED);
    assert_int_equal(put(f->db, page("/a", "validated", "Texte deux.")), STORE_UPDATED);
    assert_int_equal(put(f->db, page("/b", "validated", "Texte un.")), STORE_ADDED);
    assert_int_equal(query_int(f->db, "SELECT max(version) FROM page_versions v JOIN pages p "
                                      "ON v.page_id = p.id WHERE p.ext_id = '/a'"),
                     2);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM page_versions"), 3);
    /* Both versions keep their passages; the published one is version 2. */
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM passages"), 6);
    assert_int_equal(query_int(f->db, "SELECT v.version FROM pages p JOIN page_versions v "
                                      "ON v.id = p.published_version WHERE p.ext_id = '/a'"),
                     2);
    struct seen s = {0};
    load(f->db, &s);
    assert_string_equal(s.out, "[/a C. Martin 2026-09-14] /Texte deux.;Contact/Accueil, 02 38 00 10 00.;\n"
                               "[/b C. Martin 2026-09-14] /Texte un.;Contact/Accueil, 02 38 00 10 00.;");
}

static void test_draft_revision_keeps_validated_text(void **state)
{
    struct fx *f = *state;
    assert_int_equal(put(f->db, page("/a", "validated", "Ancien texte validé.")), STORE_ADDED);
    assert_int_equal(put(f->db, page("/a", "draft", "Brouillon secret.")), STORE_UPDATED);
    struct seen s = {0};
    load(f->db, &s);
    assert_int_equal(s.pages, 1);
    assert_non_null(strstr(s.out, "Ancien texte validé."));
    assert_null(strstr(s.out, "Brouillon"));
    /* The revision is validated: now it is published. */
    assert_int_equal(put(f->db, page("/a", "validated", "Nouveau texte.")), STORE_UPDATED);
    load(f->db, &s);
    assert_non_null(strstr(s.out, "Nouveau texte."));
    assert_null(strstr(s.out, "Ancien"));
    assert_int_equal(query_int(f->db, "SELECT max(version) FROM page_versions"), 3);
}

static void test_draft_only_never_loaded(void **state)
{
    struct fx *f = *state;
    assert_int_equal(put(f->db, page("/draft", "draft", "Projet pas encore validé.")), STORE_ADDED);
    assert_int_equal(put(f->db, page("/draft", "draft", "Projet, deuxième jet.")), STORE_UPDATED);
    assert_int_equal(put(f->db, page("/ok", "validated", "Page publique.")), STORE_ADDED);
    struct seen s = {0};
    load(f->db, &s);
    assert_int_equal(s.pages, 1);
    assert_int_equal(s.passages, 2);
    assert_null(strstr(s.out, "Projet"));
    assert_null(strstr(s.out, "/draft"));

    struct store_counts c;
    struct gc_err e = {0};
    assert_int_equal(store_counts(f->db, &c, &e), GC_OK);
    assert_int_equal(c.pages, 2);
    assert_int_equal(c.published, 1);
    assert_int_equal(c.drafts_only, 1);
    assert_int_equal(c.versions, 3);
    assert_int_equal(c.passages, 2); /* of published versions only */
}

static void test_visitor_can_stop(void **state)
{
    struct fx *f = *state;
    put(f->db, page("/1", "validated", "Un."));
    put(f->db, page("/2", "validated", "Deux."));
    struct seen s = {.stop_after = 1};
    load(f->db, &s);
    assert_int_equal(s.pages, 1);
    assert_int_equal(s.passages, 0);
}

static void test_rollback_leaves_nothing(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    enum store_put res;
    assert_int_equal(db_begin(f->db, &e), GC_OK);
    struct page_rec p = page("/x", "validated", "Jamais gardé.");
    assert_int_equal(store_page_put(f->db, &p, &res, &e), GC_OK);
    assert_int_equal(res, STORE_ADDED);
    p = page("/y", "validated", "Jamais gardé non plus.");
    assert_int_equal(store_page_put(f->db, &p, &res, &e), GC_OK);
    db_rollback(f->db);
    db_rollback(f->db); /* no transaction: harmless */
    struct store_counts c;
    assert_int_equal(store_counts(f->db, &c, &e), GC_OK);
    assert_int_equal(c.pages, 0);
    assert_int_equal(c.versions, 0);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM passages"), 0);
    /* The same page can then be stored for real. */
    assert_int_equal(put(f->db, page("/x", "validated", "Gardé.")), STORE_ADDED);
    assert_int_equal(store_counts(f->db, &c, &e), GC_OK);
    assert_int_equal(c.pages, 1);
}

static void test_errors(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct db *db = (struct db *)1;
    assert_int_equal(db_open(&db, "/nonexistent/dir/none.db", DB_READONLY, &e), GC_ERR_NOTFOUND);
    assert_null(db);
    assert_non_null(strstr(e.msg, "/nonexistent/dir/none.db"));
    assert_int_equal(db_open(&db, "/nonexistent/dir/none.db", DB_READWRITE, &e), GC_ERR_DB);
    assert_null(db);
    assert_int_equal(db_exec(f->db, "SELECT * FROM nowhere", &e), GC_ERR_DB);
    assert_non_null(strstr(e.msg, "nowhere"));
    sqlite3_stmt *st = NULL;
    assert_int_equal(db_prepare(f->db, "SELEC 1", &st, &e), GC_ERR_DB);
    assert_int_equal(db_commit(f->db, &e), GC_ERR_DB); /* no transaction */
    /* The status CHECK constraint holds: a bad record fails and leaves nothing. */
    assert_int_equal(db_begin(f->db, &e), GC_OK);
    struct page_rec p = page("/bad", "published", "Texte.");
    enum store_put res;
    assert_int_equal(store_page_put(f->db, &p, &res, &e), GC_ERR_DB);
    assert_non_null(strstr(e.msg, "/bad"));
    db_rollback(f->db);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages"), 0);
    db_close(NULL);
}

/* Step 8 rebuilds page_versions: the pages of a step-7 database keep their
 * versions (ids and all), their passages and their published text, and
 * importing the same file again is "unchanged". */
static void test_migrate_pages_v7(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    db_close(f->db);
    f->db = NULL;
    make_old_db(f->path, 7,
                "INSERT INTO pages(id, ext_id, latest_version, published_version) VALUES (1, '/a', 5, 5);"
                "INSERT INTO page_versions(id, page_id, version, title, status, validated_by, "
                "  validated_on, body, hash) VALUES (5, 1, 1, 'A', 'validated', 'C', '2026-01-01', "
                "  'Texte.', 'h');"
                "INSERT INTO passages(version_id, ord, heading, text) VALUES (5, 0, '', 'Texte ancien.');");
    assert_int_equal(db_open(&f->db, f->path, DB_READWRITE, &e), GC_OK);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM page_versions WHERE id = 5 AND "
                                      "status = 'validated' AND expires = '' AND facility = ''"),
                     1);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    struct seen s = {0};
    load(f->db, &s);
    assert_non_null(strstr(s.out, "Texte ancien."));
    int64_t v = 0;
    assert_int_equal(store_content_version(f->db, &v, &e), GC_OK);
    assert_int_equal(v, 1);
    /* The new status is accepted by the rebuilt table. */
    assert_int_equal(db_exec(f->db, "UPDATE page_versions SET status = 'submitted'", &e), GC_OK);
    assert_int_equal(db_exec(f->db, "UPDATE page_versions SET status = 'withdrawn'", &e), GC_ERR_DB);
}

static int64_t version_now(struct db *db)
{
    int64_t v = 0;
    struct gc_err e = {0};
    assert_int_equal(store_content_version(db, &v, &e), GC_OK);
    return v;
}

/* Run one transition in its own transaction; its result. */
enum tr { TR_WITHDRAW, TR_REPUBLISH, TR_SUBMIT, TR_GIVEBACK, TR_VALIDATE };
static enum gc_rc transition(struct db *db, enum tr t, const char *id, const char *who, bool person,
                             struct gc_err *e)
{
    struct store_actor a = {who, person};
    assert_int_equal(db_begin(db, e), GC_OK);
    enum gc_rc rc = t == TR_WITHDRAW    ? store_page_withdraw(db, id, &a, "erreur de prix", e)
                    : t == TR_REPUBLISH ? store_page_republish(db, id, &a, "corrigé", e)
                    : t == TR_SUBMIT    ? store_page_submit(db, id, &a, e)
                    : t == TR_GIVEBACK  ? store_page_giveback(db, id, &a, "à revoir", e)
                                        : store_page_validate(db, id, &a, "2026-12-01", e);
    if (rc)
        db_rollback(db);
    else
        assert_int_equal(db_commit(db, e), GC_OK);
    return rc;
}

/* Four eyes: a version written in the back office is never validated by
 * its author; another person may; a file's version (no author) may be
 * validated by anyone. */
static void test_four_eyes(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    put(f->db, page("/etat-civil", "validated", "Le livret coûte 20 euros."));
    struct page_rec p = page("/etat-civil", "draft", "Le livret coûte 25 euros.");
    p.author = "ed";
    assert_int_equal(put(f->db, p), STORE_UPDATED);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM page_versions WHERE author = 'ed' "
                                      "AND version = 2"), 1);
    assert_int_equal(transition(f->db, TR_SUBMIT, "/etat-civil", "ed", true, &e), GC_OK);
    assert_int_equal(transition(f->db, TR_VALIDATE, "/etat-civil", "ed", true, &e), GC_ERR_DENIED);
    assert_non_null(strstr(e.msg, "four eyes"));
    struct seen s = {0};
    load(f->db, &s);
    assert_non_null(strstr(s.out, "20 euros"));   /* the old text is still served */
    assert_int_equal(transition(f->db, TR_VALIDATE, "/etat-civil", "vera", true, &e), GC_OK);
    load(f->db, &s);
    assert_non_null(strstr(s.out, "25 euros"));
    /* a file's draft: whoever validates it */
    put(f->db, page("/etat-civil", "draft", "Le livret coûte 30 euros."));
    assert_int_equal(transition(f->db, TR_VALIDATE, "/etat-civil", "ed", true, &e), GC_OK);
}

/* A page edited in the back office is no longer managed by its file: the
 * same file again leaves it alone, a changed file is refused with a message
 * naming the page, unless forced. */
static void test_import_over_admin_edit(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct page_rec p = page("/etat-civil", "validated", "Le livret coûte 20 euros.");
    p.origin = "/town/pages/etat-civil.md";
    put(f->db, p);
    struct page_rec a = page("/etat-civil", "draft", "Le livret coûte 25 euros.");
    a.author = "ed";
    a.origin = "admin";
    assert_int_equal(put(f->db, a), STORE_UPDATED);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages WHERE origin = 'admin'"), 1);
    /* the file as it was: nothing changes */
    assert_int_equal(put(f->db, p), STORE_UNCHANGED);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM page_versions"), 2);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages WHERE origin = 'admin'"), 1);
    /* a changed file: refused, naming the page and who edited it */
    struct page_rec c = page("/etat-civil", "validated", "Le livret coûte 30 euros.");
    c.origin = "/town/pages/etat-civil.md";
    enum store_put res;
    assert_int_equal(db_begin(f->db, &e), GC_OK);
    assert_int_equal(store_page_put(f->db, &c, &res, &e), GC_ERR_INVALID);
    db_rollback(f->db);
    assert_non_null(strstr(e.msg, "/etat-civil"));
    assert_non_null(strstr(e.msg, "edited in the back office (by ed"));
    assert_non_null(strstr(e.msg, "--force"));
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM page_versions"), 2);
    /* forced: a new version, the file manages the page again */
    c.force = true;
    assert_int_equal(put(f->db, c), STORE_UPDATED);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages WHERE origin = "
                                      "'/town/pages/etat-civil.md'"), 1);
    struct seen s = {0};
    load(f->db, &s);
    assert_non_null(strstr(s.out, "30 euros"));
}

/* A person's withdrawal: never loaded again, history kept; the same file
 * imported again does not undo it; a changed validated version does. */
static void test_withdraw_by_a_person(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    put(f->db, page("/cimetiere", "validated", "La concession coûte 90 euros."));
    put(f->db, page("/autre", "validated", "Autre page."));
    int64_t v0 = version_now(f->db);
    assert_int_equal(transition(f->db, TR_WITHDRAW, "/cimetiere", "Claire Martin", true, &e), GC_OK);
    assert_true(version_now(f->db) > v0);
    struct seen s = {0};
    load(f->db, &s);
    assert_int_equal(s.pages, 1);
    assert_null(strstr(s.out, "/cimetiere"));
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM content_log WHERE ext_id = '/cimetiere' "
                                      "AND action = 'withdrawn' AND actor = 'Claire Martin' AND "
                                      "reason = 'erreur de prix' AND version = 1"),
                     1);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM page_versions"), 2);   /* kept */
    /* Twice, an unknown page, nobody named: errors. */
    assert_int_equal(transition(f->db, TR_WITHDRAW, "/cimetiere", "C", true, &e), GC_ERR_INVALID);
    assert_int_equal(transition(f->db, TR_WITHDRAW, "/nulle-part", "C", true, &e), GC_ERR_NOTFOUND);
    assert_int_equal(transition(f->db, TR_WITHDRAW, "/autre", "", true, &e), GC_ERR_INVALID);
    /* The same file imported again: still withdrawn. */
    assert_int_equal(put(f->db, page("/cimetiere", "validated", "La concession coûte 90 euros.")),
                     STORE_UNCHANGED);
    load(f->db, &s);
    assert_null(strstr(s.out, "/cimetiere"));
    /* A changed draft: still withdrawn (the old validated text is not put back). */
    assert_int_equal(put(f->db, page("/cimetiere", "draft", "La concession coûte 95 euros.")),
                     STORE_UPDATED);
    load(f->db, &s);
    assert_null(strstr(s.out, "/cimetiere"));
    /* A changed validated version: served again. */
    assert_int_equal(put(f->db, page("/cimetiere", "validated", "La concession coûte 95 euros.")),
                     STORE_UPDATED);
    load(f->db, &s);
    assert_non_null(strstr(s.out, "95 euros"));
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM content_log WHERE ext_id = '/cimetiere' "
                                      "AND action = 'restored'"),
                     1);
    /* Republish by a person. */
    assert_int_equal(transition(f->db, TR_WITHDRAW, "/autre", "C", true, &e), GC_OK);
    assert_int_equal(transition(f->db, TR_REPUBLISH, "/autre", "C", true, &e), GC_OK);
    assert_int_equal(transition(f->db, TR_REPUBLISH, "/autre", "C", true, &e), GC_ERR_INVALID);
    load(f->db, &s);
    assert_int_equal(s.pages, 2);
}

/* Draft -> submitted -> validated, and back; a page never validated cannot
 * be republished. */
static void test_states(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    put(f->db, page("/projet", "draft", "Projet."));
    assert_int_equal(transition(f->db, TR_GIVEBACK, "/projet", "C", true, &e), GC_ERR_INVALID);
    assert_int_equal(transition(f->db, TR_SUBMIT, "/projet", "Agent", true, &e), GC_OK);
    assert_int_equal(transition(f->db, TR_SUBMIT, "/projet", "Agent", true, &e), GC_ERR_INVALID);
    assert_int_equal(transition(f->db, TR_GIVEBACK, "/projet", "Cheffe", true, &e), GC_OK);
    assert_int_equal(transition(f->db, TR_SUBMIT, "/projet", "Agent", true, &e), GC_OK);
    struct seen s = {0};
    load(f->db, &s);
    assert_int_equal(s.pages, 0);
    assert_int_equal(transition(f->db, TR_VALIDATE, "/projet", "Cheffe", true, &e), GC_OK);
    assert_int_equal(transition(f->db, TR_VALIDATE, "/projet", "Cheffe", true, &e), GC_ERR_INVALID);
    load(f->db, &s);
    assert_string_equal(s.out, "[/projet Cheffe 2026-12-01] /Projet.;Contact/Accueil, 02 38 00 10 00.;");
    /* The draft file imported again is "unchanged": the validation stands. */
    assert_int_equal(put(f->db, page("/projet", "draft", "Projet.")), STORE_UNCHANGED);
    load(f->db, &s);
    assert_int_equal(s.pages, 1);
    put(f->db, page("/brouillon", "draft", "Jamais validé."));
    assert_int_equal(transition(f->db, TR_WITHDRAW, "/brouillon", "C", true, &e), GC_OK);
    assert_int_equal(transition(f->db, TR_REPUBLISH, "/brouillon", "C", true, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "no validated version"));
    const char *names[] = {"draft", "submitted", "validated", "withdrawn", "expired"};
    for (int i = 0; i < 5; i++) {
        enum page_state st;
        assert_true(page_state_parse(names[i], &st));
        assert_string_equal(page_state_name(st), names[i]);
    }
    enum page_state st;
    assert_false(page_state_parse("published", &st));
}

struct listed {
    char out[1024];
};

static int on_info(void *ctx, const struct page_info *p)
{
    struct listed *l = ctx;
    size_t n = strlen(l->out);
    snprintf(l->out + n, sizeof l->out - n, "%s=%s ", p->ext_id,
             page_state_name(page_info_state(p, "2026-12-07")));
    return 0;
}

/* The import withdraws what has gone from the folder (origin), and brings it
 * back with its file; listing says every state. */
static void test_withdraw_missing_and_list(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct page_rec a = page("/a", "validated", "A."), b = page("/b", "validated", "B."),
                    c = page("/c", "validated", "C.");
    a.origin = "/srv/ville/pages/a.md";
    b.origin = "/srv/ville/pages/b.md";
    c.origin = "/srv/ville/pages-bis/c.md";   /* not under /srv/ville/pages */
    put(f->db, a);
    put(f->db, b);
    put(f->db, c);
    /* A run that saw a only. */
    assert_int_equal(db_begin(f->db, &e), GC_OK);
    assert_int_equal(db_exec(f->db, "CREATE TEMP TABLE seen (id TEXT PRIMARY KEY, src TEXT);"
                                    "INSERT INTO seen VALUES ('/a', 'a.md')", &e),
                     GC_OK);
    int n = -1;
    assert_int_equal(store_pages_withdraw_missing(f->db, "/srv/ville/pages", &n, &e), GC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_pages_withdraw_missing(f->db, "/srv/ville/pages", &n, &e), GC_OK);
    assert_int_equal(n, 0);   /* withdrawn already */
    assert_int_equal(db_exec(f->db, "DROP TABLE temp.seen", &e), GC_OK);
    assert_int_equal(db_commit(f->db, &e), GC_OK);
    struct seen s = {0};
    load(f->db, &s);
    assert_null(strstr(s.out, "/b"));
    assert_non_null(strstr(s.out, "/c"));
    struct page_rec d = page("/d", "draft", "D.");
    d.expires = "2026-12-06";
    put(f->db, d);
    struct page_rec x = page("/x", "validated", "X.");
    x.expires = "2026-12-06";
    put(f->db, x);
    struct listed l = {{0}};
    assert_int_equal(store_pages_list(f->db, on_info, &l, &e), GC_OK);
    assert_string_equal(l.out, "/a=validated /b=withdrawn /c=validated /d=draft /x=expired ");
    /* The file is back (unchanged): the import's withdrawal is lifted. */
    assert_int_equal(put(f->db, b), STORE_UNCHANGED);
    load(f->db, &s);
    assert_non_null(strstr(s.out, "/b"));
}

static void test_timing(void **state)
{
    (void)state;
    assert_int_equal(page_timing("", "", "2026-12-07", -1), PAGE_CURRENT);
    assert_int_equal(page_timing("2026-12-07", "", "2026-12-07", -1), PAGE_CURRENT);  /* its last day */
    assert_int_equal(page_timing("2026-12-06", "", "2026-12-07", -1), PAGE_EXPIRED_DAY);
    assert_int_equal(page_timing(NULL, "2026-12-01", "2026-12-07", -1), PAGE_OVERDUE);
    assert_int_equal(page_timing(NULL, "2026-12-01", "2026-12-07", 6), PAGE_OVERDUE);
    assert_int_equal(page_timing(NULL, "2026-12-01", "2026-12-07", 5), PAGE_WITHHELD);
    assert_int_equal(page_timing(NULL, "2026-11-30", "2027-01-01", 0), PAGE_WITHHELD);
    assert_int_equal(page_timing("2027-01-01", "2026-12-08", "2026-12-07", 0), PAGE_CURRENT);
    assert_true(page_timing_served(PAGE_OVERDUE));
    assert_false(page_timing_served(PAGE_WITHHELD));
    assert_false(page_timing_served(PAGE_EXPIRED_DAY));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_migrate),
        T(test_migrate_old_databases),
        T(test_failed_migration),
        T(test_put_versions),
        T(test_draft_revision_keeps_validated_text),
        T(test_draft_only_never_loaded),
        T(test_visitor_can_stop),
        T(test_rollback_leaves_nothing),
        T(test_errors),
        T(test_migrate_pages_v7),
        T(test_withdraw_by_a_person),
        T(test_four_eyes),
        T(test_import_over_admin_edit),
        T(test_states),
        T(test_withdraw_missing_and_list),
        T(test_timing),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
