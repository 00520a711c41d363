/* facilities.c — facilities file reader (cJSON) and its checks. */
#include "import/facilities.h"

#include <cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/markdown.h"
#include "import/url.h"
#include "knowledge/hours.h"
#include "util/limits.h"
#include "util/mem.h"

void facility_recs_free(struct facility_rec *v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        facility_rec_free(&v[i]);
    free(v);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Where we are, for messages: "file: facility 'id'" or "file: facility #3". */
struct where {
    const char *file;
    char what[200];
};

#define FAIL(rc, ...)                                   \
    do {                                                \
        char m_[GC_ERR_MSG_MAX];                        \
        snprintf(m_, sizeof m_, __VA_ARGS__);           \
        return gc_err_set(e, rc, "%s: %s: %s", w->file, w->what, m_); \
    } while (0)

/* A text field: absent → "" (or an error when required). */
static enum gc_rc take_str(const cJSON *o, const char *k, bool required, size_t max, char **out,
                           const struct where *w, struct gc_err *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            FAIL(GC_ERR_INVALID, "missing \"%s\"", k);
        *out = xstrdup("");
        return GC_OK;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        FAIL(GC_ERR_INVALID, "\"%s\" must be a string", k);
    if (required && !*v->valuestring)
        FAIL(GC_ERR_INVALID, "\"%s\" is empty", k);
    if (strlen(v->valuestring) > max)
        FAIL(GC_ERR_TOOBIG, "\"%s\" is longer than %zu bytes", k, max);
    *out = xstrdup(v->valuestring);
    return GC_OK;
}

/* An array of non-empty strings: absent → empty. */
static enum gc_rc take_strv(const cJSON *o, const char *k, int max, char ***out, int *n,
                            const struct where *w, struct gc_err *e)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, k);
    *out = NULL;
    *n = 0;
    if (!a || cJSON_IsNull(a))
        return GC_OK;
    if (!cJSON_IsArray(a))
        FAIL(GC_ERR_INVALID, "\"%s\" must be an array of strings", k);
    if (cJSON_GetArraySize(a) > max)
        FAIL(GC_ERR_TOOBIG, "more than %d \"%s\"", max, k);
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        if (!cJSON_IsString(it) || !it->valuestring || !*it->valuestring)
            FAIL(GC_ERR_INVALID, "\"%s\" must hold non-empty strings", k);
        if (strlen(it->valuestring) > FACILITY_FIELD_MAX)
            FAIL(GC_ERR_TOOBIG, "an item of \"%s\" is longer than %d bytes", k,
                 FACILITY_FIELD_MAX);
        *out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
        (*out)[(*n)++] = xstrdup(it->valuestring);
    }
    return GC_OK;
}

static enum gc_rc check_keys(const cJSON *o, const char *const *known, const struct where *w,
                             struct gc_err *e)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, o)
    {
        bool ok = false;
        for (int i = 0; known[i] && !ok; i++)
            ok = !strcmp(it->string, known[i]);
        if (!ok)
            FAIL(GC_ERR_INVALID, "unknown key \"%s\" (see docs/facilities.md)", it->string);
    }
    return GC_OK;
}

