/* test_newpage.c — a new page written in the back office (admin/newpage.h):
 * its address from a URL, a slug or the title; the page built as a file
 * would hold it (errors for each field, comments that residents never
 * read); then the form at /admin/new by hand-built requests (admin_handle
 * answers in the caller's thread): an editor creates a draft, a duplicate
 * address is 409, a missing title 400, another service 403, a text over
 * 256 KiB 413, each with the form shown again; four eyes; an import does
 * not overwrite it; a page started from a group of the questions loop
 * (the group is marked, its wordings become the page's questions once it
 * is validated); and the import's warnings on the back office's previews
 * and on the page's view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/accounts.h"
#include "admin/admin.h"
#include "admin/newpage.h"
#include "admin/questions.h"
#include "cli/cli.h"
#include "store/altq.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "store/facilities.h"
#include "store/pages.h"
#include "store/users.h"
#include "admin_testutil.h"
#include "testutil.h"

#define LOW 0.45

/* ------------------------------------------------------------ pure parts */

static void test_url(void **state)
{
    (void)state;
    char out[2100];
    const char *err = NULL;
    assert_true(newpage_url("https://www.villebrune.example/culture/x", "T", "https://g.example",
                            out, sizeof out, &err));
    assert_string_equal(out, "https://www.villebrune.example/culture/x");
    assert_true(newpage_url("  Permis de louer ", "T", "https://g.example/", out, sizeof out, &err));
    assert_string_equal(out, "https://g.example/permis-de-louer");
    assert_true(newpage_url("", "Médiathèque : l'été à la plage !", "", out, sizeof out, &err));
    assert_string_equal(out, "/mediatheque-l-ete-a-la-plage");
    assert_true(newpage_url("/Démarches//Carte Grise/", "T", "https://g.example", out, sizeof out,
                            &err));
    assert_string_equal(out, "https://g.example/demarches/carte-grise");
    assert_false(newpage_url("!!! ?", "T", "", out, sizeof out, &err));
    assert_non_null(strstr(err, "aucun mot"));
    assert_false(newpage_url("", "", "", out, sizeof out, &err));
    assert_false(newpage_url("https://a.example/x y", "T", "", out, sizeof out, &err));
    assert_false(newpage_url("https://a.example/x\n", "T", "", out, sizeof out, &err) &&
                 strchr(out, '\n'));
    char *long_url = malloc(3001);
    for (int i = 0; i < 3000; i++)
        long_url[i] = "ab "[i % 3];
    long_url[3000] = '\0';
    assert_false(newpage_url(long_url, "T", "", out, sizeof out, &err));
    assert_non_null(strstr(err, "trop longue"));
    free(long_url);
}

