/* test_web.c — channels/web handlers as plain functions: the page, the form
 * without JavaScript (escaping, follow-ups, errors), feedback, /transparence,
 * error pages.  A temporary database holds two pages, one with HTML in its
 * title and a javascript: URL (which must never become a link). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/pipeline.h"
#include "channels/api.h"
#include "channels/fbtoken.h"
#include "channels/web.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "store/messages.h"
#include "store/pages.h"
#include "testutil.h"

static const unsigned char fbkey[32] = {42, 7, 1};   /* the feedback token key */

static struct {
    char path[256];
    char xpath[300];
    struct config *cfg;
    struct pipeline *p;
    struct messages *m;
    struct api *api;
    struct web *w;
} fx;

static void put_page(struct db *db, const char *id, const char *title, const char *url,
                     const char *service, const char *text)
{
    struct gc_err e = {0};
    struct passage_rec ps[1] = {{"", (char *)text}};
    struct page_rec p = {
        .ext_id = (char *)id, .title = (char *)title, .url = (char *)url,
        .service = (char *)service, .status = "validated", .validated_by = "Claire Martin",
        .validated_on = "2026-09-14", .body = (char *)text, .source = "test",
        .passages = ps, .npassages = 1,
    };
    enum store_put res;
    if (store_page_put(db, &p, &res, &e))
        fail_msg("%s", e.msg);
}

