/* admin_pages.c — the back office's pages: the questions loop, reports,
 * residents' rights, accounts, the audit log, and the dashboard's figures
 * (see admin.h).  Every page is rendered on the back office's thread
 * (admin_int.h), HTML escaped, French. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin_int.h"
#include "admin/questions.h"
#include "admin/report.h"
#include "admin/rights.h"
#include "store/altq.h"
#include "store/audit.h"
#include "util/log.h"
#include "util/mem.h"

#define ESC(b, s) html_esc((b), (s))
#define ADD(b, s) buf_adds((b), (s))

static const char *reason_fr(enum insight_reason r)
{
    switch (r) {
    case INSIGHT_REFUSED: return "refusée";
    case INSIGHT_LOW_CONFIDENCE: return "réponse peu sûre";
    default: return "jugée « pas utile »";
    }
}

static const struct {
    const char *value, *label;
} channels[] = {{"web", "Site (web)"}, {"api", "Widget et API"}, {"sms", "SMS"}};

static void notice(struct buf *b, const char *msg)
{
    if (!msg)
        return;
    ADD(b, "<p class=\"notice\" role=\"status\">");
    ESC(b, msg);
    ADD(b, "</p>\n");
}

static void error_p(struct buf *b, const char *id, const char *msg)
{
    if (!msg)
        return;
    buf_printf(b, "<p id=\"%s\" class=\"error\" role=\"alert\">", id);
    ESC(b, msg);
    ADD(b, "</p>\n");
}

static void option(struct buf *b, const char *value, const char *label, const char *cur)
{
    ADD(b, "<option value=\"");
    ESC(b, value);
    buf_printf(b, "\"%s>", cur && !strcmp(cur, value) ? " selected" : "");
    ESC(b, label);
    ADD(b, "</option>");
}

/* ------------------------------------------------------ questions loop */

struct pages_ctx {
    struct buf *b;
    const struct user *u;
    char services[64][GC_SERVICE_NAME_MAX + 1];
    int nservices;
    bool list;   /* write the datalist's options */
};

static int on_page(void *ctx, const char *ext_id, const char *title, const char *service)
{
    struct pages_ctx *c = ctx;
    bool seen = false;
    for (int i = 0; i < c->nservices && !seen; i++)
        seen = !strcmp(c->services[i], service);
    if (!seen && *service && c->nservices < 64)
        snprintf(c->services[c->nservices++], sizeof c->services[0], "%s", service);
    if (c->list && user_has_service(c->u, service)) {
        ADD(c->b, "<option value=\"");
        ESC(c->b, ext_id);
        ADD(c->b, "\">");
        ESC(c->b, title);
        if (*service) {
            ADD(c->b, " (");
            ESC(c->b, service);
            ADD(c->b, ")");
        }
        ADD(c->b, "</option>\n");
    }
    return 0;
}

static void group_item(struct areq *r, struct buf *b, const struct qgroup *g)
{
    char when[96];
    fr_datetime(g->last_at, when, sizeof when);
    buf_printf(b, "<li class=\"group\">\n<article aria-labelledby=\"g%s\">\n<h3 id=\"g%s\">« ",
               g->id, g->id);
    ESC(b, g->examples[0]);
    ADD(b, " »</h3>\n<p class=\"meta\"><strong>");
    fr_int(b, g->count);
    buf_printf(b, " fois</strong> · %s · dernière le ", reason_fr(g->reason));
    ESC(b, when);
    if (g->channels[0]) {
        ADD(b, " · canaux : ");
        ESC(b, g->channels);
    }
    if (g->services[0]) {
        ADD(b, " · pages citées : ");
        ESC(b, g->services);
    }
    buf_printf(b, " · groupe <code>%s</code></p>\n", g->id);
    if (g->nexamples > 1) {
        ADD(b, "<p>Autres formulations :</p>\n<ul>\n");
        for (int i = 1; i < g->nexamples; i++) {
            ADD(b, "<li>« ");
            ESC(b, g->examples[i]);
            ADD(b, " »</li>\n");
        }
        ADD(b, "</ul>\n");
    }
    if (g->ncomments) {
        ADD(b, "<p>Commentaires des habitants :</p>\n<ul>\n");
        for (int i = 0; i < g->ncomments; i++) {
            ADD(b, "<li>« ");
            ESC(b, g->comments[i]);
            ADD(b, " »</li>\n");
        }
        ADD(b, "</ul>\n");
    }
    ADD(b, "<div class=\"actions\">\n<form method=\"post\" action=\"/admin/questions/link\">\n");
    csrf_field(r, b);
    buf_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%s\">\n"
                  "<label for=\"p%s\">Page qui répond (adresse)</label>\n"
                  "<input type=\"text\" id=\"p%s\" name=\"page\" list=\"pages\" required "
                  "maxlength=\"%d\">\n<button type=\"submit\">Rattacher à cette page</button>\n"
                  "</form>\n", g->id, g->id, g->id, GC_URL_MAX);
    buf_printf(b, "<p><a href=\"/admin/new?groupe=%s\" aria-describedby=\"g%s\">Commencer "
                  "une page qui y répond</a></p>\n", g->id, g->id);
    if (r->u.role != ROLE_EDITOR) {
        ADD(b, "<form method=\"post\" action=\"/admin/questions/dismiss\">\n");
        csrf_field(r, b);
        buf_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%s\">\n"
                      "<label for=\"o%s\">Où s’adresser (facultatif)</label>\n"
                      "<input type=\"text\" id=\"o%s\" name=\"pointer\" maxlength=\"%d\" "
                      "aria-describedby=\"oa%s\">\n<p id=\"oa%s\" class=\"hint\">Par exemple : "
                      "« Adressez-vous à l’ANTS : https://ants.gouv.fr ». Ce texte sera donné "
                      "aux habitants qui poseront cette question.</p>\n"
                      "<button type=\"submit\">Hors compétence de la commune</button>\n</form>\n",
                   g->id, g->id, g->id, GC_POINTER_MAX, g->id, g->id);
    }
    ADD(b, "</div>\n</article>\n</li>\n");
}