static enum gc_rc take_closures(const cJSON *o, struct facility_rec *f, const struct where *w,
                                struct gc_err *e)
{
    static const char *const keys[] = {"from", "to", "reason", NULL};
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "closures");
    if (!a || cJSON_IsNull(a))
        return GC_OK;
    if (!cJSON_IsArray(a))
        FAIL(GC_ERR_INVALID, "\"closures\" must be an array of {\"from\", \"to\", \"reason\"}");
    if (cJSON_GetArraySize(a) > GC_HOURS_CLOSURES_MAX)
        FAIL(GC_ERR_TOOBIG, "more than %d closures", GC_HOURS_CLOSURES_MAX);
    const cJSON *it;
    int k = 0;
    cJSON_ArrayForEach(it, a)
    {
        struct where wc = *w;
        snprintf(wc.what, sizeof wc.what, "%.150s: closure %d", w->what, ++k);
        if (!cJSON_IsObject(it))
            return gc_err_set(e, GC_ERR_INVALID, "%s: %s: not an object", w->file, wc.what);
        enum gc_rc rc = check_keys(it, keys, &wc, e);
        if (rc)
            return rc;
        f->closures = xreallocarray(f->closures, (size_t)f->nclosures + 1, sizeof *f->closures);
        struct facility_closure *c = &f->closures[f->nclosures++];
        memset(c, 0, sizeof *c);
        rc = take_str(it, "from", true, 10, &c->from, &wc, e);
        if (!rc)
            rc = take_str(it, "to", false, 10, &c->to, &wc, e);
        if (!rc)
            rc = take_str(it, "reason", false, FACILITY_FIELD_MAX, &c->reason, &wc, e);
        if (rc)
            return rc;
        if (!*c->to) {
            free(c->to);
            c->to = xstrdup(c->from);
        }
        if (!date_is_valid(c->from))
            return gc_err_set(e, GC_ERR_INVALID, "%s: %s: \"from\" '%s' is not a date YYYY-MM-DD",
                              w->file, wc.what, c->from);
        if (!date_is_valid(c->to))
            return gc_err_set(e, GC_ERR_INVALID, "%s: %s: \"to\" '%s' is not a date YYYY-MM-DD",
                              w->file, wc.what, c->to);
        if (strcmp(c->from, c->to) > 0)
            return gc_err_set(e, GC_ERR_INVALID, "%s: %s: ends (%s) before it starts (%s)",
                              w->file, wc.what, c->to, c->from);
    }
    return GC_OK;
}

static enum gc_rc take_facility(const cJSON *o, struct facility_rec *f, struct where *w,
                                struct gc_err *e)
{
    static const char *const keys[] = {"id", "name", "aliases", "address", "phone", "email",
                                       "url", "service", "services", "opening_hours",
                                       "closures", "status", "validated_by", "validated_on",
                                       "article", NULL};
    enum gc_rc rc;
    if (!cJSON_IsObject(o))
        FAIL(GC_ERR_INVALID, "not a JSON object");
    rc = take_str(o, "id", true, GC_TITLE_MAX, &f->ext_id, w, e);
    if (rc)
        return rc;
    snprintf(w->what, sizeof w->what, "facility '%.150s'", f->ext_id);
    const struct {
        const char *key;
        bool required;
        size_t max;
        char **out;
    } fields[] = {
        {"name", true, GC_TITLE_MAX, &f->name},
        {"status", true, 16, &f->status},
        {"address", false, FACILITY_FIELD_MAX, &f->address},
        {"phone", false, FACILITY_FIELD_MAX, &f->phone},
        {"email", false, FACILITY_FIELD_MAX, &f->email},
        {"url", false, GC_URL_MAX, &f->url},
        {"service", false, FACILITY_FIELD_MAX, &f->service},
        {"opening_hours", false, GC_HOURS_EXPR_MAX, &f->opening_hours},
        {"validated_by", false, FACILITY_FIELD_MAX, &f->validated_by},
        {"validated_on", false, 10, &f->validated_on},
        {"article", false, 8, &f->article},
    };
    rc = check_keys(o, keys, w, e);
    for (size_t i = 0; !rc && i < sizeof fields / sizeof fields[0]; i++)
        rc = take_str(o, fields[i].key, fields[i].required, fields[i].max, fields[i].out, w, e);
    if (!rc)
        rc = take_strv(o, "aliases", FACILITY_ALIASES_MAX, &f->aliases, &f->naliases, w, e);
    if (!rc)
        rc = take_strv(o, "services", FACILITY_SERVICES_MAX, &f->services, &f->nservices, w, e);
    if (!rc)
        rc = take_closures(o, f, w, e);
    if (rc)
        return rc;
    if (strcmp(f->status, "draft") && strcmp(f->status, "validated"))
        FAIL(GC_ERR_INVALID, "\"status\" must be \"draft\" or \"validated\" (got \"%s\")",
             f->status);
    if (!strcmp(f->status, "validated") && (!*f->validated_by || !*f->validated_on))
        FAIL(GC_ERR_INVALID, "a validated facility needs \"validated_by\" and \"validated_on\"");
    if (*f->validated_on && !date_is_valid(f->validated_on))
        FAIL(GC_ERR_INVALID, "\"validated_on\" '%s' is not a date YYYY-MM-DD", f->validated_on);
    if (strcmp(f->article, "") && strcmp(f->article, "le") && strcmp(f->article, "la") &&
        strcmp(f->article, "l'") && strcmp(f->article, "l\u2019"))
        FAIL(GC_ERR_INVALID, "\"article\" must be \"le\", \"la\" or \"l'\" (got \"%s\")",
             f->article);
    if (*f->url && !url_is_valid(f->url, true))
        FAIL(GC_ERR_INVALID, "\"url\" must start with https://, http:// or /");