static void test_build(void **state)
{
    (void)state;
    struct gc_err e = {0};
    struct page_rec p;
    struct buf text, body;
    buf_init(&text, 300 * 1024);
    buf_init(&body, 300 * 1024);
    struct user ed = {.role = ROLE_EDITOR, .nservices = 1};
    snprintf(ed.login, sizeof ed.login, "ed");
    snprintf(ed.services[0], sizeof ed.services[0], "Culture");
    /* a group's wordings as comments: residents never read them */
    struct qgroup g = {.id = "0123456789ab", .nexamples = 2,
                       .examples = {"grainothèque ?", "où \"échanger\" des graines"}};
    newpage_outline(&g, &body);
    struct newpage np = {.title = "\"Grainothèque\"", .service = "Culture", .body = buf_str(&body),
                         .questions = "grainothèque ?\n\n  où échanger des graines  \n",
                         .tags = "graines, jardin", .review_by = "2027-01-31"};
    assert_int_equal(newpage_build(&np, &ed, "", "ed", &text, &p, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "ne dit encore rien"));
    buf_adds(&body, "La médiathèque a une grainothèque.\n");
    np.body = buf_str(&body);
    assert_int_equal(newpage_build(&np, &ed, "https://g.example", "ed", &text, &p, &e), GC_OK);
    assert_string_equal(p.title, "\"Grainothèque\"");   /* quotes kept */
    assert_string_equal(p.url, "https://g.example/grainotheque");
    assert_string_equal(p.ext_id, p.url);
    assert_string_equal(p.status, "draft");
    assert_string_equal(p.origin, "admin");
    assert_string_equal(p.author, "ed");
    assert_string_equal(p.tags, "graines, jardin");
    assert_string_equal(p.review_by, "2027-01-31");
    assert_string_equal(p.questions, "grainothèque ?\noù échanger des graines");
    assert_int_equal(p.npassages, 1);
    assert_null(strstr(p.passages[0].text, "Questions des habitants"));
    assert_null(strstr(p.passages[0].text, "échanger"));
    page_rec_free(&p);
    /* each field's error (says: a word of the message, or NULL) */
    static const struct {
        size_t field;   /* offsetof a const char * of struct newpage */
        const char *value;
        enum gc_rc rc;
        const char *says;
    } errs[] = {
        {offsetof(struct newpage, title), "  ", GC_ERR_INVALID, "titre"},
        {offsetof(struct newpage, title), "deux\nlignes", GC_ERR_INVALID, NULL},
        {offsetof(struct newpage, service), "Sports", GC_ERR_DENIED, "Sports"},
        {offsetof(struct newpage, service), "", GC_ERR_INVALID, NULL},
        {offsetof(struct newpage, review_by), "31/01/2027", GC_ERR_INVALID, "AAAA-MM-JJ"},
        {offsetof(struct newpage, questions), "une question\x01", GC_ERR_INVALID, NULL},
        /* the import's own refusal */
        {offsetof(struct newpage, body), "Appelez le {{telephone}}.", GC_ERR_INVALID,
         "unknown placeholder"},
    };
    struct newpage bad;
    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        bad = np;
        memcpy((char *)&bad + errs[i].field, &errs[i].value, sizeof errs[i].value);
        if (newpage_build(&bad, &ed, "", "ed", &text, &p, &e) != errs[i].rc)
            fail_msg("\"%s\": not refused with %d", errs[i].value, errs[i].rc);
        if (errs[i].says && !strstr(e.msg, errs[i].says))
            fail_msg("\"%s\": no \"%s\" in \"%s\"", errs[i].value, errs[i].says, e.msg);
    }
    /* another service's page: refused to an editor, made by the CLI */
    bad = np;
    bad.service = "Sports";
    assert_int_equal(newpage_build(&bad, NULL, "", "cli:x", &text, &p, &e), GC_OK);
    page_rec_free(&p);
    char *huge = malloc(GC_ADMIN_PAGE_BODY_MAX + 2);
    memset(huge, 'a', GC_ADMIN_PAGE_BODY_MAX + 1);
    huge[GC_ADMIN_PAGE_BODY_MAX + 1] = '\0';
    bad = np;
    bad.body = huge;
    assert_int_equal(newpage_build(&bad, &ed, "", "ed", &text, &p, &e), GC_ERR_TOOBIG);
    free(huge);
    buf_free(&text);
    buf_free(&body);
}

/* ------------------------------------------------------- the back office */

static void put_page(struct db *db, const char *url, const char *title, const char *service,
                     const char *text)
{
    struct gc_err e = {0};
    struct passage_rec ps[1] = {{"", (char *)text}};
    struct page_rec p = {
        .ext_id = (char *)url, .title = (char *)title, .url = (char *)url,
        .service = (char *)service, .status = "validated", .validated_by = "Claire",
        .validated_on = "2026-09-14", .body = (char *)text, .source = "t.md",
        .origin = "/srv/town/t.md", .passages = ps, .npassages = 1,
    };
    enum store_put res;
    assert_int_equal(db_begin(db, &e), GC_OK);
    if (store_page_put(db, &p, &res, &e))
        fail_msg("store_page_put: %s", e.msg);
    assert_int_equal(db_commit(db, &e), GC_OK);
}

