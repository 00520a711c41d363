/* generation.h — one generation of the content served: the search index of
 * the pages served, the facilities and the agenda (answer/computed.h), their
 * statistics, and the live settings they were built with.
 *
 * A generation is built from one consistent snapshot of the database (one
 * read transaction), then never changes: any number of threads read it at
 * once without locks.  The pipeline (answer/pipeline.c) builds the next one
 * beside the one served and swaps a pointer; the old one is freed once its
 * last reader has left (`refs`).  A page is served when it is published,
 * not withdrawn, and on the generation's day neither expired nor withheld
 * for being overdue (store/pages.h page_timing, setting overdue-grace-days);
 * its sentences that present as upcoming what is past on that day are left
 * out (knowledge/timebound.h).  A generation belongs to one local day, and
 * the pipeline builds another when the day changes. */
#ifndef GC_ANSWER_GENERATION_H
#define GC_ANSWER_GENERATION_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "answer/computed.h"
#include "answer/pointers.h"
#include "answer/pipeline.h"
#include "search/index.h"
#include "store/town.h"
#include "text/synonyms.h"
#include "text/lexicon.h"
#include "util/config.h"
#include "util/err.h"

struct generation {
    atomic_int refs;              /* readers, plus one while it is the one served */
    struct index *ix;
    struct computed *know;        /* facilities' hours and the agenda */
    struct pipeline_stats stats;
    struct pipeline_service *services;
    const struct config *cfg;     /* own_cfg: the settings it was built with, the town's
                                     words (town.ini) over them */
    struct config *own_cfg;
    struct town_rec townd;        /* the town's words of the snapshot (store/town.h) */
    struct synonyms *syn;         /* general and town synonym groups */
    struct pointers *pointers;    /* out-of-scope marks of the back office (answer/pointers.h) */
    char *town, *town_folded, *contact;   /* town.ini's, else the settings' */
    bool town_named;          /* the town's name was given, not the default "la commune" */
    double min_conf;              /* live settings, read once */
    int max_sentences;
    int64_t version;              /* meta content_version of the snapshot */
    time_t loaded_at;             /* when it was built (UTC seconds) */
    long day;                     /* the town's local day it was built for */
    char today[11];               /* that day, YYYY-MM-DD */
    size_t overdue;               /* pages served past their review_by */
    size_t expired;               /* validated pages not served: past expires */
    size_t withheld;              /* ... overdue past the grace days */
    size_t unresolved;            /* placeholders that could not be expanded (their
                                     sentences left out: knowledge/placeholders.h) */
    size_t past_sentences;        /* sentences and list items left out: they present
                                     as upcoming what is past (knowledge/timebound.h) */
    double build_ms;              /* time the build took */
};

/* Build a generation from the database at db_path with the settings cfg
 * (which must outlive it) and the French word list lex (may be NULL; must
 * outlive it).  trim: give the memory the build freed back to the system at
 * once (malloc_trim: never while other threads answer, it stalls their
 * allocations).  Errors: the database (missing, locked too long, a schema
 * this guichet does not know), an invalid `now` or `timezone`. */
enum gc_rc generation_build(struct generation **out, const char *db_path, const struct config *cfg,
                            const struct lexicon *lex, bool trim, struct gc_err *e);
void generation_free(struct generation *g);   /* accepts NULL */

/* The town's local day now by cfg's clock: its number (util/clock.h) and
 * YYYY-MM-DD into today.  GC_ERR_INVALID for a bad `now` setting. */
enum gc_rc generation_today(const struct config *cfg, long *day, char today[11], struct gc_err *e);

#endif
