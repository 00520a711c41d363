/* content.c — the back office's content pages: the town's pages by service
 * (overdue and soon-due first), a page's versions and what changed between
 * two of them (util/linediff).  The states are those of store/pages.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin_int.h"
#include "admin/content.h"
#include "admin/newpage.h"
#include "import/markdown.h"
#include "knowledge/placeholders.h"
#include "store/audit.h"
#include "store/pages.h"
#include "util/clock.h"
#include "util/linediff.h"
#include "util/log.h"
#include "util/mem.h"

#define ESC(b, s) html_esc((b), (s))
#define ADD(b, s) buf_adds((b), (s))
#define SOON_DAYS 30         /* a review or an end within this many days is "soon" */
#define DIFF_CONTEXT 3       /* unchanged lines shown around a change */

bool content_may(const struct user *u, enum content_act act, const char *service)
{
    if (u->role == ROLE_ADMIN)
        return true;
    if (!user_has_service(u, service ? service : ""))
        return false;
    bool validating = act == CONTENT_VALIDATE || act == CONTENT_GIVEBACK ||
                      act == CONTENT_REPUBLISH;
    return !validating || u->role == ROLE_VALIDATOR;
}

static const char *state_fr(enum page_state s)
{
    switch (s) {
    case PAGE_DRAFT: return "brouillon";
    case PAGE_SUBMITTED: return "soumise à validation";
    case PAGE_VALIDATED: return "validée";
    case PAGE_WITHDRAWN: return "retirée";
    default: return "expirée";
    }
}

static const char *status_fr(const char *status)
{
    enum page_state s;
    return page_state_parse(status, &s) ? state_fr(s) : status;
}

static void date_fr(struct buf *b, const char *iso)
{
    char d[48];
    if (iso && *iso && html_date_fr(iso, d, sizeof d))
        ESC(b, d);
    else
        ESC(b, iso ? iso : "");
}

/* ------------------------------------------------------- the page list */

struct prow {
    char *ext_id, *title, *service, *validated_by, *validated_on, *review_by, *expires;
    enum page_state state;
    int urgency;          /* 0 overdue or expired, 1 due within SOON_DAYS, 2 the rest */
    char due[11];         /* the date that makes it urgent, "" none */
    bool pending;         /* a newer version than the published one waits */
};

struct plist {
    const struct user *u;
    const char *today, *soon, *service;
    struct prow *rows;
    int n, cap;
    char services[64][GC_SERVICE_NAME_MAX + 1];
    int nservices;
};

static int on_info(void *ctx, const struct page_info *p)
{
    struct plist *l = ctx;
    if (!user_has_service(l->u, p->service))
        return 0;
    bool seen = false;
    for (int i = 0; i < l->nservices && !seen; i++)
        seen = !strcmp(l->services[i], p->service);
    if (!seen && l->nservices < 64)
        snprintf(l->services[l->nservices++], sizeof l->services[0], "%s", p->service);
    if (l->service && *l->service && strcmp(l->service, p->service))
        return 0;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->rows = xrealloc(l->rows, (size_t)l->cap * sizeof *l->rows);
    }
    struct prow *w = &l->rows[l->n++];
    *w = (struct prow){
        .ext_id = xstrdup(p->ext_id), .title = xstrdup(p->title), .service = xstrdup(p->service),
        .validated_by = xstrdup(p->validated_by), .validated_on = xstrdup(p->validated_on),
        .review_by = xstrdup(p->review_by), .expires = xstrdup(p->expires),
        .state = page_info_state(p, l->today), .urgency = 2,
        .pending = p->version != p->published_version,
    };
    bool live = w->state == PAGE_VALIDATED || w->state == PAGE_EXPIRED;
    /* the earliest of review_by and expires decides */
    const char *d = *p->review_by && (!*p->expires || strcmp(p->review_by, p->expires) < 0)
                        ? p->review_by : p->expires;
    if (live && *d) {
        snprintf(w->due, sizeof w->due, "%s", d);
        w->urgency = strcmp(d, l->today) < 0 || w->state == PAGE_EXPIRED ? 0
                     : strcmp(d, l->soon) <= 0                            ? 1
                                                                          : 2;
    }
    return 0;
}

static int prow_cmp(const void *x, const void *y)
{
    const struct prow *a = x, *b = y;
    int c = strcmp(a->service, b->service);
    if (c)
        return c;
    if (a->urgency != b->urgency)
        return a->urgency - b->urgency;
    c = a->urgency < 2 ? strcmp(a->due, b->due) : 0;
    if (c)
        return c;
    return strcmp(a->title, b->title);
}

static void plist_free(struct plist *l)
{
    for (int i = 0; i < l->n; i++) {
        struct prow *w = &l->rows[i];
        free(w->ext_id), free(w->title), free(w->service), free(w->validated_by);
        free(w->validated_on), free(w->review_by), free(w->expires);
    }
    free(l->rows);
}

/* s percent-encoded for a query value (RFC 3986 unreserved kept). */
void query_esc(struct buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            buf_addc(b, (char)*p);
        else
            buf_printf(b, "%%%02X", *p);
    }
}