/* The town hall, whose phone number a page should say with {{phone:mairie}}. */
static void put_facility(struct db *db)
{
    struct gc_err e = {0};
    struct facility_rec f = {
        .ext_id = "mairie", .name = "Hôtel de ville", .address = "1 place de la République",
        .phone = "02 38 00 10 00", .email = "accueil@villebrune.example",
        .url = "https://www.villebrune.example/mairie", .service = "Accueil",
        .opening_hours = "", .status = "validated", .validated_by = "Claire",
        .validated_on = "2026-09-14", .source = "facilities.json", .article = "l'",
    };
    enum store_put res;
    assert_int_equal(db_begin(db, &e), GC_OK);
    if (store_facility_put(db, &f, &res, &e))
        fail_msg("store_facility_put: %s", e.msg);
    assert_int_equal(db_commit(db, &e), GC_OK);
}

static void exchange(struct db *db, int id, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(db_prepare(db, "INSERT INTO x.replies(id, shared, answer, sources) "
                                    "VALUES (?1, 0, 'non', '[]')", &st, NULL), GC_OK);
    sqlite3_bind_int(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(db_prepare(db, "INSERT INTO x.messages(id, conversation_id, created_at, "
                                    "channel, question, reply_id, confidence, refused, "
                                    "refusal_reason) VALUES (?1, 'c' || ?1, "
                                    "'2026-09-01T10:00:00Z', 'web', ?2, ?1, 0.1, 1, "
                                    "'low_confidence')", &st, NULL), GC_OK);
    sqlite3_bind_int(st, 1, id);
    sqlite3_bind_text(st, 2, q, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static int setup(void **state)
{
    struct admin_fx *f = admin_fx_new("newpage");
    struct gc_err e = {0};
    if (!f)
        return -1;
    config_set(f->cfg, "public-url", "https://guichet.villebrune.example", NULL);
    put_page(f->db, "https://www.villebrune.example/culture/mediatheque", "Médiathèque", "Culture",
             "La médiathèque prête des livres.");
    put_facility(f->db);
    add_user(f->db, "ed", ROLE_EDITOR, "Culture", "ed redige pour la culture");
    add_user(f->db, "vera", ROLE_VALIDATOR, NULL, "vera valide les pages");
    if (admin_open(&f->a, f->cfg, f->xpath, &e))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    admin_fx_free(*state);
    return 0;
}

static struct resp req(struct admin_fx *f, const char *method, const char *path, const char *query,
                       const char *body, const char *cookie)
{
    return admin_req(f->a, method, path, query, body, cookie, NULL);
}

/* Sign in: the cookie (65 bytes) and the CSRF token (65 bytes). */
static void login(struct admin_fx *f, const char *user, const char *password, char *cookie, char *csrf)
{
    admin_login(f->a, NULL, user, password, cookie);
    struct resp r = req(f, "GET", "/admin/", NULL, NULL, cookie);
    csrf_of(r.body, csrf);
    resp_free(&r);
}

/* POST /admin/new with the fields given (already form-encoded) after the token. */
static struct resp post_new(struct admin_fx *f, const char *cookie, const char *csrf, const char *fields)
{
    size_t n = strlen(fields) + 128;
    char *body = malloc(n);
    snprintf(body, n, "csrf=%s&%s", csrf, fields);
    struct resp r = req(f, "POST", "/admin/new", NULL, body, cookie);
    free(body);
    return r;
}

#define GRAINES "https%3A%2F%2Fwww.villebrune.example%2Fculture%2Fgrainotheque"

static void test_create_page(void **state)
{
    struct admin_fx *f = *state;
    char ed[65], edcsrf[65], vera[65], vcsrf[65], body[512];
    login(f, "ed", "ed+redige+pour+la+culture", ed, edcsrf);
    /* the form: an editor's services only, the fields labelled */
    struct resp r = req(f, "GET", "/admin/new", NULL, NULL, ed);
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "<select id=\"service\" name=\"service\" required><option "
                                   "value=\"Culture\" selected>Culture</option></select>"));
    assert_non_null(strstr(r.body, "<label for=\"adresse\">"));
    resp_free(&r);
    r = req(f, "GET", "/admin/pages", NULL, NULL, ed);
    assert_non_null(strstr(r.body, "href=\"/admin/new\""));
    resp_free(&r);
    /* a preview saves nothing */
    r = post_new(f, ed, edcsrf, "titre=Grainoth%C3%A8que&adresse=" GRAINES "&service=Culture&"
                                "texte=On+y+%C3%A9change+des+graines.&action=apercu");
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "Aperçu"));
    assert_non_null(strstr(r.body, "On y échange des graines."));
    resp_free(&r);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages"), 1);
    /* saved as a draft: the back office's, written by ed */
    r = post_new(f, ed, edcsrf, "titre=Grainoth%C3%A8que&adresse=" GRAINES "&service=Culture&"
                                "etiquettes=graines&relire=2027-03-01&texte=On+y+%C3%A9change+des+"
                                "graines.&questions=&action=brouillon");   /* the form's 9 fields */
    assert_int_equal(r.rs.status, 303);
    assert_string_equal(r.rs.location, "/admin/page?id=" GRAINES "&fait=creee");
    resp_free(&r);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages p JOIN page_versions v ON "
                                      "v.id = p.latest_version WHERE p.origin = 'admin' AND "
                                      "v.status = 'draft' AND v.author = 'ed' AND v.service = "
                                      "'Culture' AND v.review_by = '2027-03-01' AND p.ext_id = "
                                      "'https://www.villebrune.example/culture/grainotheque'"), 1);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM audit WHERE who = 'ed' AND action = "
                                      "'page.create' AND detail = 'draft, 0 warnings'"), 1);
    r = req(f, "GET", "/admin/page", "id=" GRAINES "&fait=creee", NULL, ed);
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "La page est créée"));
    resp_free(&r);
    /* the same address again: 409, said, the form shown again with what was typed */
    r = post_new(f, ed, edcsrf, "titre=Autre+titre&adresse=" GRAINES "&service=Culture&"
                                "texte=Autre+texte.&action=brouillon");
    assert_int_equal(r.rs.status, 409);
    assert_non_null(strstr(r.body, "est déjà celle d’une autre page"));
    assert_non_null(strstr(r.body, "value=\"Autre titre\""));
    assert_non_null(strstr(r.body, "role=\"alert\""));
    resp_free(&r);
    r = post_new(f, ed, edcsrf, "titre=M%C3%A9diath%C3%A8que&adresse=https%3A%2F%2Fwww.villebrune."
                                "example%2Fculture%2Fmediatheque&service=Culture&texte=x&"
                                "action=brouillon");
    assert_int_equal(r.rs.status, 409);   /* a page imported from a file, too */
    resp_free(&r);
    /* no title, no text: 400; another service: 403; over 256 KiB: 413 */
    r = post_new(f, ed, edcsrf, "titre=&service=Culture&texte=Du+texte.&action=brouillon");
    assert_int_equal(r.rs.status, 400);
    assert_non_null(strstr(r.body, "Le titre et le texte sont demandés."));
    assert_non_null(strstr(r.body, "Du texte."));
    resp_free(&r);
    r = post_new(f, ed, edcsrf, "titre=Un+titre&service=Culture&texte=&action=brouillon");
    assert_int_equal(r.rs.status, 400);
    resp_free(&r);
    r = post_new(f, ed, edcsrf, "titre=Stade&service=Sports&texte=Le+stade.&action=brouillon");
    assert_int_equal(r.rs.status, 403);
    assert_non_null(strstr(r.body, "Vous ne rédigez pas pour le service « Sports »"));
    resp_free(&r);
    size_t big = GC_ADMIN_PAGE_BODY_MAX + 10;
    char *fields = malloc(big + 100);
    int k = snprintf(fields, big + 100, "titre=Gros&service=Culture&action=brouillon&texte=");
    memset(fields + k, 'a', big);
    fields[k + big] = '\0';
    r = post_new(f, ed, edcsrf, fields);
    free(fields);
    assert_int_equal(r.rs.status, 413);
    assert_non_null(strstr(r.body, "dépasse 256 Kio"));
    resp_free(&r);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages"), 2);

    /* four eyes: ed submits, cannot validate; vera validates */
    snprintf(body, sizeof body, "csrf=%s&id=%s", edcsrf, GRAINES);
    r = req(f, "POST", "/admin/page/submit", NULL, body, ed);
    assert_int_equal(r.rs.status, 303);
    resp_free(&r);
    r = req(f, "POST", "/admin/page/validate", NULL, body, ed);
    assert_int_equal(r.rs.status, 403);
    resp_free(&r);
    login(f, "vera", "vera+valide+les+pages", vera, vcsrf);
    snprintf(body, sizeof body, "csrf=%s&id=%s", vcsrf, GRAINES);
    r = req(f, "POST", "/admin/page/validate", NULL, body, vera);
    assert_int_equal(r.rs.status, 303);
    resp_free(&r);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages p JOIN page_versions v ON "
                                      "v.id = p.published_version WHERE p.ext_id LIKE "
                                      "'%grainotheque' AND v.validated_by = 'vera'"), 1);
    /* a file at the same address: the import does not overwrite the page */
    struct gc_err e = {0};
    struct passage_rec ps[1] = {{"", "Un autre texte."}};
    struct page_rec file = {
        .ext_id = "https://www.villebrune.example/culture/grainotheque", .title = "Fichier",
        .url = "https://www.villebrune.example/culture/grainotheque", .service = "Culture",
        .status = "draft", .body = "Un autre texte.", .source = "g.md",
        .origin = "/srv/town/g.md", .passages = ps, .npassages = 1,
    };
    enum store_put res;
    assert_int_equal(db_begin(f->db, &e), GC_OK);
    assert_int_equal(store_page_put(f->db, &file, &res, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "edited in the back office (by ed"));
    db_rollback(f->db);
    /* a slug goes under public-url; vera (no service: any) types a new service */
    r = post_new(f, vera, vcsrf, "titre=Jardins+partag%C3%A9s&adresse=&service=Espaces+verts&"
                                 "texte=Des+parcelles.&action=brouillon");
    assert_int_equal(r.rs.status, 303);
    assert_string_equal(r.rs.location, "/admin/page?id=https%3A%2F%2Fguichet.villebrune.example"
                                       "%2Fjardins-partages&fait=creee");
    resp_free(&r);
}

