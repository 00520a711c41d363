/* migrations.c — the schema, as an append-only list of steps.
 *
 * Never edit a step that has shipped: add one.  user_version = number of
 * steps applied. */
#include <stdio.h>

#include "store/db.h"

static const char *const steps[] = {
    /* 1: pages and their versions, passages of each version. */
    "CREATE TABLE pages ("
    "  id INTEGER PRIMARY KEY,"
    "  ext_id TEXT NOT NULL UNIQUE,"          /* JSONL id, or the page URL */
    "  latest_version INTEGER,"               /* page_versions.id of the last import */
    "  published_version INTEGER"             /* last validated version, NULL = none */
    ");"
    "CREATE TABLE page_versions ("
    "  id INTEGER PRIMARY KEY,"
    "  page_id INTEGER NOT NULL REFERENCES pages(id),"
    "  version INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  url TEXT NOT NULL DEFAULT '',"
    "  service TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL CHECK (status IN ('draft', 'validated')),"
    "  validated_by TEXT NOT NULL DEFAULT '',"
    "  validated_on TEXT NOT NULL DEFAULT '',"
    "  review_by TEXT NOT NULL DEFAULT '',"
    "  tags TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '',"
    "  hash TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  UNIQUE (page_id, version)"
    ");"
    "CREATE TABLE passages ("
    "  id INTEGER PRIMARY KEY,"
    "  version_id INTEGER NOT NULL REFERENCES page_versions(id),"
    "  ord INTEGER NOT NULL,"
    "  heading TEXT NOT NULL DEFAULT '',"
    "  text TEXT NOT NULL"
    ");"
    "CREATE INDEX passages_by_version ON passages(version_id, ord);"
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",

    /* 2: conversations, exchanges, feedback, SMS numbers (pseudonymised).
     * Questions are stored scrubbed (phone numbers, emails masked); phone
     * numbers never appear: an SMS conversation is keyed by an HMAC. */
    "CREATE TABLE conversations ("
    "  id TEXT PRIMARY KEY,"
    "  channel TEXT NOT NULL,"
    "  pseudonym TEXT NOT NULL DEFAULT '',"
    "  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  last_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE INDEX conversations_by_pseudonym ON conversations(pseudonym);"
    "CREATE TABLE messages ("
    "  id INTEGER PRIMARY KEY,"
    "  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  channel TEXT NOT NULL,"
    "  question TEXT NOT NULL,"
    "  answer TEXT NOT NULL,"
    "  sources TEXT NOT NULL DEFAULT '[]',"
    "  confidence REAL NOT NULL DEFAULT 0,"
    "  refused INTEGER NOT NULL DEFAULT 0,"
    "  refusal_reason TEXT NOT NULL DEFAULT '',"
    "  path TEXT NOT NULL DEFAULT 'extractive',"
    "  elapsed_ms REAL NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id);"
    "CREATE INDEX messages_by_date ON messages(created_at);"
    "CREATE TABLE feedback ("
    "  id INTEGER PRIMARY KEY,"
    "  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
    "  useful INTEGER NOT NULL CHECK (useful IN (0, 1)),"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE TABLE sms_numbers ("
    "  pseudonym TEXT PRIMARY KEY,"
    "  stopped INTEGER NOT NULL DEFAULT 0,"
    "  disclosed INTEGER NOT NULL DEFAULT 0,"
    "  pending TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");",

    /* 3: facilities (opening hours, closures) and agenda events.
     * A facility or an event belongs to the file it came from (`source`,
     * the file's base name): importing that file again replaces them, and
     * drops those the file no longer holds.  Only validated facilities are
     * loaded for answering.  An event keeps its iCalendar text (`raw`, the
     * VEVENT, and `timezones`, the VTIMEZONEs it refers to): recurrences are
     * expanded when the server starts. */
    "CREATE TABLE facilities ("
    "  id INTEGER PRIMARY KEY,"
    "  ext_id TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  aliases TEXT NOT NULL DEFAULT '[]',"      /* JSON array of strings */
    "  address TEXT NOT NULL DEFAULT '',"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  url TEXT NOT NULL DEFAULT '',"
    "  service TEXT NOT NULL DEFAULT '',"
    "  services TEXT NOT NULL DEFAULT '[]',"     /* JSON array of strings */
    "  opening_hours TEXT NOT NULL DEFAULT '',"  /* OpenStreetMap syntax, checked at import */
    "  status TEXT NOT NULL CHECK (status IN ('draft', 'validated')),"
    "  validated_by TEXT NOT NULL DEFAULT '',"
    "  validated_on TEXT NOT NULL DEFAULT '',"
    "  source TEXT NOT NULL DEFAULT '',"
    "  json TEXT NOT NULL,"                      /* the record as imported, to see changes */
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE TABLE facility_closures ("
    "  facility_id INTEGER NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,"
    "  ord INTEGER NOT NULL,"
    "  date_from TEXT NOT NULL,"                 /* YYYY-MM-DD, inclusive */
    "  date_to TEXT NOT NULL,"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (facility_id, ord)"
    ");"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL,"
    "  recurrence_id TEXT NOT NULL DEFAULT '',"  /* '' = the event; else one changed occurrence */
    "  summary TEXT NOT NULL,"
    "  dtstart TEXT NOT NULL,"                   /* as written, e.g. 20261128T073000;TZID=Europe/Paris */
    "  dtend TEXT NOT NULL DEFAULT '',"
    "  rrule TEXT NOT NULL DEFAULT '',"
    "  location TEXT NOT NULL DEFAULT '',"
    "  description TEXT NOT NULL DEFAULT '',"
    "  categories TEXT NOT NULL DEFAULT '',"     /* comma-separated */
    "  url TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT '',"         /* CONFIRMED, TENTATIVE, CANCELLED or '' */
    "  stamp TEXT NOT NULL DEFAULT '',"          /* LAST-MODIFIED or DTSTAMP date, YYYY-MM-DD */
    "  calendar TEXT NOT NULL DEFAULT '',"       /* X-WR-CALNAME of its file */
    "  source TEXT NOT NULL DEFAULT '',"
    "  raw TEXT NOT NULL,"
    "  timezones TEXT NOT NULL DEFAULT '',"
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  UNIQUE (uid, recurrence_id)"
    ");"
    "CREATE INDEX events_by_source ON events(source);"
    "CREATE INDEX facilities_by_source ON facilities(source);",

    /* 4: conversations.pseudonym is no longer written: an SMS conversation's
     * id is "sms-" and the pseudonym.  Its index goes first (SQLite does
     * not drop an indexed column); DROP COLUMN (SQLite >= 3.35) rewrites
     * the rows in place, without the cascade that dropping the table would
     * make on messages. */
    "DROP INDEX conversations_by_pseudonym;"
    "ALTER TABLE conversations DROP COLUMN pseudonym;",

    /* 5: recording an exchange cost about 49,000 instructions, taken from
     * the workers that answer (bench/recorder.c).  The conversations table
     * repeated what the messages say (channel, first and last dates) and was
     * upserted for every exchange, its key checked again by the foreign key
     * of messages; messages_by_date served only the daily purge, which goes
     * by id now (ids grow with time).  Both go: about 20,000 instructions an
     * exchange.  A conversation is its messages (messages_by_conversation).
     * The messages table is rebuilt without its foreign key (the 12-step way
     * of sqlite.org/lang_altertable.html: db_migrate turns the foreign keys
     * off around the steps and checks them before committing). */
    "CREATE TABLE messages_v5 ("
    "  id INTEGER PRIMARY KEY,"
    "  conversation_id TEXT NOT NULL,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  channel TEXT NOT NULL,"
    "  question TEXT NOT NULL,"
    "  answer TEXT NOT NULL,"
    "  sources TEXT NOT NULL DEFAULT '[]',"
    "  confidence REAL NOT NULL DEFAULT 0,"
    "  refused INTEGER NOT NULL DEFAULT 0,"
    "  refusal_reason TEXT NOT NULL DEFAULT '',"
    "  path TEXT NOT NULL DEFAULT 'extractive',"
    "  elapsed_ms REAL NOT NULL DEFAULT 0"
    ");"
    "INSERT INTO messages_v5 SELECT id, conversation_id, created_at, channel, question, answer,"
    "  sources, confidence, refused, refusal_reason, path, elapsed_ms FROM messages;"
    "DROP TABLE messages;"
    "ALTER TABLE messages_v5 RENAME TO messages;"
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id);"
    "DROP TABLE conversations;",

    /* 6: an exchange's id is never given twice (feedback names it), and ids
     * are given one past the largest ever given: the largest row, or the
     * mark in meta when rows were deleted.  The mark was written with every
     * batch of exchanges (a page more in the WAL each time); it is now kept
     * by the deletes themselves, whichever deletes (the daily purge, a
     * number that asks to be forgotten), and only when the row deleted is
     * past it. */
    "CREATE TRIGGER messages_last_id AFTER DELETE ON messages "
    "WHEN old.id > COALESCE((SELECT CAST(value AS INTEGER) FROM meta "
    "WHERE key = 'messages_last_id'), 0) "
    "BEGIN INSERT OR REPLACE INTO meta(key, value) VALUES ('messages_last_id', old.id); END;",

    /* 7: the answer and its sources were two thirds of an exchange's row
     * (~1,080 bytes), written again for every resident who asked the same
     * thing, although a deterministic answer is the same text every time
     * the same pages answer.  Replies are now rows of their own, shared by
     * the exchanges that gave the same text with the same sources (found in
     * the writer's memory: store/messages.c).  `shared` is 0 for a reply
     * that is only its exchange's: a language model's, which may echo the
     * question, and those migrated here.  A row of messages drops to ~220
     * bytes and recording a repeated reply costs ~40% less CPU
     * (bench/recorder.c).  The view `exchanges` shows the messages as they
     * were, for the town's own queries.  Replies no exchange refers to are
     * deleted with the exchanges (the purge). */
    "CREATE TABLE replies ("
    "  id INTEGER PRIMARY KEY,"
    "  shared INTEGER NOT NULL DEFAULT 0,"
    "  answer TEXT NOT NULL,"
    "  sources TEXT NOT NULL DEFAULT '[]'"
    ");"
    "INSERT INTO replies(id, answer, sources) SELECT id, answer, sources FROM messages;"
    "CREATE TABLE messages_v7 ("
    "  id INTEGER PRIMARY KEY,"
    "  conversation_id TEXT NOT NULL,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  channel TEXT NOT NULL,"
    "  question TEXT NOT NULL,"
    "  reply_id INTEGER NOT NULL,"
    "  confidence REAL NOT NULL DEFAULT 0,"
    "  refused INTEGER NOT NULL DEFAULT 0,"
    "  refusal_reason TEXT NOT NULL DEFAULT '',"
    "  path TEXT NOT NULL DEFAULT 'extractive',"
    "  elapsed_ms REAL NOT NULL DEFAULT 0"
    ");"
    "INSERT INTO messages_v7 SELECT id, conversation_id, created_at, channel, question, id,"
    "  confidence, refused, refusal_reason, path, elapsed_ms FROM messages;"
    "DROP TABLE messages;"
    "ALTER TABLE messages_v7 RENAME TO messages;"
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id);"
    "CREATE TRIGGER messages_last_id AFTER DELETE ON messages "
    "WHEN old.id > COALESCE((SELECT CAST(value AS INTEGER) FROM meta "
    "WHERE key = 'messages_last_id'), 0) "
    "BEGIN INSERT OR REPLACE INTO meta(key, value) VALUES ('messages_last_id', old.id); END;"
    "CREATE VIEW exchanges AS SELECT m.id, m.conversation_id, m.created_at, m.channel,"
    "  m.question, r.answer, r.sources, m.confidence, m.refused, m.refusal_reason, m.path,"
    "  m.elapsed_ms, m.reply_id FROM messages m LEFT JOIN replies r ON r.id = m.reply_id;",

    /* 8: the town's own words (store/town.h): town.ini's settings and the
     * word lists of its content folder, imported with the pages; `source`
     * says who set a row ('file': the content folder; 'admin': the back
     * office, which wins and which an import never touches).  An entry of a
     * list is its fields joined by tabs, as in the file; src and line say
     * where it came from, for messages. */
    "CREATE TABLE town_settings ("
    "  key TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT 'file' CHECK (source IN ('file', 'admin')),"
    "  value TEXT NOT NULL,"
    "  src TEXT NOT NULL DEFAULT '',"
    "  line INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (key, source)"
    ");"
    "CREATE TABLE town_lists ("
    "  kind TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT 'file' CHECK (source IN ('file', 'admin')),"
    "  ord INTEGER NOT NULL,"
    "  entry TEXT NOT NULL,"
    "  src TEXT NOT NULL DEFAULT '',"
    "  line INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (kind, source, ord)"
    ");",

    /* 9: how an answer names a facility: its article, when the town gives
     * it ("article" in the facilities file); "" = from its first noun. */
    "ALTER TABLE facilities ADD COLUMN article TEXT NOT NULL DEFAULT '';",

    /* 10: live content (docs/content.md).  One set of page states: a
     * version is 'draft', 'submitted' (for the back office's validation) or
     * 'validated' (the CHECK of step 1 is widened: the table is rebuilt the
     * 12-step way, ids kept, so passages still point at their versions); a
     * page is 'withdrawn' while a row of `withdrawals` names it; 'expired'
     * is derived from the version's `expires` and the date, never stored.
     * `facility` names the facility a page belongs to (its {{phone}},
     * {{hours}}... come from that record).  `page_scopes` lists the scopes
     * (assistants) a version belongs to: none = every scope.  `origin` is
     * the absolute path of the file a page, a facility or an event came
     * from: importing a folder withdraws the pages whose file has gone from
     * it.  Facilities and events are withdrawn the same way (rows of
     * `withdrawals`, kinds 'facility' and 'event').  `content_log` keeps the
     * history (imports, validations, withdrawals, who and why); meta
     * `content_version` is bumped by every change of content, for the
     * server to reload (answer/pipeline.h). */
    "CREATE TABLE page_versions_v8 ("
    "  id INTEGER PRIMARY KEY,"
    "  page_id INTEGER NOT NULL REFERENCES pages(id),"
    "  version INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  url TEXT NOT NULL DEFAULT '',"
    "  service TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'validated')),"
    "  validated_by TEXT NOT NULL DEFAULT '',"
    "  validated_on TEXT NOT NULL DEFAULT '',"
    "  review_by TEXT NOT NULL DEFAULT '',"
    "  expires TEXT NOT NULL DEFAULT '',"        /* YYYY-MM-DD: last day served, '' = none */
    "  facility TEXT NOT NULL DEFAULT '',"       /* facilities.ext_id the page belongs to */
    "  tags TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '',"
    "  hash TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  UNIQUE (page_id, version)"
    ");"
    "INSERT INTO page_versions_v8 (id, page_id, version, title, url, service, status,"
    "  validated_by, validated_on, review_by, tags, body, source, hash, imported_at)"
    "  SELECT id, page_id, version, title, url, service, status, validated_by, validated_on,"
    "  review_by, tags, body, source, hash, imported_at FROM page_versions;"
    "DROP TABLE page_versions;"
    "ALTER TABLE page_versions_v8 RENAME TO page_versions;"
    "CREATE TABLE page_scopes ("
    "  version_id INTEGER NOT NULL REFERENCES page_versions(id),"
    "  scope TEXT NOT NULL,"
    "  PRIMARY KEY (version_id, scope)"
    ");"
    "ALTER TABLE pages ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE facilities ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE withdrawals ("
    "  kind TEXT NOT NULL CHECK (kind IN ('page', 'facility', 'event')),"
    "  ext_id TEXT NOT NULL,"                    /* page ext_id, facility id, event UID */
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  actor TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  person INTEGER NOT NULL DEFAULT 1,"       /* 0: the import (its file had gone) */
    "  PRIMARY KEY (kind, ext_id)"
    ");"
    "CREATE TABLE content_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  kind TEXT NOT NULL,"
    "  ext_id TEXT NOT NULL,"
    "  action TEXT NOT NULL,"                    /* imported, submitted, validated, withdrawn, restored */
    "  version INTEGER,"                         /* page_versions.version, NULL otherwise */
    "  actor TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE INDEX content_log_by_item ON content_log(kind, ext_id, id);"
    "INSERT OR IGNORE INTO meta(key, value) VALUES ('content_version', '1');",

    /* 11: the back office (docs/admin.md).  Accounts: a login, a role, the
     * services an editor or a validator acts on, and the password as
     * libsodium stores it (crypto_pwhash_str: Argon2id with its salt and
     * limits; never the password).  Sessions are keyed by a hash of the
     * cookie's random value (a copy of the database gives no live session)
     * and carry their CSRF token; their times are Unix seconds.  The audit
     * log: who did what, when.  Alternate questions of a page: from its
     * front matter (`question:`; version_id names the version that brought
     * them) or attached in the back office from the questions loop
     * (version_id NULL: whatever version is published); indexed with the
     * page.  question_marks: what staff did with a group of the questions
     * loop (its id and the analysed words that make it): attached to a page,
     * or dismissed as out of scope with an optional pointer that refusals of
     * such questions give.  (What it reads of the exchanges lives in the
     * exchanges file: store/exchanges.c, its step 3.) */
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('admin', 'validator', 'editor')),"
    "  password TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  password_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE TABLE user_services ("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  service TEXT NOT NULL,"
    "  PRIMARY KEY (user_id, service)"
    ");"
    "CREATE TABLE sessions ("
    "  id TEXT PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  csrf TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  seen_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  who TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object TEXT NOT NULL DEFAULT '',"
    "  detail TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE TABLE page_questions ("
    "  id INTEGER PRIMARY KEY,"
    "  page_id INTEGER NOT NULL REFERENCES pages(id),"
    "  version_id INTEGER REFERENCES page_versions(id),"
    "  question TEXT NOT NULL,"
    "  group_id TEXT NOT NULL DEFAULT '',"
    "  added_by TEXT NOT NULL DEFAULT '',"
    "  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE INDEX page_questions_by_page ON page_questions(page_id);"
    "CREATE TABLE question_marks ("
    "  group_id TEXT PRIMARY KEY,"
    "  action TEXT NOT NULL CHECK (action IN ('linked', 'dismissed')),"
    "  words TEXT NOT NULL,"
    "  page_id INTEGER REFERENCES pages(id),"
    "  pointer TEXT NOT NULL DEFAULT '',"
    "  by TEXT NOT NULL,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");",
    /* 12: pages edited in the back office (docs/admin.md).  A version's
     * author is the account that wrote it there ('' for a file imported):
     * it may not validate it (four eyes, store_page_validate).  A page
     * edited there has origin 'admin': imports no longer overwrite it. */
    "ALTER TABLE page_versions ADD COLUMN author TEXT NOT NULL DEFAULT '';",
};

