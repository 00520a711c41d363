/* jsonl.c — JSON Lines corpus reader (cJSON), one page a line. */
#include "import/jsonl.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "import/markdown.h"
#include "import/passages.h"
#include "util/limits.h"
#include "util/mem.h"

static char *str_field(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsString(v) && v->valuestring)
        return xstrdup(v->valuestring);
    if (cJSON_IsNumber(v)) {
        char num[64];
        snprintf(num, sizeof num, "%.17g", v->valuedouble);
        return xstrdup(num);
    }
    return NULL;
}

/* A title is plain text: HTML markup some corpora leave in it
 * ("<i>Hell in a Cell</i>", "Charles <abbr>I<sup>er</sup></abbr>") is
 * removed in place, and the five XML entities are decoded. */
static void plain_title(char *t)
{
    static const struct {
        const char *ent, *ch;
    } ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    char *w = t;
    for (const char *r = t; *r;) {
        if (*r == '<' && (r[1] == '/' || (r[1] >= 'a' && r[1] <= 'z') || (r[1] >= 'A' && r[1] <= 'Z'))) {
            const char *end = strchr(r, '>');
            if (end) {
                r = end + 1;
                continue;
            }
        }
        if (*r == '&') {
            size_t k = 0;
            for (; k < sizeof ents / sizeof ents[0]; k++)
                if (!strncmp(r, ents[k].ent, strlen(ents[k].ent)))
                    break;
            if (k < sizeof ents / sizeof ents[0]) {
                *w++ = ents[k].ch[0];
                r += strlen(ents[k].ent);
                continue;
            }
        }
        *w++ = *r++;
    }
    *w = '\0';
    /* spaces the markup left at the ends */
    size_t n = strlen(t), i = 0;
    while (n && t[n - 1] == ' ')
        t[--n] = '\0';
    while (t[i] == ' ')
        i++;
    memmove(t, t + i, n - i + 1);
}

enum gc_rc jsonl_next_page(FILE *f, const char *name, int *line, struct page_rec *p, int *eof,
                           struct gc_err *e)
{
    enum gc_rc rc = GC_OK;
    char *buf = NULL;
    size_t cap = 0;
    cJSON *o = NULL;
    memset(p, 0, sizeof *p);
    *eof = 0;
    for (;;) {
        ssize_t n = getline(&buf, &cap, f);
        if (n < 0) {
            *eof = 1;
            goto out;
        }
        (*line)++;
        if (n > GC_IMPORT_LINE_MAX) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "%s:%d: line longer than %d bytes", name, *line,
                            GC_IMPORT_LINE_MAX);
            goto out;
        }
        size_t k = (size_t)n;
        while (k && (buf[k - 1] == '\n' || buf[k - 1] == '\r' || buf[k - 1] == ' '))
            k--;
        if (k == 0)
            continue;
        o = cJSON_ParseWithLength(buf, k);
        break;
    }
    char where[600];
    snprintf(where, sizeof where, "%s:%d", name, *line);
    if (!cJSON_IsObject(o)) {
        rc = gc_err_set(e, GC_ERR_PARSE, "%s: not a JSON object", where);
        goto out;
    }
    p->ext_id = str_field(o, "id");
    char *text = str_field(o, "text");
    if (!p->ext_id || !*p->ext_id || !text || !*text) {
        free(text);
        rc = gc_err_set(e, GC_ERR_INVALID, "%s: needs a non-empty \"id\" and \"text\"", where);
        goto out;
    }
    p->title = str_field(o, "title");
    if (p->title)
        plain_title(p->title);
    if (!p->title || !*p->title) {
        free(p->title);
        p->title = xstrdup(p->ext_id);
    }
    p->url = str_field(o, "url");
    if (!p->url)
        p->url = xstrdup("");
    p->service = str_field(o, "service");
    p->status = xstrdup("validated");
    p->body = text;
    p->source = xstrdup(where);
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(o, "questions");
    if (qs && !cJSON_IsArray(qs)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "%s: \"questions\" must be an array of strings", where);
        goto out;
    }
    const cJSON *q;
    cJSON_ArrayForEach(q, qs) {
        if (!cJSON_IsString(q) || !q->valuestring) {
            rc = gc_err_set(e, GC_ERR_INVALID, "%s: \"questions\" must be an array of strings",
                            where);
            goto out;
        }
        rc = page_rec_add_question(p, q->valuestring, strlen(q->valuestring), where, e);
        if (rc)
            goto out;
    }
    rc = page_rec_validate(p, where, e);
    if (rc)
        goto out;
    passages_from_plain(p, text, strlen(text));
out:
    cJSON_Delete(o);
    free(buf);
    return rc;
}
