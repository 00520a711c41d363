/* newpage.c — a new page written in the back office (see newpage.h), and
 * its form at /admin/new (the preview and the warnings are content.c's,
 * shared with the editor of an existing page). */
#include "admin/newpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin_int.h"
#include "admin/content.h"
#include "import/consistency.h"
#include "import/markdown.h"
#include "import/url.h"
#include "store/altq.h"
#include "store/audit.h"
#include "text/analyze.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/utf8.h"

#define ESC(b, s) html_esc((b), (s))
#define ADD(b, s) buf_adds((b), (s))

/* ------------------------------------------------------------- deciding */

static bool one_line(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return utf8_valid(s, strlen(s));
}

/* s without the blanks at its ends, into a new string. */
static char *trimmed(const char *s)
{
    if (!s)
        return xstrdup("");
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return xstrndup(s, n);
}

/* The slug of s[0..n): its words folded, joined by '-'. */
static void slug_add(struct buf *out, const char *s, size_t n)
{
    char *f = analyze_fold(s, n);
    bool sep = false;
    for (const char *p = f; *p; p++) {
        bool word = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (word) {
            if (sep && out->len && buf_str(out)[out->len - 1] != '/')
                buf_addc(out, '-');
            buf_addc(out, *p);
            sep = false;
        } else
            sep = true;
    }
    free(f);
}

bool newpage_url(const char *typed, const char *title, const char *base, char *out, size_t n,
                 const char **err)
{
    char *t = trimmed(typed);
    bool ok = false;
    struct buf b;
    buf_init(&b, GC_URL_MAX + 1);
    out[0] = '\0';
    if (!strncmp(t, "https://", 8) || !strncmp(t, "http://", 7)) {
        if (!one_line(t) || strchr(t, ' ') || !url_is_valid(t, false)) {
            *err = "L’adresse ne doit contenir ni espace ni caractère de contrôle.";
            goto out;
        }
        buf_adds(&b, t);
    } else {
        const char *src = *t ? t : title ? title : "";
        size_t bl = base ? strlen(base) : 0;
        while (bl && base[bl - 1] == '/')
            bl--;
        buf_add(&b, base ? base : "", bl);
        size_t start = b.len;
        /* each segment of a path "a/b" becomes a slug of its own */
        for (const char *p = src; *p;) {
            size_t k = strcspn(p, "/");
            size_t before = b.len;
            buf_addc(&b, '/');
            slug_add(&b, p, k);
            if (b.len == before + 1)
                buf_truncate(&b, before);   /* an empty segment */
            p += k + (p[k] ? 1 : 0);
        }
        if (b.len == start) {
            *err = *t ? "Cette adresse ne contient aucun mot : donnez une adresse complète "
                        "(https://…) ou un nom court (lettres, chiffres, tirets)."
                      : "Donnez un titre ou une adresse à la page.";
            goto out;
        }
    }
    if (b.len >= b.max - 1 || b.len >= n) {
        *err = "L’adresse est trop longue (2 048 octets au plus).";
        goto out;
    }
    snprintf(out, n, "%s", buf_str(&b));
    ok = true;
out:
    buf_free(&b);
    free(t);
    return ok;
}

/* A front-matter value as its parser will read it back (it strips one
 * pair of quotes around a value: a value inside quotes is put in the
 * other kind). */
static void fm_value(struct buf *b, const char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
        buf_printf(b, s[0] == '"' ? "'%s'" : "\"%s\"", s);
    else
        ADD(b, s);
}

