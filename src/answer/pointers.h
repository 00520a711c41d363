/* pointers.h — where to send a resident whose question the town said it
 * does not handle.
 *
 * In the back office's questions loop, staff may dismiss a group of
 * questions as out of scope (store/altq.h), optionally with a pointer: where
 * to go instead ("Adressez-vous à l'ANTS : https://ants.gouv.fr").  A group
 * is its analysed words (text/qkey.h).  A refusal finds its pointer by
 * comparing the question's analysed words with every dismissed group's
 * (qkey_match: most of the group's words in the question, the question
 * mostly about them; the closest group wins) — one general method, never a
 * rule per question.  A question whose analysed words are exactly a
 * dismissed group's is refused even when the pages would answer it: staff
 * said the town does not handle it.
 *
 * Loaded with each generation of the content (answer/generation.c: from
 * the same snapshot as the pages), then read-only (any thread). */
#ifndef GC_ANSWER_POINTERS_H
#define GC_ANSWER_POINTERS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"
#include "util/err.h"

struct pointers;

/* The dismissed groups of the database (at most GC_POINTERS_MAX, the most
 * recent kept).  An empty set is not an error. */
enum gc_rc pointers_load(struct pointers **out, struct db *db, struct gc_err *e);
void pointers_free(struct pointers *p);   /* accepts NULL */
size_t pointers_count(const struct pointers *p);

/* The dismissed group question key `qkey` matches best: true when one
 * does, with *pointer its pointer ("" when staff gave none) and *exact
 * whether the keys are equal. */
bool pointers_find(const struct pointers *p, const char *qkey, const char **pointer,
                   bool *exact);

#endif