/* The import's warnings (a phone number that is a facility's, written by
 * hand) on the back office's previews and on the page's view.  Before,
 * a save in the back office skipped them. */
static void test_warnings(void **state)
{
    struct admin_fx *f = *state;
    char ed[65], csrf[65], body[512];
    login(f, "ed", "ed+redige+pour+la+culture", ed, csrf);
    /* the editor of an existing page */
    snprintf(body, sizeof body, "csrf=%s&id=https%%3A%%2F%%2Fwww.villebrune.example%%2Fculture%%2F"
                                "mediatheque&titre=M%%C3%%A9diath%%C3%%A8que&texte=Appelez+le+02+"
                                "38+00+10+00.&action=apercu", csrf);
    struct resp r = req(f, "POST", "/admin/edit", NULL, body, ed);
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "Avertissements"));
    assert_non_null(strstr(r.body, "Ligne 1 du texte"));
    assert_non_null(strstr(r.body, "02 38 00 10 00 is written by hand"));
    assert_non_null(strstr(r.body, "{{phone:mairie}}"));
    resp_free(&r);
    /* not blocking: saved, the audit counts them, the page's view lists them */
    snprintf(body + strlen(body) - strlen("apercu"), 16, "brouillon");
    r = req(f, "POST", "/admin/edit", NULL, body, ed);
    assert_int_equal(r.rs.status, 303);
    resp_free(&r);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM audit WHERE action = 'page.draft' AND "
                                      "detail = 'new version, 1 warning'"), 1);
    r = req(f, "GET", "/admin/page", "id=https%3A%2F%2Fwww.villebrune.example%2Fculture%2F"
                                     "mediatheque", NULL, ed);
    assert_non_null(strstr(r.body, "02 38 00 10 00 is written by hand"));
    resp_free(&r);
    /* a new page's preview, a placeholder of a facility that does not exist */
    r = post_new(f, ed, csrf, "titre=Contact&service=Culture&texte=Ligne+un.%0A%0AAppelez+le+"
                              "%7B%7Bphone%3Agymnase%7D%7D.&action=apercu");
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "Ligne 3 du texte"));
    assert_non_null(strstr(r.body, "no facility &#39;gymnase&#39;"));
    resp_free(&r);
    /* a text without any: no section */
    r = post_new(f, ed, csrf, "titre=Contact&service=Culture&texte=Appelez+le+"
                              "%7B%7Bphone%3Amairie%7D%7D.&action=apercu");
    assert_int_equal(r.rs.status, 200);
    assert_null(strstr(r.body, "Avertissements"));
    resp_free(&r);
}

