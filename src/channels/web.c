/* web.c — the public page, the no-JavaScript form, feedback and
 * /transparence, rendered on the server (see web.h).
 *
 * Accessibility (WCAG 2.1 AA / RGAA 4): one <h1> per page, landmarks
 * (header, main, footer), a skip link, labels on every field, the
 * conversation in an aria-live="polite" region, errors tied to their field
 * (aria-describedby, aria-invalid), nothing conveyed by colour alone.  The
 * look is in web/style.css; the pages work without it. */
#include "channels/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer/conversation.h"
#include "answer/pipeline.h"
#include "channels/html.h"
#include "store/messages.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "version.h"

#define HTML_TYPE "text/html; charset=utf-8"
#define PAGE_MAX (256 * 1024)   /* bytes of a rendered page (transparence is the largest) */
/* GC_FEEDBACK_COMMENT_MAX written the French way, for the messages. */
#define COMMENT_MAX_FR "1 000"
_Static_assert(GC_FEEDBACK_COMMENT_MAX == 1000, "COMMENT_MAX_FR must say GC_FEEDBACK_COMMENT_MAX");

struct web {
    struct api *api;
    const struct config *cfg;
    char *town;        /* settings, kept for the pages */
    char *contact;
};

struct web *web_new(struct api *api, const struct config *cfg)
{
    struct web *w = xcalloc(1, sizeof *w);
    w->api = api;
    w->cfg = cfg;
    w->town = xstrdup(config_get(cfg, "town-name"));
    w->contact = xstrdup(config_get(cfg, "contact"));
    return w;
}

void web_free(struct web *w)
{
    if (!w)
        return;
    free(w->town);
    free(w->contact);
    free(w);
}

/* ------------------------------------------------------------ page frame */

/* Append a literal or an escaped piece.  Return codes are not checked one
 * by one: every input of a page is capped far below PAGE_MAX (question 2 KB,
 * answer 1.2 KB, settings 4 KB a line), so a page cannot reach it; if it
 * ever did, the buffer keeps what fitted and page_send() gives a 500. */
#define ADD(b, s) buf_adds((b), (s))
#define ESC(b, s) html_esc((b), (s))

enum nav { NAV_NONE, NAV_HOME, NAV_TRANSPARENCE };

