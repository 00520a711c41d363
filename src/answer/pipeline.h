/* pipeline.h — from a resident's question to a cited answer or a refusal.
 *
 * reading (the question analysed once: texting spelled out, intent and out
 * of scope by understand, what is asked, date, facility, query words:
 * answer/reading.h) → computed answers or retrieve (search/) → compose
 * (extractive sentences) → verify.  The content served (search
 * index, facilities, agenda, live settings: answer/generation.h) is built
 * from the database at pipeline_open; pipeline_ask() may be called from
 * many threads at once.
 *
 * Live content (docs/content.md): pipeline_reload() builds the next
 * generation beside the one served and swaps it in, RCU-style — a question
 * takes a reference to the generation served when it starts (a mutex held
 * for a pointer copy and an atomic increment) and answers from it to the
 * end; nobody waits for a build; the old generation is freed, by the
 * thread that swapped, once its last reader has left.  pipeline_watch()
 * starts a thread that does this by itself when the database's content
 * version changes or the town's local day does. */
#ifndef GC_ANSWER_PIPELINE_H
#define GC_ANSWER_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

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

/* One unit of an extractive answer: a sentence, or a list read as one
 * sentence (answer/compose.h). */
struct gc_unit {
    size_t start, len;   /* text[start, start + len) of the answer */
    int rank;            /* 0: the best unit; then the order in which the others were chosen */
    int source;          /* index in sources[] of its page, -1 if none */
};

struct gc_answer {
    char *text;                       /* owned, never NULL after success */
    struct gc_source sources[GC_SOURCES_MAX];
    int nsources;
    /* The units of an extractive answer, in reading order (the order of
     * text, one blank between two).  None for a refusal, a computed answer
     * (hours, events) or a model's answer: the text is then one piece.  A
     * channel with little room (SMS, channels/sms_session.h) sends the best
     * ones only; confidence and refusal always judge the whole answer. */
    struct gc_unit units[GC_ANSWER_SENTENCES_MAX];
    int nunits;
    double confidence;                /* 0..1 */
    bool refused;
    const char *refusal_reason;       /* static: "out_of_scope", "low_confidence", ... or NULL */
    const char *path;                 /* "extractive" (static), or "BACKEND/MODEL" when the
                                         model's answer was sent (owned by the pipeline:
                                         valid while it is open) */
    double elapsed_ms;
    /* Ranked pages (ids, best first) for evaluation; owned. */
    char *ranked[10];
    int nranked;

    /* Generative answers (docs/models.md).  All empty / zero when no model
     * was asked (no backend configured, or a refusal: refusals never reach a
     * model).  When a model was asked but its answer was not sent, path is
     * "extractive" and fallback_reason says why. */
    char backend[GC_BACKEND_NAME_MAX];   /* backend asked: "default" or a [backend NAME] */
    char model[GC_MODEL_NAME_MAX];       /* model name sent to it */
    double temperature;
    int prompt_tokens;
    int completion_tokens;
    bool tokens_estimated;               /* the server sent no usage: bytes / 4 */
    double model_ms;                     /* latency of the model call */
    bool verified;                       /* the model's answer passed answer/verify.h */
    char fallback_reason[GC_REASON_MAX]; /* "timeout", "invented_figure: 18h00", ... or "" */
    /* Estimated energy of this answer in Wh: the CPU time of the pipeline ×
     * GC_CPU_WATTS, plus completion tokens × wh-per-token when a model answered. */
    double cpu_ms;
    double energy_wh;
    /* Conversation: the question's id copied back ("" = none), whether the
     * answer used the topic of the conversation's earlier questions, and the
     * stored exchange's id (set by the channel that records it; 0 = none). */
    char conversation_id[GC_CONVERSATION_ID_MAX + 1];
    bool followup;
    long long message_id;
    /* The token that lets the resident give feedback on message_id
     * (channels/fbtoken.h); "" when message_id is 0. */
    char feedback_token[GC_FEEDBACK_TOKEN_LEN + 1];
};

/* Options of one question (pipeline_ask_opts). */
struct gc_ask_opts {
    /* NULL = the configured default (llm-backend, else llm-url, else none);
     * "extractive" = no model; otherwise a backend name ("default" is llm-url). */
    const char *backend;
};

struct pipeline;

/* Open the database named by the "db" setting, build the in-memory index of
 * validated passages.  cfg must outlive the pipeline. */
enum gc_rc pipeline_open(struct pipeline **out, const struct config *cfg, struct gc_err *e);
/* Stops the watcher if any; accepts NULL.  No question may be in flight. */
void pipeline_close(struct pipeline *p);

/* Where the settings come from again on a forced reload (SIGHUP): fn
 * returns a fresh config (the caller's --config file and command line read
 * again) or NULL with e set; the pipeline keeps it until it is closed.
 * Without it, a reload keeps the settings it has.  Only the live settings
 * of the new config are used (docs/content.md: min-confidence,
 * max-sentences, agenda-url, overdue-grace-days, now); the others need a
 * restart.  Call before pipeline_watch. */