    /* The hours must compile, closures included, exactly as they will when
     * the server loads them (knowledge/facilities.c). */
    struct hours *h = NULL;
    size_t pos = 0;
    struct gc_err he = {0};
    if (*f->opening_hours &&
        hours_parse_pos(f->opening_hours, &h, &pos, &he) != GC_OK)
        FAIL(GC_ERR_PARSE, "invalid opening_hours \"%.200s\" %.200s", f->opening_hours, he.msg);
    for (int i = 0; h && i < f->nclosures; i++) {
        struct facility_closure *c = &f->closures[i];
        struct hours_date d1 = {0}, d2 = {0};
        d1.year = (int)strtol(c->from, NULL, 10);
        d1.month = (int)strtol(c->from + 5, NULL, 10);
        d1.day = (int)strtol(c->from + 8, NULL, 10);
        d2.year = (int)strtol(c->to, NULL, 10);
        d2.month = (int)strtol(c->to + 5, NULL, 10);
        d2.day = (int)strtol(c->to + 8, NULL, 10);
        if (hours_add_closure(h, d1, d2, c->reason, &he)) {
            hours_free(h);
            FAIL(GC_ERR_INVALID, "closure %d: %.300s", i + 1, he.msg);
        }
    }
    hours_free(h);
    return GC_OK;
}

enum gc_rc facilities_parse(const char *name, const char *text, size_t len,
                            struct facility_rec **out, int *n, struct gc_err *e)
{
    enum gc_rc rc = GC_OK;
    struct facility_rec *v = NULL;
    int nv = 0;
    *out = NULL;
    *n = 0;
    cJSON *doc = cJSON_ParseWithLength(text, len);
    if (!doc) {
        /* cJSON points at the fault: give its line. */
        const char *at = cJSON_GetErrorPtr();
        int line = 1;
        if (at && at >= text && at <= text + len)
            for (const char *p = text; p < at; p++)
                line += *p == '\n';
        rc = gc_err_set(e, GC_ERR_PARSE, "%s:%d: not valid JSON", name, line);
        goto out;
    }
    if (!cJSON_IsArray(doc)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "%s: must be a JSON array of facilities", name);
        goto out;
    }
    if (cJSON_GetArraySize(doc) > FACILITIES_MAX) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: more than %d facilities", name, FACILITIES_MAX);
        goto out;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, doc)
    {
        struct where w = {name, ""};
        snprintf(w.what, sizeof w.what, "facility #%d", nv + 1);
        v = xreallocarray(v, (size_t)nv + 1, sizeof *v);
        struct facility_rec *f = &v[nv++];
        memset(f, 0, sizeof *f);
        rc = take_facility(it, f, &w, e);
        if (rc)
            goto out;
        f->source = xstrdup(base_name(name));
        for (int j = 0; j + 1 < nv; j++)
            if (!strcmp(v[j].ext_id, f->ext_id)) {
                rc = gc_err_set(e, GC_ERR_INVALID, "%s: facility '%s' is listed twice (#%d and #%d)",
                                name, f->ext_id, j + 1, nv);
                goto out;
            }
    }
    *out = v;
    *n = nv;
    v = NULL;
out:
    facility_recs_free(v, nv);
    cJSON_Delete(doc);
    return rc;
}
