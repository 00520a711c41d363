/* town.h — the town's own words, stored: its settings (name, contact, the
 * messages residents read) and its word lists (synonyms, agenda categories,
 * out-of-scope pointers), from the town's content folder (import/town.c) or
 * from the back office.
 *
 * Tables (schema step 8): town_settings(key, source, value, src, line) and
 * town_lists(kind, source, ord, entry, src, line), source 'file' (imported
 * from the content folder) or 'admin' (set in the back office).  An import
 * replaces the 'file' rows of what its folder holds and never touches the
 * 'admin' rows; when both exist, 'admin' wins (a setting), or comes first (a
 * list: its synonym groups are searched first).  docs/adapting.md. */
#ifndef GC_STORE_TOWN_H
#define GC_STORE_TOWN_H

#include "store/db.h"
#include "text/langdata.h"
#include "util/err.h"

/* town.ini's keys. */
enum town_key {
    TOWN_NAME,               /* name: wins over the town-name setting */
    TOWN_CONTACT,            /* contact: wins over the contact setting */
    TOWN_AGENDA_URL,         /* agenda-url: wins over the agenda-url setting */
    TOWN_GREETING,           /* greeting: the answer to small talk */
    TOWN_REFUSAL_OUT_OF_SCOPE, /* refusal-out-of-scope: a question the town does not handle */
    TOWN_REFUSAL_NOT_FOUND,  /* refusal-not-found: no sure answer in the pages */
    TOWN_REFUSAL_DISMISSED,  /* refusal-dismissed: a kind of question the staff marked out of scope */
    TOWN_REFUSAL_DISMISSED_POINTER, /* refusal-dismissed-pointer: the same, with where to go ({pointer}) */
    TOWN__KEYS
};

/* The word lists of the content folder. */
enum town_list {
    TOWN_SYNONYMS,     /* synonyms.txt: groups, as data/fr/synonyms.txt */
    TOWN_CATEGORIES,   /* categories.tsv: a question's word <TAB> the agenda's word */
    TOWN_OUT_OF_SCOPE, /* out-of-scope.tsv: phrases <TAB> where to ask instead */
    TOWN__LISTS
};

/* town.ini's name of a key ("refusal-not-found"), a list's file name. */
const char *town_key_name(enum town_key k);
const char *town_list_file(enum town_list l);
const struct ld_format *town_list_format(enum town_list l);

/* What a content folder holds, or what the database holds.  NULL: not given
 * (a file absent; a key not set). */
struct town_rec {
    char *value[TOWN__KEYS];
    int line[TOWN__KEYS];            /* where each is in town.ini */
    char *ini;                       /* path of town.ini, NULL when absent */
    struct ld_list *list[TOWN__LISTS];
    char *list_path[TOWN__LISTS];    /* NULL when absent */
};

void town_rec_free(struct town_rec *t);   /* frees the contents; accepts NULL */

/* Store what t holds, inside the caller's transaction: for town.ini, every
 * 'file' setting is replaced; for each list file, that list's 'file' rows. */
enum gc_rc store_town_put(struct db *db, const struct town_rec *t, struct gc_err *e)
    __attribute__((warn_unused_result));

/* Read what the database holds, 'admin' winning: values of both sources
 * merged, lists with the 'admin' entries first.  A database without the
 * tables (older schema) holds nothing. */
enum gc_rc store_town_load(struct db *db, struct town_rec *out, struct gc_err *e)
    __attribute__((warn_unused_result));

#endif
