/* reading.c — one reading of a question (reading.h). */
#include "answer/reading.h"

#include <stdlib.h>
#include <string.h>

#include "answer/computed.h"
#include "answer/conversation.h"
#include "text/analyze.h"
#include "text/sms_fr.h"

/* The content words of a query (words of the vocabulary, stop words
 * already dropped), space separated, into out; returns how many.  The
 * subject is capped: whole words only. */
static int content_words(const struct query *q, char *out, size_t n)
{
    int words = 0;
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < q->n; i++) {
        const struct qterm *t = &q->t[i];
        if (t->kind != QT_WORD || t->term == UINT32_MAX)
            continue;
        size_t w = strlen(t->surface), sep = len ? 1 : 0;
        if (sep + w >= n - len)
            break;
        if (sep)
            out[len++] = ' ';
        memcpy(out + len, t->surface, w);
        len += w;
        out[len] = '\0';
        words++;
    }
    return words;
}

void reading_init(struct reading *r, const char *text, size_t len, int flags,
                  const char *town_folded, const struct computed *know,
                  const struct gc_time *at, const struct index *ix)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->norm, GC_QUESTION_MAX_BYTES * 4);
    r->text = text;
    r->len = len;
    /* Texting spelling ("bjr kel oraire pr la pisine") is spelled out for
     * every channel: residents text on the web page too. */
    if (!(flags & READING_SPELLED) && sms_fr_normalize(text, len, &r->norm) == GC_OK) {
        r->text = buf_str(&r->norm);
        r->len = r->norm.len;
    }
    r->folded = analyze_fold(r->text, r->len);
    r->intent = *r->folded ? understand(r->folded, town_folded ? town_folded : "")
                           : INTENT_SMALL_TALK;
    r->leans = conversation_is_followup(r->folded);
    r->asks = answer_type(r->text, r->len, r->folded);
    r->facility.facility = -1;
    if (at)
        r->now = *at;
    if (know)
        computed_read(know, r, at);
    if (at || know)
        r->has_when = dates_fr_find(r->folded, &r->now, &r->when);
    if (ix) {
        index_query(ix, r->text, r->len, &r->query);
        r->has_query = true;
        r->nsubject = content_words(&r->query, r->subject, sizeof r->subject);
    }
}

void reading_free(struct reading *r)
{
    free(r->folded);
    r->folded = NULL;
    buf_free(&r->norm);
}