void page_questions(struct areq *r)
{
    struct admin *a = r->a;
    struct gc_err e = {0};
    struct buf b;
    const char *channel = areq_query(r, "canal"), *service = areq_query(r, "service"),
               *reason = areq_query(r, "raison"), *sort = areq_query(r, "tri"),
               *since = areq_query(r, "depuis"), *done = areq_query(r, "fait");
    const char *err = NULL;
    if (since && *since && !report_date_valid(since)) {
        err = "La date « depuis » doit être une date (AAAA-MM-JJ).";
        since = NULL;
    }
    enum insight_reason why;
    struct qloop_filter f = {
        .since = since, .channel = channel, .service = service,
        .reason = reason && insight_reason_parse(reason, &why) ? (int)why : -1,
        .sort = sort && !strcmp(sort, "recentes") ? QLOOP_RECENT : QLOOP_FREQUENT,
        .low_conf = a->low_conf,
    };
    struct qloop q;
    enum gc_rc rc = qloop_load(a->db, &f, &q, &e);
    if (rc) {
        log_error("admin: questions: %s", e.msg);
        page_message(r, 500, "Erreur", "Les questions n’ont pas pu être lues.");
        return;
    }
    page_start(r, &b, "Questions à traiter");
    ADD(&b, "<h1>Questions à traiter</h1>\n<p class=\"lead\">Ce que les habitants ont demandé et "
            "qui s’est mal passé : question refusée, réponse peu sûre, ou réponse jugée « pas "
            "utile ». Une même demande posée de plusieurs façons forme un seul groupe. Rattachez "
            "un groupe à la page qui y répond (ses formulations deviennent des questions de la "
            "page), ou indiquez que la commune ne traite pas cette demande.</p>\n");
    if (done && !strcmp(done, "lie"))
        notice(&b, "Le groupe a été rattaché à la page : ses formulations sont des questions de "
                   "la page.");
    else if (done && !strcmp(done, "ecarte"))
        notice(&b, "Le groupe est marqué hors compétence : les habitants qui posent cette "
                   "question seront orientés comme indiqué.");
    error_p(&b, "filtre-erreur", err);
    struct pages_ctx pc = {.b = &b, .u = &r->u};
    /* filters */
    ADD(&b, "<form class=\"filters\" method=\"get\" action=\"/admin/questions\">\n"
            "<div><label for=\"canal\">Canal</label>\n<select id=\"canal\" name=\"canal\">");
    option(&b, "", "Tous", channel);
    for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
        option(&b, channels[i].value, channels[i].label, channel);
    ADD(&b, "</select></div>\n<div><label for=\"service\">Service des pages citées</label>\n"
            "<select id=\"service\" name=\"service\">");
    option(&b, "", "Tous", service);
    if (altq_pages(a->db, on_page, &pc, &e))
        log_error("admin: pages: %s", e.msg);
    for (int i = 0; i < pc.nservices; i++)
        option(&b, pc.services[i], pc.services[i], service);
    ADD(&b, "</select></div>\n<div><label for=\"raison\">Raison</label>\n"
            "<select id=\"raison\" name=\"raison\">");
    option(&b, "", "Toutes", reason);
    for (int i = 0; i < INSIGHT_REASONS; i++)
        option(&b, insight_reason_name((enum insight_reason)i),
               reason_fr((enum insight_reason)i), reason);
    ADD(&b, "</select></div>\n<div><label for=\"tri\">Ordre</label>\n<select id=\"tri\" name=\"tri\">");
    option(&b, "frequentes", "Les plus fréquentes", sort);
    option(&b, "recentes", "Les plus récentes", sort);
    ADD(&b, "</select></div>\n<div><label for=\"depuis\">Depuis le</label>\n"
            "<input type=\"date\" id=\"depuis\" name=\"depuis\" value=\"");
    ESC(&b, since ? since : "");
    ADD(&b, "\"></div>\n<div><button type=\"submit\">Filtrer</button></div>\n</form>\n");

    ADD(&b, "<h2 id=\"resultats\">");
    fr_int(&b, q.n);
    buf_printf(&b, " groupe%s de questions</h2>\n", q.n > 1 ? "s" : "");
    if (q.truncated)
        ADD(&b, "<p class=\"hint\">Seuls les échanges les plus récents ont été lus : précisez la "
                "date « depuis ».</p>\n");
    if (q.n == 0)
        ADD(&b, "<p>Rien à traiter pour ces critères.</p>\n");
    else {
        pc.list = true;
        pc.nservices = 0;
        ADD(&b, "<datalist id=\"pages\">\n");
        if (altq_pages(a->db, on_page, &pc, &e))
            log_error("admin: pages: %s", e.msg);
        ADD(&b, "</datalist>\n<ol class=\"groups\" aria-labelledby=\"resultats\">\n");
        for (int i = 0; i < q.n && i < GC_QLOOP_GROUPS_SHOWN; i++)
            group_item(r, &b, &q.g[i]);
        ADD(&b, "</ol>\n");
        if (q.n > GC_QLOOP_GROUPS_SHOWN)
            buf_printf(&b, "<p class=\"hint\">Les %d premiers groupes sont affichés.</p>\n",
                       GC_QLOOP_GROUPS_SHOWN);
    }
    qloop_free(&q);
    page_end(r, &b);
    page_send(r, &b, 200);
}

/* The page of an error of the questions loop's actions. */
static void qloop_error(struct areq *r, enum gc_rc rc, const struct gc_err *e)
{
    if (rc == GC_ERR_NOTFOUND)
        page_message(r, 404, "Introuvable", e->msg);
    else if (rc == GC_ERR_DENIED)
        page_message(r, 403, "Accès refusé", e->msg);
    else if (rc == GC_ERR_INVALID || rc == GC_ERR_TOOBIG)
        page_message(r, 400, "Demande incorrecte", e->msg);
    else {
        log_error("admin: questions: %s", e->msg);
        page_message(r, 500, "Erreur", "La modification n’a pas pu être enregistrée.");
    }
}