static void page_link(struct buf *b, const char *ext_id, const char *label)
{
    ADD(b, "<a href=\"/admin/page?id=");
    query_esc(b, ext_id);
    ADD(b, "\">");
    ESC(b, label);
    ADD(b, "</a>");
}

static void row_html(struct buf *b, const struct prow *w, const char *today)
{
    ADD(b, "<tr><th scope=\"row\">");
    page_link(b, w->ext_id, *w->title ? w->title : w->ext_id);
    ADD(b, "</th><td>");
    ESC(b, state_fr(w->state));
    if (w->pending && w->state != PAGE_DRAFT && w->state != PAGE_SUBMITTED)
        ADD(b, " (une nouvelle version attend)");
    ADD(b, "</td><td>");
    if (*w->validated_on) {
        date_fr(b, w->validated_on);
        if (*w->validated_by) {
            ADD(b, " par ");
            ESC(b, w->validated_by);
        }
    } else
        ADD(b, "jamais");
    ADD(b, "</td><td>");
    if (*w->review_by) {
        date_fr(b, w->review_by);
        if (strcmp(w->review_by, today) < 0 && w->state == PAGE_VALIDATED)
            ADD(b, " <strong>(en retard)</strong>");
        else if (w->urgency == 1 && !strcmp(w->due, w->review_by))
            ADD(b, " <strong>(bientôt)</strong>");
    } else
        ADD(b, "—");
    ADD(b, "</td><td>");
    if (*w->expires) {
        date_fr(b, w->expires);
        if (w->state == PAGE_EXPIRED)
            ADD(b, " <strong>(expirée)</strong>");
        else if (w->urgency == 1 && !strcmp(w->due, w->expires))
            ADD(b, " <strong>(bientôt)</strong>");
    } else
        ADD(b, "—");
    ADD(b, "</td></tr>\n");
}

void page_pages(struct areq *r)
{
    struct gc_err e = {0};
    char today[11], soon[11];
    local_day(0, today);
    local_day(SOON_DAYS, soon);
    const char *service = areq_query(r, "service");
    struct plist l = {.u = &r->u, .today = today, .soon = soon, .service = service};
    if (store_pages_list(r->a->db, on_info, &l, &e)) {
        log_error("admin: pages: %s", e.msg);
        plist_free(&l);
        page_message(r, 500, "Erreur", "Les pages n’ont pas pu être lues.");
        return;
    }
    qsort(l.rows, (size_t)l.n, sizeof *l.rows, prow_cmp);
    struct buf b;
    page_start(r, &b, "Pages");
    ADD(&b, "<h1>Pages de l’assistant</h1>\n<p class=\"lead\">Les pages dont l’assistant tire ses "
            "réponses, par service : leur état, leur dernière validation, la date à laquelle les "
            "relire et celle à laquelle elles cessent d’être servies. Dans chaque service, les "
            "pages en retard ou expirées viennent d’abord, puis celles à relire ou qui expirent "
            "dans les 30 jours.</p>\n<p><a href=\"/admin/new\">Nouvelle page</a></p>\n");
    ADD(&b, "<form class=\"filters\" method=\"get\" action=\"/admin/pages\">\n"
            "<div><label for=\"service\">Service</label>\n<select id=\"service\" name=\"service\">"
            "<option value=\"\">Tous</option>");
    for (int i = 0; i < l.nservices; i++) {
        ADD(&b, "<option value=\"");
        ESC(&b, l.services[i]);
        buf_printf(&b, "\"%s>", service && !strcmp(service, l.services[i]) ? " selected" : "");
        ESC(&b, *l.services[i] ? l.services[i] : "(sans service)");
        ADD(&b, "</option>");
    }
    ADD(&b, "</select></div>\n<div><button type=\"submit\">Filtrer</button></div>\n</form>\n");
    if (l.n == 0)
        ADD(&b, "<p>Aucune page pour ces critères.</p>\n");
    int sec = 0;
    for (int i = 0; i < l.n;) {
        const char *svc = l.rows[i].service;
        char id[32], cap[GC_SERVICE_NAME_MAX + 64];
        snprintf(id, sizeof id, "service-%d", ++sec);
        snprintf(cap, sizeof cap, "Pages du service %s", *svc ? svc : "(sans service)");
        ADD(&b, "<h2>");
        ESC(&b, *svc ? svc : "(sans service)");
        ADD(&b, "</h2>\n");
        table_open(&b, id, cap);
        ADD(&b, "<thead><tr><th scope=\"col\">Page</th><th scope=\"col\">État</th>"
                "<th scope=\"col\">Dernière validation</th><th scope=\"col\">À relire avant le</th>"
                "<th scope=\"col\">Servie jusqu’au</th></tr></thead>\n<tbody>\n");
        for (; i < l.n && !strcmp(l.rows[i].service, svc); i++)
            row_html(&b, &l.rows[i], today);
        ADD(&b, "</tbody>\n");
        table_close(&b);
    }
    plist_free(&l);
    page_end(r, &b);
    page_send(r, &b, 200);
}

