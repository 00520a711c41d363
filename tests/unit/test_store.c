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

static int64_t query_int(struct db *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    assert_int_equal(db_prepare(db, sql, &st, NULL), GC_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
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
    assert_int_equal(db_schema_version(), 9);
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

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_migrate),
        T(test_migrate_old_databases),
        T(test_put_versions),
        T(test_draft_revision_keeps_validated_text),
        T(test_draft_only_never_loaded),
        T(test_visitor_can_stop),
        T(test_rollback_leaves_nothing),
        T(test_errors),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