void post_question_link(struct areq *r)
{
    struct gc_err e = {0};
    const char *id = areq_form(r, "id"), *page = areq_form(r, "page");
    if (!id || !page || !*page) {
        page_message(r, 400, "Demande incorrecte", "Indiquez la page qui répond.");
        return;
    }
    struct qloop_done done;
    enum gc_rc rc = qloop_link(r->a->db, id, page, r->u.login, &r->u, r->a->low_conf, &done, &e);
    if (rc) {
        qloop_error(r, rc, &e);
        return;
    }
    redirect(r, "/admin/questions?fait=lie");
}

void post_question_dismiss(struct areq *r)
{
    struct gc_err e = {0};
    if (r->u.role == ROLE_EDITOR) {
        page_message(r, 403, "Accès refusé",
                     "Marquer une demande hors compétence revient aux validateurs et aux "
                     "administrateurs.");
        return;
    }
    const char *id = areq_form(r, "id"), *pointer = areq_form(r, "pointer");
    enum gc_rc rc = qloop_dismiss(r->a->db, id ? id : "", pointer, r->u.login, r->a->low_conf, &e);
    if (rc) {
        qloop_error(r, rc, &e);
        return;
    }
    redirect(r, "/admin/questions?fait=ecarte");
}

/* -------------------------------------------------------------- reports */

/* The span asked for (defaults: the last 30 days), checked. */
static bool report_span(struct areq *r, char from[11], char to[11], enum report_period *p)
{
    const char *f = areq_query(r, "du"), *t = areq_query(r, "au"), *per = areq_query(r, "par");
    local_day(0, to);
    local_day(-29, from);
    if (t && *t)
        snprintf(to, 11, "%s", t);
    if (f && *f)
        snprintf(from, 11, "%s", f);
    *p = per && !strcmp(per, "semaine") ? REPORT_WEEK
         : per && !strcmp(per, "mois")  ? REPORT_MONTH
                                        : REPORT_DAY;
    return report_date_valid(from) && report_date_valid(to) && (!f || !*f || strlen(f) == 10) &&
           (!t || !*t || strlen(t) == 10);
}

static void figs_cells(struct buf *b, const struct report_figs *f)
{
    const long long v[] = {f->questions, f->answered, f->refused, f->followups, f->useful,
                           f->not_useful};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        ADD(b, "<td>");
        fr_int(b, v[i]);
        ADD(b, "</td>");
    }
}

static const char figs_head[] =
    "<th scope=\"col\">Questions</th><th scope=\"col\">Répondues</th>"
    "<th scope=\"col\">Refusées</th><th scope=\"col\">Relances</th>"
    "<th scope=\"col\">Utiles</th><th scope=\"col\">Pas utiles</th>";

/* A chart of lines l: answered and refused (two series) or questions. */
static void chart(struct buf *b, const char *id, const char *title, const char *desc,
                  const struct report_list *l, bool two)
{
    const char **labels = xcalloc((size_t)(l->n ? l->n : 1), sizeof *labels);
    double (*v)[REPORT_SERIES_MAX] = xcalloc((size_t)(l->n ? l->n : 1), sizeof *v);
    for (int i = 0; i < l->n; i++) {
        labels[i] = l->v[i].key;
        v[i][0] = (double)(two ? l->v[i].f.answered : l->v[i].f.questions);
        v[i][1] = (double)l->v[i].f.refused;
    }
    struct report_chart c = {
        .id = id, .title = title, .desc = desc,
        .series = {two ? "Répondues" : "Questions", "Refusées"}, .nseries = two ? 2 : 1,
        .labels = labels, .values = (const double(*)[REPORT_SERIES_MAX])v, .n = l->n,
    };
    ADD(b, "<figure class=\"chart\">\n");
    report_svg(&c, b);
    ADD(b, "<figcaption>");
    ESC(b, title);
    ADD(b, " (les chiffres sont dans le tableau)</figcaption>\n</figure>\n");
    free(labels);
    free(v);
}

