/* answer_json.h — an answer as the JSON API returns it:
 *   {"answer", "sources": [{"title","url","service","validated_by","validated_on"}],
 *    "confidence", "refused", "refusal_reason"?, "path", "elapsed_ms"}
 * `guichet ask --json` prints exactly this. */
#ifndef GC_CHANNELS_ANSWER_JSON_H
#define GC_CHANNELS_ANSWER_JSON_H

#include "answer/pipeline.h"

/* Caller frees.  Never NULL. */
char *answer_json(const struct gc_answer *a);

#endif