void newpage_outline(const struct qgroup *g, struct buf *out)
{
    buf_printf(out, "[//]: # \"Questions des habitants (groupe %s) auxquelles cette page "
                    "répond :\"\n", g->id);
    for (int i = 0; i < g->nexamples; i++) {
        ADD(out, "[//]: # \"");
        for (const char *p = g->examples[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                buf_addc(out, '\\');
            buf_addc(out, (unsigned char)*p < 0x20 ? ' ' : *p);
        }
        ADD(out, "\"\n");
    }
    ADD(out, "\n");
}

static enum gc_rc build_text(const struct newpage *np, const char *title, const char *url,
                             const char *service, struct buf *text, struct gc_err *e)
{
    const char *tags = np->tags ? np->tags : "", *review = np->review_by ? np->review_by : "";
    if (!one_line(tags) || strlen(tags) > GC_TITLE_MAX)
        return gc_err_set(e, GC_ERR_INVALID, "Les étiquettes tiennent sur une ligne (%d octets au "
                                             "plus), séparées par des virgules.", GC_TITLE_MAX);
    if (*review && !date_is_valid(review))
        return gc_err_set(e, GC_ERR_INVALID, "La date « à relire avant le » doit être une date "
                                             "(AAAA-MM-JJ).");
    ADD(text, "---\ntitle: ");
    fm_value(text, title);
    buf_printf(text, "\nurl: %s\nservice: ", url);
    fm_value(text, service);
    ADD(text, "\nstatus: draft\n");
    if (*review)
        buf_printf(text, "review_by: %s\n", review);
    char *tg = trimmed(tags);
    if (*tg) {
        ADD(text, "tags: ");
        fm_value(text, tg);
        ADD(text, "\n");
    }
    free(tg);
    for (const char *q = np->questions ? np->questions : ""; *q;) {
        size_t n = strcspn(q, "\n");
        char *line = xstrndup(q, n);
        char *t = trimmed(line);
        if (*t) {
            if (!one_line(t) || strlen(t) > GC_ALT_QUESTION_MAX_BYTES) {
                free(t), free(line);
                return gc_err_set(e, GC_ERR_INVALID, "Une question des habitants tient sur une "
                                  "ligne de %d octets au plus.", GC_ALT_QUESTION_MAX_BYTES);
            }
            ADD(text, "question: ");
            fm_value(text, t);
            ADD(text, "\n");
        }
        free(t), free(line);
        q += n + (q[n] ? 1 : 0);
    }
    ADD(text, "---\n");
    for (const char *p = np->body; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            buf_addc(text, *p);
    if (text->len >= text->max - 1)
        return gc_err_set(e, GC_ERR_TOOBIG, "La page est trop longue.");
    return GC_OK;
}

/* Does body hold a line that is neither blank nor a comment "[//]: #"? */
static bool says_something(const char *body)
{
    for (const char *l = body ? body : ""; *l;) {
        size_t n = strcspn(l, "\n");
        size_t k = strspn(l, " \t\r");
        if (k < n && strncmp(l + k, "[//]: #", 7))
            return true;
        l += n + (l[n] ? 1 : 0);
    }
    return false;
}

enum gc_rc newpage_build(const struct newpage *np, const struct user *u, const char *base,
                         const char *by, struct buf *text, struct page_rec *p, struct gc_err *e)
{
    char url[GC_URL_MAX + 1];
    const char *err = NULL;
    enum gc_rc rc;
    char *title = trimmed(np->title), *service = trimmed(np->service);
    memset(p, 0, sizeof *p);
    buf_reset(text);
    if (!*title || !np->body || !*np->body) {
        rc = gc_err_set(e, GC_ERR_INVALID, "Le titre et le texte sont demandés.");
        goto out;
    }
    if (!says_something(np->body)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "Le texte ne dit encore rien aux habitants : écrivez "
                                           "la réponse sous les commentaires.");
        goto out;
    }
    if (strlen(np->body) > GC_ADMIN_PAGE_BODY_MAX) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "Le texte dépasse 256 Kio : découpez la page en "
                                          "plusieurs pages.");
        goto out;
    }
    if (!one_line(title) || strlen(title) > GC_TITLE_MAX) {
        rc = gc_err_set(e, GC_ERR_INVALID, "Le titre tient sur une ligne de %d octets au plus, "
                                           "sans caractère de contrôle.", GC_TITLE_MAX);
        goto out;
    }
    if (!*service) {
        rc = gc_err_set(e, GC_ERR_INVALID, "Choisissez le service de la page.");
        goto out;
    }
    if (!one_line(service) || strlen(service) > GC_SERVICE_NAME_MAX) {
        rc = gc_err_set(e, GC_ERR_INVALID, "Le nom du service tient sur une ligne de %d octets "
                                           "au plus.", GC_SERVICE_NAME_MAX);
        goto out;
    }
    if (u && !content_may(u, CONTENT_EDIT, service)) {
        rc = gc_err_set(e, GC_ERR_DENIED, "Vous ne rédigez pas pour le service « %.128s » : "
                                          "choisissez l’un des vôtres.", service);
        goto out;
    }
    if (!newpage_url(np->address, title, base, url, sizeof url, &err)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "%s", err);
        goto out;
    }
    rc = build_text(np, title, url, service, text, e);
    if (rc)
        goto out;
    char source[GC_LOGIN_MAX + 32];
    snprintf(source, sizeof source, "administration (%s)", by);
    rc = markdown_parse_page(source, buf_str(text), text->len, p, e);
    if (!rc)
        rc = page_rec_validate(p, source, e);
    if (rc) {
        if (rc != GC_ERR_TOOBIG)
            rc = GC_ERR_INVALID;
        page_rec_free(p);
        memset(p, 0, sizeof *p);
        goto out;
    }
    free(p->origin);
    p->origin = xstrdup("admin");
    p->author = xstrdup(by);