void page_reports(struct areq *r)
{
    struct admin *a = r->a;
    struct gc_err e = {0};
    struct report rep;
    char from[11], to[11], esc_q[96];
    enum report_period per;
    bool ok = report_span(r, from, to, &per);
    enum gc_rc rc = ok ? report_build(a->db, from, to, per, config_get(a->cfg, "service-codes"),
                                      a->part_cost, &rep, &e)
                       : gc_err_set(&e, GC_ERR_INVALID, "bad dates");
    struct buf b;
    page_start(r, &b, "Rapports");
    ADD(&b, "<h1>Rapports</h1>\n<p class=\"lead\">Les échanges des habitants avec l’assistant, "
            "par période, par canal et par service (des codes, jamais de noms ni de numéros). "
            "Les mots-clés SMS (STOP, AIDE…) ne sont pas des questions.</p>\n");
    const char *per_s = per == REPORT_WEEK ? "semaine" : per == REPORT_MONTH ? "mois" : "jour";
    ADD(&b, "<form class=\"filters\" method=\"get\" action=\"/admin/reports\">\n"
            "<div><label for=\"du\">Du</label>\n<input type=\"date\" id=\"du\" name=\"du\" "
            "required value=\"");
    ESC(&b, from);
    ADD(&b, "\"></div>\n<div><label for=\"au\">Au</label>\n<input type=\"date\" id=\"au\" "
            "name=\"au\" required value=\"");
    ESC(&b, to);
    ADD(&b, "\"></div>\n<div><label for=\"par\">Par</label>\n<select id=\"par\" name=\"par\">");
    option(&b, "jour", "jour", per_s);
    option(&b, "semaine", "semaine", per_s);
    option(&b, "mois", "mois", per_s);
    ADD(&b, "</select></div>\n<div><button type=\"submit\">Afficher</button></div>\n</form>\n");
    if (rc) {
        error_p(&b, "rapport-erreur", rc == GC_ERR_DB ? "Les échanges n’ont pas pu être lus."
                                      : "Ces dates ne conviennent pas : deux dates AAAA-MM-JJ, la "
                                        "seconde après la première, sur dix ans au plus.");
        if (rc == GC_ERR_DB)
            log_error("admin: report: %s", e.msg);
        page_end(r, &b);
        page_send(r, &b, rc == GC_ERR_DB ? 500 : 400);
        return;
    }
    char d1[48], d2[48];
    html_date_fr(from, d1, sizeof d1);
    html_date_fr(to, d2, sizeof d2);
    snprintf(esc_q, sizeof esc_q, "du=%s&amp;au=%s", from, to);
    ADD(&b, "<h2>En résumé</h2>\n<p>Du ");
    ADD(&b, d1);
    ADD(&b, " au ");
    ADD(&b, d2);
    ADD(&b, " : <strong>");
    fr_int(&b, rep.total.questions);
    ADD(&b, " questions</strong>, ");
    fr_int(&b, rep.total.answered);
    ADD(&b, " répondues, ");
    fr_int(&b, rep.total.refused);
    ADD(&b, " refusées, ");
    fr_int(&b, rep.total.followups);
    ADD(&b, " relances ; avis : ");
    fr_int(&b, rep.total.useful);
    ADD(&b, " utiles, ");
    fr_int(&b, rep.total.not_useful);
    ADD(&b, " pas utiles.</p>\n");
    buf_printf(&b, "<p>Télécharger (CSV) : <a href=\"/admin/reports.csv?%s\">par jour et par "
                   "canal</a> · <a href=\"/admin/reports.csv?%s&amp;par=service\">par jour et par "
                   "service</a></p>\n", esc_q, esc_q);

    ADD(&b, "<h2>Par période</h2>\n<div class=\"report-block\">\n");
    chart(&b, "c-periode", "Questions répondues et refusées par période",
          "Barres : pour chaque période, les questions répondues puis les refusées.",
          &rep.periods, true);
    table_open(&b, "t-periode", "Questions par période");
    buf_printf(&b, "<thead><tr><th scope=\"col\">Période</th>%s</tr></thead>\n<tbody>\n", figs_head);
    for (int i = 0; i < rep.periods.n; i++) {
        ADD(&b, "<tr><th scope=\"row\">");
        ESC(&b, rep.periods.v[i].key);
        ADD(&b, "</th>");
        figs_cells(&b, &rep.periods.v[i].f);
        ADD(&b, "</tr>\n");
    }
    ADD(&b, "</tbody>\n");
    table_close(&b);
    ADD(&b, "</div>\n");

    ADD(&b, "<h2>Par canal</h2>\n<div class=\"report-block\">\n");
    chart(&b, "c-canal", "Questions par canal", "Barres : les questions de chaque canal.",
          &rep.channels, false);
    table_open(&b, "t-canal", "Questions par canal");
    buf_printf(&b, "<thead><tr><th scope=\"col\">Canal</th>%s<th scope=\"col\">Parts SMS</th>"
                   "<th scope=\"col\">Coût SMS estimé (€)</th></tr></thead>\n<tbody>\n", figs_head);
    for (int i = 0; i < rep.channels.n; i++) {
        const struct report_figs *f = &rep.channels.v[i].f;
        ADD(&b, "<tr><th scope=\"row\">");
        ESC(&b, rep.channels.v[i].key);
        ADD(&b, "</th>");
        figs_cells(&b, f);
        ADD(&b, "<td>");
        fr_int(&b, f->sms_parts);
        char cost[32];
        snprintf(cost, sizeof cost, "%.2f", (double)f->sms_parts * a->part_cost);
        for (char *c = cost; *c; c++)
            if (*c == '.')
                *c = ',';
        buf_printf(&b, "</td><td>%s</td></tr>\n", cost);
    }
    ADD(&b, "</tbody>\n");
    table_close(&b);
    ADD(&b, "</div>\n");

    ADD(&b, "<h2>Par service</h2>\n<p>Le service d’un échange est celui de la première page "
            "citée ; « aucun » : pas de page citée (refus).</p>\n<div class=\"report-block\">\n");
    chart(&b, "c-service", "Questions par code de service",
          "Barres : les questions répondues puis refusées de chaque code de service.",
          &rep.services, true);
    table_open(&b, "t-service", "Questions par service");
    buf_printf(&b, "<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Service</th>%s</tr>"
                   "</thead>\n<tbody>\n", figs_head);
    for (int i = 0; i < rep.services.n; i++) {
        ADD(&b, "<tr><th scope=\"row\">");
        ESC(&b, rep.services.v[i].key);
        ADD(&b, "</th><td>");
        ESC(&b, rep.services.v[i].key2);
        ADD(&b, "</td>");
        figs_cells(&b, &rep.services.v[i].f);
        ADD(&b, "</tr>\n");
    }
    ADD(&b, "</tbody>\n");
    table_close(&b);
    ADD(&b, "</div>\n");

    ADD(&b, "<h2>Modèle de langage et énergie</h2>\n");
    table_open(&b, "t-energie", "Réponses par mode et énergie estimée");
    ADD(&b, "<thead><tr><th scope=\"col\">Réponses extractives</th><th scope=\"col\">Réponses "
            "d’un modèle</th><th scope=\"col\">Énergie estimée (Wh)</th></tr></thead>\n<tbody>"
            "<tr><td>");
    fr_int(&b, rep.total.questions - rep.total.model);
    ADD(&b, "</td><td>");
    fr_int(&b, rep.total.model);
    char wh[32];
    snprintf(wh, sizeof wh, "%.3f", rep.total.energy_wh);
    for (char *c = wh; *c; c++)
        if (*c == '.')
            *c = ',';
    buf_printf(&b, "</td><td>%s</td></tr></tbody>\n", wh);
    table_close(&b);
    ADD(&b, "<p class=\"hint\">L’énergie est un ordre de grandeur : le temps de calcul de "
            "chaque réponse, et les mots produits par un modèle quand il y en a un.</p>\n");

    ADD(&b, "<h2>Sujets les plus demandés</h2>\n");
    if (!rep.ntop)
        ADD(&b, "<p>Aucune page citée sur cette période.</p>\n");
    else {
        table_open(&b, "t-sujets", "Pages les plus citées dans les réponses");
        ADD(&b, "<thead><tr><th scope=\"col\">Page</th><th scope=\"col\">Réponses</th></tr>"
                "</thead>\n<tbody>\n");
        for (int i = 0; i < rep.ntop; i++) {
            ADD(&b, "<tr><th scope=\"row\">");
            ESC(&b, rep.top[i].title);
            ADD(&b, "</th><td>");
            fr_int(&b, rep.top[i].n);
            ADD(&b, "</td></tr>\n");
        }
        ADD(&b, "</tbody>\n");
        table_close(&b);
    }
    report_free(&rep);
    page_end(r, &b);
    page_send(r, &b, 200);
}

