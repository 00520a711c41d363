/* answer_json.c — render an answer as JSON (cJSON). */
#include "channels/answer_json.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "util/mem.h"

char *answer_json(const struct gc_answer *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "answer", a->text ? a->text : "");
    cJSON *src = cJSON_AddArrayToObject(o, "sources");
    for (int i = 0; i < a->nsources; i++) {
        const struct gc_source *s = &a->sources[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "title", s->title);
        cJSON_AddStringToObject(x, "url", s->url);
        cJSON_AddStringToObject(x, "service", s->service);
        cJSON_AddStringToObject(x, "validated_by", s->validated_by);
        cJSON_AddStringToObject(x, "validated_on", s->validated_on);
        cJSON_AddItemToArray(src, x);
    }
    cJSON_AddNumberToObject(o, "confidence", round(a->confidence * 1000) / 1000);
    cJSON_AddBoolToObject(o, "refused", a->refused);
    if (a->refusal_reason)
        cJSON_AddStringToObject(o, "refusal_reason", a->refusal_reason);
    cJSON_AddStringToObject(o, "path", a->path ? a->path : "extractive");
    /* Transparency (docs/models.md): which model was asked, what it cost,
     * and why its answer was not sent when it was not. */
    if (a->backend[0]) {
        cJSON *g = cJSON_AddObjectToObject(o, "generation");
        cJSON_AddStringToObject(g, "backend", a->backend);
        cJSON_AddStringToObject(g, "model", a->model);
        cJSON_AddNumberToObject(g, "temperature", a->temperature);
        cJSON_AddBoolToObject(g, "verified", a->verified);
        if (a->fallback_reason[0])
            cJSON_AddStringToObject(g, "fallback_reason", a->fallback_reason);
        cJSON_AddNumberToObject(g, "prompt_tokens", a->prompt_tokens);
        cJSON_AddNumberToObject(g, "completion_tokens", a->completion_tokens);
        cJSON_AddBoolToObject(g, "tokens_estimated", a->tokens_estimated);
        cJSON_AddNumberToObject(g, "model_ms", round(a->model_ms * 10) / 10);
    }
    cJSON_AddNumberToObject(o, "elapsed_ms", round(a->elapsed_ms * 10) / 10);
    cJSON_AddNumberToObject(o, "energy_wh", a->energy_wh);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s)
        abort(); /* cJSON fails only when out of memory */
    return s;
}