void pipeline_settings_source(struct pipeline *p,
                              struct config *(*fn)(void *ctx, struct gc_err *e), void *ctx);

/* Start the watcher thread: every poll_ms it reads the database's content
 * version (one small query on a connection it keeps) and the town's local
 * date; when either changed, or pipeline_reload() asked, it builds the next
 * generation (at a lower CPU priority than the answering threads) and swaps
 * it in.  A failed build is logged and counted; the generation served stays.
 * poll_ms 0: no polling, reloads on pipeline_reload() only. */
enum gc_rc pipeline_watch(struct pipeline *p, long poll_ms, struct gc_err *e);

/* Reload now, with the settings read again (pipeline_settings_source).
 * Thread-safe (a signal loop may call it).  With a watcher it returns at
 * once and the watcher swaps within the time of a build; without one it
 * builds and swaps before returning (the command line's case).  Returns
 * GC_OK, or the build's error (without a watcher only). */
enum gc_rc pipeline_reload(struct pipeline *p, struct gc_err *e);

/* What is served, for /api/v1/health and metrics (issue 20's reader). */
struct pipeline_content {
    int64_t version;                  /* content version of the generation served */
    time_t loaded_at;                 /* when it was built (UTC seconds) */
    char today[11];                   /* the local day it was built for */
    size_t pages, passages;
    size_t overdue;                   /* pages served past their review_by */
    size_t expired, withheld;         /* validated pages not served: past expires / overdue past grace */
    size_t past_sentences;            /* left out: they present as upcoming what is past */
    unsigned long long reloads;       /* generations swapped in since start */
    unsigned long long reload_failures;
    double last_build_ms;             /* time the last build took */
};
void pipeline_content(struct pipeline *p, struct pipeline_content *out);

/* The settings the pipeline answers with: cfg's, with the town's words over
 * them (town.ini's name, contact and agenda-url win: store/town.h).  Valid
 * while p is open. */
const struct config *pipeline_config(const struct pipeline *p);

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
/* pipeline_ask with options; pipeline_ask(p, q, a, e) is
 * pipeline_ask_opts(p, q, NULL, a, e).  An unknown backend name is
 * GC_ERR_NOTFOUND.  Whatever the model server does, the call returns within
 * GC_ANSWER_BUDGET_MS of its start (the model's time is capped by what is
 * left), with the extractive answer when the model's cannot be used. */
enum gc_rc pipeline_ask_opts(struct pipeline *p, const struct gc_question *q, const struct gc_ask_opts *o,
                             struct gc_answer *out, struct gc_err *e);
void answer_free(struct gc_answer *a);     /* frees the content, accepts NULL */
/* Append a source to a, the strings copied; nothing when a has
 * GC_SOURCES_MAX already. */
void answer_add_source(struct gc_answer *a, const char *id, const char *title, const char *url,
                       const char *service, const char *validated_by, const char *validated_on);

/* Backends the pipeline knows ("default" for llm-url first, then the named
 * ones); NULL past the end.  pipeline_default_backend: NULL = extractive. */
const char *pipeline_backend_name(const struct pipeline *p, int i);
const char *pipeline_default_backend(const struct pipeline *p);

/* The configuration of backend i, for /transparence and the API (never the
 * key).  Strings are owned by the pipeline.  GC_ERR_NOTFOUND past the end. */
struct gc_backend_info {
    const char *name, *url, *model;
    double temperature;
    int max_tokens;
    long timeout_ms;
    bool stream;
    bool is_default;       /* answers residents (llm-backend, or llm-url) */
    double wh_per_token;
};
enum gc_rc pipeline_backend_info(const struct pipeline *p, int i, struct gc_backend_info *out);

/* What the pipeline serves, for /health and /transparence. */
size_t pipeline_page_count(struct pipeline *p);

/* Answers given since start and their estimated energy (Wh: CPU time ×
 * GC_CPU_WATTS, plus generated tokens × wh-per-token), for metrics. */
struct gc_energy {
    unsigned long long answers;
    unsigned long long model_answers;
    double wh;
};
void pipeline_energy(const struct pipeline *p, struct gc_energy *out);
size_t pipeline_passage_count(struct pipeline *p);

/* Pages served, by department ("service" of the front matter), computed
 * once per generation; valid as long as the hold (pipeline_hold). */
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

/* A reference to the generation served now: what it holds stays valid
 * until pipeline_release(), whatever reloads happen meanwhile.  Hold it for
 * the time of a request, never longer (the old generation's memory waits
 * for it). */
struct generation;
const struct generation *pipeline_hold(struct pipeline *p);
void pipeline_release(const struct generation *g);   /* accepts NULL */
const struct pipeline_stats *pipeline_stats(const struct generation *g);

/* The town's name and contact, as configured (for the channels' pages). */
const char *pipeline_town(const struct pipeline *p);
const char *pipeline_contact(const struct pipeline *p);

#endif