void get_reports_csv(struct areq *r)
{
    struct admin *a = r->a;
    struct gc_err e = {0};
    struct report rep;
    char from[11], to[11];
    enum report_period per;
    const char *by = areq_query(r, "par");
    if (!report_span(r, from, to, &per)) {
        http_error(r->rs, 400, "du and au must be dates YYYY-MM-DD");
        return;
    }
    enum gc_rc rc = report_build(a->db, from, to, REPORT_DAY, config_get(a->cfg, "service-codes"),
                                 a->part_cost, &rep, &e);
    if (rc) {
        http_error(r->rs, rc == GC_ERR_DB ? 500 : 400, e.msg);
        return;
    }
    struct buf b;
    buf_init(&b, GC_ADMIN_PAGE_MAX);
    rc = report_csv(&rep, by && !strcmp(by, "service"), &b);
    report_free(&rep);
    if (rc) {
        buf_free(&b);
        http_error(r->rs, 500, "the report is too large");
        return;
    }
    struct http_response *rs = r->rs;
    rs->status = 200;
    rs->content_type = "text/csv; charset=utf-8";
    rs->extra_name = "Content-Disposition";
    rs->extra_value = "attachment; filename=\"guichet-rapport.csv\"";
    rs->body_len = b.len;
    rs->body = b.len ? buf_steal(&b) : "";
    rs->body_owned = rs->body_len > 0;
    buf_free(&b);
}

/* -------------------------------------------------------------- rights */

static void rights_form(struct buf *b, struct areq *r, const char *error)
{
    (void)r;
    ADD(b, "<h1>Droits des habitants</h1>\n<p class=\"lead\">Un habitant demande à voir ou à "
           "effacer ses échanges (RGPD, articles 15 et 17). Retrouvez-les par l’identifiant de "
           "conversation que la page lui montre, ou par le numéro de téléphone d’où il a écrit "
           "par SMS : le numéro sert à calculer le pseudonyme, il n’est ni gardé ni écrit au "
           "journal.</p>\n");
    error_p(b, "droits-erreur", error);
    ADD(b, "<form class=\"stack\" method=\"post\" action=\"/admin/rights/find\">\n");
    csrf_field(r, b);
    buf_printf(b, "<label for=\"cid\">Identifiant de conversation</label>\n"
                  "<input type=\"text\" id=\"cid\" name=\"cid\" maxlength=\"%d\" "
                  "autocomplete=\"off\">\n"
                  "<label for=\"phone\">ou numéro de téléphone (SMS)</label>\n"
                  "<input type=\"tel\" id=\"phone\" name=\"phone\" maxlength=\"32\" "
                  "autocomplete=\"off\">\n<button type=\"submit\">Rechercher</button>\n</form>\n",
               GC_CONVERSATION_ID_MAX);
}

void page_rights(struct areq *r)
{
    struct buf b;
    page_start(r, &b, "Droits des habitants");
    rights_form(&b, r, NULL);
    page_end(r, &b);
    page_send(r, &b, 200);
}

/* The conversation a rights form names (cid, or phone), or false after
 * answering with the form and the error. */
static bool rights_cid(struct areq *r, char cid[RIGHTS_CID_MAX])
{
    struct gc_err e = {0};
    const char *c = areq_form(r, "cid"), *phone = areq_form(r, "phone");
    const char *err = NULL;
    if (c && *c) {
        if (rights_cid_valid(c))
            snprintf(cid, RIGHTS_CID_MAX, "%s", c);
        else
            err = "Cet identifiant de conversation n’est pas valide.";
    } else if (phone && *phone) {
        if (rights_sms_conversation(r->a->cfg, phone, cid, &e))
            err = e.msg;
    } else {
        err = "Indiquez un identifiant de conversation ou un numéro de téléphone.";
    }
    if (!err)
        return true;
    struct buf b;
    page_start(r, &b, "Droits des habitants");
    rights_form(&b, r, err);
    page_end(r, &b);
    page_send(r, &b, 400);
    return false;
}