/* ------------------------------------------------- versions and diffs */

struct vlist {
    struct page_version *v;   /* copies */
    int n, cap;
};

static int on_version(void *ctx, const struct page_version *v)
{
    struct vlist *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (struct page_version){
        .version = v->version, .status = xstrdup(v->status), .title = xstrdup(v->title),
        .url = xstrdup(v->url), .service = xstrdup(v->service),
        .validated_by = xstrdup(v->validated_by), .validated_on = xstrdup(v->validated_on),
        .review_by = xstrdup(v->review_by), .expires = xstrdup(v->expires),
        .source = xstrdup(v->source), .imported_at = xstrdup(v->imported_at),
        .body = xstrdup(v->body), .tags = xstrdup(v->tags), .facility = xstrdup(v->facility),
        .author = xstrdup(v->author), .scopes = xstrdup(v->scopes),
        .questions = xstrdup(v->questions),
    };
    return 0;
}

static void vlist_free(struct vlist *l)
{
    for (int i = 0; i < l->n; i++) {
        struct page_version *v = &l->v[i];
        free((char *)v->status), free((char *)v->title), free((char *)v->url);
        free((char *)v->service), free((char *)v->validated_by), free((char *)v->validated_on);
        free((char *)v->review_by), free((char *)v->expires), free((char *)v->source);
        free((char *)v->imported_at), free((char *)v->body), free((char *)v->tags);
        free((char *)v->facility), free((char *)v->author), free((char *)v->scopes);
        free((char *)v->questions);
    }
    free(l->v);
}

static const struct page_version *vfind(const struct vlist *l, int version)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i].version == version)
            return &l->v[i];
    return NULL;
}

static void version_select(struct buf *b, const char *id, const char *label,
                           const struct vlist *l, int cur)
{
    buf_printf(b, "<div><label for=\"%s\">%s</label>\n<select id=\"%s\" name=\"%s\">", id, label,
               id, id);
    for (int i = 0; i < l->n; i++) {
        buf_printf(b, "<option value=\"%d\"%s>Version %d (", l->v[i].version,
                   l->v[i].version == cur ? " selected" : "", l->v[i].version);
        ESC(b, status_fr(l->v[i].status));
        ADD(b, ")</option>");
    }
    ADD(b, "</select></div>\n");
}

static void diff_row(struct buf *b, const struct diff_line *d)
{
    static const char *const what[] = {"inchangée", "supprimée", "ajoutée"};
    static const char *const cls[] = {"same", "del", "add"};
    buf_printf(b, "<tr class=\"%s\"><td>", cls[d->op]);
    if (d->old_no)
        buf_printf(b, "%d", d->old_no);
    ADD(b, "</td><td>");
    if (d->new_no)
        buf_printf(b, "%d", d->new_no);
    buf_printf(b, "</td><td>%s</td><td><pre>", what[d->op]);
    ADD(b, d->op == DIFF_DEL ? "<del>" : d->op == DIFF_ADD ? "<ins>" : "");
    html_esc_n(b, d->s, d->len);
    ADD(b, d->op == DIFF_DEL ? "</del>" : d->op == DIFF_ADD ? "</ins>" : "");
    ADD(b, "</pre></td></tr>\n");
}

/* The difference from version a to version b, unchanged runs folded. */
static void diff_html(struct buf *b, const struct page_version *a, const struct page_version *bv)
{
    struct diff d;
    struct gc_err e = {0};
    buf_printf(b, "<h2 id=\"diff\">Ce qui a changé de la version %d à la version %d</h2>\n",
               a->version, bv->version);
    if (diff_lines(a->body, bv->body, &d, &e)) {
        ADD(b, "<p class=\"error\" role=\"alert\">");
        ESC(b, e.msg);
        ADD(b, "</p>\n");
        return;
    }
    if (d.removed == 0 && d.added == 0) {
        ADD(b, "<p>Les deux versions ont le même texte.</p>\n");
        diff_free(&d);
        return;
    }
    buf_printf(b, "<p>%d ligne%s supprimée%s, %d ligne%s ajoutée%s.%s</p>\n", d.removed,
               d.removed > 1 ? "s" : "", d.removed > 1 ? "s" : "", d.added,
               d.added > 1 ? "s" : "", d.added > 1 ? "s" : "",
               d.shortest ? "" : " (Texte trop long pour chercher les lignes communes du "
                                 "milieu : elles sont montrées supprimées puis ajoutées.)");
    table_open(b, "diff-table", "Lignes supprimées et ajoutées, avec les lignes voisines");
    ADD(b, "<thead><tr><th scope=\"col\">Ligne avant</th><th scope=\"col\">Ligne après</th>"
           "<th scope=\"col\">Changement</th><th scope=\"col\">Texte</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < d.n;) {
        if (d.l[i].op != DIFF_SAME) {
            diff_row(b, &d.l[i++]);
            continue;
        }
        int j = i;
        while (j < d.n && d.l[j].op == DIFF_SAME)
            j++;
        /* unchanged run [i, j): show DIFF_CONTEXT lines at each end that touches a change */
        int head = i > 0 ? DIFF_CONTEXT : 0, tail = j < d.n ? DIFF_CONTEXT : 0;
        if (j - i <= head + tail + 1) {
            for (; i < j; i++)
                diff_row(b, &d.l[i]);
            continue;
        }
        for (int k = 0; k < head; k++)
            diff_row(b, &d.l[i + k]);
        buf_printf(b, "<tr class=\"fold\"><td colspan=\"4\">… %d ligne%s inchangée%s …</td></tr>\n",
                   j - i - head - tail, j - i - head - tail > 1 ? "s" : "",
                   j - i - head - tail > 1 ? "s" : "");
        for (int k = j - tail; k < j; k++)
            diff_row(b, &d.l[k]);
        i = j;
    }
    ADD(b, "</tbody>\n");
    table_close(b);
    diff_free(&d);
}