out:
    free(title);
    free(service);
    return rc;
}

enum gc_rc newpage_save(struct db *db, const struct page_rec *p, const char *by,
                        const struct qgroup *g, const char *detail, struct gc_err *e)
{
    char *other = NULL;
    enum store_put res;
    struct altq_page *pg = xcalloc(1, sizeof *pg);
    enum gc_rc rc = db_begin(db, e);
    if (rc)
        goto out_nobegin;
    /* the address and the identifier must be no other page's (checked in
     * the transaction that stores the page: no one slips in between) */
    const char *keys[] = {p->url, p->ext_id};
    for (int i = 0; i < 2 && !rc; i++) {
        enum gc_rc r = store_page_resolve(db, keys[i], &other, e);
        if (r == GC_OK || r == GC_ERR_INVALID)
            rc = gc_err_set(e, GC_ERR_INVALID, "L’adresse %s est déjà celle d’une autre page "
                                               "(%s) : choisissez-en une autre, ou modifiez "
                                               "cette page-là.", keys[i], other ? other : keys[i]);
        else if (r != GC_ERR_NOTFOUND)
            rc = r;
        free(other);
        other = NULL;
    }
    if (!rc)
        rc = store_page_put(db, p, &res, e);
    if (!rc)
        rc = audit_write(db, by, "page.create", p->ext_id, detail, e);
    if (!rc && g) {
        rc = altq_page_find(db, p->ext_id, pg, e);
        if (!rc)
            rc = altq_mark(db, g->id, ALTQ_LINKED, g->words, pg->id, NULL, by, e);
        char d[GC_URL_MAX + 64];
        snprintf(d, sizeof d, "draft page %s", p->ext_id);
        if (!rc)
            rc = audit_write(db, by, "question.draft", g->id, d, e);
    }
    if (!rc)
        rc = db_commit(db, e);
    if (rc)
        db_rollback(db);
out_nobegin:
    free(pg);
    return rc;
}

struct wctx {
    void (*fn)(void *ctx, int line, const char *msg);
    void *ctx;
};

static void on_warn(void *ctx, const char *file, int line, const char *msg)
{
    struct wctx *w = ctx;
    (void)file;
    w->fn(w->ctx, line - 2, msg);   /* the two lines of the empty front matter */
}

int newpage_warnings(struct db *db, const struct page_rec *p, const char *body,
                     void (*fn)(void *ctx, int line, const char *msg), void *ctx,
                     struct gc_err *e)
{
    struct consistency *c = NULL;
    if (consistency_open(&c, db, e))
        return -1;
    /* consistency_check reads a file's text: an empty front matter, then the body */
    struct buf t;
    buf_init(&t, GC_PAGE_TEXT_MAX);
    buf_adds(&t, "---\n---\n");
    buf_adds(&t, body);
    struct wctx w = {fn, ctx};
    int n = consistency_check(c, p, buf_str(&t), t.len, on_warn, &w);
    buf_free(&t);
    consistency_close(c);
    return n;
}