static void page_start(struct web *w, struct buf *b, const char *title, bool script,
                       enum nav current)
{
    ADD(b, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>");
    ESC(b, title);
    ADD(b, " — Assistant de ");
    ESC(b, w->town);
    ADD(b, "</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n");
    if (script)
        ADD(b, "<script src=\"/app.js\" defer></script>\n");
    ADD(b, "</head>\n<body>\n<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>\n"
           "<header class=\"site\">\n<div class=\"wrap\">\n<p class=\"brand\"><a href=\"/\">"
           "Assistant de ");
    ESC(b, w->town);
    ADD(b, "</a></p>\n<nav aria-label=\"Liens de l’assistant\"><ul><li><a href=\"/\"");
    if (current == NAV_HOME)
        ADD(b, " aria-current=\"page\"");
    ADD(b, ">Poser une question</a></li><li><a href=\"/transparence\"");
    if (current == NAV_TRANSPARENCE)
        ADD(b, " aria-current=\"page\"");
    ADD(b, ">Transparence</a></li></ul></nav>\n</div>\n</header>\n"
           "<main id=\"contenu\" class=\"wrap\" tabindex=\"-1\">\n");
}

static void page_end(struct web *w, struct buf *b)
{
    ADD(b, "</main>\n<footer class=\"site\">\n<div class=\"wrap\">\n<p>Pour une démarche ou "
           "une question personnelle, contactez ");
    ESC(b, w->contact);
    ADD(b, ".</p>\n<p><a href=\"/transparence\">Comment fonctionne cet assistant</a> · "
           "Guichet " GC_VERSION ", logiciel libre</p>\n</div>\n</footer>\n</body>\n</html>\n");
}

/* Hand a finished page to the server (or a 500 when it did not fit). */
static void page_send(struct buf *b, int status, struct http_response *rs)
{
    if (b->len == 0 || b->len >= b->max - 1) {
        buf_free(b);
        http_error(rs, 500, "internal error");
        return;
    }
    rs->status = status;
    rs->body_len = b->len;
    rs->body = buf_steal(b);
    rs->body_owned = true;
    rs->content_type = HTML_TYPE;
}

/* The AI disclosure (EU AI Act art. 50 §1): before the first answer, on
 * every page that has the form. */
static void disclosure(struct web *w, struct buf *b)
{
    ADD(b, "<section class=\"disclosure\" aria-labelledby=\"ia-titre\">\n"
           "<h2 id=\"ia-titre\">Vous échangez avec un assistant automatique</h2>\n"
           "<p>Cet assistant n’est pas une personne : c’est un programme. Il répond "
           "<strong>uniquement à partir des pages validées par les services de ");
    ESC(b, w->town);
    ADD(b, "</strong> et cite à chaque fois la page utilisée. Il peut se tromper : vérifiez "
           "sur la page citée. <a href=\"/transparence\">En savoir plus sur l’assistant et "
           "vos données</a>.</p>\n<p>N’écrivez pas de données personnelles (numéro de "
           "téléphone, adresse électronique, numéro de dossier).</p>\n</section>\n");
}

/* ---------------------------------------------------------------- answers */

static void source_item(struct buf *b, const struct gc_source *s)
{
    if (html_url_safe(s->url)) {
        ADD(b, "<a href=\"");
        ESC(b, s->url);
        ADD(b, "\">");
        ESC(b, s->title && *s->title ? s->title : s->url);
        ADD(b, "</a>");
    } else {
        ESC(b, s->title && *s->title ? s->title : "page sans titre");
    }
    char date[48];
    if (html_date_fr(s->validated_on, date, sizeof date)) {
        ADD(b, ", validée le ");
        ADD(b, date);
        if (s->validated_by && *s->validated_by) {
            ADD(b, " par ");
            ESC(b, s->validated_by);
        }
    } else if (s->validated_by && *s->validated_by) {
        ADD(b, ", validée par ");
        ESC(b, s->validated_by);
    }
}

/* Feedback buttons, a plain form so that they work without JavaScript.
 * The token (channels/fbtoken.h) is what makes the feedback the resident's
 * own: a form posted from another site cannot know it. */
static void feedback_form(struct buf *b, long long message_id, const char *token,
                          const char *conversation_id)
{
    if (message_id <= 0)
        return;
    buf_printf(b, "<form class=\"feedback\" method=\"post\" action=\"/retour\">\n"
                  "<input type=\"hidden\" name=\"message_id\" value=\"%lld\">\n", message_id);
    ADD(b, "<input type=\"hidden\" name=\"feedback_token\" value=\"");
    ESC(b, token);
    ADD(b, "\">\n");
    ADD(b, "<input type=\"hidden\" name=\"conversation_id\" value=\"");
    ESC(b, conversation_id);
    ADD(b, "\">\n<fieldset>\n<legend>Cette réponse vous a-t-elle été utile ?</legend>\n"
           "<button type=\"submit\" name=\"useful\" value=\"1\">Oui</button>\n"
           "<button type=\"submit\" name=\"useful\" value=\"0\">Non</button>\n"
           "</fieldset>\n</form>\n");
}

/* One exchange of the conversation: the question, the answer, its sources. */
static void exchange(struct buf *b, const char *question, const struct gc_answer *a)
{
    ADD(b, "<li class=\"exchange\">\n<div class=\"msg q\">\n<h3 class=\"who\">Votre question</h3>\n"
           "<p>");
    ESC(b, question);
    ADD(b, "</p>\n</div>\n<div class=\"msg a");
    if (a->refused)
        ADD(b, " refused");
    ADD(b, "\">\n<h3 class=\"who\">Réponse de l’assistant</h3>\n<p class=\"text\">");
    ESC(b, a->text);
    ADD(b, "</p>\n");
    if (a->nsources == 1) {
        ADD(b, "<p class=\"sources\">Source : ");
        source_item(b, &a->sources[0]);
        ADD(b, ".</p>\n");
    } else if (a->nsources > 1) {
        ADD(b, "<div class=\"sources\"><p>Sources :</p>\n<ul>\n");
        for (int i = 0; i < a->nsources; i++) {
            ADD(b, "<li>");
            source_item(b, &a->sources[i]);
            ADD(b, ".</li>\n");
        }
        ADD(b, "</ul></div>\n");
    }
    feedback_form(b, a->message_id, a->feedback_token, a->conversation_id);
    ADD(b, "</div>\n</li>\n");
}

/* The question form; conversation_id may be "" (the server makes one at
 * the first question).  error: a message tied to the field, or NULL. */
static void ask_form(struct buf *b, const char *conversation_id, const char *error,
                     const char *value)
{
    buf_printf(b, "<form id=\"ask\" class=\"ask\" method=\"post\" action=\"/\">\n"
                  "<label for=\"question\">Votre question</label>\n"
                  "<p id=\"question-aide\" class=\"hint\">Par exemple : « Quels sont les horaires "
                  "de la médiathèque ? » (%d caractères au plus)</p>\n", GC_QUESTION_MAX_CHARS);
    if (error) {
        ADD(b, "<p id=\"question-erreur\" class=\"error\">");
        ESC(b, error);
        ADD(b, "</p>\n");
    }
    buf_printf(b, "<div class=\"row\">\n<input type=\"text\" id=\"question\" name=\"question\" "
                  "maxlength=\"%d\" autocomplete=\"off\" required aria-describedby=\"%s\"%s",
               GC_QUESTION_MAX_CHARS, error ? "question-erreur question-aide" : "question-aide",
               error ? " aria-invalid=\"true\"" : "");
    if (value) {
        ADD(b, " value=\"");
        ESC(b, value);
        ADD(b, "\"");
    }
    ADD(b, ">\n<button type=\"submit\">Envoyer</button>\n</div>\n"
           "<input type=\"hidden\" id=\"conversation_id\" name=\"conversation_id\" value=\"");
    ESC(b, conversation_id ? conversation_id : "");
    ADD(b, "\">\n</form>\n");
}

/* The assistant's page: disclosure, the conversation (one exchange, or
 * none), a notice (feedback thanks), the form. */
static void render_home(struct web *w, struct buf *b, const char *question,
                        const struct gc_answer *a, const char *conversation_id,
                        const char *notice, const char *error, const char *value)
{
    page_start(w, b, a ? "Réponse" : error ? "Erreur" : "Poser une question", true, NAV_HOME);
    ADD(b, "<h1>Une question sur les démarches et services de ");
    ESC(b, w->town);
    ADD(b, " ?</h1>\n");
    disclosure(w, b);
    if (notice) {
        ADD(b, "<p class=\"notice\" role=\"status\">");
        ESC(b, notice);
        ADD(b, "</p>\n");
    }
    ADD(b, "<section class=\"conversation\" aria-labelledby=\"conv-titre\">\n"
           "<h2 id=\"conv-titre\" class=\"visually-hidden\">Conversation</h2>\n"
           "<div id=\"fil\" aria-live=\"polite\">\n<ol id=\"echanges\" class=\"exchanges\">\n");
    if (a && question)
        exchange(b, question, a);
    ADD(b, "</ol>\n</div>\n</section>\n");
    ask_form(b, conversation_id, error, value);
    ADD(b, "<p id=\"etat\" class=\"status\" role=\"status\"></p>\n");
    if (conversation_id && *conversation_id)
        ADD(b, "<p class=\"restart\"><a href=\"/\">Commencer une nouvelle conversation</a></p>\n");
    page_end(w, b);
}

/* -------------------------------------------------------------- handlers */

void web_handle_home(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct web *w = ctx;
    struct buf b;
    (void)rq;
    buf_init(&b, PAGE_MAX);
    render_home(w, &b, NULL, NULL, "", NULL, NULL, NULL);
    page_send(&b, 200, rs);
}

/* Parse the form the page posted into f (release it with form_free()).
 * When it cannot be read, answer with the page and the error (400) and
 * return false. */
static bool read_form(struct web *w, const struct http_request *rq, struct form *f,
                      struct http_response *rs)
{
    struct gc_err e;
    gc_err_clear(&e);
    if (html_form_parse(rq->body, rq->body_len, f, &e) == GC_OK)
        return true;
    struct buf b;
    buf_init(&b, PAGE_MAX);
    render_home(w, &b, NULL, NULL, "", NULL, e.msg, NULL);
    page_send(&b, 400, rs);
    return false;
}

static const char *conversation_field(const struct form *f)
{
    const char *cid = form_value(f, "conversation_id");
    return cid && conversation_id_valid(cid) ? cid : "";
}

void web_handle_ask(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct web *w = ctx;
    struct form f;
    struct gc_err e;
    struct gc_answer ans;
    struct buf b;
    gc_err_clear(&e);
    memset(&ans, 0, sizeof ans);
    buf_init(&b, PAGE_MAX);
    if (!read_form(w, rq, &f, rs))
        return;
    const char *cid = conversation_field(&f);
    const char *q = form_value(&f, "question");
    if (!q)
        q = "";
    size_t qlen = strlen(q);
    enum gc_rc rc = api_question_check(q, qlen, &e);
    if (rc) {
        render_home(w, &b, NULL, NULL, cid, NULL, e.msg, NULL);
        page_send(&b, api_http_status(rc), rs);
        goto out;
    }
    rc = api_exchange(w->api, rq, "web", q, qlen, cid, &ans, &e);
    if (rc) {
        int status = api_http_status(rc);
        if (status >= 500)
            log_error("web: pipeline failed: %s", gc_strerror(rc));
        render_home(w, &b, NULL, NULL, cid, NULL,
                    status >= 500 ? "Le service n’a pas pu répondre : réessayez dans un instant."
                                  : "Cette question n’a pas pu être lue : pouvez-vous la "
                                    "reformuler ?", q);
        page_send(&b, status, rs);
        goto out;
    }
    render_home(w, &b, q, &ans, ans.conversation_id, NULL, NULL, NULL);
    page_send(&b, 200, rs);
out:
    answer_free(&ans);
    form_free(&f);
}

void web_handle_feedback(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct web *w = ctx;
    struct form f;
    struct gc_err e;
    struct buf b;
    gc_err_clear(&e);
    buf_init(&b, PAGE_MAX);
    if (!read_form(w, rq, &f, rs))
        return;
    const char *cid = conversation_field(&f);
    const char *id = form_value(&f, "message_id");
    const char *useful = form_value(&f, "useful");
    const char *comment = form_value(&f, "comment");
    const char *token = form_value(&f, "feedback_token");
    char *end = NULL;
    long long mid = id ? strtoll(id, &end, 10) : 0;
    int status = 400;
    const char *msg = NULL, *err = NULL;
    if (!id || !*id || *end || mid <= 0 || !useful || (strcmp(useful, "0") && strcmp(useful, "1"))) {
        err = "Votre avis n’a pas pu être lu : utilisez les boutons Oui ou Non sous une réponse.";
    } else if (!api_feedback_token_ok(w->api, mid, token)) {
        err = "Votre avis n’a pas pu être enregistré : utilisez les boutons Oui ou Non sous "
              "votre réponse, sur cette page.";
        status = 403;
    } else if (comment && utf8_count(comment, strlen(comment)) > GC_FEEDBACK_COMMENT_MAX) {
        err = "Le commentaire est trop long (" COMMENT_MAX_FR " caractères au plus).";
        status = 413;
    } else {
        enum gc_rc rc = messages_feedback(api_messages(w->api), mid, !strcmp(useful, "1"),
                                          comment, &e);
        if (rc == GC_OK) {
            status = 200;
            msg = comment && *comment ? "Merci, votre commentaire a bien été enregistré."
                                      : "Merci pour votre avis, il a bien été enregistré.";
        } else if (rc == GC_ERR_NOTFOUND) {
            status = 404;
            err = "Cette réponse n’existe plus : votre avis n’a pas été enregistré.";
        } else {
            status = 503;
            err = "Votre avis n’a pas pu être enregistré : réessayez dans un instant.";
        }
    }
    if (status != 200) {
        render_home(w, &b, NULL, NULL, cid, NULL, err, NULL);
        page_send(&b, status, rs);
        form_free(&f);
        return;
    }
    page_start(w, &b, "Merci pour votre avis", true, NAV_NONE);
    ADD(&b, "<h1>Merci pour votre avis</h1>\n<p class=\"notice\" role=\"status\">");
    ESC(&b, msg);
    ADD(&b, "</p>\n");
    if (!comment || !*comment) {
        buf_printf(&b, "<form class=\"comment\" method=\"post\" action=\"/retour\">\n"
                       "<input type=\"hidden\" name=\"message_id\" value=\"%lld\">\n"
                       "<input type=\"hidden\" name=\"useful\" value=\"%s\">\n",
                   mid, !strcmp(useful, "1") ? "1" : "0");
        ADD(&b, "<input type=\"hidden\" name=\"feedback_token\" value=\"");
        ESC(&b, token);
        ADD(&b, "\">\n");
        ADD(&b, "<input type=\"hidden\" name=\"conversation_id\" value=\"");
        ESC(&b, cid);
        buf_printf(&b, "\">\n<label for=\"comment\">Un commentaire ? (facultatif)</label>\n"
                       "<p id=\"comment-aide\" class=\"hint\">Ce qui manquait ou était faux dans "
                       "la réponse. %d caractères au plus ; pas de données personnelles.</p>\n"
                       "<textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"%d\" "
                       "aria-describedby=\"comment-aide\"></textarea>\n"
                       "<button type=\"submit\">Envoyer le commentaire</button>\n</form>\n",
                   GC_FEEDBACK_COMMENT_MAX, GC_FEEDBACK_COMMENT_MAX);
    }
    ADD(&b, "<h2>Une autre question ?</h2>\n");
    ask_form(&b, cid, NULL, NULL);
    page_end(w, &b);
    page_send(&b, 200, rs);
    form_free(&f);
}

/* ----------------------------------------------------------- transparence */

static void fr_count(struct buf *b, size_t n, const char *one, const char *many)
{
    /* French thousands separator: a narrow no-break space (U+202F). */
    char digits[32];
    snprintf(digits, sizeof digits, "%zu", n);
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        buf_addc(b, digits[i]);
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            ADD(b, "\xe2\x80\xaf");
    }
    buf_printf(b, " %s", n > 1 ? many : one);
}