/* --------------------------------------------------------- the actions */

static const struct {
    const char *key, *msg;
} done_msgs[] = {
    {"creee", "La page est créée, en brouillon : soumettez-la à validation ; une autre personne "
              "que vous la validera."},
    {"brouillon", "Le brouillon est enregistré (une nouvelle version). Les habitants ont toujours "
                  "la version validée, s’il y en a une."},
    {"soumise", "La version est soumise à validation."},
    {"validee", "La version est validée : l’assistant la sert dans quelques secondes."},
    {"retiree", "La page est retirée : l’assistant ne s’en sert plus."},
    {"renvoyee", "La version est renvoyée en brouillon."},
    {"remise", "La page est remise en service : l’assistant la sert dans quelques secondes."},
};

static void hidden_id(struct buf *b, const char *id)
{
    ADD(b, "<input type=\"hidden\" name=\"id\" value=\"");
    ESC(b, id);
    ADD(b, "\">\n");
}

struct wfind {
    const char *id;
    bool withdrawn;
};

static int on_wfind(void *ctx, const struct page_info *p)
{
    struct wfind *w = ctx;
    if (strcmp(p->ext_id, w->id))
        return 0;
    w->withdrawn = p->withdrawn;
    return 1;
}

static void action_form(struct areq *r, struct buf *b, const char *id, const char *path,
                        const char *button, bool reason)
{
    buf_printf(b, "<form class=\"stack\" method=\"post\" action=\"/admin/page/%s\">\n", path);
    csrf_field(r, b);
    hidden_id(b, id);
    if (reason)
        buf_printf(b, "<label for=\"raison-%s\">Raison</label>\n<input type=\"text\" "
                      "id=\"raison-%s\" name=\"raison\" maxlength=\"%d\" required>\n",
                   path, path, GC_WITHDRAW_REASON_MAX);
    buf_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", button);
}

/* What the signed-in account may do to the page, as forms. */
static void actions_html(struct areq *r, struct buf *b, const char *id,
                         const struct page_version *top)
{
    const char *done = areq_query(r, "fait");
    for (size_t i = 0; done && i < sizeof done_msgs / sizeof done_msgs[0]; i++)
        if (!strcmp(done, done_msgs[i].key)) {
            ADD(b, "<p class=\"notice\" role=\"status\">");
            ESC(b, done_msgs[i].msg);
            ADD(b, "</p>\n");
        }
    bool open = !strcmp(top->status, "draft") || !strcmp(top->status, "submitted");
    ADD(b, "<h2>Actions</h2>\n<p>Version la plus récente : ");
    buf_printf(b, "%d, ", top->version);
    ESC(b, status_fr(top->status));
    if (*top->author) {
        ADD(b, ", écrite dans l’administration par ");
        ESC(b, top->author);
    }
    ADD(b, ".</p>\n<div class=\"actions\">\n");
    if (content_may(&r->u, CONTENT_EDIT, top->service)) {
        ADD(b, "<p><a href=\"/admin/edit?id=");
        query_esc(b, id);
        ADD(b, "\">Modifier le texte</a></p>\n");
    }
    if (!strcmp(top->status, "draft") && content_may(&r->u, CONTENT_SUBMIT, top->service)) {
        ADD(b, "<form method=\"post\" action=\"/admin/page/submit\">\n");
        csrf_field(r, b);
        hidden_id(b, id);
        ADD(b, "<button type=\"submit\">Soumettre à validation</button>\n</form>\n");
    }
    if (open && content_may(&r->u, CONTENT_VALIDATE, top->service)) {
        if (*top->author && !strcmp(top->author, r->u.login))
            ADD(b, "<p class=\"hint\">Vous avez écrit cette version : une autre personne doit la "
                   "valider.</p>\n");
        else {
            ADD(b, "<form method=\"post\" action=\"/admin/page/validate\">\n");
            csrf_field(r, b);
            hidden_id(b, id);
            ADD(b, "<button type=\"submit\">Valider cette version</button>\n</form>\n");
        }
    }
    if (!strcmp(top->status, "submitted") && content_may(&r->u, CONTENT_GIVEBACK, top->service))
        action_form(r, b, id, "giveback", "Renvoyer en brouillon", true);
    struct wfind w = {.id = id};
    struct gc_err e = {0};
    if (store_pages_list(r->a->db, on_wfind, &w, &e))
        log_error("admin: page: %s", e.msg);
    if (w.withdrawn) {
        ADD(b, "<p><strong>La page est retirée</strong> : l’assistant ne s’en sert pas.</p>\n");
        if (content_may(&r->u, CONTENT_REPUBLISH, top->service))
            action_form(r, b, id, "republish", "Remettre en service la version validée", false);
    } else if (content_may(&r->u, CONTENT_WITHDRAW, top->service))
        action_form(r, b, id, "withdraw", "Retirer la page", true);
    ADD(b, "</div>\n");
}