/* ------------------------------------------------------------- the form */

static const char *base_url(struct areq *r)
{
    return config_get(r->a->cfg, "public-url");
}

struct svc_list {
    char v[64][GC_SERVICE_NAME_MAX + 1];
    int n;
};

static int on_service(void *ctx, const struct page_info *p)
{
    struct svc_list *l = ctx;
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], p->service))
            return 0;
    if (*p->service && l->n < 64)
        snprintf(l->v[l->n++], sizeof l->v[0], "%s", p->service);
    return 0;
}

static void text_field(struct buf *b, const char *id, const char *label, const char *hint,
                       const char *type, const char *value, int max, bool required, bool invalid)
{
    buf_printf(b, "<label for=\"%s\">%s</label>\n", id, label);
    if (hint)
        buf_printf(b, "<p id=\"%s-aide\" class=\"hint\">%s</p>\n", id, hint);
    buf_printf(b, "<input type=\"%s\" id=\"%s\" name=\"%s\"", type, id, id);
    if (max)
        buf_printf(b, " maxlength=\"%d\"", max);
    if (hint)
        buf_printf(b, " aria-describedby=\"%s-aide\"", id);
    buf_printf(b, "%s%s value=\"", required ? " required" : "",
               invalid ? " aria-invalid=\"true\"" : "");
    ESC(b, value ? value : "");
    ADD(b, "\">\n");
}

static void service_field(struct areq *r, struct buf *b, const char *value)
{
    bool mine = r->u.role != ROLE_ADMIN && r->u.nservices > 0;
    ADD(b, "<label for=\"service\">Service</label>\n");
    if (mine) {   /* an editor's or a validator's services, nothing else */
        ADD(b, "<select id=\"service\" name=\"service\" required>");
        for (int i = 0; i < r->u.nservices; i++) {
            ADD(b, "<option value=\"");
            ESC(b, r->u.services[i]);
            buf_printf(b, "\"%s>", value && !strcmp(value, r->u.services[i]) ? " selected" : "");
            ESC(b, r->u.services[i]);
            ADD(b, "</option>");
        }
        ADD(b, "</select>\n");
        return;
    }
    struct svc_list l = {.n = 0};
    struct gc_err e = {0};
    if (store_pages_list(r->a->db, on_service, &l, &e))
        log_error("admin: new page: %s", e.msg);
    buf_printf(b, "<p id=\"service-aide\" class=\"hint\">Un service existant (la liste en propose) "
                  "ou un nouveau.</p>\n<input type=\"text\" id=\"service\" name=\"service\" "
                  "list=\"services\" maxlength=\"%d\" required aria-describedby=\"service-aide\" "
                  "value=\"", GC_SERVICE_NAME_MAX);
    ESC(b, value ? value : "");
    ADD(b, "\">\n<datalist id=\"services\">");
    for (int i = 0; i < l.n; i++) {
        ADD(b, "<option value=\"");
        ESC(b, l.v[i]);
        ADD(b, "\"></option>");
    }
    ADD(b, "</datalist>\n");
}