void web_handle_transparence(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct web *w = ctx;
    struct buf b;
    char date[48];
    (void)rq;
    buf_init(&b, PAGE_MAX);
    /* The content served now, held while the page is written (a reload
     * may swap it meanwhile). */
    const struct generation *held = pipeline_hold(api_pipeline(w->api));
    const struct pipeline_stats *st = pipeline_stats(held);
    page_start(w, &b, "Transparence", false, NAV_TRANSPARENCE);
    ADD(&b, "<h1>Transparence : comment fonctionne l’assistant de ");
    ESC(&b, w->town);
    ADD(&b, "</h1>\n<p class=\"lead\">Cette page est produite par l’assistant lui-même, à partir "
            "de sa configuration et des contenus qu’il utilise en ce moment.</p>\n");

    ADD(&b, "<h2>Ce qu’est l’assistant, et ce qu’il n’est pas</h2>\n<ul>\n"
            "<li>C’est un <strong>programme automatique</strong> (un système d’intelligence "
            "artificielle au sens du règlement européen sur l’IA), pas un agent de la mairie.</li>\n"
            "<li>Il répond <strong>uniquement à partir des pages validées</strong> par les services "
            "de ");
    ESC(&b, w->town);
    ADD(&b, ", et cite la page utilisée avec sa date de validation.</li>\n"
            "<li>Quand il ne trouve pas de réponse sûre, il le dit et vous oriente vers ");
    ESC(&b, w->contact);
    ADD(&b, ".</li>\n<li>Il ne traite pas votre dossier, ne prend pas de rendez-vous, ne donne pas "
            "d’avis juridique ou médical et ne prend aucune décision vous concernant.</li>\n"
            "<li>Il peut se tromper : la page citée fait foi.</li>\n</ul>\n");

    ADD(&b, "<h2>Les contenus utilisés</h2>\n<p>");
    fr_count(&b, st->pages, "page validée", "pages validées");
    ADD(&b, " (");
    fr_count(&b, st->passages, "passage", "passages");
    ADD(&b, ")");
    if (html_date_fr(st->last_validated, date, sizeof date)) {
        ADD(&b, " ; dernière validation le ");
        ADD(&b, date);
    }
    ADD(&b, ". Les brouillons ne sont jamais utilisés.</p>\n");
    if (st->nservices) {
        /* A region that scrolls on its own (narrow screens) must take the
         * keyboard's focus to be scrolled without a mouse (WCAG 2.1.1). */
        ADD(&b, "<div class=\"table\" role=\"region\" tabindex=\"0\" "
                "aria-labelledby=\"pages-par-service\"><table>\n"
                "<caption id=\"pages-par-service\">Pages validées par service</caption>\n"
                "<thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Pages</th>"
                "<th scope=\"col\">Dernière validation</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < st->nservices; i++) {
            const struct pipeline_service *s = &st->services[i];
            ADD(&b, "<tr><th scope=\"row\">");
            ESC(&b, *s->name ? s->name : "Sans service indiqué");
            buf_printf(&b, "</th><td>%zu</td><td>", s->pages);
            ADD(&b, html_date_fr(s->last_validated, date, sizeof date) ? date : "—");
            ADD(&b, "</td></tr>\n");
        }
        ADD(&b, "</tbody>\n</table></div>\n");
    }

    ADD(&b, "<h2>Comment les réponses sont produites</h2>\n");
    const char *llm_url = config_get(w->cfg, "llm-url");
    const char *model = config_get(w->cfg, "llm-model");
    bool backends = config_backend_name(w->cfg, 0) != NULL;
    if (!*llm_url && !backends) {
        ADD(&b, "<p><strong>Aucun modèle de langage n’est utilisé.</strong> L’assistant "
                "recherche les passages des pages validées qui correspondent à votre question et "
                "en recopie une à trois phrases, telles qu’elles sont écrites (mode "
                "« extractif »). Il n’invente pas de texte.</p>\n");
    } else {
        ADD(&b, "<p>Un <strong>modèle de langage</strong> rédige la réponse à partir des passages "
                "des pages validées trouvés pour votre question, et seulement d’eux ; la réponse "
                "cite ses sources.</p>\n<ul>\n");
        if (*llm_url) {
            ADD(&b, "<li>Modèle : ");
            ESC(&b, *model ? model : "non précisé");
            ADD(&b, " ; température : ");
            ESC(&b, config_get(w->cfg, "llm-temperature"));
            ADD(&b, " ; longueur maximale : ");
            ESC(&b, config_get(w->cfg, "llm-max-tokens"));
            ADD(&b, " jetons.</li>\n");
        }
        for (int i = 0; config_backend_name(w->cfg, i); i++) {
            const char *name = config_backend_name(w->cfg, i);
            const char *m = config_backend_get(w->cfg, name, "model");
            const char *t = config_backend_get(w->cfg, name, "temperature");
            ADD(&b, "<li>Serveur « ");
            ESC(&b, name);
            ADD(&b, " » : modèle ");
            ESC(&b, m ? m : "non précisé");
            if (t) {
                ADD(&b, ", température ");
                ESC(&b, t);
            }
            ADD(&b, ".</li>\n");
        }
        ADD(&b, "<li>Si le modèle ne répond pas à temps, l’assistant répond en mode extractif "
                "(phrases recopiées des pages).</li>\n</ul>\n");
    }
    char conf[32];
    snprintf(conf, sizeof conf, "%.2f", config_double(w->cfg, "min-confidence"));
    for (char *c = conf; *c; c++)
        if (*c == '.')
            *c = ',';   /* French decimal comma */
    ADD(&b, "<p>Seuil de confiance : ");
    ADD(&b, conf);
    ADD(&b, " sur 1. En dessous, l’assistant ne répond pas et vous indique qui contacter.</p>\n");

    long days = api_messages(w->api) ? messages_retention_days(api_messages(w->api))
                                     : config_int(w->cfg, "retention-days");
    ADD(&b, "<h2>Ce qui est conservé, et combien de temps</h2>\n<ul>\n"
            "<li>Pour améliorer ses pages, la commune conserve chaque échange : la question "
            "(numéros de téléphone, adresses électroniques et longs numéros masqués avant "
            "l’enregistrement), la réponse, les pages citées, la date, le canal (site, widget, SMS) "
            "et votre avis si vous en donnez un.</li>\n");
    buf_printf(&b, "<li>Ces données sont <strong>effacées automatiquement après %ld jour%s"
                   "</strong>.</li>\n", days, days > 1 ? "s" : "");
    ADD(&b, "<li>Une conversation est reliée par un identifiant tiré au hasard, transmis par la "
            "page elle-même : <strong>aucun cookie</strong>, aucun traceur, aucun compte.</li>\n"
            "<li>Votre adresse IP n’est pas enregistrée avec les échanges ; les journaux "
            "techniques n’en gardent que le réseau (les derniers chiffres effacés) et jamais le "
            "texte des questions.</li>\n"
            "<li>Les questions restent sur le serveur de la commune");
    if (*llm_url || backends)
        ADD(&b, " et le serveur de modèle configuré par elle");
    ADD(&b, " ; elles ne sont ni vendues ni transmises à des tiers.</li>\n</ul>\n");

    ADD(&b, "<h2>Contact</h2>\n<p>Pour une question sur l’assistant ou sur vos données, ou pour "
            "signaler une erreur, contactez ");
    ESC(&b, w->contact);
    ADD(&b, ".</p>\n");
    pipeline_release(held);
    page_end(w, &b);
    page_send(&b, 200, rs);
}

