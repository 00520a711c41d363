/* conversation.h — the topic of recent conversations, for follow-up questions.
 *
 * "Horaires de la médiathèque ?" then "et le samedi ?": the second question
 * means nothing alone.  The pipeline remembers, per conversation id, the
 * content words of the last question it answered on its own (the topic), and
 * asks a follow-up again with those words added (pipeline.c decides when).
 *
 * The store is in memory only, bounded (GC_CONVERSATIONS_MAX entries, least
 * recently used forgotten first) and forgets a topic after GC_CONVERSATION_TTL_S
 * of silence.  It is thread-safe: 16 shards, each under its own mutex, held
 * for a hash lookup and a copy of at most GC_TOPIC_MAX_BYTES.
 *
 * A conversation id is chosen by the server (conversation_new_id: 128 random
 * bits) and sent back by the client (JSON field or hidden form field): no
 * cookie.  An id the client makes up works too (the SMS gateway keys a
 * conversation by its pseudonym), it only ever reaches its own topic. */
#ifndef GC_ANSWER_CONVERSATION_H
#define GC_ANSWER_CONVERSATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/limits.h"

struct conversations;

/* max: entries kept (at least one per shard); ttl_s: idle seconds before a
 * topic is forgotten. */
struct conversations *conversations_new(size_t max, unsigned ttl_s);
void conversations_free(struct conversations *c);   /* accepts NULL */

/* Copy the topic of conversation `id` into out (n bytes, NUL-terminated,
 * cut at n - 1) and return true, when it is known and was touched less than
 * ttl seconds before `now` (seconds of a monotonic clock).  Expired entries
 * are dropped on the way. */
bool conversations_get(struct conversations *c, const char *id, uint64_t now, char *out,
                       size_t n);

/* Remember `topic` (cut to GC_TOPIC_MAX_BYTES - 1 bytes at a word boundary)
 * for `id` at time now, evicting the least recently used entry of its shard
 * when full.  An empty topic forgets the conversation. */
void conversations_put(struct conversations *c, const char *id, const char *topic, uint64_t now);

/* Entries currently held (for tests and /api/v1/health). */
size_t conversations_count(struct conversations *c);

/* A fresh id: 32 lower-case hex digits, the time in milliseconds (12) then
 * 80 bits from the system's random source (20). */
#define CONVERSATION_ID_LEN 32
void conversation_new_id(char out[CONVERSATION_ID_LEN + 1]);

/* Is `id` acceptable from a client: 1..GC_CONVERSATION_ID_MAX characters
 * among letters, digits, '-', '_' and '.'? */
bool conversation_id_valid(const char *id);

/* Does a folded question (analyze_fold) open or close like a follow-up:
 * "et le samedi", "et pour la piscine", "aussi le dimanche", "meme chose
 * pour...", "pareil pour...", "le samedi aussi"? */
bool conversation_is_followup(const char *folded);

#endif