static void new_form(struct areq *r, int status, const struct newpage *np, const char *group,
                     const char *error, const struct page_rec *preview)
{
    struct buf b;
    page_start(r, &b, "Nouvelle page");
    ADD(&b, "<h1>Nouvelle page</h1>\n<p class=\"lead\">Une page que l’assistant citera une fois "
            "validée. Enregistrée comme brouillon, elle est ensuite soumise à validation ; une "
            "autre personne que vous la valide. Elle est gérée ici : un import de fichiers ne la "
            "remplace pas.</p>\n");
    if (group && *group)
        buf_printf(&b, "<p class=\"notice\" role=\"status\">Page commencée à partir du groupe de "
                       "questions <code>%s</code> : ses formulations sont ci-dessous, comme "
                       "questions des habitants et en commentaires du texte. Enregistrer le "
                       "brouillon retire le groupe de la liste des questions à traiter.</p>\n",
                   group);
    if (error) {
        ADD(&b, "<p id=\"new-erreur\" class=\"error\" role=\"alert\">");
        ESC(&b, error);
        ADD(&b, "</p>\n");
    }
    ADD(&b, "<form class=\"stack edit\" method=\"post\" action=\"/admin/new\"");
    if (error)
        ADD(&b, " aria-describedby=\"new-erreur\"");
    ADD(&b, ">\n");
    csrf_field(r, &b);
    if (group && *group) {
        ADD(&b, "<input type=\"hidden\" name=\"groupe\" value=\"");
        ESC(&b, group);
        ADD(&b, "\">\n");
    }
    bool inv = error != NULL;
    text_field(&b, "titre", "Titre", NULL, "text", np->title, GC_TITLE_MAX, true, inv);
    text_field(&b, "adresse", "Adresse de la page",
               "L’adresse complète de la page sur le site de la commune (https://…), ou un nom "
               "court (« permis-de-louer ») que l’assistant place sous son adresse publique ; "
               "vide : le titre en fait un.", "text", np->address, GC_URL_MAX, false, inv);
    service_field(r, &b, np->service);
    text_field(&b, "etiquettes", "Étiquettes (facultatif)", "Séparées par des virgules.", "text",
               np->tags, GC_TITLE_MAX, false, false);
    text_field(&b, "relire", "À relire avant le (facultatif)", NULL, "date", np->review_by, 0,
               false, false);
    buf_printf(&b, "<label for=\"texte\">Texte (Markdown)</label>\n<p id=\"texte-aide\" "
                   "class=\"hint\">Une ligne « ## » commence une section, une ligne vide sépare "
                   "les paragraphes, « - » commence un élément de liste ; une ligne « [//]: # "
                   "\"…\" » est un commentaire que les habitants ne voient pas.</p>\n"
                   "<textarea id=\"texte\" name=\"texte\" rows=\"20\" maxlength=\"%d\" required "
                   "aria-describedby=\"texte-aide\"%s>", GC_ADMIN_PAGE_BODY_MAX,
               inv ? " aria-invalid=\"true\"" : "");
    ESC(&b, np->body ? np->body : "");
    ADD(&b, "</textarea>\n<label for=\"questions\">Questions des habitants auxquelles la page "
            "répond (facultatif)</label>\n<p id=\"questions-aide\" class=\"hint\">Une par ligne ; "
            "l’assistant les associe à la page dès qu’elle est validée.</p>\n<textarea "
            "id=\"questions\" name=\"questions\" rows=\"5\" aria-describedby=\"questions-aide\">");
    ESC(&b, np->questions ? np->questions : "");
    ADD(&b, "</textarea>\n<div class=\"buttons\"><button type=\"submit\" name=\"action\" "
            "value=\"apercu\">Aperçu</button>\n<button type=\"submit\" name=\"action\" "
            "value=\"brouillon\">Enregistrer le brouillon</button></div>\n</form>\n"
            "<p><a href=\"/admin/pages\">Revenir aux pages sans enregistrer</a></p>\n");
    if (preview) {
        content_warnings(r, &b, preview, np->body);
        content_preview(r, &b, preview);
    }
    page_end(r, &b);
    page_send(r, &b, status);
}

void page_new(struct areq *r)
{
    struct gc_err e = {0};
    const char *group = areq_query(r, "groupe");
    struct newpage np = {.service = r->u.role != ROLE_ADMIN && r->u.nservices ? r->u.services[0]
                                                                               : ""};
    if (!group || !*group) {
        new_form(r, 200, &np, NULL, NULL, NULL);
        return;
    }
    struct qloop q;
    enum gc_rc rc = qloop_find(r->a->db, group, r->a->low_conf, &q, &e);
    if (rc) {
        if (rc != GC_ERR_NOTFOUND)
            log_error("admin: new page: %s", e.msg);
        page_message(r, rc == GC_ERR_NOTFOUND ? 404 : 500, "Groupe introuvable",
                     rc == GC_ERR_NOTFOUND ? "Aucun groupe de questions n’a cet identifiant."
                                           : "Les questions n’ont pas pu être lues.");
        return;
    }
    const struct qgroup *g = &q.g[0];
    struct buf body, qs;
    buf_init(&body, GC_ADMIN_PAGE_BODY_MAX);
    buf_init(&qs, GC_ADMIN_PAGE_BODY_MAX);
    newpage_outline(g, &body);
    for (int i = 0; i < g->nexamples; i++)
        buf_printf(&qs, "%s\n", g->examples[i]);
    np.title = g->examples[0];
    np.body = buf_str(&body);
    np.questions = buf_str(&qs);
    /* a page of the services of the pages the group's answers cited, when it is the account's */
    char svc[GC_SERVICE_NAME_MAX + 1];
    snprintf(svc, sizeof svc, "%.*s", (int)strcspn(g->services, ";"), g->services);
    if (*svc && content_may(&r->u, CONTENT_EDIT, svc))
        np.service = svc;
    new_form(r, 200, &np, g->id, NULL, NULL);
    buf_free(&body);
    buf_free(&qs);
    qloop_free(&q);
}