void page_page(struct areq *r)
{
    struct gc_err e = {0};
    const char *id = areq_query(r, "id");
    struct vlist l = {0};
    enum gc_rc rc = id && *id ? store_page_versions(r->a->db, id, on_version, &l, &e)
                              : GC_ERR_NOTFOUND;
    if (rc) {
        if (rc != GC_ERR_NOTFOUND)
            log_error("admin: page: %s", e.msg);
        vlist_free(&l);
        page_message(r, rc == GC_ERR_NOTFOUND ? 404 : 500, "Page introuvable",
                     rc == GC_ERR_NOTFOUND ? "Aucune page n’a cet identifiant."
                                           : "La page n’a pas pu être lue.");
        return;
    }
    const struct page_version *top = &l.v[0];
    if (!user_has_service(&r->u, top->service)) {
        vlist_free(&l);
        page_message(r, 403, "Accès réservé",
                     "Cette page appartient à un service dont vous ne vous occupez pas.");
        return;
    }
    const char *qa = areq_query(r, "de"), *qb = areq_query(r, "a");
    const struct page_version *va = qa ? vfind(&l, (int)strtol(qa, NULL, 10)) : NULL;
    const struct page_version *vb = qb ? vfind(&l, (int)strtol(qb, NULL, 10)) : NULL;
    if (!vb)
        vb = top;
    if (!va)
        va = l.n > 1 ? &l.v[1] : top;
    struct buf b;
    page_start(r, &b, top->title);
    ADD(&b, "<h1>");
    ESC(&b, top->title);
    ADD(&b, "</h1>\n<dl class=\"facts\"><dt>Adresse</dt><dd>");
    ESC(&b, top->url);
    ADD(&b, "</dd><dt>Identifiant</dt><dd>");
    ESC(&b, id);
    ADD(&b, "</dd><dt>Service</dt><dd>");
    ESC(&b, *top->service ? top->service : "(sans service)");
    ADD(&b, "</dd></dl>\n<p><a href=\"/admin/pages\">Toutes les pages</a></p>\n");
    actions_html(r, &b, id, top);
    /* the import's warnings about the newest version's text (not blocking) */
    struct page_rec cur = {.url = (char *)top->url, .facility = (char *)top->facility,
                           .source = (char *)top->source};
    content_warnings(r, &b, &cur, top->body);
    table_open(&b, "versions", "Versions de la page, la plus récente d’abord");
    ADD(&b, "<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">État</th>"
            "<th scope=\"col\">Enregistrée le</th><th scope=\"col\">Validée</th>"
            "<th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < l.n; i++) {
        const struct page_version *v = &l.v[i];
        char when[96];
        fr_datetime(v->imported_at, when, sizeof when);
        buf_printf(&b, "<tr><th scope=\"row\">%d</th><td>", v->version);
        ESC(&b, status_fr(v->status));
        ADD(&b, "</td><td>");
        ESC(&b, when);
        ADD(&b, "</td><td>");
        if (*v->validated_on) {
            date_fr(&b, v->validated_on);
            ADD(&b, " par ");
            ESC(&b, v->validated_by);
        } else
            ADD(&b, "non");
        ADD(&b, "</td><td>");
        ESC(&b, v->source);
        ADD(&b, "</td></tr>\n");
    }
    ADD(&b, "</tbody>\n");
    table_close(&b);
    if (l.n > 1) {
        ADD(&b, "<form class=\"filters\" method=\"get\" action=\"/admin/page#diff\">\n"
                "<input type=\"hidden\" name=\"id\" value=\"");
        ESC(&b, id);
        ADD(&b, "\">\n");
        version_select(&b, "de", "Comparer la version", &l, va->version);
        version_select(&b, "a", "à la version", &l, vb->version);
        ADD(&b, "<div><button type=\"submit\">Comparer</button></div>\n</form>\n");
        diff_html(&b, va, vb);
    }
    vlist_free(&l);
    page_end(r, &b);
    page_send(r, &b, 200);
}

/* ------------------------------------------------------------- editing */

/* The page's newest version (into *l, l->v[0]), and may u do act on it?
 * Answers the request itself (404, 403, 500) and returns false when not. */