static int setup(void **state)
{
    struct gc_err e = {0};
    struct db *db = NULL;
    (void)state;
    if (tmp_file(fx.path, sizeof fx.path, "web") || db_open(&db, fx.path, DB_READWRITE, &e) ||
        db_begin(db, &e))
        return -1;
    put_page(db, "/piscine", "Piscine <b>municipale</b> & \"bains\"",
             "https://www.villebrune.example/sport/piscine", "Sports",
             "La piscine municipale est ouverte du lundi au vendredi de 12 h à 14 h. "
             "Le samedi, la piscine ouvre de 9 h à 18 h.");
    put_page(db, "/encombrants", "Collecte des encombrants", "javascript:alert(1)", "Propreté",
             "Les encombrants sont collectés le premier mardi du mois, sur rendez-vous.");
    if (db_commit(db, &e))
        return -1;
    db_close(db);
    fx.cfg = config_new();
    config_set(fx.cfg, "db", fx.path, NULL);
    config_set(fx.cfg, "town-name", "Ville<br>brune", NULL);
    config_set(fx.cfg, "contact", "l'accueil <i>de la mairie</i>", NULL);
    if (exchanges_path_of(fx.path, fx.xpath, sizeof fx.xpath) ||
        pipeline_open(&fx.p, fx.cfg, &e) || messages_open(&fx.m, fx.xpath, 30, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    fx.api = api_new(fx.p);
    api_set_messages(fx.api, fx.m);
    api_set_feedback_key(fx.api, fbkey);
    fx.w = web_new(fx.api, fx.cfg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    web_free(fx.w);
    web_free(NULL);
    api_free(fx.api);
    messages_close(fx.m);
    pipeline_close(fx.p);
    config_free(fx.cfg);
    tmp_db_remove(fx.path);
    tmp_db_remove(fx.xpath);
    return 0;
}

/* Call a handler; the body is returned as a string the caller frees. */
static char *call(void (*fn)(void *, const struct http_request *, struct http_response *),
                  const char *method, const char *path, const char *body, int *status)
{
    struct http_request rq = {.method = method, .path = path,
                              .content_type = "application/x-www-form-urlencoded",
                              .body = body ? body : "", .body_len = body ? strlen(body) : 0,
                              .query = ""};
    struct http_response rs;
    memset(&rs, 0, sizeof rs);
    fn(fx.w, &rq, &rs);
    *status = rs.status;
    assert_non_null(rs.content_type);
    assert_string_equal(rs.content_type, "text/html; charset=utf-8");
    char *s = strndup(rs.body, rs.body_len);
    if (rs.body_owned)
        free((void *)rs.body);
    return s;
}

/* What every page must be: French, no inline script or style (CSP), the
 * town's name escaped. */
static void common_checks(const char *html)
{
    assert_non_null(strstr(html, "<html lang=\"fr\">"));
    assert_null(strstr(html, "style="));
    assert_null(strstr(html, "<style"));
    for (const char *p = html; (p = strstr(p, "<script")); p++)
        assert_true(!strncmp(p, "<script src=\"/app.js\" defer></script>", 37));
    assert_null(strstr(html, "Ville<br>brune"));
    assert_non_null(strstr(html, "Ville&lt;br&gt;brune"));
    assert_null(strstr(html, "<i>de la mairie</i>"));
    assert_non_null(strstr(html, "class=\"skip\" href=\"#contenu\""));
}

/* The value of the hidden conversation_id field of the question form. */
static void hidden_cid(const char *html, char *out, size_t n)
{
    static const char field[] = "id=\"conversation_id\" name=\"conversation_id\" value=\"";
    const char *p = strstr(html, field);
    assert_non_null(p);
    p += sizeof field - 1;
    size_t k = 0;
    while (p[k] && p[k] != '"' && k + 1 < n) {
        out[k] = p[k];
        k++;
    }
    out[k] = '\0';
}

static void test_home(void **state)
{
    (void)state;
    int st;
    char *h = call(web_handle_home, "GET", "/", NULL, &st);
    assert_int_equal(st, 200);
    common_checks(h);
    assert_non_null(strstr(h, "assistant automatique"));
    assert_non_null(strstr(h, "href=\"/transparence\""));
    assert_non_null(strstr(h, "aria-live=\"polite\""));
    assert_non_null(strstr(h, "<label for=\"question\">"));
    assert_non_null(strstr(h, "method=\"post\" action=\"/\""));
    assert_non_null(strstr(h, "aria-current=\"page\">Poser une question"));
    free(h);
}

static void test_form_answer_escaped(void **state)
{
    (void)state;
    int st;
    char *h = call(web_handle_ask, "POST", "/",
                   "question=%3Cscript%3Ealert(1)%3C%2Fscript%3E+horaires+de+la+piscine+%26+%22x%22",
                   &st);
    assert_int_equal(st, 200);
    common_checks(h);
    assert_non_null(strstr(h, "<p>&lt;script&gt;alert(1)&lt;/script&gt; horaires de la piscine "
                              "&amp; &quot;x&quot;</p>"));
    assert_non_null(strstr(h, "contacter l&#39;accueil &lt;i&gt;de la mairie&lt;/i&gt;."));
    free(h);
    h = call(web_handle_ask, "POST", "/", "question=%3Cb%3Episcine%3C%2Fb%3E+samedi", &st);
    assert_int_equal(st, 200);
    assert_non_null(strstr(h, "<p>&lt;b&gt;piscine&lt;/b&gt; samedi</p>"));
    assert_non_null(strstr(h, "<a href=\"https://www.villebrune.example/sport/piscine\">"
                              "Piscine &lt;b&gt;municipale&lt;/b&gt; &amp; &quot;bains&quot;</a>, "
                              "validée le 14 septembre 2026 par Claire Martin."));
    assert_non_null(strstr(h, "name=\"message_id\" value=\""));
    char cid[80];
    hidden_cid(h, cid, sizeof cid);
    assert_int_equal(strlen(cid), 32);
    free(h);

    /* The follow-up keeps the conversation through the hidden field. */
    char body[160];
    snprintf(body, sizeof body, "question=et+le+samedi+%%3F&conversation_id=%s", cid);
    h = call(web_handle_ask, "POST", "/", body, &st);
    assert_int_equal(st, 200);
    char cid2[80];
    hidden_cid(h, cid2, sizeof cid2);
    assert_string_equal(cid, cid2);
    assert_non_null(strstr(h, "samedi, la piscine ouvre"));
    free(h);

    /* A javascript: URL is never a link. */
    h = call(web_handle_ask, "POST", "/", "question=collecte+des+encombrants", &st);
    assert_int_equal(st, 200);
    assert_null(strstr(h, "javascript:"));
    assert_non_null(strstr(h, "Source : Collecte des encombrants, validée le"));
    free(h);

    /* A made-up conversation id with odd characters is dropped, not echoed. */
    h = call(web_handle_ask, "POST", "/", "question=piscine&conversation_id=%22%3E%3Cx", &st);
    assert_int_equal(st, 200);
    assert_null(strstr(h, "\"><x"));
    free(h);
}

static void test_form_errors(void **state)
{
    (void)state;
    int st;
    char *h = call(web_handle_ask, "POST", "/", "question=+++", &st);
    assert_int_equal(st, 400);
    assert_non_null(strstr(h, "La question est vide"));
    assert_non_null(strstr(h, "aria-invalid=\"true\""));
    assert_non_null(strstr(h, "aria-describedby=\"question-erreur question-aide\""));
    free(h);
    h = call(web_handle_ask, "POST", "/", "", &st);
    assert_int_equal(st, 400);
    free(h);
    h = call(web_handle_ask, "POST", "/", "question=%ZZ", &st);
    assert_int_equal(st, 400);
    assert_non_null(strstr(h, "illisible"));
    free(h);
    size_t n = (GC_QUESTION_MAX_CHARS + 1) * 6 + 16;
    char *big = malloc(n);
    size_t k = (size_t)snprintf(big, n, "question=");
    for (int i = 0; i <= GC_QUESTION_MAX_CHARS; i++)
        k += (size_t)snprintf(big + k, n - k, "%%C3%%A9");   /* é */
    h = call(web_handle_ask, "POST", "/", big, &st);
    assert_int_equal(st, 413);
    assert_non_null(strstr(h, "trop longue"));
    free(h);
    free(big);
}

static void test_feedback_form(void **state)
{
    (void)state;
    int st;
    char *h = call(web_handle_ask, "POST", "/", "question=horaires+de+la+piscine", &st);
    const char *p = strstr(h, "name=\"message_id\" value=\"");
    assert_non_null(p);
    long long id = strtoll(p + strlen("name=\"message_id\" value=\""), NULL, 10);
    assert_true(id > 0);
    /* The token in its hidden field, the one the key gives for this id. */
    char tok[GC_FEEDBACK_TOKEN_LEN + 1], field[96];
    fbtoken_make(fbkey, id, tok);
    snprintf(field, sizeof field, "name=\"feedback_token\" value=\"%s\"", tok);
    assert_non_null(strstr(h, field));
    free(h);
    char body[200];
    /* Without the token, or with another id's: refused (another site's form). */
    snprintf(body, sizeof body, "message_id=%lld&useful=0", id);
    h = call(web_handle_feedback, "POST", "/retour", body, &st);
    assert_int_equal(st, 403);
    free(h);
    char other[GC_FEEDBACK_TOKEN_LEN + 1];
    fbtoken_make(fbkey, id + 1, other);
    snprintf(body, sizeof body, "message_id=%lld&useful=0&feedback_token=%s", id, other);
    h = call(web_handle_feedback, "POST", "/retour", body, &st);
    assert_int_equal(st, 403);
    free(h);
    snprintf(body, sizeof body, "message_id=%lld&useful=0&conversation_id=abc&feedback_token=%s",
             id, tok);
    h = call(web_handle_feedback, "POST", "/retour", body, &st);
    assert_int_equal(st, 200);
    common_checks(h);
    assert_non_null(strstr(h, "Merci pour votre avis"));
    assert_non_null(strstr(h, "<textarea id=\"comment\" name=\"comment\""));
    assert_non_null(strstr(h, "name=\"useful\" value=\"0\""));
    assert_non_null(strstr(h, field));   /* the comment form carries it on */
    free(h);
    snprintf(body, sizeof body, "message_id=%lld&useful=0&comment=Il+manque+%%3Cb%%3E"
             "&feedback_token=%s", id, tok);
    h = call(web_handle_feedback, "POST", "/retour", body, &st);
    assert_int_equal(st, 200);
    assert_non_null(strstr(h, "commentaire a bien été enregistré"));
    assert_null(strstr(h, "<textarea id=\"comment\""));
    free(h);
    static const char *const bad[] = {
        "useful=1", "message_id=abc&useful=1", "message_id=12x&useful=1", "message_id=5&useful=2",
        "message_id=-1&useful=1", "message_id=5",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        h = call(web_handle_feedback, "POST", "/retour", bad[i], &st);
        if (st != 400)
            fail_msg("feedback \"%s\" -> %d", bad[i], st);
        free(h);
    }
    fbtoken_make(fbkey, 99999999, tok);
    snprintf(body, sizeof body, "message_id=99999999&useful=1&feedback_token=%s", tok);
    h = call(web_handle_feedback, "POST", "/retour", body, &st);
    assert_int_equal(st, 404);
    free(h);
}

static void test_transparence(void **state)
{
    (void)state;
    int st;
    char *h = call(web_handle_transparence, "GET", "/transparence", NULL, &st);
    assert_int_equal(st, 200);
    common_checks(h);
    assert_non_null(strstr(h, "2 pages validées"));
    assert_non_null(strstr(h, "dernière validation le 14 septembre 2026"));
    assert_non_null(strstr(h, "<th scope=\"row\">Propreté</th><td>1</td><td>14 septembre 2026</td>"));
    assert_non_null(strstr(h, "Aucun modèle de langage"));
    assert_non_null(strstr(h, "après 30 jours"));
    assert_non_null(strstr(h, "Seuil de confiance : 0,30"));
    assert_non_null(strstr(h, "aria-current=\"page\">Transparence"));
    free(h);
    /* With a model server configured, the model and its settings are told. */
    config_set(fx.cfg, "llm-url", "http://127.0.0.1:9/v1", NULL);
    config_set(fx.cfg, "llm-model", "mistral-<7b>", NULL);
    config_set(fx.cfg, "llm-temperature", "0.2", NULL);
    h = call(web_handle_transparence, "GET", "/transparence", NULL, &st);
    assert_non_null(strstr(h, "Modèle : mistral-&lt;7b&gt; ; température : 0.2"));
    assert_null(strstr(h, "127.0.0.1"));   /* the server's address stays private */
    free(h);
    config_set(fx.cfg, "llm-url", "", NULL);
}

static void test_error_pages(void **state)
{
    (void)state;
    struct http_response rs;
    memset(&rs, 0, sizeof rs);
    web_error_page(fx.w, 429, 12, &rs);
    assert_int_equal(rs.status, 429);
    char *h = strndup(rs.body, rs.body_len);
    common_checks(h);
    assert_non_null(strstr(h, "Merci de patienter 12 secondes avant de poser la suivante."));
    assert_non_null(strstr(h, "role=\"alert\""));
    free(h);
    free((void *)rs.body);
    memset(&rs, 0, sizeof rs);
    web_error_page(fx.w, 404, 0, &rs);
    assert_int_equal(rs.status, 404);
    assert_non_null(strstr(rs.body, "Page introuvable"));
    free((void *)rs.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_home),
        cmocka_unit_test(test_form_answer_escaped),
        cmocka_unit_test(test_form_errors),
        cmocka_unit_test(test_feedback_form),
        cmocka_unit_test(test_transparence),
        cmocka_unit_test(test_error_pages),
    };
    return cmocka_run_group_tests_name("web", tests, setup, teardown);
}