/* The warnings' count, for the audit row (consistency_warn's shape). */
static void count_warn(void *ctx, int line, const char *msg)
{
    (void)line, (void)msg;
    ++*(int *)ctx;
}

void post_new(struct areq *r)
{
    struct gc_err e = {0};
    const char *action = areq_form(r, "action"), *group = areq_form(r, "groupe");
    struct newpage np = {
        .title = areq_form(r, "titre"), .address = areq_form(r, "adresse"),
        .service = areq_form(r, "service"), .tags = areq_form(r, "etiquettes"),
        .review_by = areq_form(r, "relire"), .body = areq_form(r, "texte"),
        .questions = areq_form(r, "questions"),
    };
    struct page_rec p = {0};
    struct qloop q = {0};
    struct buf text;
    buf_init(&text, GC_ADMIN_PAGE_BODY_MAX + 16 * 1024);
    if (group && !*group)
        group = NULL;
    enum gc_rc rc = newpage_build(&np, &r->u, base_url(r), r->u.login, &text, &p, &e);
    if (rc) {
        int status = rc == GC_ERR_TOOBIG ? 413 : rc == GC_ERR_DENIED ? 403 : 400;
        if (rc == GC_ERR_TOOBIG)
            np.body = "";   /* not sent back */
        new_form(r, status, &np, group, e.msg, NULL);
        goto out;
    }
    if (!action || strcmp(action, "brouillon")) {
        new_form(r, 200, &np, group, NULL, &p);
        goto out;
    }
    if (group) {
        rc = qloop_find(r->a->db, group, r->a->low_conf, &q, &e);
        if (rc) {
            if (rc != GC_ERR_NOTFOUND)
                log_error("admin: new page: %s", e.msg);
            new_form(r, rc == GC_ERR_NOTFOUND ? 404 : 500, &np, NULL,
                     "Le groupe de questions n’existe plus : enregistrez la page sans lui.", NULL);
            goto out;
        }
    }
    int warnings = 0;
    if (newpage_warnings(r->a->db, &p, np.body, count_warn, &warnings, &e) < 0)
        log_error("admin: new page: %s", e.msg);
    char detail[64];
    snprintf(detail, sizeof detail, "draft, %d warning%s", warnings, warnings == 1 ? "" : "s");
    rc = newpage_save(r->a->db, &p, r->u.login, group ? &q.g[0] : NULL, detail, &e);
    if (rc == GC_ERR_INVALID) {
        new_form(r, 409, &np, group, e.msg, NULL);
        goto out;
    }
    if (rc) {
        log_error("admin: new page: %s", e.msg);
        new_form(r, 500, &np, group, "La page n’a pas pu être enregistrée : réessayez.", NULL);
        goto out;
    }
    struct buf loc;
    buf_init(&loc, sizeof r->rs->location);
    ADD(&loc, "/admin/page?id=");
    query_esc(&loc, p.ext_id);
    ADD(&loc, "&fait=creee");
    redirect(r, loc.len < loc.max - 1 ? buf_str(&loc) : "/admin/pages");
    buf_free(&loc);
out:
    qloop_free(&q);
    page_rec_free(&p);
    buf_free(&text);
}