void post_rights_find(struct areq *r)
{
    struct gc_err e = {0};
    char cid[RIGHTS_CID_MAX];
    struct rights_summary s;
    if (!rights_cid(r, cid))
        return;
    if (rights_find(r->a->db, cid, r->u.login, &s, &e)) {
        log_error("admin: rights: %s", e.msg);
        page_message(r, 500, "Erreur", "Les échanges n’ont pas pu être lus.");
        return;
    }
    struct buf b;
    page_start(r, &b, "Échanges d’un habitant");
    ADD(&b, "<h1>Échanges d’un habitant</h1>\n<p role=\"status\">Conversation <code>");
    ESC(&b, cid);
    ADD(&b, "</code> : ");
    fr_int(&b, s.exchanges);
    buf_printf(&b, " échange%s gardé%s", s.exchanges > 1 ? "s" : "", s.exchanges > 1 ? "s" : "");
    if (s.exchanges) {
        char d1[96], d2[96];
        fr_datetime(s.first_at, d1, sizeof d1);
        fr_datetime(s.last_at, d2, sizeof d2);
        ADD(&b, ", du ");
        ESC(&b, d1);
        ADD(&b, " au ");
        ESC(&b, d2);
    }
    if (s.sms_known)
        buf_printf(&b, " ; numéro connu du service SMS%s", s.sms_stopped ? " (a demandé STOP)" : "");
    ADD(&b, ".</p>\n");
    if (s.exchanges || s.sms_known) {
        ADD(&b, "<form class=\"stack\" method=\"post\" action=\"/admin/rights/export\">\n");
        csrf_field(r, &b);
        ADD(&b, "<input type=\"hidden\" name=\"cid\" value=\"");
        ESC(&b, cid);
        ADD(&b, "\">\n<button type=\"submit\">Exporter ces échanges (JSON)</button>\n</form>\n"
                "<form class=\"stack danger\" method=\"post\" action=\"/admin/rights/erase\">\n");
        csrf_field(r, &b);
        ADD(&b, "<input type=\"hidden\" name=\"cid\" value=\"");
        ESC(&b, cid);
        ADD(&b, "\">\n<div class=\"check\"><input type=\"checkbox\" id=\"confirm\" name=\"confirm\" "
                "value=\"1\" required>\n<label for=\"confirm\">Je confirme l’effacement définitif de "
                "ces échanges</label></div>\n<button type=\"submit\">Effacer ces échanges</button>\n"
                "</form>\n");
    }
    ADD(&b, "<p><a href=\"/admin/rights\">Nouvelle recherche</a></p>\n");
    page_end(r, &b);
    page_send(r, &b, 200);
}

void post_rights_export(struct areq *r)
{
    struct gc_err e = {0};
    char cid[RIGHTS_CID_MAX];
    if (!rights_cid(r, cid))
        return;
    struct buf b;
    buf_init(&b, GC_ADMIN_PAGE_MAX);
    if (rights_export(r->a->db, cid, r->u.login, &b, &e)) {
        buf_free(&b);
        log_error("admin: rights: %s", e.msg);
        page_message(r, 500, "Erreur", "L’export n’a pas pu être fait.");
        return;
    }
    struct http_response *rs = r->rs;
    rs->status = 200;
    rs->content_type = "application/json; charset=utf-8";
    rs->extra_name = "Content-Disposition";
    rs->extra_value = "attachment; filename=\"guichet-echanges.json\"";
    rs->body_len = b.len;
    rs->body = buf_steal(&b);
    rs->body_owned = true;
}

void post_rights_erase(struct areq *r)
{
    struct gc_err e = {0};
    char cid[RIGHTS_CID_MAX];
    if (!rights_cid(r, cid))
        return;
    const char *confirm = areq_form(r, "confirm");
    if (!confirm || strcmp(confirm, "1")) {
        page_message(r, 400, "Effacement non confirmé",
                     "Cochez la case de confirmation pour effacer ces échanges.");
        return;
    }
    messages_flush(r->a->msgs);   /* what the recorder holds of them is written first */
    int64_t n = 0;
    if (rights_erase(r->a->db, cid, r->u.login, &n, &e)) {
        log_error("admin: rights: %s", e.msg);
        page_message(r, 500, "Erreur", "L’effacement n’a pas pu être fait : rien n’a été effacé.");
        return;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "%lld échange%s effacé%s. L’effacement est inscrit au journal.",
             (long long)n, n > 1 ? "s" : "", n > 1 ? "s" : "");
    page_message(r, 200, "Échanges effacés", msg);
}

/* -------------------------------------------------------------- accounts */

static const char *role_label(enum user_role role)
{
    switch (role) {
    case ROLE_ADMIN: return "Administrateur";
    case ROLE_VALIDATOR: return "Validateur";
    default: return "Rédacteur";
    }
}

struct users_ctx {
    struct areq *r;
    struct buf *b;
};

static int on_user(void *ctx, const struct user *u)
{
    struct users_ctx *c = ctx;
    struct buf *b = c->b;
    char when[96];
    fr_datetime(u->created_at, when, sizeof when);
    ADD(b, "<tr><th scope=\"row\">");
    ESC(b, u->login);
    buf_printf(b, "</th><td>%s</td><td>", role_label(u->role));
    if (u->role == ROLE_ADMIN || !u->nservices)
        ADD(b, "tous");
    for (int i = 0; u->role != ROLE_ADMIN && i < u->nservices; i++) {
        if (i)
            ADD(b, ", ");
        ESC(b, u->services[i]);
    }
    buf_printf(b, "</td><td>%s</td><td>", u->disabled ? "désactivé" : "actif");
    ESC(b, when);
    ADD(b, "</td><td>");
    if (!u->disabled && strcmp(u->login, c->r->u.login)) {
        ADD(b, "<form method=\"post\" action=\"/admin/users/disable\">");
        csrf_field(c->r, b);
        ADD(b, "<input type=\"hidden\" name=\"login\" value=\"");
        ESC(b, u->login);
        ADD(b, "\"><button type=\"submit\" aria-label=\"Désactiver ");
        ESC(b, u->login);
        ADD(b, "\">Désactiver</button></form>");
    }
    ADD(b, "</td></tr>\n");
    return 0;
}