/* The questions served for the page at .../graines, counted. */
static int on_q(void *ctx, const char *ext, const char *question)
{
    (void)question;
    if (strstr(ext, "/graines"))
        ++*(int *)ctx;
    return 0;
}

/* A page started from a group of the questions loop. */
static void test_from_group(void **state)
{
    struct admin_fx *f = *state;
    struct gc_err e = {0};
    char ed[65], csrf[65], vera[65], vcsrf[65], body[512];
    exchange(f->db, 1, "Où échanger des graines de tomates ?");
    exchange(f->db, 2, "où echanger des graines de tomate");
    struct qloop_filter filt = {.reason = -1, .low_conf = LOW};
    struct qloop q;
    assert_int_equal(qloop_load(f->db, &filt, &q, &e), GC_OK);
    assert_int_equal(q.n, 1);
    char id[QGROUP_ID_HEX + 1];
    memcpy(id, q.g[0].id, sizeof id);
    qloop_free(&q);
    login(f, "ed", "ed+redige+pour+la+culture", ed, csrf);
    struct resp r = req(f, "GET", "/admin/questions", NULL, NULL, ed);
    snprintf(body, sizeof body, "href=\"/admin/new?groupe=%s\"", id);
    assert_non_null(strstr(r.body, body));
    resp_free(&r);
    /* the form, filled from the group */
    snprintf(body, sizeof body, "groupe=%s", id);
    r = req(f, "GET", "/admin/new", body, NULL, ed);
    assert_int_equal(r.rs.status, 200);
    assert_non_null(strstr(r.body, "value=\"où echanger des graines de tomate\""));   /* the newest */
    assert_non_null(strstr(r.body, "[//]: # &quot;Où échanger des graines de tomates ?&quot;"));
    assert_non_null(strstr(r.body, "name=\"groupe\" value=\""));
    resp_free(&r);
    r = req(f, "GET", "/admin/new", "groupe=000000000000", NULL, ed);
    assert_int_equal(r.rs.status, 404);
    resp_free(&r);
    /* nothing is marked until the draft is saved */
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM question_marks"), 0);
    char fields[1024];
    snprintf(fields, sizeof fields, "groupe=%s&titre=%%C3%%89changer+des+graines&adresse=graines&"
             "etiquettes=&relire=&service=Culture&questions=O%%C3%%B9+%%C3%%A9changer+des+graines+de+tomates+%%3F%%0A"
             "o%%C3%%B9+echanger+des+graines+de+tomate&texte=%%5B%%2F%%2F%%5D%%3A+%%23+%%22q%%22%%0A"
             "%%0ALa+grainoth%%C3%%A8que+de+la+m%%C3%%A9diath%%C3%%A8que.&action=brouillon", id);
    r = post_new(f, ed, csrf, fields);
    assert_int_equal(r.rs.status, 303);
    resp_free(&r);
    snprintf(body, sizeof body, "SELECT count(*) FROM question_marks m JOIN pages p ON p.id = "
             "m.page_id WHERE m.group_id = '%s' AND m.action = 'linked' AND p.ext_id = "
             "'https://guichet.villebrune.example/graines'", id);
    assert_int_equal(query_int(f->db, body), 1);
    snprintf(body, sizeof body, "SELECT count(*) FROM audit WHERE who = 'ed' AND action = "
             "'question.draft' AND object = '%s'", id);
    assert_int_equal(query_int(f->db, body), 1);
    assert_int_equal(qloop_load(f->db, &filt, &q, &e), GC_OK);
    assert_int_equal(q.n, 0);   /* handled: it leaves the list */
    qloop_free(&q);
    /* its wordings are the page's questions once a validator validates it */
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM page_questions q JOIN pages p ON "
                                      "p.id = q.page_id WHERE p.ext_id LIKE '%/graines'"), 2);
    login(f, "vera", "vera+valide+les+pages", vera, vcsrf);
    snprintf(body, sizeof body, "csrf=%s&id=https%%3A%%2F%%2Fguichet.villebrune.example%%2F"
                                "graines", vcsrf);
    r = req(f, "POST", "/admin/page/validate", NULL, body, vera);
    assert_int_equal(r.rs.status, 303);
    resp_free(&r);
    int n = 0;
    assert_int_equal(altq_load_published(f->db, on_q, &n, &e), GC_OK);
    assert_int_equal(n, 2);
}