/* ------------------------------------------------------------ error pages */

void web_error_page(void *ctx, int status, unsigned retry, struct http_response *rs)
{
    struct web *w = ctx;
    struct buf b;
    char msg[320];
    const char *title = "Erreur";
    buf_init(&b, PAGE_MAX);
    switch (status) {
    case 404:
        title = "Page introuvable";
        snprintf(msg, sizeof msg, "Cette page n’existe pas.");
        break;
    case 429:
        title = "Merci de patienter";
        snprintf(msg, sizeof msg, "Vous avez posé beaucoup de questions en peu de temps. Merci de "
                 "patienter %u seconde%s avant de poser la suivante.", retry, retry > 1 ? "s" : "");
        break;
    case 413:
    case 431:
        title = "Envoi trop long";
        snprintf(msg, sizeof msg, "Ce que vous avez envoyé est trop long. Raccourcissez votre "
                 "question (%d caractères au plus) ou votre commentaire (" COMMENT_MAX_FR
                 " caractères).", GC_QUESTION_MAX_CHARS);
        break;
    case 503:
        title = "Service momentanément indisponible";
        snprintf(msg, sizeof msg, "Le service n’a pas pu enregistrer votre question. Merci de "
                 "réessayer dans quelques secondes.");
        break;
    default:
        snprintf(msg, sizeof msg, "Cette demande n’a pas pu être traitée (erreur %d).", status);
        break;
    }
    page_start(w, &b, title, false, NAV_NONE);
    ADD(&b, "<h1>");
    ESC(&b, title);
    ADD(&b, "</h1>\n<p class=\"error\" role=\"alert\">");
    ESC(&b, msg);
    ADD(&b, "</p>\n<p><a href=\"/\">Revenir à l’assistant</a></p>\n");
    page_end(w, &b);
    page_send(&b, status, rs);
}

enum gc_rc web_routes(struct web *w, struct http_server *s)
{
    const unsigned form = HTTP_ROUTE_HTML | HTTP_ROUTE_FORM | HTTP_ROUTE_LIMITED;
    enum gc_rc rc = http_server_route(s, "GET", "/", HTTP_ROUTE_HTML, web_handle_home, w);
    if (!rc)
        rc = http_server_route(s, "POST", "/", form, web_handle_ask, w);
    if (!rc)
        rc = http_server_route(s, "POST", "/demander", form, web_handle_ask, w);
    if (!rc)
        rc = http_server_route(s, "POST", "/retour", form, web_handle_feedback, w);
    if (!rc)
        rc = http_server_route(s, "GET", "/transparence", HTTP_ROUTE_HTML,
                               web_handle_transparence, w);
    if (rc)
        return rc;
    http_server_error_page(s, web_error_page, w);
    return GC_OK;
}