static void users_page(struct areq *r, int status, const char *error, const char *ok)
{
    struct gc_err e = {0};
    struct buf b;
    page_start(r, &b, "Comptes");
    ADD(&b, "<h1>Comptes</h1>\n");
    notice(&b, ok);
    error_p(&b, "compte-erreur", error);
    table_open(&b, "t-comptes", "Comptes de l’administration");
    ADD(&b, "<thead><tr><th scope=\"col\">Identifiant</th><th scope=\"col\">Rôle</th>"
            "<th scope=\"col\">Services</th><th scope=\"col\">État</th>"
            "<th scope=\"col\">Créé le</th><th scope=\"col\">Action</th></tr></thead>\n<tbody>\n");
    struct users_ctx c = {r, &b};
    if (users_list(r->a->db, on_user, &c, &e))
        log_error("admin: users: %s", e.msg);
    ADD(&b, "</tbody>\n");
    table_close(&b);
    ADD(&b, "<h2>Ajouter un compte</h2>\n<p>Rédacteurs : modifient les pages de leurs services. "
            "Validateurs : valident les pages (de leurs services, ou de tous sans service indiqué) "
            "et traitent les questions. Administrateurs : tout, plus les comptes, les droits des "
            "habitants et le journal.</p>\n"
            "<form class=\"stack\" method=\"post\" action=\"/admin/users/add\">\n");
    csrf_field(r, &b);
    buf_printf(&b, "<label for=\"new-login\">Identifiant</label>\n"
                   "<input type=\"text\" id=\"new-login\" name=\"login\" maxlength=\"%d\" required "
                   "autocomplete=\"off\">\n<label for=\"new-role\">Rôle</label>\n"
                   "<select id=\"new-role\" name=\"role\"><option value=\"editor\">Rédacteur"
                   "</option><option value=\"validator\">Validateur</option><option value=\"admin\">"
                   "Administrateur</option></select>\n"
                   "<label for=\"new-services\">Services (un par ligne)</label>\n"
                   "<textarea id=\"new-services\" name=\"services\" rows=\"3\" "
                   "aria-describedby=\"new-services-aide\"></textarea>\n"
                   "<p id=\"new-services-aide\" class=\"hint\">Tels qu’ils sont écrits dans les pages "
                   "(« État civil »). Obligatoire pour un rédacteur.</p>\n"
                   "<label for=\"new-password\">Mot de passe initial</label>\n"
                   "<input type=\"password\" id=\"new-password\" name=\"password\" "
                   "autocomplete=\"new-password\" minlength=\"%d\" maxlength=\"%d\" required "
                   "aria-describedby=\"new-password-aide\">\n"
                   "<p id=\"new-password-aide\" class=\"hint\">%d caractères au moins ; à changer "
                   "par la personne à sa première connexion.</p>\n"
                   "<button type=\"submit\">Ajouter le compte</button>\n</form>\n",
               GC_LOGIN_MAX, GC_PASSWORD_MIN_CHARS, GC_PASSWORD_MAX_BYTES, GC_PASSWORD_MIN_CHARS);
    page_end(r, &b);
    page_send(r, &b, status);
}

void page_users(struct areq *r)
{
    users_page(r, 200, NULL, NULL);
}