/* guichet questions draft: the same page from the command line. */
static void test_cli_draft(void **state)
{
    struct admin_fx *f = *state;
    struct gc_err e = {0};
    exchange(f->db, 1, "Où échanger des graines de tomates ?");
    struct qloop_filter filt = {.reason = -1, .low_conf = LOW};
    struct qloop q;
    assert_int_equal(qloop_load(f->db, &filt, &q, &e), GC_OK);
    assert_int_equal(q.n, 1);
    char id[QGROUP_ID_HEX + 1], body[300];
    memcpy(id, q.g[0].id, sizeof id);
    qloop_free(&q);
    assert_int_equal(tmp_file_with(body, sizeof body, "draft", "La grainothèque.\n"), 0);
    char *usage[] = {"questions", "draft", "--db", f->path, "--body", body, id, NULL};
    assert_int_equal(cmd_questions(7, usage), 2);   /* no --service */
    char *other[] = {"questions", "link", "--db", f->path, "--service", "Culture", id, "/x", NULL};
    assert_int_equal(cmd_questions(8, other), 2);   /* --service goes with draft */
    char *argv[] = {"questions", "draft", "--db", f->path, "--service", "Culture", "--body", body,
                    "--url", "graines", id, NULL};
    assert_int_equal(cmd_questions(11, argv), 0);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM pages p JOIN page_versions v ON v.id = "
                                      "p.latest_version WHERE p.ext_id = '/graines' AND p.origin = "
                                      "'admin' AND v.status = 'draft' AND v.author LIKE 'cli:%' AND "
                                      "v.title = 'Où échanger des graines de tomates ?'"), 1);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM question_marks WHERE action = 'linked'"),
                     1);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM audit WHERE action = 'question.draft' "
                                      "AND who LIKE 'cli:%'"), 1);
    assert_int_equal(cmd_questions(11, argv), 1);   /* the address is taken now */
    unlink(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_build),
        cmocka_unit_test_setup_teardown(test_create_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_from_group, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_draft, setup, teardown),
    };
    return cmocka_run_group_tests_name("newpage", tests, NULL, NULL);
}