#define NSTEPS ((int)(sizeof steps / sizeof steps[0]))

const struct db_schema db_content_schema = {"content", steps, NSTEPS};

int db_schema_version(void)
{
    return NSTEPS;
}

enum gc_rc db_migrate(struct db *db, struct gc_err *e)
{
    return db_migrate_to(db, NSTEPS, e);
}

/* Is any foreign key broken?  (After steps that ran without them.) */
static enum gc_rc check_foreign_keys(struct db *db, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "PRAGMA foreign_key_check", &st, e);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        rc = gc_err_set(e, GC_ERR_DB, "%s: migration left a broken reference in table %s",
                        db->path, db_col_text(st, 0));
    else if (r != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc db_migrate_to(struct db *db, int target, struct gc_err *e)
{
    return db_migrate_schema(db, &db_content_schema, target, e);
}

enum gc_rc db_migrate_schema(struct db *db, const struct db_schema *schema, int target,
                             struct gc_err *e)
{
    enum gc_rc rc;
    sqlite3_stmt *st;
    int v = 0, from;
    if (target < 0 || target > schema->nsteps)
        return gc_err_set(e, GC_ERR_INVALID, "no schema version %d", target);
    /* Steps may rebuild a table that others refer to: foreign keys are off
     * while they run (the pragma is a no-op inside a transaction) and
     * checked before the commit. */
    int fk = 0;
    rc = db_prepare(db, "PRAGMA foreign_keys", &st, e);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        fk = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    rc = fk ? db_exec(db, "PRAGMA foreign_keys=OFF", e) : GC_OK;
    if (rc)
        return rc;
    rc = db_begin(db, e);
    if (rc)
        goto restore;
    rc = db_prepare(db, "PRAGMA user_version", &st, e);
    if (rc)
        goto out;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (v > schema->nsteps) {
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s schema version %d is newer than this guichet (%d)",
                        db->path, schema->name, v, schema->nsteps);
        goto out;
    }
    /* Every step the database lacks runs in this one transaction: a step
     * that fails leaves the database exactly as it was, at its old version,
     * and the service refuses to start on it (the message below) until a
     * fixed guichet is installed or the backup the upgrade took is put back. */
    from = v;
    for (; v < target; v++) {
        char *msg = NULL;
        if (sqlite3_exec(db->h, schema->steps[v], NULL, NULL, &msg) != SQLITE_OK) {
            rc = gc_err_set(e, GC_ERR_DB,
                            "%s: cannot bring the %s schema from version %d to %d: step %d failed "
                            "(%s); the database was left as it was, at version %d: install a "
                            "guichet that fixes this, or put back the backup taken before the "
                            "upgrade (guichet restore, docs/deploy.md)",
                            db->path, schema->name, from, target, v + 1,
                            msg ? msg : sqlite3_errmsg(db->h), from);
            sqlite3_free(msg);
            goto out;
        }
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        rc = db_exec(db, sql, e);
        if (rc)
            goto out;
    }
    rc = check_foreign_keys(db, e);
    if (!rc)
        rc = db_commit(db, e);
out:
    if (rc)
        db_rollback(db);
restore:
    if (fk) {
        struct gc_err e2;
        if (db_exec(db, "PRAGMA foreign_keys=ON", &e2) && !rc)
            rc = gc_err_set(e, GC_ERR_DB, "%s", e2.msg);
    }
    return rc;
}