void post_user_add(struct areq *r)
{
    struct gc_err e = {0};
    const char *login = areq_form(r, "login"), *role_s = areq_form(r, "role"),
               *svc = areq_form(r, "services"), *pw = areq_form(r, "password");
    enum user_role role;
    if (!login || !user_login_valid(login)) {
        users_page(r, 400, "L’identifiant doit avoir des lettres, des chiffres, « . », « _ », "
                           "« - » ou « @ », et commencer par une lettre ou un chiffre.", NULL);
        return;
    }
    if (!user_role_parse(role_s, &role)) {
        users_page(r, 400, "Choisissez un rôle.", NULL);
        return;
    }
    if (!accounts_password_ok(pw, login, &e)) {
        users_page(r, 400, e.msg, NULL);
        return;
    }
    char *copy = xstrdup(svc ? svc : "");
    const char *list[GC_USER_SERVICES_MAX + 1];
    int n = 0;
    bool too_many = false;
    for (char *p = copy; *p;) {
        char *nl = strpbrk(p, "\r\n");
        if (nl)
            *nl = '\0';
        while (*p == ' ')
            p++;
        size_t l = strlen(p);
        while (l && p[l - 1] == ' ')
            p[--l] = '\0';
        if (*p) {
            if (n < GC_USER_SERVICES_MAX)
                list[n++] = p;
            else
                too_many = true;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    char hash[USER_HASH_MAX];
    const char *err = NULL;
    if (too_many)
        err = "Trop de services pour un compte.";
    else if (role == ROLE_EDITOR && n == 0)
        err = "Un rédacteur doit avoir au moins un service.";
    else if (accounts_hash(pw, hash, &e))
        err = "Le mot de passe n’a pas pu être chiffré : réessayez.";
    else if (users_add(r->a->db, login, role, list, role == ROLE_ADMIN ? 0 : n, hash, &e))
        err = strstr(e.msg, "exists") ? "Ce compte existe déjà." : "Le compte n’a pas pu être créé.";
    free(copy);
    if (err) {
        users_page(r, 400, err, NULL);
        return;
    }
    audit(r, "user.add", login, user_role_name(role));
    users_page(r, 200, NULL, "Le compte a été créé.");
}

void post_user_disable(struct areq *r)
{
    struct gc_err e = {0};
    const char *login = areq_form(r, "login");
    struct user u;
    int admins = 0;
    if (!login || users_get(r->a->db, login, &u, NULL, &e)) {
        users_page(r, 404, "Ce compte n’existe pas.", NULL);
        return;
    }
    if (!strcmp(login, r->u.login)) {
        users_page(r, 400, "Vous ne pouvez pas désactiver votre propre compte.", NULL);
        return;
    }
    if (users_count_admins(r->a->db, &admins, &e) ||
        (u.role == ROLE_ADMIN && !u.disabled && admins <= 1)) {
        users_page(r, 400, "Il faut garder au moins un administrateur actif.", NULL);
        return;
    }
    if (users_disable(r->a->db, login, &e)) {
        log_error("admin: users: %s", e.msg);
        users_page(r, 500, "Le compte n’a pas pu être désactivé.", NULL);
        return;
    }
    audit(r, "user.disable", login, NULL);
    users_page(r, 200, NULL, "Le compte a été désactivé et ses sessions fermées.");
}

/* ------------------------------------------------------------- the audit */

static int on_audit_row(void *ctx, const struct audit_row *a)
{
    struct buf *b = ctx;
    char when[96];
    fr_datetime(a->at, when, sizeof when);
    ADD(b, "<tr><td>");
    ESC(b, when);
    ADD(b, "</td><td>");
    ESC(b, a->who);
    ADD(b, "</td><td>");
    ESC(b, a->action);
    ADD(b, "</td><td>");
    ESC(b, a->object);
    ADD(b, "</td><td>");
    ESC(b, a->detail);
    ADD(b, "</td></tr>\n");
    return 0;
}

void page_audit(struct areq *r)
{
    struct gc_err e = {0};
    const char *p = areq_query(r, "page");
    long page = p ? strtol(p, NULL, 10) : 1;
    if (page < 1)
        page = 1;
    int64_t total = 0;
    struct buf b;
    page_start(r, &b, "Journal");
    ADD(&b, "<h1>Journal des actions</h1>\n<p>Qui a fait quoi, et quand, dans l’administration "
            "et par la ligne de commande. <a href=\"/admin/audit.csv\">Exporter tout le journal "
            "(CSV)</a></p>\n");
    table_open(&b, "t-journal", "Actions, les plus récentes d’abord");
    ADD(&b, "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Qui</th>"
            "<th scope=\"col\">Action</th><th scope=\"col\">Objet</th><th scope=\"col\">Détail</th>"
            "</tr></thead>\n<tbody>\n");
    if (audit_list(r->a->db, (page - 1) * GC_AUDIT_PAGE_ROWS, GC_AUDIT_PAGE_ROWS, on_audit_row, &b,
                   &total, &e))
        log_error("admin: audit: %s", e.msg);
    ADD(&b, "</tbody>\n");
    table_close(&b);
    long pages = (long)((total + GC_AUDIT_PAGE_ROWS - 1) / GC_AUDIT_PAGE_ROWS);
    if (pages > 1) {
        ADD(&b, "<nav aria-label=\"Pages du journal\"><ul class=\"pager\">");
        if (page > 1)
            buf_printf(&b, "<li><a href=\"/admin/audit?page=%ld\">Plus récentes</a></li>", page - 1);
        buf_printf(&b, "<li>Page %ld sur %ld</li>", page, pages);
        if (page < pages)
            buf_printf(&b, "<li><a href=\"/admin/audit?page=%ld\">Plus anciennes</a></li>", page + 1);
        ADD(&b, "</ul></nav>\n");
    }
    page_end(r, &b);
    page_send(r, &b, 200);
}

static void csv_cell(struct buf *b, const char *s, bool last)
{
    buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_addc(b, '"');
        buf_addc(b, *s);
    }
    buf_adds(b, last ? "\"\r\n" : "\",");
}

static int on_audit_csv(void *ctx, const struct audit_row *a)
{
    struct buf *b = ctx;
    buf_printf(b, "%lld,", (long long)a->id);
    csv_cell(b, a->at, false);
    csv_cell(b, a->who, false);
    csv_cell(b, a->action, false);
    csv_cell(b, a->object, false);
    csv_cell(b, a->detail, true);
    return 0;
}

void get_audit_csv(struct areq *r)
{
    struct gc_err e = {0};
    struct buf b;
    buf_init(&b, GC_ADMIN_PAGE_MAX * 4);
    buf_adds(&b, "id,at,who,action,object,detail\r\n");
    if (audit_list(r->a->db, 0, -1, on_audit_csv, &b, NULL, &e)) {
        buf_free(&b);
        http_error(r->rs, 500, "the audit log could not be read");
        return;
    }
    audit(r, "audit.export", "", NULL);
    struct http_response *rs = r->rs;
    rs->status = 200;
    rs->content_type = "text/csv; charset=utf-8";
    rs->extra_name = "Content-Disposition";
    rs->extra_value = "attachment; filename=\"guichet-journal.csv\"";
    rs->body_len = b.len;
    rs->body = buf_steal(&b);
    rs->body_owned = true;
}

/* ------------------------------------------------------------ dashboard */

void dashboard_figures(struct areq *r, struct buf *b)
{
    struct admin *a = r->a;
    struct gc_err e = {0};
    struct qloop q;
    struct qloop_filter f = {.reason = -1, .low_conf = a->low_conf};
    ADD(b, "<h2>À traiter</h2>\n");
    if (qloop_load(a->db, &f, &q, &e) == GC_OK) {
        ADD(b, "<p><a href=\"/admin/questions\">");
        fr_int(b, q.n);
        buf_printf(b, " groupe%s de questions</a> attend%s une réponse de la commune.</p>\n",
                   q.n > 1 ? "s" : "", q.n > 1 ? "ent" : "");
        qloop_free(&q);
    } else {
        log_error("admin: questions: %s", e.msg);
    }
    char from[11], to[11];
    local_day(0, to);
    local_day(-6, from);
    struct report rep;
    ADD(b, "<h2>Les sept derniers jours</h2>\n");
    if (report_build(a->db, from, to, REPORT_DAY, config_get(a->cfg, "service-codes"),
                     a->part_cost, &rep, &e) == GC_OK) {
        ADD(b, "<p>");
        fr_int(b, rep.total.questions);
        ADD(b, " questions, ");
        fr_int(b, rep.total.answered);
        ADD(b, " répondues, ");
        fr_int(b, rep.total.refused);
        ADD(b, " refusées. <a href=\"/admin/reports\">Voir les rapports</a></p>\n");
        report_free(&rep);
    } else {
        log_error("admin: report: %s", e.msg);
    }
}
