/* pipeline.h — from a resident's question to a cited answer or a refusal.
 *
 * understand (normalise, detect intent / out of scope) → retrieve (search/)
 * → compose (extractive sentences) → verify.  A pipeline is built once at
 * start-up from the database (the search index is held in memory) and is
 * then read-only: pipeline_ask() may be called from many threads at once. */
#ifndef GC_ANSWER_PIPELINE_H
#define GC_ANSWER_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/config.h"
#include "util/err.h"
#include "util/limits.h"

/* A validated page an answer cites.  Strings are owned by the answer. */
struct gc_source {
    char *id;           /* page identifier (JSONL id or the page URL) */
    char *title;
    char *url;
    char *service;      /* department */
    char *validated_by;
    char *validated_on; /* YYYY-MM-DD */
};

struct gc_question {
    const char *text;             /* UTF-8, not necessarily NUL-terminated */
    size_t len;
    const char *channel;          /* "api", "web", "sms", "cli" */
    const char *conversation_id;  /* NULL = none: no follow-up, nothing remembered */
};

struct gc_answer {
    char *text;                       /* owned, never NULL after success */
    struct gc_source sources[GC_SOURCES_MAX];
    int nsources;
    double confidence;                /* 0..1 */
    bool refused;
    const char *refusal_reason;       /* static: "out_of_scope", "low_confidence", ... or NULL */
    const char *path;                 /* static: "extractive", or a backend name */
    double elapsed_ms;
    /* Ranked pages (ids, best first) for evaluation; owned. */
    char *ranked[10];
    int nranked;
    /* Conversation: the question's id copied back ("" = none), whether the
     * answer used the topic of the conversation's earlier questions, and the
     * stored exchange's id (set by the channel that records it; 0 = none). */
    char conversation_id[GC_CONVERSATION_ID_MAX + 1];
    bool followup;
    long long message_id;
};

struct pipeline;

/* Open the database named by the "db" setting, build the in-memory index of
 * validated passages.  cfg must outlive the pipeline. */
enum gc_rc pipeline_open(struct pipeline **out, const struct config *cfg, struct gc_err *e);
void pipeline_close(struct pipeline *p);   /* accepts NULL */

/* Answer q into out (zeroed by the call).  Thread-safe.  Fails only on
 * invalid input (GC_ERR_INVALID: empty, invalid UTF-8; GC_ERR_TOOBIG: over
 * GC_QUESTION_MAX_CHARS) — a question we cannot answer is a success with
 * out->refused set.
 *
 * Follow-ups: with q->conversation_id, the content words of the last
 * question answered on its own in that conversation (its topic, kept in
 * memory: answer/conversation.h) are added to a question that
 *   - opens or closes like a follow-up ("et le samedi ?", "... aussi ?"), or
 *   - has a single content word ("samedi ?": alone, any page with the word
 *     would match it fully), or
 *   - would otherwise be refused for low confidence;
 * the combined question is kept when it is not refused (out->followup).  A
 * question answered on its own becomes the conversation's new topic. */
enum gc_rc pipeline_ask(struct pipeline *p, const struct gc_question *q, struct gc_answer *out,
                        struct gc_err *e);
void answer_free(struct gc_answer *a);     /* frees the content, accepts NULL */

/* What the pipeline serves, for /health and /transparence. */
size_t pipeline_page_count(const struct pipeline *p);
size_t pipeline_passage_count(const struct pipeline *p);

/* Pages served, by department ("service" of the front matter), computed
 * once at pipeline_open; valid as long as the pipeline. */
struct pipeline_service {
    const char *name;          /* "" for pages without a service */
    size_t pages;
    char last_validated[16];   /* newest validated_on (YYYY-MM-DD), "" if none */
};

struct pipeline_stats {
    size_t pages, passages;
    char last_validated[16];   /* newest validated_on of all pages, "" if none */
    const struct pipeline_service *services;   /* sorted by name, accents ignored */
    size_t nservices;
};

const struct pipeline_stats *pipeline_stats(const struct pipeline *p);

/* The town's name and contact, as configured (for the channels' pages). */
const char *pipeline_town(const struct pipeline *p);
const char *pipeline_contact(const struct pipeline *p);

#endif