static bool load_for(struct areq *r, const char *id, enum content_act act, struct vlist *l)
{
    struct gc_err e = {0};
    enum gc_rc rc = id && *id ? store_page_versions(r->a->db, id, on_version, l, &e)
                              : GC_ERR_NOTFOUND;
    if (rc) {
        if (rc != GC_ERR_NOTFOUND)
            log_error("admin: page: %s", e.msg);
        page_message(r, rc == GC_ERR_NOTFOUND ? 404 : 500, "Page introuvable",
                     rc == GC_ERR_NOTFOUND ? "Aucune page n’a cet identifiant."
                                           : "La page n’a pas pu être lue.");
        return false;
    }
    if (!content_may(&r->u, act, l->v[0].service)) {
        page_message(r, 403, "Accès réservé",
                     act == CONTENT_VALIDATE && user_has_service(&r->u, l->v[0].service)
                         ? "Seuls les validateurs du service et les administrateurs valident "
                           "une page."
                         : "Cette page appartient à un service dont vous ne vous occupez pas.");
        return false;
    }
    return true;
}

/* The page's Markdown as a file would hold it: the newest version's front
 * matter, with the title typed and the status draft, then the body typed
 * (line ends made '\n').  false (message in *err) for a bad title. */
static bool page_text(const struct page_version *top, const char *title, const char *body,
                      struct buf *out, const char **err)
{
    for (const unsigned char *p = (const unsigned char *)title; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            *err = "Le titre tient sur une ligne, sans caractère de contrôle.";
            return false;
        }
    if (!*title) {
        *err = "Donnez un titre à la page.";
        return false;
    }
    buf_printf(out, "---\ntitle: %s\nurl: %s\nservice: %s\nstatus: draft\n", title, top->url,
               top->service);
    if (*top->review_by)
        buf_printf(out, "review_by: %s\n", top->review_by);
    if (*top->expires)
        buf_printf(out, "expires: %s\n", top->expires);
    if (*top->facility)
        buf_printf(out, "facility: %s\n", top->facility);
    if (*top->tags)
        buf_printf(out, "tags: %s\n", top->tags);
    if (*top->scopes)
        buf_printf(out, "scopes: %s\n", top->scopes);
    for (const char *q = top->questions; *q;) {   /* the version's own alternate questions */
        size_t n = strcspn(q, "\n");
        if (n)
            buf_printf(out, "question: %.*s\n", (int)n, q);
        q += n + (q[n] ? 1 : 0);
    }
    ADD(out, "---\n");
    for (const char *p = body; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            buf_addc(out, *p);
    if (out->len >= out->max - 1) {
        *err = "La page est trop longue.";
        return false;
    }
    return true;
}

struct warn_html {
    struct buf *b;
    int n;
};

static void on_warning(void *ctx, int line, const char *msg)
{
    struct warn_html *w = ctx;
    if (w->n++ == 0)
        ADD(w->b, "<section class=\"warnings\" aria-labelledby=\"avertissements\">\n<h2 "
                  "id=\"avertissements\">Avertissements</h2>\n<p>Les vérifications de "
                  "<code>guichet import</code> sur ce texte (elles n’empêchent pas "
                  "d’enregistrer) :</p>\n<ul>\n");
    buf_printf(w->b, "<li>Ligne %d du texte : <span lang=\"en\">", line);
    ESC(w->b, msg);
    ADD(w->b, "</span></li>\n");
}

int content_warnings(struct areq *r, struct buf *b, const struct page_rec *p, const char *body)
{
    struct gc_err e = {0};
    struct warn_html w = {b, 0};
    if (newpage_warnings(r->a->db, p, body ? body : "", on_warning, &w, &e) < 0)
        log_error("admin: warnings: %s", e.msg);
    if (w.n)
        ADD(b, "</ul>\n</section>\n");
    return w.n;
}

/* The passages of p as residents are given them: headings, then each
 * paragraph or list item, placeholders expanded from the facilities. */
void content_preview(struct areq *r, struct buf *b, const struct page_rec *p)
{
    struct gc_err e = {0};
    struct placeholders *ph = NULL;
    if (placeholders_load(r->a->db, &ph, &e))
        log_error("admin: preview: %s", e.msg);
    char day[11];
    local_day(0, day);
    long today = clock_days((int)strtol(day, NULL, 10), (int)strtol(day + 5, NULL, 10),
                            (int)strtol(day + 8, NULL, 10));
    ADD(b, "<section class=\"preview\" aria-labelledby=\"apercu\">\n<h2 id=\"apercu\">Aperçu : "
           "ce que l’assistant dira de cette page</h2>\n<h3>");
    ESC(b, p->title);
    ADD(b, "</h3>\n");
    struct buf t;
    buf_init(&t, GC_ADMIN_PAGE_MAX);
    for (int i = 0; i < p->npassages; i++) {
        const struct passage_rec *ps = &p->passages[i];
        if (*ps->heading) {
            ADD(b, "<h4>");
            ESC(b, ps->heading);
            ADD(b, "</h4>\n");
        }
        buf_reset(&t);
        if (ph)
            placeholders_expand(ph, ps->text, strlen(ps->text), p->facility, today, &t);
        else
            ADD(&t, ps->text);
        for (const char *l = buf_str(&t); *l;) {
            size_t n = strcspn(l, "\n");
            if (n) {
                ADD(b, "<p>");
                html_esc_n(b, l, n);
                ADD(b, "</p>\n");
            }
            l += n + (l[n] ? 1 : 0);
        }
    }
    buf_free(&t);
    placeholders_free(ph);
    ADD(b, "</section>\n");
}

static void edit_form(struct areq *r, int status, const char *id, const char *title,
                      const char *body, const char *error, const struct page_rec *preview)
{
    struct buf b;
    page_start(r, &b, "Modifier une page");
    ADD(&b, "<h1>Modifier la page « ");
    ESC(&b, title);
    ADD(&b, " »</h1>\n<p class=\"lead\">Le texte est en Markdown : une ligne « ## » commence une "
            "section, une ligne vide sépare les paragraphes, « - » commence un élément de liste. "
            "Enregistrer crée une nouvelle version en brouillon : les habitants gardent la "
            "version validée jusqu’à ce qu’une autre personne valide celle-ci.</p>\n");
    if (error) {
        ADD(&b, "<p id=\"edit-erreur\" class=\"error\" role=\"alert\">");
        ESC(&b, error);
        ADD(&b, "</p>\n");
    }
    const char *inv = error ? " aria-invalid=\"true\" aria-describedby=\"edit-erreur\"" : "";
    ADD(&b, "<form class=\"stack edit\" method=\"post\" action=\"/admin/edit\">\n");
    csrf_field(r, &b);
    hidden_id(&b, id);
    buf_printf(&b, "<label for=\"titre\">Titre</label>\n<input type=\"text\" id=\"titre\" "
                   "name=\"titre\" maxlength=\"%d\" required%s value=\"", GC_TITLE_MAX, inv);
    ESC(&b, title);
    buf_printf(&b, "\">\n<label for=\"texte\">Texte (Markdown)</label>\n<textarea id=\"texte\" "
                   "name=\"texte\" rows=\"24\" maxlength=\"%d\" required%s>", GC_ADMIN_PAGE_BODY_MAX, inv);
    ESC(&b, body);
    ADD(&b, "</textarea>\n<div class=\"buttons\"><button type=\"submit\" name=\"action\" "
            "value=\"apercu\">Aperçu</button>\n<button type=\"submit\" name=\"action\" "
            "value=\"brouillon\">Enregistrer le brouillon</button></div>\n</form>\n"
            "<p><a href=\"/admin/page?id=");
    query_esc(&b, id);
    ADD(&b, "\">Revenir à la page sans enregistrer</a></p>\n");
    if (preview) {
        content_warnings(r, &b, preview, body);
        content_preview(r, &b, preview);
    }
    page_end(r, &b);
    page_send(r, &b, status);
}

void page_edit(struct areq *r)
{
    const char *id = areq_query(r, "id");
    struct vlist l = {0};
    if (load_for(r, id, CONTENT_EDIT, &l))
        edit_form(r, 200, id, l.v[0].title, l.v[0].body, NULL, NULL);
    vlist_free(&l);
}

void post_edit(struct areq *r)
{
    struct gc_err e = {0};
    const char *id = areq_form(r, "id"), *title = areq_form(r, "titre"),
               *body = areq_form(r, "texte"), *action = areq_form(r, "action");
    struct vlist l = {0};
    struct page_rec p = {0};
    struct buf text;
    buf_init(&text, GC_ADMIN_PAGE_BODY_MAX + 4096);
    if (!load_for(r, id, CONTENT_EDIT, &l))
        goto out;
    if (!title || !body) {
        edit_form(r, 400, id, l.v[0].title, l.v[0].body, "Le titre et le texte sont demandés.",
                  NULL);
        goto out;
    }
    if (strlen(body) > GC_ADMIN_PAGE_BODY_MAX) {
        edit_form(r, 413, id, title, "", "Le texte dépasse 256 Kio : découpez la page en "
                  "plusieurs pages.", NULL);
        goto out;
    }
    const char *err = NULL;
    char source[GC_LOGIN_MAX + 32];
    snprintf(source, sizeof source, "administration (%s)", r->u.login);
    if (!page_text(&l.v[0], title, body, &text, &err)) {
        edit_form(r, 400, id, title, body, err, NULL);
        goto out;
    }
    if (markdown_parse_page(source, buf_str(&text), text.len, &p, &e) ||
        page_rec_validate(&p, source, &e)) {
        edit_form(r, 400, id, title, body, e.msg, NULL);
        goto out;
    }
    free(p.ext_id);
    p.ext_id = xstrdup(id);
    if (!action || strcmp(action, "brouillon")) {
        edit_form(r, 200, id, title, body, NULL, &p);
        goto out;
    }
    p.author = xstrdup(r->u.login);
    free(p.origin);
    p.origin = xstrdup("admin");
    enum store_put res = STORE_UNCHANGED;
    enum gc_rc rc = db_begin(r->a->db, &e);
    if (!rc) {
        rc = store_page_put(r->a->db, &p, &res, &e);
        if (!rc)
            rc = db_commit(r->a->db, &e);
        if (rc)
            db_rollback(r->a->db);
    }
    if (rc) {
        log_error("admin: edit: %s", e.msg);
        edit_form(r, 500, id, title, body, "Le brouillon n’a pas pu être enregistré : réessayez.",
                  NULL);
        goto out;
    }
    struct buf none;
    buf_init(&none, 0);
    int warnings = content_warnings(r, &none, &p, body);   /* counted: the page view lists them */
    buf_free(&none);
    char detail[64];
    snprintf(detail, sizeof detail, "%s, %d warning%s",
             res == STORE_UNCHANGED ? "unchanged" : "new version", warnings,
             warnings == 1 ? "" : "s");
    audit(r, "page.draft", id, detail);
    struct buf loc;
    buf_init(&loc, sizeof r->rs->location);
    ADD(&loc, "/admin/page?id=");
    query_esc(&loc, id);
    ADD(&loc, "&fait=brouillon");
    redirect(r, loc.len < loc.max - 1 ? buf_str(&loc) : "/admin/pages");
    buf_free(&loc);
out:
    page_rec_free(&p);
    buf_free(&text);
    vlist_free(&l);
}

/* submit, validate, withdraw: the store's transitions, as the account. */
static void transition_post(struct areq *r, enum content_act act)
{
    struct gc_err e = {0};
    const char *id = areq_form(r, "id"), *reason = areq_form(r, "raison");
    struct vlist l = {0};
    if (!load_for(r, id, act, &l))
        goto out;
    bool need_reason = act == CONTENT_WITHDRAW || act == CONTENT_GIVEBACK;
    if (need_reason && (!reason || !*reason || strlen(reason) > GC_WITHDRAW_REASON_MAX)) {
        page_message(r, 400, "Raison manquante", "Donnez la raison (500 caractères au plus).");
        goto out;
    }
    struct store_actor who = {r->u.login, true};
    char today[11];
    local_day(0, today);
    enum gc_rc rc = db_begin(r->a->db, &e);
    if (!rc) {
        rc = act == CONTENT_SUBMIT      ? store_page_submit(r->a->db, id, &who, &e)
             : act == CONTENT_VALIDATE  ? store_page_validate(r->a->db, id, &who, today, &e)
             : act == CONTENT_GIVEBACK  ? store_page_giveback(r->a->db, id, &who, reason, &e)
             : act == CONTENT_REPUBLISH ? store_page_republish(r->a->db, id, &who, "", &e)
                                        : store_page_withdraw(r->a->db, id, &who, reason, &e);
        if (!rc)
            rc = db_commit(r->a->db, &e);
        if (rc)
            db_rollback(r->a->db);
    }
    static const char *const names[] = {"page.edit", "page.submit", "page.validate",
                                        "page.withdraw", "page.giveback", "page.republish"};
    static const char *const dones[] = {"brouillon", "soumise", "validee", "retiree",
                                        "renvoyee", "remise"};
    if (rc == GC_ERR_DENIED) {
        audit(r, "page.validate.refused", id, "four eyes");
        page_message(r, 403, "Validation refusée",
                     "Vous avez écrit cette version : une autre personne doit la valider "
                     "(principe des quatre yeux).");
        goto out;
    }
    if (rc == GC_ERR_INVALID || rc == GC_ERR_NOTFOUND) {
        page_message(r, 409, "Action impossible",
                     act == CONTENT_SUBMIT     ? "Seul un brouillon peut être soumis à validation."
                     : act == CONTENT_VALIDATE ? "La version la plus récente est déjà validée."
                     : act == CONTENT_GIVEBACK ? "Seule une version soumise peut être renvoyée."
                     : act == CONTENT_REPUBLISH
                         ? "La page n’est pas retirée, ou n’a aucune version validée."
                                               : "La page est déjà retirée.");
        goto out;
    }
    if (rc) {
        log_error("admin: %s: %s", names[act], e.msg);
        page_message(r, 500, "Erreur", "L’action n’a pas pu être faite : réessayez.");
        goto out;
    }
    audit(r, names[act], id, need_reason ? reason : NULL);
    struct buf loc;
    buf_init(&loc, sizeof r->rs->location);
    ADD(&loc, "/admin/page?id=");
    query_esc(&loc, id);
    buf_printf(&loc, "&fait=%s", dones[act]);
    redirect(r, loc.len < loc.max - 1 ? buf_str(&loc) : "/admin/pages");
    buf_free(&loc);
out:
    vlist_free(&l);
}

void post_page_submit(struct areq *r)
{
    transition_post(r, CONTENT_SUBMIT);
}

void post_page_validate(struct areq *r)
{
    transition_post(r, CONTENT_VALIDATE);
}

void post_page_withdraw(struct areq *r)
{
    transition_post(r, CONTENT_WITHDRAW);
}

void post_page_giveback(struct areq *r)
{
    transition_post(r, CONTENT_GIVEBACK);
}

void post_page_republish(struct areq *r)
{
    transition_post(r, CONTENT_REPUBLISH);
}
